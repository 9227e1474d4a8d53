// A deal's life: create (probability from the stage), edit (terms history, items), move stages
// (history with time in stage), close (won/lost rules), the lock on every edit channel, reopen.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { auditCount, makeDealsApp, type DealsTestApp } from './dealsTestApp';
import { verifyAuditChain } from '../../../main/services/audit/record';

let t: DealsTestApp;
let customer: number;
beforeEach(async () => {
  t = await makeDealsApp();
  customer = t.addCustomer('杭州西湖茶业有限公司');
});
afterEach(() => t.close());

describe('creating and the stage probability defaults', () => {
  it('starts in the first open stage with its default probability, records history and audit', async () => {
    const before = auditCount(t, 'deal.create');
    const d = await t.deal('admin', { customerId: customer, name: '年度茶叶采购', amountFen: 1_234_56 });
    expect(d.stageId).toBe(t.stage['初步接触']);
    expect(d.probability).toBe(10);
    expect(d.probabilityOverridden).toBe(false);
    expect(d.status).toBe('open');
    expect(d.ownerId).toBe(t.ids.admin);
    expect(d.customerName).toBe('杭州西湖茶业有限公司');
    expect(auditCount(t, 'deal.create')).toBe(before + 1);
    const got = await t.ok('admin', 'deals:get', { id: d.id });
    expect(got.stageHistory).toHaveLength(1);
    expect(got.stageHistory[0]).toMatchObject({ fromStageId: null, toStageId: t.stage['初步接触'], durationMs: null });
  });

  it.each([
    ['初步接触', 10],
    ['需求确认', 30],
    ['方案报价', 50],
    ['谈判签约', 80],
  ])('a deal created in %s gets %i%%', async (stage, p) => {
    const d = await t.deal('admin', { customerId: customer, stageId: t.stage[stage] });
    expect(d.probability).toBe(p);
  });

  it('follows the stage on moves unless overridden; null returns to the default', async () => {
    const d = await t.deal('admin', { customerId: customer });
    const moved = await t.ok('admin', 'deals:moveStage', { id: d.id, version: d.version, stageId: t.stage['方案报价'] });
    expect(moved.probability).toBe(50);
    const overridden = await t.ok('admin', 'deals:update', { id: d.id, version: moved.version, patch: { probability: 65 } });
    expect(overridden).toMatchObject({ probability: 65, probabilityOverridden: true });
    const moved2 = await t.ok('admin', 'deals:moveStage', { id: d.id, version: overridden.version, stageId: t.stage['谈判签约'] });
    expect(moved2.probability).toBe(65);
    const back = await t.ok('admin', 'deals:update', { id: d.id, version: moved2.version, patch: { probability: null } });
    expect(back).toMatchObject({ probability: 80, probabilityOverridden: false });
  });

  it('a created deal with an explicit probability keeps it', async () => {
    const d = await t.deal('admin', { customerId: customer, probability: 42 });
    expect(d).toMatchObject({ probability: 42, probabilityOverridden: true });
  });

  it('cannot be created in a won/lost stage, for an unknown customer, or without a name', async () => {
    const won = await t.call('admin', 'deals:create', { name: 'x', customerId: customer, stageId: t.stage['赢单'] });
    expect(won.ok || won.error.code).toBe('INVALID_INPUT');
    const noCustomer = await t.call('admin', 'deals:create', { name: 'x', customerId: 99999 });
    expect(!noCustomer.ok && noCustomer.error.details).toMatchObject({ fieldErrors: { customerId: expect.stringContaining('客户') } });
    const noName = await t.call('admin', 'deals:create', { name: '  ', customerId: customer });
    expect(!noName.ok && noName.error.details).toMatchObject({ fieldErrors: { name: '请填写商机名称' } });
  });
});

