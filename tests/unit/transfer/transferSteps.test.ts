// customers:transfer of many customers runs in a worker thread on its own connection, in chunks
// (main/services/transfer/transferTask.ts): progress events {task:"transfer"} between the chunks, one batch id
// for every audit row, each chunk whole, the rollups equal a fresh GROUP BY, one notification for the whole
// transfer, automation rules on customer.ownerChanged for every moved customer, and audit:undoBatch (in steps:
// more than 500 write-backs) gives every row its old owner back.
// A customer another window deleted while the chunks ran is left alone; a chunk that fails leaves the chunks
// before it done and nothing of its own; a small transfer is one transaction on main.
import { afterEach, expect, it } from 'vitest';
import { makeDealsApp, type DealsTestApp } from '../deals/dealsTestApp';
import { rollupDifferences } from '../../../main/services/reports/rollups';
import { quiesceWriters } from '../../../main/platform/appWorkers';
import { releasePageCache } from '../../../main/platform/pageCache';

let t: DealsTestApp;
afterEach(() => t.close());

const N = 600;

async function setup() {
  t = await makeDealsApp();
  const db = t.app.context.db;
  const now = t.clock.now().toISOString();
  const customers: number[] = [];
  for (let i = 0; i < N; i++) customers.push(t.addCustomer(`转移客户${i}`, i % 2 ? t.ids.rep1 : t.ids.rep2));
  // deals in reverse customer order (their ids do not follow the customers'), some closed, one per customer
  const stage = t.stage['方案报价'];
  const deal = db.prepare(
    "INSERT INTO deals (name, customer_id, amount_fen, stage_id, probability, owner_id, status, closed_at, created_at, updated_at) VALUES (?, ?, ?, ?, 40, ?, ?, ?, ?, ?)",
  );
  for (let i = N - 1; i >= 0; i--) {
    const closed = i % 5 === 0;
    deal.run(`转移商机${i}`, customers[i], 1000 + i, closed ? t.stage['赢单'] : stage, i % 2 ? t.ids.rep1 : t.ids.rep2, closed ? 'won' : 'open', closed ? now : null, now, now);
  }
  const reminder = db.prepare("INSERT INTO reminders (user_id, customer_id, due_at, content, created_at, updated_at) VALUES (?, ?, ?, '回访', ?, ?)");
  for (let i = 0; i < N; i += 3) reminder.run(i % 2 ? t.ids.rep1 : t.ids.rep2, customers[i], now, now, now);
  return { db, customers };
}

