// The commit's helper thread (searchFeed.ts) computes the rows' search fields on the other core; the
// writer uses them only when they come from the same staged content, and computes anything missing
// itself — so what is written is the same with or without the helper. Also: with main's checkpoint
// worker running, the import's connection leaves checkpoints to it while it writes.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { TestApp } from '../../helpers/testApp';
import { useImportApp, writeXlsx } from './helpers';
import { loadRows } from '../../../main/services/import/rowSource';
import { stagedFileFor } from '../../../main/services/import/staged';
import { searchFieldsOfRow, startSearchFeed } from '../../../main/services/import/searchFeed';
import { commitImport, type CommitTask } from '../../../main/services/import/commit';
import { IMPORT_LIMITS } from '../../../main/services/import/limits';
import { customerSearchFields } from '../../../main/services/customers/searchFields';
import { serializeChanges, verifyAuditChain } from '../../../main/services/audit/record';
import { createChanges } from '../../../main/services/import/createRow';

let t: TestApp;
let dir: string;
useImportApp((w) => ({ t, dir } = w));

const actor = { id: 1, displayName: '王老板', scope: 'all' as const };
const opts = { actor, locale: 'zh-CN' as const, today: '2026-01-05' };

/** n rows (one without a name: an error row), staged as a preview would, and read back as a commit does. */
function staged(n: number, name = (i: number) => (i === 7 ? '' : `${i % 2 ? '臺灣' : '杭州'}助手${i}號貿易有限公司`)) {
  const rows: unknown[][] = [['客户名称', '联系人', '手机号', '邮箱']];
  for (let i = 0; i < n; i++) rows.push([name(i), `張${'偉芳敏'[i % 3]}`, `139${String(i).padStart(8, '0')}`, `feed${i}@example.com`]);
  const file = writeXlsx(path.join(dir, 'feed.xlsx'), rows);
  const stage = stagedFileFor(t.app.context.dataDir, `feed-${n}`);
  const first = loadRows(t.app.context.db, { file, unmapped: 'ignore' }, { ...opts, stageTo: stage });
  const req = { file, sheet: first.sheet.sheet, headerRow: first.sheet.headerRow, mapping: first.sheet.mapping, unmapped: 'ignore' as const };
  const again = loadRows(t.app.context.db, req, { ...opts, stagedFrom: stage });
  expect(again.reused).toBe(true);
  return { file, stage, req, prepared: again };
}