describe('line items and amounts', () => {
  it('stores rounded line totals; amountSource items keeps the amount equal to their sum', async () => {
    const d = await t.deal('admin', {
      customerId: customer,
      amountSource: 'items',
      items: [
        { product: '龙井 500g', quantity: 7, unitPriceFen: 333, discountBp: 1250 }, // 2039.625 → 2040
        { product: '碧螺春', quantity: 2, unitPriceFen: 1999 },
      ],
    });
    expect(d.amountFen).toBe(2040 + 3998);
    const got = await t.ok('admin', 'deals:get', { id: d.id });
    expect(got.items.map((i) => i.totalFen)).toEqual([2040, 3998]);
    const upd = await t.ok('admin', 'deals:update', { id: d.id, version: d.version, patch: { items: [{ product: '白茶', quantity: 3, unitPriceFen: 10000, discountBp: 3333 }] } });
    expect(upd.amountFen).toBe(20001); // 30000 × 0.6667 = 20001
    const manual = await t.ok('admin', 'deals:update', { id: d.id, version: upd.version, patch: { amountSource: 'manual', amountFen: 50000 } });
    expect(manual.amountFen).toBe(50000);
  });

  it('rejects non-integer money and names the bad item field', async () => {
    const float = await t.call('admin', 'deals:create', { name: 'x', customerId: customer, amountFen: 12.5 });
    expect(!float.ok && float.error.code).toBe('INVALID_INPUT');
    const bad = await t.call('admin', 'deals:create', { name: 'x', customerId: customer, items: [{ product: ' ', quantity: 1, unitPriceFen: 1 }] });
    expect(!bad.ok && bad.error.details).toMatchObject({ fieldErrors: { 'items.0.product': '请填写产品名称' } });
  });
});

describe('updates: versions and the contract-term history', () => {
  it('answers CONFLICT for a stale version, with the current record', async () => {
    const d = await t.deal('admin', { customerId: customer });
    await t.ok('admin', 'deals:update', { id: d.id, version: d.version, patch: { name: '改名' } });
    const stale = await t.call('admin', 'deals:update', { id: d.id, version: d.version, patch: { name: '又改名' } });
    expect(!stale.ok && stale.error.code).toBe('CONFLICT');
    expect(!stale.ok && stale.error.details).toMatchObject({ current: { name: '改名', version: d.version + 1 } });
  });

  it('keeps who changed the contract terms, when, old and new', async () => {
    const d = await t.deal('admin', { customerId: customer, contractTerms: '预付 30%' });
    t.clock.advance(60_000);
    const u1 = await t.ok('manager', 'deals:update', { id: d.id, version: d.version, patch: { contractTerms: '预付 50%，余款 30 天' } });
    t.clock.advance(60_000);
    await t.ok('admin', 'deals:update', { id: d.id, version: u1.version, patch: { contractTerms: '预付 50%，余款 60 天' } });
    const got = await t.ok('admin', 'deals:get', { id: d.id });
    expect(got.termsHistory.map((h) => [h.userName, h.old, h.new])).toEqual([
      ['王老板', '预付 50%，余款 30 天', '预付 50%，余款 60 天'],
      ['钱经理', '预付 30%', '预付 50%，余款 30 天'],
      ['王老板', null, '预付 30%'],
    ]);
    expect(Date.parse(got.termsHistory[0].at) - Date.parse(got.termsHistory[1].at)).toBe(60_000);
    expect(verifyAuditChain(t.app.context.db).ok).toBe(true);
  });

  it('a patch that changes nothing writes no audit row and keeps the version', async () => {
    const d = await t.deal('admin', { customerId: customer, name: '同名' });
    const n = auditCount(t);
    const same = await t.ok('admin', 'deals:update', { id: d.id, version: d.version, patch: { name: '同名' } });
    expect(same.version).toBe(d.version);
    expect(auditCount(t)).toBe(n);
  });
});

