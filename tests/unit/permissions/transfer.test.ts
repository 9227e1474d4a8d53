// customers:transfer — who may, what moves (open deals, reminders), audit batch, notification.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { auditRows, makeCompany, ownerOf, type Company } from './fixture';

let c: Company;
beforeEach(async () => {
  c = await makeCompany();
});
afterEach(() => c.t.close());

function addDeal(customerId: number, ownerId: number | null, status: 'open' | 'won' | 'lost') {
  const db = c.t.app.context.db;
  const stage = (db.prepare('SELECT id FROM stages WHERE kind = ? ORDER BY position LIMIT 1').get(status) as { id: number }).id;
  const at = c.t.clock.now().toISOString();
  return Number(
    db
      .prepare('INSERT INTO deals (name, customer_id, stage_id, probability, owner_id, status, created_at, updated_at) VALUES (?, ?, ?, 10, ?, ?, ?, ?)')
      .run(`deal-${status}`, customerId, stage, ownerId, status, at, at).lastInsertRowid,
  );
}
function addReminder(customerId: number, userId: number, status = 'pending') {
  const at = c.t.clock.now().toISOString();
  return Number(
    c.t.app.context.db
      .prepare('INSERT INTO reminders (user_id, customer_id, due_at, content, status, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)')
      .run(userId, customerId, at, '回访', status, at, at).lastInsertRowid,
  );
}
const dealOwner = (id: number) => (c.t.app.context.db.prepare('SELECT owner_id FROM deals WHERE id = ?').get(id) as { owner_id: number }).owner_id;
const reminderUser = (id: number) => (c.t.app.context.db.prepare('SELECT user_id FROM reminders WHERE id = ?').get(id) as { user_id: number }).user_id;

