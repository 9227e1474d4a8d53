// Deleting many customers (and undoing a big import) writes in steps: one transaction each, sized to ~40 ms,
// the event loop turning in between (progress events), one batch id for the whole operation, every customer
// with its deals and follow-ups; a customer deleted meanwhile by someone else is skipped, not deleted twice.
import { afterEach, expect, it } from 'vitest';
import { makeBinWorld, manyCustomers, sql, type BinWorld } from './binWorld';
import { moveCustomersToBinInSteps } from '../../../main/services/customers/softDelete';
import { newBatchId } from '../../../main/services/audit/record';

let w: BinWorld;
afterEach(() => w.t.close());

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

it('audit:undoBatch of a 1,500-customer delete: decided first, then back in steps under one new batch; a second undo is refused', async () => {
  w = await makeBinWorld();
  const ids = manyCustomers(w, 1500);
  const del = await w.t.ok('admin', 'customers:delete', { ids });
  const r = await w.t.ok('admin', 'audit:undoBatch', { batchId: del.batchId });
  expect(r.undone).toBe(1500);
  const steps = w.t.events.filter((e) => e.event === 'progress' && (e.payload as { task: string; jobId: string }).task === 'restore' && (e.payload as { jobId: string }).jobId === r.batchId);
  expect(steps.length).toBeGreaterThan(0); // more than one transaction
  expect(sql<{ n: number }>(w.t, 'SELECT count(*) AS n FROM customers WHERE deleted_at IS NOT NULL')[0].n).toBe(0);
  expect(sql<{ n: number }>(w.t, 'SELECT count(*) AS n FROM deals WHERE deleted_at IS NOT NULL')[0].n).toBe(0);
  expect(sql<{ n: number }>(w.t, 'SELECT count(*) AS n FROM follow_ups WHERE deleted_at IS NOT NULL')[0].n).toBe(0);
  expect(sql<{ n: number }>(w.t, "SELECT count(*) AS n FROM audit_log WHERE batch_id = ? AND action = 'customer.restore'", r.batchId)[0].n).toBe(1500);
  expect(sql<{ n: number }>(w.t, "SELECT count(*) AS n FROM audit_log WHERE batch_id = ? AND action = 'audit.undoBatch' AND summary = ?", r.batchId, del.batchId)[0].n).toBe(1);
  const again = await w.t.call('admin', 'audit:undoBatch', { batchId: del.batchId });
  expect(again.ok ? null : again.error.code).toBe('CONFLICT');
});

it('audit:undoBatch of a delete that would clash: CONFLICT before anything comes back', async () => {
  w = await makeBinWorld();
  const ids = manyCustomers(w, 300);
  const db = w.t.app.context.db;
  db.raw.prepare("UPDATE customers SET mobile = '13912345678' WHERE id = ?").run(ids[299]);
  const del = await w.t.ok('admin', 'customers:delete', { ids });
  // a new customer takes the deleted one's mobile number meanwhile
  await w.t.ok('admin', 'customers:create', { name: '新客户', mobile: '13912345678' });
  const r = await w.t.call('admin', 'audit:undoBatch', { batchId: del.batchId });
  expect(r.ok ? null : r.error.code).toBe('CONFLICT');
  expect(sql<{ n: number }>(w.t, 'SELECT count(*) AS n FROM customers WHERE deleted_at IS NOT NULL')[0].n).toBe(300);
  expect(sql<{ n: number }>(w.t, "SELECT count(*) AS n FROM audit_log WHERE action IN ('customer.restore', 'audit.undoBatch')")[0].n).toBe(0);
});
