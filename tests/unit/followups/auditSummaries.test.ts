// The audit summaries of a follow-up's reminder (created, next time cleared, cancelled with a deleted follow-up)
// and of a fired reminder are written in the app's language at the time (stored text: they keep it).
import { afterEach, describe, expect, it } from 'vitest';
import { openWorld, iso, HOUR, DAY, type World } from '../reminders/support';
import { verifyAuditChain } from '../../../main/services/audit/record';

let w: World;
afterEach(() => w?.close());

const summaries = (action: string) => w.sql<{ summary: string }>('SELECT summary FROM audit_log WHERE action = ? ORDER BY id', action).map((r) => r.summary);

/** create a follow-up with a next time, clear that time, then create another one and delete it */
async function reminderLifecycle(customer: string) {
  const c = w.customer(customer, 1);
  const f = await w.ok('admin', 'followUps:create', { customerId: c, at: iso(w.clock, -HOUR), method: '电话', content: '谈报价', nextAt: iso(w.clock, DAY) });
  await w.ok('admin', 'followUps:update', { id: f.id, version: f.version, patch: { nextAt: null } });
  const g = await w.ok('admin', 'followUps:create', { customerId: c, at: iso(w.clock, -HOUR), method: '微信', content: '再约', nextAt: iso(w.clock, 2 * DAY) });
  await w.ok('admin', 'followUps:delete', { ids: [g.id] });
  return { f, g };
}

describe('follow-up reminder summaries', () => {
  it('zh-CN (the default)', async () => {
    w = await openWorld();
    const { f, g } = await reminderLifecycle('杭州西湖茶业');
    expect(summaries('reminder.create')).toEqual([`跟进记录 ${f.id} 的下次跟进提醒：杭州西湖茶业`, `跟进记录 ${g.id} 的下次跟进提醒：杭州西湖茶业`]);
    expect(summaries('reminder.cancel')).toEqual([`跟进记录 ${f.id}：清除了下次跟进时间`]);
    expect(summaries('followUp.delete')).toEqual(['杭州西湖茶业 · 微信（取消了 1 个提醒）']);
    expect(verifyAuditChain(w.app.context.db).ok).toBe(true);
  });

  it('en', async () => {
    w = await openWorld();
    await w.ok('admin', 'app:setLocale', { locale: 'en' });
    const { f, g } = await reminderLifecycle('Westlake Tea');
    expect(summaries('reminder.create')).toEqual([`next follow-up reminder of follow-up ${f.id}: Westlake Tea`, `next follow-up reminder of follow-up ${g.id}: Westlake Tea`]);
    expect(summaries('reminder.cancel')).toEqual([`follow-up ${f.id}: next time cleared`]);
    expect(summaries('followUp.delete')).toEqual(['Westlake Tea · 微信 (reminders cancelled: 1)']);
  });

  it('a deleted follow-up without a pending reminder says nothing about reminders', async () => {
    w = await openWorld();
    const c = w.customer('无提醒', 1);
    const f = await w.ok('admin', 'followUps:create', { customerId: c, at: iso(w.clock, -HOUR), method: '电话', content: '无下次' });
    await w.ok('admin', 'followUps:delete', { ids: [f.id] });
    expect(summaries('followUp.delete')).toEqual(['无提醒 · 电话']);
  });
});

describe('fired reminder summaries', () => {
  for (const [locale, delivered, missed] of [
    ['zh-CN', '已送达打开的窗口', '用户未登录：下次登录时显示为错过的提醒'],
    ['en', 'delivered to an open window', 'user not logged in: shown as missed at the next login'],
  ] as const) {
    it(`delivered to an open window / missed while logged out (${locale})`, async () => {
      w = await openWorld();
      await w.ok('admin', 'app:setLocale', { locale });
      await w.ok('admin', 'reminders:create', { dueAt: iso(w.clock, HOUR), content: '回电话' });
      await w.ok('admin', 'reminders:create', { dueAt: iso(w.clock, 2 * HOUR), content: '发合同' });
      w.clock.advance(HOUR);
      expect(w.tick().fired).toBe(1);
      await w.ok('admin', 'auth:logout');
      w.clock.advance(HOUR);
      expect(w.tick().fired).toBe(1);
      expect(summaries('reminder.fire')).toEqual([delivered, missed]);
    });
  }
});

describe('automation run summaries', () => {
  it('name the trigger and the record in words of the app language (en)', async () => {
    w = await openWorld();
    await w.ok('admin', 'app:setLocale', { locale: 'en' });
    await w.ok('admin', 'automations:create', {
      name: 'Welcome call',
      trigger: { type: 'customer.created' },
      actions: [{ type: 'createReminder', days: 1, content: 'call {customer}' }],
    });
    const c = await w.ok('admin', 'customers:create', { name: 'Westlake Tea' });
    expect(summaries('automation.run')).toEqual([`Rule "Welcome call" ran (customer is created → customer #${c.id})`]);
  });
});