it('transfers 600 customers in chunks under one batch; rollups exact; one notification; undo restores every owner', async () => {
  const { db, customers } = await setup();
  const ownersBefore = db.prepare('SELECT id, owner_id FROM customers ORDER BY id').all();
  const dealOwnersBefore = db.prepare('SELECT id, owner_id FROM deals ORDER BY id').all();
  t.events.length = 0;
  // the chunks are written by another connection (the worker's): main's own connection only writes the
  // notification; main's event loop turns between chunks (the progress events are sent from it)
  const mainChanges = () => db.prepare('SELECT total_changes()').pluck().get() as number;
  const changesBefore = mainChanges();
  // main lets its page cache go in steps while the worker writes (platform/pageCache.ts): a lowered limit is seen
  const limits = new Set<number>();
  let watching = true;
  const watch = () => {
    if (!watching) return;
    limits.add(db.raw.pragma('cache_size', { simple: true }) as number);
    setImmediate(watch);
  };
  setImmediate(watch);
  const r = await t.ok('admin', 'customers:transfer', { ids: customers, toUserId: t.ids.manager, withOpenDeals: true, withReminders: true, reason: '离职交接' });
  watching = false;
  expect([...limits].some((v) => v > 0)).toBe(true);
  await releasePageCache(db); // joins the release if it still runs
  expect(db.raw.pragma('cache_size', { simple: true })).toBe(-65536);
  expect(r).toMatchObject({ transferred: N, alreadyOwned: 0, skipped: 0, deals: N - N / 5, reminders: N / 3 });
  expect(mainChanges() - changesBefore).toBeLessThan(10);
  const steps = t.events.filter((e) => e.event === 'progress' && (e.payload as { task: string }).task === 'transfer');
  expect(steps.length).toBeGreaterThan(1); // more than one transaction
  expect(steps.every((e) => (e.payload as { jobId: string; total: number }).jobId === r.batchId && (e.payload as { total: number }).total === N)).toBe(true);
  expect(db.prepare('SELECT count(*) FROM customers WHERE owner_id = ?').pluck().get(t.ids.manager)).toBe(N);
  expect(db.prepare("SELECT count(*) FROM deals WHERE owner_id = ? AND status = 'open'").pluck().get(t.ids.manager)).toBe(N - N / 5);
  expect(db.prepare("SELECT count(*) FROM deals WHERE owner_id = ? AND status = 'won'").pluck().get(t.ids.manager)).toBe(0);
  expect(db.prepare('SELECT count(*) FROM reminders WHERE user_id = ?').pluck().get(t.ids.manager)).toBe(N / 3);
  // one batch: an audit row per customer, deal and reminder, with the old owner
  const audit = db.prepare('SELECT action, count(*) AS n FROM audit_log WHERE batch_id = ? GROUP BY action ORDER BY action').all(r.batchId);
  expect(audit).toEqual([
    { action: 'customer.transfer', n: N },
    { action: 'deal.transfer', n: N - N / 5 },
    { action: 'reminder.transfer', n: N / 3 },
  ]);
  const first = db.prepare("SELECT changes, summary FROM audit_log WHERE batch_id = ? AND entity = 'customer' AND entity_id = ?").get(r.batchId, customers[1]) as { changes: string; summary: string };
  expect(JSON.parse(first.changes)).toEqual([{ field: 'ownerId', old: t.ids.rep1, new: t.ids.manager }]);
  expect(first.summary).toBe('离职交接');
  expect(rollupDifferences(db)).toEqual([]);
  // the deal-name index follows the new owner (its rows carry the owner)
  const manager = await t.ok('manager', 'deals:list', { query: '转移商机1', withTotal: true });
  expect(manager.total).toBeGreaterThan(0);
  const notes = db.prepare("SELECT title FROM notifications WHERE user_id = ? AND kind = 'transfer'").pluck().all(t.ids.manager) as string[];
  expect(notes).toHaveLength(1);
  expect(notes[0]).toContain(String(N));

  // the undo (1,280 field write-backs) also goes in steps: progress, every record once, one undo entry
  t.events.length = 0;
  const u = await t.ok('admin', 'audit:undoBatch', { batchId: r.batchId });
  expect(u.undone).toBe(N + (N - N / 5) + N / 3);
  expect(t.events.filter((e) => e.event === 'progress' && (e.payload as { jobId: string }).jobId === u.batchId).length).toBeGreaterThan(1);
  expect(t.events.filter((e) => e.event === 'progress' && (e.payload as { jobId: string }).jobId === u.batchId).every((e) => (e.payload as { task: string }).task === 'undo')).toBe(true);
  expect(db.prepare("SELECT count(*) FROM audit_log WHERE action = 'audit.undoBatch' AND summary = ?").pluck().get(r.batchId)).toBe(1);
  expect(db.prepare("SELECT count(*) FROM audit_log WHERE batch_id = ? AND action LIKE '%.undo'").pluck().get(u.batchId)).toBe(u.undone);
  expect((await t.call('admin', 'audit:undoBatch', { batchId: r.batchId })).ok).toBe(false);
  expect(db.prepare('SELECT id, owner_id FROM customers ORDER BY id').all()).toEqual(ownersBefore);
  expect(db.prepare('SELECT id, owner_id FROM deals ORDER BY id').all()).toEqual(dealOwnersBefore);
  expect(rollupDifferences(db)).toEqual([]);
});

