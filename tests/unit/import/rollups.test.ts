// The commit drops the customers AFTER INSERT triggers inside each chunk's transaction and applies their
// rollups and counts set-based per chunk (rollups.ts). The report and count tables must end up exactly as
// the per-row triggers leave them — with created rows, rows updated under the 'update' policy (triggers
// live for those), a row the database refuses (chunk written again row by row), and after undo.
import path from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import type { TestApp } from '../../helpers/testApp';
import { adminApp, tempDir, writeXlsx } from './helpers';
import { commitImport, type CommitTask } from '../../../main/services/import/commit';
import { IMPORT_LIMITS } from '../../../main/services/import/limits';
import { canSetAsideInsertTriggers, InsertTriggersAside } from '../../../main/services/import/rollups';

const TABLES = ['rpt_customers_daily', 'rpt_customers_monthly', 'rpt_attr_customers_daily', 'customer_owner_counts', 'customer_option_counts'];

let apps: TestApp[] = [];
beforeEach(async () => {
  apps = [await adminApp(), await adminApp()];
});
afterEach(() => Promise.all(apps.map((t) => t.close())));

function rows(): unknown[][] {
  const out: unknown[][] = [['客户名称', '手机号', '省份', '行业', '来源', '级别']];
  const provinces = ['浙江', '广东', '', '上海'];
  for (let i = 0; i < 23; i++) out.push([`汇总客户${i}`, `139${String(i).padStart(8, '0')}`, provinces[i % 4], ['贸易', 'IT', ''][i % 3], ['展会', '转介绍'][i % 2], ['A', 'B', 'C', ''][i % 4]]);
  out.push(['拒绝公司', '13700000000', '江苏', '制造', '展会', 'A']); // refused by the test trigger
  out.push(['已有客户改名', '13800000011', '四川', '餐饮', '官网', 'B']); // an existing customer: updated
  return out;
}

function task(t: TestApp, file: string, batchId: string): CommitTask {
  return {
    op: 'commit',
    file,
    sheet: '客户',
    headerRow: 1,
    mapping: ['name', 'mobile', 'province', 'industry', 'source', 'level'].map((field, column) => ({ column, field })) as CommitTask['mapping'],
    unmapped: 'ignore',
    dbFile: t.app.context.dbFile,
    actor: { id: 1, displayName: '王老板', scope: 'all' },
    locale: 'zh-CN',
    now: '2026-01-05T20:00:00.000Z', // 2026-01-06 in the report time zone (+8)
    batchId,
    fileName: 'rollups.xlsx',
    onDuplicate: 'update',
    allOrNothing: false,
  };
}

const triggers = (t: TestApp) => t.app.context.db.prepare("SELECT name, sql FROM sqlite_schema WHERE type = 'trigger' ORDER BY name").all();
const dump = (t: TestApp) =>
  Object.fromEntries(TABLES.map((name) => [name, t.app.context.db.prepare(`SELECT * FROM ${name} ORDER BY 1, 2`).all().sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1))]));