describe('customers:transfer', () => {
  it('without open deals: only the customers move; one audit batch keeps the old owners', async () => {
    const open = addDeal(c.customers.a1, c.users.repA, 'open');
    const rem = addReminder(c.customers.a1, c.users.repA);
    const r = await c.t.ok('manager', 'customers:transfer', { ids: [c.customers.a1, c.customers.b1], toUserId: c.users.repB, reason: '离职交接' });
    // b1 already belongs to repB: not counted, not audited
    expect(r).toMatchObject({ transferred: 1, deals: 0, reminders: 0 });
    expect(ownerOf(c.t, c.customers.a1)).toBe(c.users.repB);
    expect(dealOwner(open)).toBe(c.users.repA);
    expect(reminderUser(rem)).toBe(c.users.repA);
    const rows = auditRows(c.t, 'batch_id = ?', r.batchId);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ action: 'customer.transfer', entity_id: c.customers.a1, summary: '离职交接', user_id: c.users.manager });
    expect(JSON.parse(rows[0].changes!)).toEqual([{ field: 'ownerId', old: c.users.repA, new: c.users.repB }]);
  });

  it('with open deals and reminders: open deals and pending reminders move, closed deals keep their owner', async () => {
    const open = addDeal(c.customers.a1, c.users.repA, 'open');
    const won = addDeal(c.customers.a1, c.users.repA, 'won');
    const lost = addDeal(c.customers.a2, c.users.repA, 'lost');
    const rem = addReminder(c.customers.a1, c.users.repA);
    const done = addReminder(c.customers.a1, c.users.repA, 'done');
    const r = await c.t.ok('admin', 'customers:transfer', {
      ids: [c.customers.a1, c.customers.a2],
      toUserId: c.users.repB,
      withOpenDeals: true,
      withReminders: true,
    });
    expect(r).toMatchObject({ transferred: 2, deals: 1, reminders: 1 });
    expect([dealOwner(open), dealOwner(won), dealOwner(lost)]).toEqual([c.users.repB, c.users.repA, c.users.repA]);
    expect([reminderUser(rem), reminderUser(done)]).toEqual([c.users.repB, c.users.repA]);
    expect(auditRows(c.t, 'batch_id = ?', r.batchId).map((x) => x.action).sort()).toEqual([
      'customer.transfer',
      'customer.transfer',
      'deal.transfer',
      'reminder.transfer',
    ]);
  });

  it('notifies the new owner (row + event to their windows) listing what moved', async () => {
    await c.t.ok('admin', 'customers:transfer', { ids: [c.customers.a1, c.customers.a2], toUserId: c.users.repB, reason: '区域调整' });
    const { rows, unread } = await c.t.ok('repB', 'notifications:list');
    expect(unread).toBe(1);
    expect(rows[0].title).toBe('王老板 将 2 位客户转给了您');
    expect(rows[0].body).toContain('甲一贸易、甲二科技');
    expect(rows[0].body).toContain('区域调整');
    expect(c.t.events.filter((e) => e.event === 'notification').map((e) => e.caller)).toEqual(['repB']);
    expect((await c.t.ok('repA', 'notifications:list')).unread).toBe(0);
    await c.t.ok('repB', 'notifications:markRead', { all: true });
    expect((await c.t.ok('repB', 'notifications:list')).unread).toBe(0);
  });

  it('by filter: everything matching in the caller scope', async () => {
    const r = await c.t.ok('admin', 'customers:transfer', { filter: { ownerIds: [c.users.repA] }, toUserId: c.users.manager });
    expect(r.transferred).toBe(2);
    expect([ownerOf(c.t, c.customers.a1), ownerOf(c.t, c.customers.a2), ownerOf(c.t, c.customers.b1)]).toEqual([
      c.users.manager,
      c.users.manager,
      c.users.repB,
    ]);
  });

  it('the target must be an active user', async () => {
    await c.t.ok('admin', 'users:disable', { id: c.users.repB });
    const r = await c.t.call('admin', 'customers:transfer', { ids: [c.customers.a1], toUserId: c.users.repB });
    expect(!r.ok && r.error.code).toBe('INVALID_INPUT');
    expect(!r.ok && (r.error.details as { fieldErrors: object }).fieldErrors).toHaveProperty('toUserId');
    const ghost = await c.t.call('admin', 'customers:transfer', { ids: [c.customers.a1], toUserId: 9999 });
    expect(!ghost.ok && ghost.error.code).toBe('INVALID_INPUT');
    expect(ownerOf(c.t, c.customers.a1)).toBe(c.users.repA);
  });

  it('a rep needs customers.transfer, and then may transfer only own customers', async () => {
    const denied = await c.t.call('repA', 'customers:transfer', { ids: [c.customers.a1], toUserId: c.users.repB });
    expect(!denied.ok && denied.error.code).toBe('FORBIDDEN');
    const sales = (await c.t.ok('admin', 'roles:list')).roles.find((r) => r.id === c.roles.sales)!;
    await c.t.ok('admin', 'roles:update', { id: sales.id, version: sales.version, permissions: [...sales.permissions, 'customers.transfer'] });
    const other = await c.t.call('repA', 'customers:transfer', { ids: [c.customers.a1, c.customers.b1], toUserId: c.users.manager });
    expect(!other.ok && other.error.code).toBe('NOT_FOUND');
    const pool = await c.t.call('repA', 'customers:transfer', { ids: [c.customers.pool1], toUserId: c.users.manager });
    expect(!pool.ok && pool.error.code).toBe('FORBIDDEN');
    // all or nothing: a1 did not move with the refused call
    expect(ownerOf(c.t, c.customers.a1)).toBe(c.users.repA);
    // by filter a rep only ever reaches own customers, whatever the filter says
    const r = await c.t.ok('repA', 'customers:transfer', { filter: {}, toUserId: c.users.manager });
    expect(r.transferred).toBe(2);
    expect(ownerOf(c.t, c.customers.b1)).toBe(c.users.repB);
    expect(ownerOf(c.t, c.customers.pool1)).toBeNull();
  });

  it('deleted customers are not found', async () => {
    c.t.app.context.db.prepare('UPDATE customers SET deleted_at = ? WHERE id = ?').run(c.t.clock.now().toISOString(), c.customers.a1);
    const r = await c.t.call('admin', 'customers:transfer', { ids: [c.customers.a1], toUserId: c.users.repB });
    expect(!r.ok && r.error.code).toBe('NOT_FOUND');
  });
});