it('leaves alone a customer another window deleted while the chunks ran; a small transfer is one transaction', async () => {
  const { db, customers } = await setup();
  const last = customers[N - 1];
  t.events.length = 0;
  // "another window": after the first step, the last customer goes to the bin
  const send = t.app.context.events.send.bind(t.app.context.events);
  let once = false;
  t.app.context.events.send = (caller, event, payload) => {
    if (event === 'progress' && !once) {
      once = true;
      db.prepare('UPDATE customers SET deleted_at = ? WHERE id = ?').run(t.clock.now().toISOString(), last);
    }
    return send(caller, event, payload);
  };
  const r = await t.ok('admin', 'customers:transfer', { ids: customers, toUserId: t.ids.manager, withOpenDeals: true, withReminders: false });
  expect(once).toBe(true);
  expect(r.transferred).toBe(N - 1);
  expect(r).toMatchObject({ alreadyOwned: 0, skipped: 1 }); // the result says where the missing one went
  expect(db.prepare('SELECT owner_id FROM customers WHERE id = ?').pluck().get(last)).toBe(t.ids.rep1);
  expect(db.prepare("SELECT count(*) FROM audit_log WHERE batch_id = ? AND entity = 'customer'").pluck().get(r.batchId)).toBe(N - 1);
  expect(rollupDifferences(db)).toEqual([]);

  // 150 customers: one step, no progress in between
  t.events.length = 0;
  const small = await t.ok('admin', 'customers:transfer', { ids: customers.slice(0, 150), toUserId: t.ids.rep2, withOpenDeals: true, withReminders: true });
  expect(small.transferred).toBe(150);
  expect(t.events.filter((e) => e.event === 'progress')).toHaveLength(0);
  expect(rollupDifferences(db)).toEqual([]);
});

it('says how many of the selection already belonged to the new owner: in every progress event and in the result', async () => {
  const { db, customers } = await setup();
  // half of the customers are rep1's already: the dialog counted N, main moves N / 2
  t.events.length = 0;
  const r = await t.ok('admin', 'customers:transfer', { ids: customers, toUserId: t.ids.rep1, withOpenDeals: true, withReminders: true });
  expect(r).toMatchObject({ transferred: N / 2, alreadyOwned: N / 2, skipped: 0 });
  expect(r.transferred + r.alreadyOwned + r.skipped).toBe(customers.length);
  const steps = t.events.filter((e) => e.event === 'progress' && (e.payload as { task: string }).task === 'transfer').map((e) => e.payload as { total: number; alreadyOwned: number });
  expect(steps.length).toBeGreaterThan(1);
  expect(steps.every((p) => p.total === N / 2 && p.alreadyOwned === N / 2)).toBe(true);
  expect(db.prepare('SELECT count(*) FROM customers WHERE owner_id = ?').pluck().get(t.ids.rep1)).toBe(N);
  // the ones left unchanged have no audit row in the batch
  expect(db.prepare("SELECT count(*) FROM audit_log WHERE batch_id = ? AND entity = 'customer'").pluck().get(r.batchId)).toBe(N / 2);
  // the same through the list's filter ("all matching")
  const again = await t.ok('admin', 'customers:transfer', { filter: {}, toUserId: t.ids.rep1 });
  expect(again).toMatchObject({ transferred: 0, alreadyOwned: N, skipped: 0 });
});

it('runs the customer.ownerChanged rules for every moved customer after the chunks', async () => {
  const { db, customers } = await setup();
  await t.ok('admin', 'automations:create', { name: '换负责人', trigger: { type: 'customer.ownerChanged' }, actions: [{ type: 'createReminder', days: 1, content: '认识一下 {customer}' }] });
  const before = db.prepare('SELECT count(*) FROM reminders WHERE user_id = ?').pluck().get(t.ids.manager) as number;
  const part = customers.slice(0, 300);
  const r = await t.ok('admin', 'customers:transfer', { ids: part, toUserId: t.ids.manager });
  expect(r.transferred).toBe(300);
  const made = db.prepare("SELECT customer_id, content FROM reminders WHERE user_id = ? AND content LIKE '认识一下 %' ORDER BY customer_id").all(t.ids.manager) as { customer_id: number; content: string }[];
  expect(made).toHaveLength(300);
  expect(made.map((m) => m.customer_id)).toEqual([...part].sort((a, b) => a - b));
  expect(made[0].content).toBe(`认识一下 转移客户0`);
  expect(db.prepare('SELECT count(*) FROM reminders WHERE user_id = ?').pluck().get(t.ids.manager)).toBe(before + 300);
  expect(rollupDifferences(db)).toEqual([]);
});