describe('stage history for reports', () => {
  it('records every move with its time so the time in each stage can be computed', async () => {
    const d = await t.deal('admin', { customerId: customer });
    t.clock.advance(2 * 86_400_000);
    const m1 = await t.ok('admin', 'deals:moveStage', { id: d.id, version: d.version, stageId: t.stage['需求确认'] });
    t.clock.advance(5 * 86_400_000);
    const m2 = await t.ok('admin', 'deals:moveStage', { id: d.id, version: m1.version, stageId: t.stage['谈判签约'] });
    t.clock.advance(86_400_000);
    await t.ok('admin', 'deals:close', { id: d.id, version: m2.version, result: 'won', amount: 500000, closedAt: '2026-11-30' });
    const got = await t.ok('admin', 'deals:get', { id: d.id });
    expect(got.stageHistory.map((h) => [h.fromStageName, h.toStageName, h.durationMs])).toEqual([
      [null, '初步接触', 2 * 86_400_000],
      ['初步接触', '需求确认', 5 * 86_400_000],
      ['需求确认', '谈判签约', 86_400_000],
      ['谈判签约', '赢单', null],
    ]);
    // the raw rows a report reads: time in stage = next row's at − this row's at
    const rows = t.app.context.db
      .prepare('SELECT to_stage_id, at FROM deal_stage_history WHERE deal_id = ? ORDER BY at, id')
      .all(d.id) as { to_stage_id: number; at: string }[];
    expect(rows.map((r) => r.to_stage_id)).toEqual([t.stage['初步接触'], t.stage['需求确认'], t.stage['谈判签约'], t.stage['赢单']]);
  });

  it('a move to a won/lost stage is refused (closing has its own rules)', async () => {
    const d = await t.deal('admin', { customerId: customer });
    const r = await t.call('admin', 'deals:moveStage', { id: d.id, version: d.version, stageId: t.stage['赢单'] });
    expect(!r.ok && r.error.details).toMatchObject({ fieldErrors: { stageId: expect.stringContaining('结单') } });
  });
});

