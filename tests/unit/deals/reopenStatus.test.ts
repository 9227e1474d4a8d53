// Reopening a won deal that marked its customer 已成交 gives the customer its earlier status back (audited in
// the reopen's transaction) — but not when another won deal still makes the customer 已成交, and not when
// somebody set the status by hand after the closing.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeDealsApp, type DealsTestApp } from './dealsTestApp';
import { recordAudit, verifyAuditChain } from '../../../main/services/audit/record';

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
    expect(last.summary).toBe(`重开客户：状态恢复（商机 #${d.id} 撤销结单）`);
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

  // The won deal's customer change carries the deal's id as data (changes[].wonByDeal), not as words of the summary:
  // the summary is in the app's language, and reopening finds the change whatever language it was written in.
  const customerRows = (id: number) =>
    t.app.context.db.prepare("SELECT changes, summary FROM audit_log WHERE entity = 'customer' AND entity_id = ? ORDER BY id").all(id) as {
      changes: string;
      summary: string;
    }[];

  it('marks the customer change with the deal id and writes both summaries in the app language (zh-CN, en)', async () => {
    const c = t.addCustomer('中文客户');
    const d = await wonDeal(c);
    const [won] = customerRows(c);
    expect(JSON.parse(won.changes)).toEqual([{ field: 'status', old: 'following', new: 'won', wonByDeal: d.id }]);
    expect(won.summary).toBe(`中文客户：状态改为已成交（商机 #${d.id} 赢单）`);

    await t.ok('admin', 'app:setLocale', { locale: 'en' });
    const e = t.addCustomer('English customer');
    const d2 = await wonDeal(e);
    // the Chinese closing is found by a reopening written in English
    await t.ok('admin', 'deals:reopen', { id: d.id, reason: 'contract void' });
    expect(status(c)).toBe('following');
    expect(customerRows(c)[1].summary).toBe(`中文客户: status restored (deal #${d.id} reopened)`);
    await t.ok('admin', 'deals:reopen', { id: d2.id, reason: 'contract void' });
    expect(status(e)).toBe('following');
    expect(JSON.parse(customerRows(e)[0].changes)).toEqual([{ field: 'status', old: 'following', new: 'won', wonByDeal: d2.id }]);
    expect(customerRows(e).map((r) => r.summary)).toEqual([
      `English customer: status set to won (deal #${d2.id} won)`,
      `English customer: status restored (deal #${d2.id} reopened)`,
    ]);
    expect(verifyAuditChain(t.app.context.db).ok).toBe(true);
  });

  it('finds the marker by the deal id, not by the text: a change marked for another deal is left alone', async () => {
    const c = t.addCustomer('别的商机');
    const d = await wonDeal(c);
    // somebody else's structured mark as the newest status change, with a summary that reads like this deal's old one
    const db = t.app.context.db;
    db.tx(() =>
      recordAudit(db, {
        at: t.clock.now().toISOString(),
        userId: t.ids.admin,
        userName: '王老板',
        action: 'customer.update',
        entity: 'customer',
        entityId: c,
        changes: [{ field: 'status', old: 'following', new: 'won', wonByDeal: d.id + 1000 }],
        summary: `别的商机: 已成交 (deal #${d.id} won)`,
      }),
    );
    await t.ok('admin', 'deals:reopen', { id: d.id, reason: '重新谈' });
    expect(status(c)).toBe('won');
  });

  describe('rows written before the structured marker (English text "(deal #N won)")', () => {
    /** the customer change as closing.ts wrote it until session 9 */
    function oldStyleWon(customerId: number, name: string, dealId: number, from = 'following') {
      const db = t.app.context.db;
      db.tx(() => {
        db.prepare("UPDATE customers SET status = 'won', version = version + 1 WHERE id = ?").run(customerId);
        recordAudit(db, {
          at: t.clock.now().toISOString(),
          userId: t.ids.admin,
          userName: '王老板',
          action: 'customer.update',
          entity: 'customer',
          entityId: customerId,
          changes: [{ field: 'status', old: from, new: 'won' }],
          summary: `${name}: 已成交 (deal #${dealId} won)`,
        });
      });
    }
    async function wonWithoutMark(customerId: number) {
      const d0 = await t.deal('admin', { customerId, stageId: t.stage['谈判签约'], amountFen: 100 });
      return t.ok('admin', 'deals:close', { id: d0.id, version: d0.version, result: 'won', amount: 1_000, closedAt: '2026-11-20' });
    }

    it('reopening still restores the status an old row recorded, with a summary in the app language', async () => {
      const c = t.addCustomer('老数据客户');
      const d = await wonWithoutMark(c);
      oldStyleWon(c, '老数据客户', d.id, 'potential');
      await t.ok('admin', 'deals:reopen', { id: d.id, reason: '合同作废' });
      expect(status(c)).toBe('potential');
      expect(customerRows(c).at(-1)!.summary).toBe(`老数据客户：状态恢复（商机 #${d.id} 撤销结单）`);
      expect(verifyAuditChain(t.app.context.db).ok).toBe(true);
    });

    it('an old row naming another deal is not taken for this one', async () => {
      const c = t.addCustomer('老数据别的');
      const d = await wonWithoutMark(c);
      oldStyleWon(c, '老数据别的', d.id + 1000);
      await t.ok('admin', 'deals:reopen', { id: d.id, reason: '重新谈' });
      expect(status(c)).toBe('won');
    });
  });
});
