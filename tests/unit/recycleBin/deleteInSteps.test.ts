// Deleting many customers (and undoing a big import) and restoring them never write in one transaction on main:
// up to 200 customers in steps on main (~30 ms each, the event loop turning in between), more in chunks in a
// writer thread on its own connection (recycleBin/binTask.ts): progress events in between, one batch id and one
// time for the whole operation, every customer with its deals and follow-ups; a customer deleted meanwhile by
// someone else is skipped, not deleted twice; a chunk that fails leaves the chunks before it done and nothing of
// its own; while a restore from backup swaps the file no writer thread starts.
import { afterEach, expect, it } from 'vitest';
import { makeBinWorld, manyCustomers, sql, type BinWorld } from './binWorld';
import { moveCustomersToBinInSteps } from '../../../main/services/customers/softDelete';
import { newBatchId, verifyAuditChain } from '../../../main/services/audit/record';
import { quiesceWriters } from '../../../main/platform/appWorkers';
import { rollupDifferences } from '../../../main/services/reports/rollups';

let w: BinWorld;
afterEach(() => w.t.close());

it('customers:delete of 1,500 customers: several steps, one batch, everything in the bin, restorable', async () => {
  w = await makeBinWorld();
  const ids = manyCustomers(w, 1500);
  // a reminder on one customer: cancelled in the bin, pending again after the restore
  const db = w.t.app.context.db;
  const at = w.t.clock.now().toISOString();
  db.raw.prepare("INSERT INTO reminders (user_id, customer_id, due_at, content, created_at, updated_at) VALUES (?, ?, ?, '回访', ?, ?)").run(w.adminId, ids[700], at, at, at);
  // the chunks are written by the writer thread's connection: main's own connection writes nothing
  const mainChanges = () => db.prepare('SELECT total_changes()').pluck().get() as number;
  const changesBefore = mainChanges();
  const r = await w.t.ok('admin', 'customers:delete', { ids });
  expect(r.deleted).toBe(1500);
  expect(mainChanges() - changesBefore).toBe(0);
  // one operation: one time on every record and audit row of the batch
  expect(sql<{ n: number }>(w.t, 'SELECT count(DISTINCT deleted_at) AS n FROM customers WHERE delete_batch_id = ?', r.batchId)[0].n).toBe(1);
  expect(sql<{ n: number }>(w.t, 'SELECT count(DISTINCT at) AS n FROM audit_log WHERE batch_id = ?', r.batchId)[0].n).toBe(1);
  expect(sql<{ status: string }>(w.t, 'SELECT status FROM reminders WHERE customer_id = ?', ids[700])[0].status).toBe('cancelled');
  const steps = w.t.events.filter((e) => e.event === 'progress' && (e.payload as { task: string; jobId: string }).task === 'delete' && (e.payload as { jobId: string }).jobId === r.batchId);
  expect(steps.length).toBeGreaterThan(1); // more than one transaction, with progress in between
  expect(steps.every((e) => (e.payload as { total: number }).total === 1500)).toBe(true);
  expect(sql<{ n: number }>(w.t, 'SELECT count(*) AS n FROM customers WHERE delete_batch_id = ?', r.batchId)[0].n).toBe(1500);
  expect(sql<{ n: number }>(w.t, 'SELECT count(*) AS n FROM deals WHERE delete_batch_id = ?', r.batchId)[0].n).toBe(1500);
  expect(sql<{ n: number }>(w.t, 'SELECT count(*) AS n FROM follow_ups WHERE delete_batch_id = ?', r.batchId)[0].n).toBe(1500);
  expect(sql<{ n: number }>(w.t, "SELECT count(*) AS n FROM audit_log WHERE batch_id = ? AND action = 'customer.delete'", r.batchId)[0].n).toBe(1500);
  expect((await w.t.ok('admin', 'customers:list', { query: '批量客户' })).rows).toEqual([]);
  // restore writes in steps as well: everything back, deals and follow-ups with their customers, one batch
  const changesBeforeRestore = mainChanges();
  const back = await w.t.ok('admin', 'recycleBin:restore', { ids: ids.map((i) => `customer:${i}`), onClash: 'skip' });
  expect(back.restored).toBe(1500);
  expect(mainChanges() - changesBeforeRestore).toBe(0);
  expect(sql<{ status: string }>(w.t, 'SELECT status FROM reminders WHERE customer_id = ?', ids[700])[0].status).toBe('pending');
  expect(rollupDifferences(db)).toEqual([]);
  expect(verifyAuditChain(db).ok).toBe(true);
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

it('a delete chunk the database refuses: the chunks before it stay done (with their audit rows), nothing of its own, the call fails', async () => {
  w = await makeBinWorld();
  const ids = manyCustomers(w, 800);
  const db = w.t.app.context.db;
  const bad = ids[500];
  db.raw.exec(`CREATE TRIGGER test_refuse BEFORE UPDATE OF deleted_at ON customers WHEN old.id = ${bad} BEGIN SELECT RAISE(ABORT, 'refused by test'); END`);
  w.t.events.length = 0;
  const res = await w.t.call('admin', 'customers:delete', { ids });
  expect(res.ok).toBe(false);
  const progressed = w.t.events.filter((e) => e.event === 'progress' && (e.payload as { task: string }).task === 'delete').map((e) => (e.payload as { done: number }).done);
  const committed = Math.max(...progressed);
  expect(committed).toBeGreaterThan(0);
  expect(committed).toBeLessThanOrEqual(500);
  // exactly the customers of the committed chunks (they go in id order), each whole: deals, follow-ups, audit rows
  const gone = db.prepare('SELECT id FROM customers WHERE deleted_at IS NOT NULL ORDER BY id').pluck().all() as number[];
  expect(gone).toEqual(ids.slice(0, committed));
  expect(sql<{ n: number }>(w.t, 'SELECT count(*) AS n FROM deals WHERE deleted_at IS NOT NULL')[0].n).toBe(committed);
  expect(sql<{ n: number }>(w.t, 'SELECT count(*) AS n FROM follow_ups WHERE deleted_at IS NOT NULL')[0].n).toBe(committed);
  expect(sql<{ n: number }>(w.t, "SELECT count(*) AS n FROM audit_log WHERE action = 'customer.delete'")[0].n).toBe(committed);
  expect(rollupDifferences(db)).toEqual([]);
  db.raw.exec('DROP TRIGGER test_refuse');
});

it('while a restore from backup holds the writers, a big delete or restore is refused with a clear message and writes nothing', async () => {
  w = await makeBinWorld();
  const ids = manyCustomers(w, 600);
  const del = await w.t.ok('admin', 'customers:delete', { ids: ids.slice(0, 250) });
  expect(del.deleted).toBe(250);
  const release = await quiesceWriters(w.t.app.context);
  try {
    const refused = await w.t.call('admin', 'customers:delete', { ids: ids.slice(250) });
    expect(refused).toMatchObject({ ok: false, error: { code: 'CONFLICT', message: '正在从备份恢复数据库，请在恢复完成后再删除或恢复这些记录。' } });
    const back = await w.t.call('admin', 'recycleBin:restore', { ids: ids.slice(0, 250).map((i) => `customer:${i}`), onClash: 'skip' });
    expect(back).toMatchObject({ ok: false, error: { code: 'CONFLICT', message: '正在从备份恢复数据库，请在恢复完成后再删除或恢复这些记录。' } });
    expect(sql<{ n: number }>(w.t, 'SELECT count(*) AS n FROM customers WHERE deleted_at IS NOT NULL')[0].n).toBe(250);
  } finally {
    release();
  }
  const back = await w.t.ok('admin', 'recycleBin:restore', { ids: ids.slice(0, 250).map((i) => `customer:${i}`), onClash: 'skip' });
  expect(back.restored).toBe(250);
});