it('a chunk the database refuses: the chunks before it stay done, nothing of its own is written, the call fails', async () => {
  const { db, customers } = await setup();
  // the 400th customer cannot change owner: its chunk (and only its chunk) is rolled back
  const bad = customers[399];
  db.raw.exec(`CREATE TRIGGER test_refuse BEFORE UPDATE OF owner_id ON customers WHEN old.id = ${bad} BEGIN SELECT RAISE(ABORT, 'refused by test'); END`);
  const ownersBefore = new Map((db.prepare('SELECT id, owner_id FROM customers').all() as { id: number; owner_id: number }[]).map((c) => [c.id, c.owner_id]));
  t.events.length = 0;
  const res = await t.call('admin', 'customers:transfer', { ids: customers, toUserId: t.ids.manager, withOpenDeals: true });
  expect(res.ok).toBe(false);
  const progressed = t.events.filter((e) => e.event === 'progress' && (e.payload as { task: string }).task === 'transfer').map((e) => (e.payload as { done: number }).done);
  const committed = Math.max(...progressed);
  expect(committed).toBeGreaterThan(0);
  expect(committed).toBeLessThan(400);
  const moved = (db.prepare('SELECT id FROM customers WHERE owner_id = ? ORDER BY id').pluck().all(t.ids.manager) as number[]);
  // exactly the customers of the committed chunks (targets go in id order), each with its audit row
  expect(moved).toEqual([...customers].sort((a, b) => a - b).slice(0, committed));
  expect(db.prepare("SELECT count(*) FROM audit_log WHERE action = 'customer.transfer'").pluck().get()).toBe(committed);
  for (const id of customers.filter((c) => !moved.includes(c))) expect(db.prepare('SELECT owner_id FROM customers WHERE id = ?').pluck().get(id)).toBe(ownersBefore.get(id));
  expect(rollupDifferences(db)).toEqual([]);
  db.raw.exec('DROP TRIGGER test_refuse');
});

it('a restore waits for a running transfer worker before it swaps the file, and no transfer worker starts meanwhile', async () => {
  const { db, customers } = await setup();
  // the first progress event: the worker is running (its first chunk is in)
  let started!: () => void;
  const running = new Promise<void>((r) => (started = r));
  const send = t.app.context.events.send.bind(t.app.context.events);
  t.app.context.events.send = (caller, event, payload) => {
    if (event === 'progress') started();
    return send(caller, event, payload);
  };
  const transfer = t.ok('admin', 'customers:transfer', { ids: customers, toUserId: t.ids.manager });
  await running;
  // what backup/service.ts restore does before the swap
  const release = await quiesceWriters(t.app.context);
  // resolved only once the worker had exited: every chunk is in
  expect(db.prepare('SELECT count(*) FROM customers WHERE owner_id = ?').pluck().get(t.ids.manager)).toBe(N);
  const refused = await t.call('admin', 'customers:transfer', { ids: customers, toUserId: t.ids.rep1 });
  expect(refused).toMatchObject({ ok: false, error: { code: 'CONFLICT', message: '正在从备份恢复数据库，请在恢复完成后再变更所属人。' } });
  expect(db.prepare('SELECT count(*) FROM customers WHERE owner_id = ?').pluck().get(t.ids.rep1)).toBe(0);
  release();
  expect((await transfer).transferred).toBe(N);
  const after = await t.ok('admin', 'customers:transfer', { ids: customers, toUserId: t.ids.rep1 });
  expect(after.transferred).toBe(N);
  expect(rollupDifferences(db)).toEqual([]);
});
