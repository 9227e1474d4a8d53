// A restore step (or a writer thread's chunk) brings its deals back with one UPDATE in ascending id order. The deal-name index (FTS5,
// migration 0017) starts a new segment whenever a row id is lower than the one before, so reviving each
// customer's deals in turn (deal ids not in customer order) wrote ~a segment per deal and FTS5 crisis-merged
// (16 segments a level) inside most steps: the restore's longest blocks at 1M (session 8). Each step must now
// add at most one segment to each deal-name table, and the restored deals are found by name again.
import { afterEach, expect, it } from 'vitest';
import { makeDealsApp, type DealsTestApp } from '../deals/dealsTestApp';
import { rollupDifferences } from '../../../main/services/reports/rollups';
import type { Db } from '../../../db/sql';
import { loadBinRefs } from '../../../main/services/recycleBin/purge';
import type { Item } from '../../../main/services/recycleBin/restore';
import { runBinChunks, type BinTask } from '../../../main/services/recycleBin/binTask';
import { newBatchId } from '../../../main/services/audit/record';

let t: DealsTestApp;
afterEach(() => t.close());

/** segments of an FTS5 index: its structure record (id 10) = cookie, optional V2 marker, varint levels, varint segments */
function segments(db: Db, table: string): number {
  const b = db.prepare(`SELECT block FROM ${table}_data WHERE id = 10`).pluck().get() as Buffer | undefined;
  if (!b) return 0;
  let i = 4;
  if (b[i] === 0xff && b[i + 1] === 0 && b[i + 2] === 0 && b[i + 3] === 1) i += 4;
  const varint = () => {
    let v = 0;
    for (;;) {
      const x = b[i++];
      v = v * 128 + (x & 0x7f);
      if (x < 0x80) return v;
    }
  };
  varint();
  return varint();
}

it('a restore step adds at most one segment to each deal-name index table (deals revived in id order)', async () => {
  t = await makeDealsApp();
  const db = t.app.context.db;
  const now = t.clock.now().toISOString();
  const customers = Array.from({ length: 300 }, (_, i) => t.addCustomer(`恢复客户${i}`));
  const deal = db.prepare(
    "INSERT INTO deals (name, customer_id, amount_fen, stage_id, probability, owner_id, status, created_at, updated_at) VALUES (?, ?, 100, ?, 10, ?, 'open', ?, ?)",
  );
  // two deals per customer, inserted in reverse customer order: deal ids do not follow the customers'
  for (let round = 0; round < 2; round++) for (let i = customers.length - 1; i >= 0; i--) deal.run(`恢复商机${i}-${round}`, customers[i], t.stage['需求确认'], t.ids.admin, now, now);
  await t.ok('admin', 'customers:delete', { ids: customers });
  expect((await t.ok('admin', 'deals:list', { query: '恢复商机', withTotal: true })).total).toBe(0);

  const tables = ['deal_name_tri', 'deal_name_grams'];
  const steps: { grew: number[]; merged: boolean[] }[] = [];
  // A restore of more than 200 items runs its chunks in a writer thread (binTask.ts); the chunks are run here on
  // main's connection, small (20–30 customers), so there are many of them
  const items = loadBinRefs(db, null, customers.map((id) => ({ entity: 'customer' as const, id })), () => new Error('not in the bin')) as Item[];
  const task: BinTask = {
    kind: 'restore',
    items,
    batchId: newBatchId(),
    user: t.app.context.sessions.get('admin')!.user,
    locale: 'zh-CN',
    who: { at: now, userId: t.ids.admin, userName: 'admin' },
    dbFile: t.app.context.dbFile,
    walCheckpointer: false,
    limits: { firstRows: 20, minRows: 20, maxRows: 30, budgetMs: 1 },
  };
  let before = tables.map((x) => segments(db, x));
  let restored = 0;
  await runBinChunks(db, task, async (c) => {
    restored += c.count;
    const after = tables.map((x) => segments(db, x));
    steps.push({ grew: after.map((a, k) => a - before[k]), merged: after.map((a, k) => a < before[k]) });
    before = after;
  });
  expect(restored).toBe(300);
  expect(steps.length).toBeGreaterThan(9);
  // at most one new segment a step; a merge (level 0 full at 16 segments) at most once every 16 steps per table
  for (const s of steps) for (let k = 0; k < tables.length; k++) if (!s.merged[k]) expect(s.grew[k]).toBeLessThanOrEqual(1);
  for (let k = 0; k < tables.length; k++) expect(steps.filter((s) => s.merged[k]).length).toBeLessThanOrEqual(Math.ceil(steps.length / 16));
  expect((await t.ok('admin', 'deals:list', { query: '恢复商机', withTotal: true })).total).toBe(600);
  expect((await t.ok('admin', 'deals:list', { query: '恢复商机17-1', withTotal: true })).total).toBe(1);
  expect(rollupDifferences(db)).toEqual([]);
});