describe('closing (结单)', () => {
  it('won needs the final amount and the close date', async () => {
    const d = await t.deal('admin', { customerId: customer });
    const r = await t.call('admin', 'deals:close', { id: d.id, version: d.version, result: 'won' });
    expect(!r.ok && r.error.details).toMatchObject({ fieldErrors: { amount: '请填写最终成交金额', closedAt: '请填写成交日期' } });
  });

  it('won refuses a close date after today (field error, nothing written); today is fine', async () => {
    const d = await t.deal('admin', { customerId: customer, amountFen: 100 });
    const audits = auditCount(t);
    // the fake clock is 2026-11-22 06:00 UTC: a day after today is in the future
    const now = t.clock.now();
    const day = (offset: number) => {
      const x = new Date(now.getFullYear(), now.getMonth(), now.getDate() + offset);
      return `${x.getFullYear()}-${String(x.getMonth() + 1).padStart(2, '0')}-${String(x.getDate()).padStart(2, '0')}`;
    };
    const future = await t.call('admin', 'deals:close', { id: d.id, version: d.version, result: 'won', amount: 500, closedAt: '2030-01-01' });
    expect(!future.ok && future.error.details).toMatchObject({ fieldErrors: { closedAt: '成交日期不能晚于今天' } });
    // the day after the later of this computer's today and the reports' (UTC+8) today
    const reportTomorrow = new Date(now.getTime() + 8 * 3_600_000 + 86_400_000).toISOString().slice(0, 10);
    const tomorrow = await t.call('admin', 'deals:close', { id: d.id, version: d.version, result: 'won', amount: 500, closedAt: [day(1), reportTomorrow].sort()[1] });
    expect(!tomorrow.ok && tomorrow.error.details).toMatchObject({ fieldErrors: { closedAt: '成交日期不能晚于今天' } });
    const later = new Date(now.getTime() + 3 * 86_400_000).toISOString();
    const asTime = await t.call('admin', 'deals:close', { id: d.id, version: d.version, result: 'won', amount: 500, closedAt: later });
    expect(asTime.ok).toBe(false);
    const still = await t.ok('admin', 'deals:get', { id: d.id });
    expect(still.deal).toMatchObject({ status: 'open', version: d.version, closedAt: null });
    expect(auditCount(t)).toBe(audits);
    const today = await t.ok('admin', 'deals:close', { id: d.id, version: d.version, result: 'won', amount: 500, closedAt: day(0) });
    expect(today.status).toBe('won');
  });

  it("won accepts the reports' today when it is ahead of this computer's (a window in the reports' zone near midnight)", async () => {
    const saved = t.clock.now().toISOString();
    try {
      // 20:00 UTC: already the 23rd in the reports' zone (UTC+8, the default), the 22nd on a UTC machine
      t.clock.set('2026-11-22T20:00:00.000Z');
      const d = await t.deal('admin', { customerId: customer, amountFen: 100 });
      const after = await t.call('admin', 'deals:close', { id: d.id, version: d.version, result: 'won', amount: 500, closedAt: '2026-11-24' });
      expect(!after.ok && after.error.details).toMatchObject({ fieldErrors: { closedAt: '成交日期不能晚于今天' } });
      const won = await t.ok('admin', 'deals:close', { id: d.id, version: d.version, result: 'won', amount: 500, closedAt: '2026-11-23' });
      expect(won.status).toBe('won');
    } finally {
      t.clock.set(saved);
    }
  });

  it('won stores amount, close date, moves to 赢单 (100%) and can mark the customer 已成交 (audited)', async () => {
    const d = await t.deal('admin', { customerId: customer, stageId: t.stage['谈判签约'], amountFen: 100 });
    const closed = await t.ok('admin', 'deals:close', { id: d.id, version: d.version, result: 'won', amount: 8_888_800, closedAt: '2026-11-20', setCustomerWon: true });
    expect(closed).toMatchObject({ status: 'won', stageId: t.stage['赢单'], probability: 100, amountFen: 8_888_800, reopenStageId: t.stage['谈判签约'] });
    expect(new Date(closed.closedAt!).getDate()).toBe(20); // the picked local day
    const c = t.app.context.db.prepare('SELECT status, version FROM customers WHERE id = ?').get(customer) as { status: string; version: number };
    expect(c).toEqual({ status: 'won', version: 2 });
    const audit = t.app.context.db.prepare("SELECT changes FROM audit_log WHERE entity = 'customer' AND entity_id = ?").get(customer) as { changes: string };
    // the deal's id marks the change as this deal's (reopening finds it by that: reopenStatus.test.ts)
    expect(JSON.parse(audit.changes)).toEqual([{ field: 'status', old: 'following', new: 'won', wonByDeal: d.id }]);
  });

  it('lost needs a reason from the list (or its text) and moves to 输单 (0%)', async () => {
    const d = await t.deal('admin', { customerId: customer });
    const none = await t.call('admin', 'deals:close', { id: d.id, version: d.version, result: 'lost' });
    expect(!none.ok && none.error.details).toMatchObject({ fieldErrors: { lossReasonId: '请选择输单原因' } });
    const { reasons } = await t.ok('admin', 'lossReasons:list');
    const price = reasons.find((r) => r.name === '价格太高')!;
    const lost = await t.ok('admin', 'deals:close', { id: d.id, version: d.version, result: 'lost', lossReasonId: price.id, reason: '对方预算只有一半' });
    expect(lost).toMatchObject({ status: 'lost', stageId: t.stage['输单'], probability: 0, lossReasonName: '价格太高', closeReason: '对方预算只有一半' });
    const d2 = await t.deal('admin', { customerId: customer });
    const byText = await t.ok('admin', 'deals:close', { id: d2.id, version: d2.version, result: 'lost', reason: '选择了竞争对手' });
    expect(byText.lossReasonName).toBe('选择了竞争对手');
  });
});