describe('search feed', () => {
  it('delivers every row’s search fields from the helper thread, in order, equal to the writer’s own', () => {
    const { stage, prepared } = staged(120);
    const feed = startSearchFeed(stage, 1, { batch: 25, patienceMs: 60_000, firstMs: 60_000 });
    try {
      feed.expect(prepared.stageKey!, prepared.rows.length);
      for (let i = 0; i < prepared.rows.length; i++) expect(feed.get(i)).toEqual(searchFieldsOfRow(prepared.rows[i]));
      expect(feed.get(7)).toBeUndefined(); // the error row writes nothing
      expect(feed.audit(7)).toBeUndefined();
      expect(feed.audit(3)).toEqual(serializeChanges(createChanges(prepared.rows[3].values, 1)));
      expect(feed.received).toBe(120);
    } finally {
      feed.close();
    }
  });

  it('never misreads a value that contains its separators: such rows come without fields', () => {
    const { stage, prepared } = staged(40, (i) => (i === 5 ? '甲\u001f乙公司' : i === 25 ? '丙\u001e丁公司' : `分隔${i}公司`));
    const feed = startSearchFeed(stage, 1, { batch: 20, patienceMs: 60_000, firstMs: 60_000 });
    try {
      feed.expect(prepared.stageKey!, prepared.rows.length);
      let given = 0;
      for (let i = 0; i < prepared.rows.length; i++) {
        const f = feed.get(i);
        if (!f) continue;
        given++;
        expect(f).toEqual(searchFieldsOfRow(prepared.rows[i]));
        expect(feed.audit(i)).toEqual(serializeChanges(createChanges(prepared.rows[i].values, 1)));
      }
      // whatever the cleansing kept of those characters, every other row of the first batch came through
      expect(given).toBeGreaterThanOrEqual(19);
    } finally {
      feed.close();
    }
  });

  it('a writer that does not wait computes the rows the helper has not delivered; what it delivers is right', async () => {
    const { stage, prepared } = staged(1500);
    const feed = startSearchFeed(stage, 1, { batch: 50, firstMs: 0, patienceMs: 0 });
    try {
      feed.expect(prepared.stageKey!, prepared.rows.length);
      let fromHelper = 0;
      for (let i = 0; i < prepared.rows.length; i++) {
        // a slow writer (the helper gets ahead of it, skipping what the writer did itself)
        if (i % 100 === 0) await new Promise((r) => setTimeout(r, 100));
        const f = feed.get(i);
        if (!f) continue;
        fromHelper++;
        expect(f).toEqual(searchFieldsOfRow(prepared.rows[i]));
        expect(feed.audit(i)).toEqual(serializeChanges(createChanges(prepared.rows[i].values, 1)));
      }
      expect(fromHelper).toBeLessThanOrEqual(1499); // row 0 at least was the writer’s own (firstMs 0)
    } finally {
      feed.close();
    }
  });

  it('gives nothing for other content or a missing file (the writer computes the fields itself)', () => {
    const { stage, prepared } = staged(30);
    const other = startSearchFeed(stage, 1, { batch: 10 });
    other.expect('not the writer’s key', prepared.rows.length);
    expect(other.get(0)).toBeUndefined();
    expect(other.received).toBe(0);
    other.close();

    const missing = startSearchFeed(path.join(dir, 'gone.v8'), 1, { stallMs: 60_000 });
    missing.expect(prepared.stageKey!, prepared.rows.length);
    const t0 = performance.now();
    expect(missing.get(0)).toBeUndefined();
    expect(performance.now() - t0).toBeLessThan(30_000); // told by the helper, not by the stall timeout
    missing.close();
  });

  it('a commit fed by the helper writes the same search rows, and leaves checkpoints to main’s worker meanwhile', () => {
    const { file, stage, req, prepared } = staged(60);
    const feed = startSearchFeed(stage, 1, { batch: 16, patienceMs: 60_000, firstMs: 60_000 });
    feed.expect(prepared.stageKey!, prepared.rows.length);
    const task: CommitTask = {
      op: 'commit',
      ...req,
      file,
      dbFile: t.app.context.dbFile,
      actor,
      locale: 'zh-CN',
      now: '2026-01-05T08:00:00.000Z',
      batchId: 'feed-batch',
      fileName: 'feed.xlsx',
      onDuplicate: 'skip',
      allOrNothing: false,
      stagedFrom: stage,
      walCheckpointer: true,
    };
    const db = t.app.context.db;
    const autocheckpoint = () => db.raw.pragma('wal_autocheckpoint', { simple: true });
    const during: number[] = [];
    try {
      const res = commitImport(db, task, { onProgress: (p) => p.phase === 'write' && during.push(autocheckpoint() as number) }, IMPORT_LIMITS, { ...prepared, feed });
      expect(res.created).toBe(59);
      expect(res.failed).toBe(1);
      expect(feed.received).toBe(60);
    } finally {
      feed.close();
    }
    expect(during.length).toBeGreaterThan(0);
    expect(new Set(during)).toEqual(new Set([IMPORT_LIMITS.checkpointerWalPages]));
    expect(autocheckpoint()).toBe(1000);

    const rows = db.raw
      .prepare(
        `SELECT c.id, c.name, c.kind, c.company, c.contact_name AS contactName, c.mobile, c.phone, c.email, c.name_sort AS nameSort, c.name_key AS nameKey
           FROM customers c JOIN audit_log a ON a.entity_id = c.id AND a.batch_id = 'feed-batch' AND a.action = 'customer.create'`,
      )
      .all() as (Record<string, string | null> & { id: number })[];
    expect(rows).toHaveLength(59);
    // the search tables are contentless: each row is found by its full pinyin, names and a gram token
    const fts = db.raw.prepare('SELECT rowid FROM customer_fts WHERE customer_fts MATCH ?').pluck();
    const grams = db.raw.prepare('SELECT rowid FROM customer_grams WHERE customer_grams MATCH ?').pluck();
    const phrase = (col: string, v: string) => `${col}:"${v.replace(/"/g, '""')}"`;
    for (const r of rows) {
      const f = customerSearchFields({ name: r.name!, kind: r.kind as 'company', company: r.company, contactName: r.contactName, mobile: r.mobile, phone: r.phone, email: r.email });
      expect([r.nameSort, r.nameKey]).toEqual([f.nameSort, f.nameKey]);
      expect(fts.all(phrase('py', f.fts.py))).toContain(r.id);
      expect(fts.all(phrase('names', f.fts.names))).toContain(r.id);
      expect(fts.all(phrase('email', f.fts.email))).toContain(r.id);
      expect(grams.all(`"${f.grams.split(' ').at(-1)}"`)).toContain(r.id);
    }

    // the create entries' changes the helper serialized are the text the writer itself writes: the same
    // rows committed again without the helper (as new customers) log the same changes, and the chain holds
    const again = commitImport(db, { ...task, batchId: 'plain-batch', onDuplicate: 'create' }, {}, IMPORT_LIMITS, { ...prepared, keys: undefined, search: undefined, feed: undefined });
    expect(again.created).toBe(59);
    const changesOf = (batch: string) => db.raw.prepare("SELECT changes, changes_sha FROM audit_log WHERE batch_id = ? AND action = 'customer.create' ORDER BY id").all(batch);
    expect(changesOf('feed-batch')).toEqual(changesOf('plain-batch'));
    expect(verifyAuditChain(db).ok).toBe(true);
  });
});
