// Deleting many customers (and undoing a big import) writes in steps: one transaction each, sized to ~50 ms,
// the event loop turning in between (progress events), one batch id for the whole operation, every customer
// with its deals and follow-ups; a customer deleted meanwhile by someone else is skipped, not deleted twice.
import { afterEach, expect, it } from 'vitest';
import { makeBinWorld, sql, type BinWorld } from './binWorld';
import { moveCustomersToBinInSteps } from '../../../main/services/customers/softDelete';
import { newBatchId } from '../../../main/services/audit/record';

let w: BinWorld;
afterEach(() => w.t.close());

function manyCustomers(w: BinWorld, n: number): number[] {
  const db = w.t.app.context.db;
  const at = w.t.clock.now().toISOString();
  const ins = db.raw.prepare('INSERT INTO customers (name, owner_id, created_at, updated_at) VALUES (?, ?, ?, ?)');
  const deal = db.raw.prepare("INSERT INTO deals (name, customer_id, stage_id, probability, owner_id, amount_fen, created_at, updated_at) VALUES ('单子', ?, (SELECT id FROM stages ORDER BY position LIMIT 1), 10, ?, 100, ?, ?)");
  const fu = db.raw.prepare("INSERT INTO follow_ups (customer_id, owner_id, at, method, content, created_at, updated_at) VALUES (?, ?, ?, '电话', '回访', ?, ?)");
  const ids: number[] = [];
  db.tx(() => {
    for (let i = 0; i < n; i++) {
      const id = Number(ins.run(`批量客户${i}`, w.adminId, at, at).lastInsertRowid);
      deal.run(id, w.adminId, at, at);
      fu.run(id, w.adminId, at, at, at);
      ids.push(id);
    }
  });
  return ids;
}

it('customers:delete of 1,500 customers: several steps, one batch, everything in the bin, restorable', async () => {
  w = await makeBinWorld();
  const ids = manyCustomers(w, 1500);
  const r = await w.t.ok('admin', 'customers:delete', { ids });
  expect(r.deleted).toBe(1500);
  const steps = w.t.events.filter((e) => e.event === 'progress' && (e.payload as { task: string; jobId: string }).task === 'delete' && (e.payload as { jobId: string }).jobId === r.batchId);
  expect(steps.length).toBeGreaterThan(0); // more than one transaction, with progress in between
  expect(sql<{ n: number }>(w.t, 'SELECT count(*) AS n FROM customers WHERE delete_batch_id = ?', r.batchId)[0].n).toBe(1500);
  expect(sql<{ n: number }>(w.t, 'SELECT count(*) AS n FROM deals WHERE delete_batch_id = ?', r.batchId)[0].n).toBe(1500);
  expect(sql<{ n: number }>(w.t, 'SELECT count(*) AS n FROM follow_ups WHERE delete_batch_id = ?', r.batchId)[0].n).toBe(1500);
  expect(sql<{ n: number }>(w.t, "SELECT count(*) AS n FROM audit_log WHERE batch_id = ? AND action = 'customer.delete'", r.batchId)[0].n).toBe(1500);
  expect((await w.t.ok('admin', 'customers:list', { query: '批量客户' })).rows).toEqual([]);
  // restore writes in steps as well: everything back, deals and follow-ups with their customers, one batch
  const back = await w.t.ok('admin', 'recycleBin:restore', { ids: ids.map((i) => `customer:${i}`), onClash: 'skip' });
  expect(back.restored).toBe(1500);
  expect(w.t.events.some((e) => e.event === 'progress' && (e.payload as { task: string; jobId: string }).task === 'restore' && (e.payload as { jobId: string }).jobId === back.batchId)).toBe(true);
  expect(sql<{ n: number }>(w.t, 'SELECT count(*) AS n FROM customers WHERE delete_batch_id IS NOT NULL')[0].n).toBe(0);
  expect(sql<{ n: number }>(w.t, 'SELECT count(*) AS n FROM deals WHERE deleted_at IS NOT NULL')[0].n).toBe(0);
  expect(sql<{ n: number }>(w.t, 'SELECT count(*) AS n FROM follow_ups WHERE deleted_at IS NOT NULL')[0].n).toBe(0);
  expect(sql<{ n: number }>(w.t, "SELECT count(*) AS n FROM audit_log WHERE batch_id = ? AND action = 'customer.restore'", back.batchId)[0].n).toBe(1500);
  expect((await w.t.ok('admin', 'customers:list', { query: '批量客户', withTotal: true })).total).toBe(1500);
});

it('a step skips a customer that is no longer live (deleted meanwhile): no second delete, no second audit row', async () => {
  w = await makeBinWorld();
  const ids = manyCustomers(w, 600);
  const ctxUser = w.t.app.context.sessions.get('admin')!.user;
  const ctx = { app: w.t.app.context, user: ctxUser, caller: 'admin', t: (k: string) => k, locale: 'zh-CN' } as never;
  const rows = ids.map((id) => ({ id, name: `批量客户${id}` }));
  // someone else deletes the last one before the steps reach it
  await w.t.ok('admin', 'customers:delete', { ids: [ids[599]] });
  const batch = newBatchId();
  const moved = await moveCustomersToBinInSteps(ctx, rows, batch);
  expect(moved).toBe(599);
  expect(sql<{ n: number }>(w.t, "SELECT count(*) AS n FROM audit_log WHERE entity = 'customer' AND entity_id = ? AND action = 'customer.delete'", ids[599])[0].n).toBe(1);
});
