// MatchIds (searchWalk.ts), session 5 of issue 11: trigram phrases are read ascending and reversed,
// `uncounted` reads or counts only up to smallMax + 1, a walk that runs FTS dry makes the total exact,
// and the density comes from the largest sample counted or read. Every answer must equal plain SQL over
// the FTS match set (the ids, highest first, and the count), on a real SQLite file; the list pages built
// on it must follow creates, updates and deletes in the same session.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestApp, type TestApp } from '../../helpers/testApp';
import { customerSearchFields } from '../../../main/services/customers/searchFields';
import { writeSearchRows } from '../../../main/services/customers/searchIndex';
import { matchSetSql, parseSearchQuery } from '../../../main/services/customers/searchQuery';
import { MatchIds } from '../../../main/services/customers/searchWalk';
import { toCustomer, toListRows, CUSTOMER_COLUMNS, type CustomerRow } from '../../../main/services/customers/rows';
import { LIST_LIMITS } from '../../../main/services/customers/list';
import { makeWorld, type CustomersWorld } from './fixture';

let t: TestApp;
const N = 2000;

beforeAll(async () => {
  t = await makeTestApp();
  await t.setupAdmin();
  const db = t.app.context.db;
  const ins = db.prepare("INSERT INTO customers (id, name, kind, mobile, email, created_at, updated_at) VALUES (?, ?, 'person', ?, ?, ?, ?)");
  db.tx(() => {
    for (let i = 1; i <= N; i++) {
      // "张" and "zhang" in every 9th customer below 1,700 but in every one above: the newest ids are far
      // denser in them than the rest (density must not be taken from the newest few)
      const name = i > 1700 || i % 9 === 0 ? `张${'伟芳强静'[i % 4]}` : `${'王李赵刘'[i % 4]}${'伟芳强静'[i % 3]}`;
      const mobile = `138${String(i * 7919).padStart(8, '0')}`;
      // the lowest ids are dense in "qq.cn" (a phrase that looks common from its lowest matches but is not)
      const email = i <= 60 ? `lo${i}@qq.cn` : i % 5 === 0 ? `u${i}@qq.com` : null;
      const at = new Date(Date.UTC(2025, 0, 1) + i * 60_000).toISOString();
      ins.run(i, name, mobile, email, at, at);
      writeSearchRows(db, i, customerSearchFields({ name, kind: 'person', mobile, email }), false);
    }
  });
});
afterAll(() => t.close());

/** all match ids, highest first, straight from the FTS match set */
function allIds(query: string): number[] {
  const set = matchSetSql(parseSearchQuery(query)!);
  return (t.app.context.db.prepare(`SELECT id FROM (${set.sql}) ORDER BY id DESC`).all(...set.params) as { id: number }[]).map((r) => r.id);
}

const QUERIES = ['qq.cn', '张', 'zhang', 'zhangwei', '@qq.com', 'qq.com', '7919', '张伟', '张 qq', 'zw', '张san', '王芳', 'nomatchxyz'];

describe('MatchIds', () => {
  it('answers the same ids, highest first, and the same count as plain SQL, whatever the caps', () => {
    const db = t.app.context.db;
    for (const q of QUERIES) {
      const all = allIds(q);
      // smallMax: a trigram phrase reads ids up to it and only counts past it (then reads the rest when
      // the count stays within cap)
      for (const [cap, head, smallMax] of [[10_000, 256], [50, 10], [300, 40, 3], [300, 40, 60], [all.length, 5, 2], [Math.max(1, all.length - 1), 5, 2], [10_000, 4, 20], [100, 4, 10], [50, 4, 10]]) {
        const m = MatchIds.load(db, parseSearchQuery(q)!, cap, head, smallMax === undefined ? {} : { smallMax });
        const label = `${q} cap ${cap} head ${head} smallMax ${smallMax}`;
        expect(m.total, label).toBe(Math.min(all.length, cap + 1));
        expect(m.complete, label).toBe(all.length <= cap);
        expect(m.prefix(all.length), label).toEqual(all.slice(0, Math.min(all.length, m.total)));
        expect(m.below(all[3] ?? 1, 7), label).toEqual(all.filter((id) => id < (all[3] ?? 1)).slice(0, 7));
      }
    }
  });

  it('uncounted: exact up to smallMax matches, "more than cap" above, and exact again once a walk runs FTS dry', () => {
    const db = t.app.context.db;
    for (const q of QUERIES) {
      const all = allIds(q);
      for (const smallMax of [0, 20, 150, 5000]) {
        const m = MatchIds.load(db, parseSearchQuery(q)!, 10_000, 10, { uncounted: true, smallMax });
        const label = `${q} smallMax ${smallMax}`;
        const known = all.length <= Math.max(10, smallMax);
        expect(m.complete, label).toBe(known);
        expect(m.total, label).toBe(known ? all.length : 10_001);
        // the ids are still every match, highest first, however far a walk goes
        const walked: number[] = [];
        let bound = Number.MAX_SAFE_INTEGER;
        for (;;) {
          const got = m.below(bound, 64);
          walked.push(...got);
          if (got.length < 64) break;
          bound = got[got.length - 1];
        }
        expect(walked, label).toEqual(all);
        // FTS ran out below the ids held: the count is exact now
        expect(m.complete, label).toBe(true);
        expect(m.total, label).toBe(all.length);
      }
    }
  });

  it('takes the density from the largest sample, not from the newest ids alone', () => {
    const db = t.app.context.db;
    const maxId = N;
    for (const q of ['张', 'zhang']) {
      const all = allIds(q);
      // 300 of the highest ids are all matches (density 1 up there); over the highest `cap` matches it is far lower
      const cap = 400;
      const m = MatchIds.load(db, parseSearchQuery(q)!, cap, 256);
      expect(m.ids.slice(0, 256).every((id, i) => id === maxId - i), q).toBe(true);
      expect(all.length, q).toBeGreaterThan(cap);
      // grams: the highest cap + 1 (counted); trigram: the lowest cap + 1 (read ascending), from id 1
      const want = q === 'zhang' ? (cap + 1) / all[all.length - (cap + 1)] : (cap + 1) / (maxId - all[cap] + 1);
      expect(m.density(maxId), q).toBeCloseTo(want, 6);
      expect(m.density(maxId), q).toBeLessThan(0.6);
    }
  });
});

