// Reopening a won deal that marked its customer 已成交 gives the customer its earlier status back (audited in
// the reopen's transaction) — but not when another won deal still makes the customer 已成交, and not when
// somebody set the status by hand after the closing.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeDealsApp, type DealsTestApp } from './dealsTestApp';

let t: DealsTestApp;
beforeEach(async () => {
  t = await makeDealsApp();
});
afterEach(() => t.close());

const status = (id: number) => (t.app.context.db.prepare('SELECT status FROM customers WHERE id = ?').get(id) as { status: string }).status;

async function wonDeal(customerId: number) {
  const d = await t.deal('admin', { customerId, stageId: t.stage['谈判签约'], amountFen: 100 });
  return t.ok('admin', 'deals:close', { id: d.id, version: d.version, result: 'won', amount: 500_000, closedAt: '2026-11-20', setCustomerWon: true });
}

describe('reopening a won deal', () => {
  it('restores the status the customer had before the closing, with an audit entry', async () => {
    const c = t.addCustomer('重开客户');
    const d = await wonDeal(c);
    expect(status(c)).toBe('won');
    await t.ok('admin', 'deals:reopen', { id: d.id, reason: '合同作废' });
    expect(status(c)).toBe('following');
    const last = t.app.context.db
      .prepare("SELECT changes, summary FROM audit_log WHERE entity = 'customer' AND entity_id = ? ORDER BY id DESC LIMIT 1")
      .get(c) as { changes: string; summary: string };
    expect(JSON.parse(last.changes)).toEqual([{ field: 'status', old: 'won', new: 'following' }]);
    expect(last.summary).toContain(`deal #${d.id} reopened`);
  });

  it('keeps 已成交 while another won deal of the customer remains', async () => {
    const c = t.addCustomer('两单客户');
    const first = await wonDeal(c);
    await wonDeal(c);
    await t.ok('admin', 'deals:reopen', { id: first.id, reason: '第一单作废' });
    expect(status(c)).toBe('won');
  });

  it('leaves a status somebody changed by hand after the closing', async () => {
    const c = t.addCustomer('手动改状态');
    const d = await wonDeal(c);
    const cust = await t.ok('admin', 'customers:get', { id: c });
    await t.ok('admin', 'customers:update', { id: c, version: cust.customer.version, patch: { status: 'lost' } });
    await t.ok('admin', 'deals:reopen', { id: d.id, reason: '重新谈' });
    expect(status(c)).toBe('lost');
  });

  it('does nothing to a customer whose deal was won without marking it', async () => {
    const c = t.addCustomer('未标记');
    const d0 = await t.deal('admin', { customerId: c, stageId: t.stage['谈判签约'], amountFen: 100 });
    const d = await t.ok('admin', 'deals:close', { id: d0.id, version: d0.version, result: 'won', amount: 1_000, closedAt: '2026-11-20' });
    await t.ok('admin', 'deals:reopen', { id: d.id, reason: '重新谈' });
    expect(status(c)).toBe('following');
  });
});