it('set-based rollups of an import equal what the per-row triggers write, also after undo', async () => {
  const file = writeXlsx(path.join(tempDir(), 'rollups.xlsx'), rows());
  const results = [];
  for (const [k, t] of apps.entries()) {
    const db = t.app.context.db;
    expect(canSetAsideInsertTriggers(db)).toBe(true);
    await t.ok('admin', 'customers:create', { name: '已有客户', mobile: '13800000011', source: '展会', level: 'C' });
    db.raw.exec("CREATE TRIGGER test_refuse BEFORE INSERT ON customers WHEN NEW.name = '拒绝公司' BEGIN SELECT RAISE(ABORT, 'refused by test'); END");
    const before = dump(t);
    const schema = triggers(t);
    const limits = { ...IMPORT_LIMITS, chunkRows: 5, maxChunkRows: 10, setBasedRollups: k === 0 } as unknown as typeof IMPORT_LIMITS;
    const r = commitImport(db, task(t, file, `rollup-batch-${k}`), {}, limits);
    expect(r).toMatchObject({ created: 23, updated: 1, failed: 1 });
    expect(db.prepare('SELECT count(*) AS n FROM rpt_suspend').get()).toEqual({ n: 0 }); // never left behind
    // every trigger is back, byte for byte (also after the refused chunk's rollback and its row-by-row rerun)
    expect(triggers(t)).toEqual(schema);
    const after = dump(t);
    expect(after).not.toEqual(before);
    await t.ok('admin', 'import:undo', { batchId: r.batchId });
    results.push({ after, undone: dump(t), before });
  }
  const [setBased, perRow] = results;
  expect(setBased.before).toEqual(perRow.before);
  expect(setBased.after).toEqual(perRow.after);
  expect(setBased.undone).toEqual(perRow.undone);
  // the import counted its 23 new customers (+ the updated one moves between values); undo takes them out again
  const total = (d: Record<string, unknown[]>) => (d.rpt_customers_daily as { n: number }[]).reduce((a, x) => a + x.n, 0);
  expect(total(setBased.after)).toBe(total(setBased.before) + 23);
  expect(total(setBased.undone)).toBe(total(setBased.before));
});

it('applies ids that are not consecutive (given as a list) like the triggers', () => {
  const [a, b] = apps.map((t) => t.app.context.db);
  const insert = (db: typeof a, name: string, province: string) =>
    Number(db.prepare("INSERT INTO customers (name, province, status, created_at, updated_at) VALUES (?, ?, 'potential', '2026-02-01T01:00:00Z', '2026-02-01T01:00:00Z')").run(name, province).lastInsertRowid);
  const s = new InsertTriggersAside(a, true);
  a.tx(() => {
    s.off();
    const ids = [insert(a, '一', '浙江'), insert(a, '二', '广东'), insert(a, '三', '浙江')];
    s.applyCreated([ids[0], ids[2]]);
    s.applyCreated([ids[1]]);
    s.on();
  });
  b.tx(() => ['一', '二', '三'].forEach((n, i) => insert(b, n, i === 1 ? '广东' : '浙江')));
  expect(dump(apps[0])).toEqual(dump(apps[1]));
});

it('keeps the per-row triggers when customers has an AFTER INSERT trigger it does not mirror', async () => {
  const [t] = apps;
  const db = t.app.context.db;
  db.raw.exec('CREATE TABLE test_seen (id INTEGER)');
  db.raw.exec('CREATE TRIGGER test_after AFTER INSERT ON customers BEGIN INSERT INTO test_seen VALUES (NEW.id); END');
  expect(canSetAsideInsertTriggers(db)).toBe(false);
  const file = writeXlsx(path.join(tempDir(), 'extra.xlsx'), rows().slice(0, 6));
  const r = commitImport(db, { ...task(t, file, 'extra-trigger'), onDuplicate: 'skip' }, {}, IMPORT_LIMITS);
  expect(r.created).toBe(5);
  expect(db.prepare('SELECT count(*) AS n FROM test_seen').get()).toEqual({ n: 5 }); // it fired for every row
});

it('a rolled-back chunk leaves the triggers in place, and they count the next customer', async () => {
  const [t] = apps;
  const db = t.app.context.db;
  const schema = triggers(t);
  const s = new InsertTriggersAside(db, true);
  expect(() =>
    db.tx(() => {
      s.off();
      expect(db.prepare("SELECT count(*) AS n FROM sqlite_schema WHERE name = 'customers_counts_ins'").get()).toEqual({ n: 0 });
      throw new Error('chunk refused');
    }),
  ).toThrow('chunk refused');
  s.reset();
  expect(triggers(t)).toEqual(schema);
  const owners = () => (db.prepare('SELECT coalesce(sum(n), 0) AS n FROM customer_owner_counts').get() as { n: number }).n;
  const n0 = owners();
  await t.ok('admin', 'customers:create', { name: '之后新建' });
  expect(owners()).toBe(n0 + 1);
});