describe('list rows (toListRows built field by field)', () => {
  it('equal toCustomer without notes, custom only when it has values', () => {
    const db = t.app.context.db;
    db.prepare(`UPDATE customers SET custom = '{"f1":"x"}' WHERE id = 3`).run();
    db.prepare(`UPDATE customers SET custom = '{}' WHERE id = 4`).run();
    const page = db.prepare(`SELECT ${CUSTOMER_COLUMNS} FROM customers c LEFT JOIN users u ON u.id = c.owner_id WHERE c.id <= 6 ORDER BY c.id`).all() as CustomerRow[];
    db.prepare("INSERT INTO customer_tags (customer_id, tag) VALUES (3, 'VIP'), (3, 'A'), (5, 'B')").run();
    const old = page.map((r) => {
      const tags = (db.prepare('SELECT tag FROM customer_tags WHERE customer_id = ? ORDER BY tag').all(r.id) as { tag: string }[]).map((x) => x.tag);
      const { custom, ...rest } = toCustomer(r, tags);
      const { notes: _notes, ...row } = rest;
      return Object.keys(custom).length ? { ...row, custom } : row;
    });
    const rows = toListRows(db, page);
    expect(rows).toEqual(old);
    expect(rows.map((r) => Object.keys(r))).toEqual(old.map((r) => Object.keys(r)));
    expect('custom' in rows[2]).toBe(true);
    expect('custom' in rows[3]).toBe(false);
  });
});

describe('search pages on these paths follow writes in the same session', () => {
  let w: CustomersWorld;
  const DEFAULTS = { ...LIST_LIMITS };
  beforeAll(async () => {
    w = await makeWorld();
  });
  afterAll(async () => {
    Object.assign(LIST_LIMITS, DEFAULTS);
    await w.t.close();
  });

  it('a trigram phrase (read ascending) and a rep first page (uncounted) see a create, an update and a delete', async () => {
    const ids = (r: { rows: { id: number }[] }) => r.rows.map((x) => x.id);
    const list = (who: string, query: string) => w.t.ok(who, 'customers:list', { query, limit: 50 }) as Promise<{ rows: { id: number }[]; total: number | null; totalCapped?: boolean }>;
    // small budgets so a handful of customers reach the uncounted and the "more than smallMax" paths
    Object.assign(LIST_LIMITS, { countCap: 12, countBudget: 4, walkMin: 6, materializeMax: 5 });
    const made: number[] = [];
    for (let i = 0; i < 9; i++) made.push((await w.t.ok('repA', 'customers:create', { name: `欧阳锋${i}`, kind: 'person', mobile: `1390000${String(i).padStart(4, '0')}` })).id);
    for (const who of ['admin', 'repA']) {
      const r = await list(who, 'ouyangfeng');
      expect(ids(r), who).toEqual([...made].reverse());
      expect(r.total, who).toBe(9);
    }
    // create one more: it leads both lists
    const extra = (await w.t.ok('repA', 'customers:create', { name: '欧阳锋X', kind: 'person' })).id;
    expect(ids(await list('repA', 'ouyangfeng'))[0]).toBe(extra);
    expect(ids(await list('admin', '欧阳锋'))[0]).toBe(extra);
    // rename one: it leaves the results
    const c = await w.t.ok('repA', 'customers:get', { id: made[4] });
    await w.t.ok('repA', 'customers:update', { id: made[4], version: c.customer.version, patch: { name: '黄药师' } });
    for (const who of ['admin', 'repA']) {
      const r = await list(who, 'ouyangfeng');
      expect(ids(r), who).not.toContain(made[4]);
      expect(ids(r).length, who).toBe(9);
      expect(r.total, who).toBe(9);
      expect(ids(await list(who, 'huangyaoshi')), who).toEqual([made[4]]);
    }
    // delete two: they leave the results too
    await w.t.ok('admin', 'customers:delete', { ids: [made[0], extra] });
    for (const who of ['admin', 'repA']) {
      const r = await list(who, 'ouyangfeng');
      expect(ids(r), who).toEqual([...made].reverse().filter((id) => id !== made[4] && id !== made[0]));
      expect(r.total, who).toBe(7);
    }
  });
});