describe('closed deals are locked on every edit channel', () => {
  for (const result of ['won', 'lost'] as const) {
    it(`${result}: update, items, moveStage, close, delete all answer LOCKED and say how to reopen`, async () => {
      const d = await t.deal('admin', { customerId: customer });
      const closed = await t.ok('admin', 'deals:close', { id: d.id, version: d.version, result, amount: 100, closedAt: '2026-11-20', reason: '其他' });
      const v = closed.version;
      const attempts = [
        t.call('admin', 'deals:update', { id: d.id, version: v, patch: { name: '改' } }),
        t.call('admin', 'deals:update', { id: d.id, version: v, patch: { contractTerms: '新条款' } }),
        t.call('admin', 'deals:update', { id: d.id, version: v, patch: { items: [{ product: 'p', quantity: 1, unitPriceFen: 1 }] } }),
        t.call('admin', 'deals:moveStage', { id: d.id, version: v, stageId: t.stage['需求确认'] }),
        t.call('admin', 'deals:close', { id: d.id, version: v, result: 'won', amount: 1, closedAt: '2026-11-21' }),
        t.call('admin', 'deals:delete', { ids: [d.id] }),
        // a stale version on a closed deal is still LOCKED: the lock is the actionable answer
        t.call('admin', 'deals:update', { id: d.id, version: 1, patch: { name: '改' } }),
      ];
      const before = auditCount(t);
      for (const r of await Promise.all(attempts)) {
        expect(r.ok).toBe(false);
        if (!r.ok) {
          expect(r.error.code).toBe('LOCKED');
          expect(r.error.message).toContain('撤销结单');
        }
      }
      expect(auditCount(t)).toBe(before);
      const got = await t.ok('admin', 'deals:get', { id: d.id });
      expect(got.locked).toBe(true);
      expect(got.deal.version).toBe(v);
    });
  }
});

describe('reopening (撤销结单)', () => {
  it('needs deals.reopen: the sales role is FORBIDDEN, the manager and admin may', async () => {
    const d = await t.deal('rep1', { customerId: t.addCustomer('rep1 的客户', t.ids.rep1) });
    await t.ok('rep1', 'deals:close', { id: d.id, version: d.version, result: 'won', amount: 100, closedAt: '2026-11-20' });
    const r = await t.call('rep1', 'deals:reopen', { id: d.id, reason: '点错了' });
    expect(!r.ok && r.error).toMatchObject({ code: 'FORBIDDEN', details: { permission: 'deals.reopen' } });
    expect(r.ok || r.error.message).toContain('撤销结单');
    const again = await t.ok('manager', 'deals:reopen', { id: d.id, reason: '点错了' });
    expect(again.status).toBe('open');
  });

  it('requires a reason, restores the previous stage and its probability, and is audited with the reason', async () => {
    const d = await t.deal('admin', { customerId: customer, stageId: t.stage['方案报价'] });
    const closed = await t.ok('admin', 'deals:close', { id: d.id, version: d.version, result: 'won', amount: 990000, closedAt: '2026-11-20' });
    const noReason = await t.call('admin', 'deals:reopen', { id: d.id, reason: '  ' });
    expect(!noReason.ok && noReason.error.details).toMatchObject({ fieldErrors: { reason: '请填写撤销结单的原因' } });
    const reopened = await t.ok('admin', 'deals:reopen', { id: d.id, reason: '客户要求更改付款条款' });
    expect(reopened).toMatchObject({ status: 'open', stageId: t.stage['方案报价'], probability: 50, closedAt: null, reopenStageId: null, amountFen: 990000 });
    expect(reopened.version).toBe(closed.version + 1);
    const audit = t.app.context.db.prepare("SELECT user_name, summary, changes FROM audit_log WHERE action = 'deal.reopen'").get() as { user_name: string; summary: string; changes: string };
    expect(audit.summary).toBe('客户要求更改付款条款');
    expect(audit.user_name).toBe('王老板');
    expect(JSON.parse(audit.changes)).toContainEqual({ field: 'status', old: 'won', new: 'open' });
    // editable again
    await t.ok('admin', 'deals:update', { id: d.id, version: reopened.version, patch: { contractTerms: '改为月结' } });
    const got = await t.ok('admin', 'deals:get', { id: d.id });
    expect(got.stageHistory.map((h) => h.toStageName)).toEqual(['方案报价', '赢单', '方案报价']);
    expect(got.history.map((h) => h.action)).toEqual(['deal.update', 'deal.reopen', 'deal.closeWon', 'deal.create']);
  });

  it('an open deal cannot be reopened', async () => {
    const d = await t.deal('admin', { customerId: customer });
    const r = await t.call('admin', 'deals:reopen', { id: d.id, reason: 'x' });
    expect(!r.ok && r.error.code).toBe('CONFLICT');
  });
});
