// Follow-ups: saving one keeps the customer's last/next follow-up dates right (same transaction, audited),
// a next time becomes a reminder for the owner, and scope/validation hold.
import { afterEach, describe, expect, it } from 'vitest';
import { openWorld, iso, HOUR, DAY, type World } from '../reminders/support';
import { TEXT_SCAN_WINDOW, TOTAL_CAP } from '../../../main/services/followUps/queries';

let w: World;
afterEach(() => w?.close());

const dates = (w: World, id: number) =>
  w.sql<{ last_follow_up_at: string | null; next_follow_up_at: string | null; version: number }>(
    'SELECT last_follow_up_at, next_follow_up_at, version FROM customers WHERE id = ?',
    id,
  )[0];

describe('customer dates', () => {
  it('a follow-up with a next time sets last/next dates and creates a reminder for its owner, all audited', async () => {
    w = await openWorld();
    const c = w.customer('上海浦东物流', 1);
    const at = iso(w.clock, -2 * HOUR);
    const nextAt = iso(w.clock, 3 * DAY);
    const f = await w.ok('admin', 'followUps:create', { customerId: c, at, method: '电话', content: '介绍新报价', result: '有兴趣', nextStep: '发送合同草稿', nextAt });
    expect(f.ownerId).toBe(1);
    expect(f.reminderId).not.toBeNull();
    expect(dates(w, c)).toEqual({ last_follow_up_at: at, next_follow_up_at: nextAt, version: 1 });
    const reminders = w.sql<{ user_id: number; due_at: string; content: string; source: string; follow_up_id: number }>(
      'SELECT user_id, due_at, content, source, follow_up_id FROM reminders',
    );
    expect(reminders).toEqual([{ user_id: 1, due_at: nextAt, content: '发送合同草稿', source: 'followUp', follow_up_id: f.id }]);
    const audit = w.sql<{ action: string; changes: string }>("SELECT action, changes FROM audit_log WHERE action NOT LIKE 'auth.%' ORDER BY id");
    expect(audit.map((a) => a.action)).toEqual(['followUp.create', 'reminder.create', 'customer.followUpDates']);
    expect(JSON.parse(audit[2].changes)).toEqual([
      { field: 'lastFollowUpAt', old: null, new: at },
      { field: 'nextFollowUpAt', old: null, new: nextAt },
    ]);
  });

  it('last = latest live follow-up; deleting it falls back; next = earliest future next time with an open reminder', async () => {
    w = await openWorld();
    const c = w.customer('苏州园林设计', 1);
    const older = iso(w.clock, -5 * DAY);
    const newer = iso(w.clock, -1 * DAY);
    const f1 = await w.ok('admin', 'followUps:create', { customerId: c, at: newer, method: '微信', content: '新的', nextAt: iso(w.clock, 2 * DAY) });
    await w.ok('admin', 'followUps:create', { customerId: c, at: older, method: '拜访', content: '旧的（补录）', nextAt: iso(w.clock, 7 * DAY) });
    expect(dates(w, c).last_follow_up_at).toBe(newer); // a back-dated entry does not move "last" backwards
    expect(dates(w, c).next_follow_up_at).toBe(iso(w.clock, 2 * DAY));

    // completing the 2-day reminder: the next planned contact is the 7-day one
    await w.ok('admin', 'reminders:complete', { id: f1.reminderId! });
    expect(dates(w, c).next_follow_up_at).toBe(iso(w.clock, 7 * DAY));

    await w.ok('admin', 'followUps:delete', { ids: [f1.id] });
    expect(dates(w, c).last_follow_up_at).toBe(older);
    // time passes beyond the 7-day plan: a recompute (any save) drops past next times
    w.clock.advance(8 * DAY);
    await w.ok('admin', 'followUps:create', { customerId: c, method: '电话', content: '又联系了' });
    expect(dates(w, c)).toMatchObject({ last_follow_up_at: iso(w.clock, 0), next_follow_up_at: null });
  });

  it('editing nextAt moves the reminder; clearing it cancels the reminder; deleting cancels it too', async () => {
    w = await openWorld();
    const c = w.customer('宁波港贸易', 1);
    const f = await w.ok('admin', 'followUps:create', { customerId: c, method: '邮件', content: '报价单', nextAt: iso(w.clock, DAY) });
    const moved = await w.ok('admin', 'followUps:update', { id: f.id, version: f.version, patch: { nextAt: iso(w.clock, 4 * DAY) } });
    expect(moved.reminderId).toBe(f.reminderId);
    expect(w.sql('SELECT due_at FROM reminders WHERE id = ?', f.reminderId)).toEqual([{ due_at: iso(w.clock, 4 * DAY) }]);
    expect(dates(w, c).next_follow_up_at).toBe(iso(w.clock, 4 * DAY));

    const cleared = await w.ok('admin', 'followUps:update', { id: f.id, version: moved.version, patch: { nextAt: null } });
    expect(cleared.reminderId).toBeNull();
    expect(w.sql('SELECT status FROM reminders WHERE id = ?', f.reminderId)).toEqual([{ status: 'cancelled' }]);
    expect(dates(w, c).next_follow_up_at).toBeNull();

    const again = await w.ok('admin', 'followUps:update', { id: f.id, version: cleared.version, patch: { nextAt: iso(w.clock, 2 * DAY) } });
    expect(again.reminderId).not.toBe(f.reminderId);
    await w.ok('admin', 'followUps:delete', { ids: [f.id] });
    expect(w.sql("SELECT count(*) AS n FROM reminders WHERE status = 'pending'")).toEqual([{ n: 0 }]);
    expect(dates(w, c)).toMatchObject({ last_follow_up_at: null, next_follow_up_at: null });
    expect((await w.ok('admin', 'followUps:list', { filter: { customerId: c } })).rows).toHaveLength(0);
  });

  it('a stale version is a CONFLICT carrying the current record', async () => {
    w = await openWorld();
    const c = w.customer('温州鞋业', 1);
    const f = await w.ok('admin', 'followUps:create', { customerId: c, method: '电话', content: 'v1' });
    await w.ok('admin', 'followUps:update', { id: f.id, version: 1, patch: { content: 'v2' } });
    const env = await w.call('admin', 'followUps:update', { id: f.id, version: 1, patch: { content: 'v3' } });
    expect(env.ok).toBe(false);
    if (!env.ok) {
      expect(env.error.code).toBe('CONFLICT');
      expect((env.error.details as { current: { content: string } }).current.content).toBe('v2');
    }
  });
});

describe('validation and scope', () => {
  it('answers field errors in the user\'s language: unknown method, future time, past next time, deal of another customer', async () => {
    w = await openWorld();
    const c = w.customer('A 公司', 1);
    const other = w.customer('B 公司', 1);
    const deal = w.deal('B 的商机', other, 1);
    const env = await w.call('admin', 'followUps:create', {
      customerId: c,
      method: '飞鸽传书',
      content: 'x',
      at: iso(w.clock, DAY),
      nextAt: iso(w.clock, -HOUR),
      dealId: deal,
    });
    expect(env.ok).toBe(false);
    if (!env.ok) {
      expect(env.error.code).toBe('INVALID_INPUT');
      expect((env.error.details as { fieldErrors: Record<string, string> }).fieldErrors).toEqual({
        method: '请选择列表中的跟进方式。',
        at: '跟进时间不能晚于现在；以后的跟进请填写“下次跟进时间”。',
        nextAt: '下次跟进时间必须晚于现在。',
        dealId: '这个商机不属于所选客户。',
      });
    }
    const empty = await w.call('admin', 'followUps:create', { customerId: c, method: '电话', content: '   ' });
    expect(empty.ok).toBe(false);
    if (!empty.ok) expect((empty.error.details as { fieldErrors: Record<string, string> }).fieldErrors.content).toBe('必填');
    expect(w.sql('SELECT id FROM follow_ups')).toHaveLength(0);
  });

  it('a sales rep logs follow-ups only on customers in scope and sees only those', async () => {
    w = await openWorld();
    const rep = w.user('rep', 'sales', '小李');
    const mgr = w.user('mgr', 'manager', '赵经理');
    const mine = w.customer('小李的客户', rep);
    const theirs = w.customer('经理的客户', mgr);
    const pool = w.customer('公海客户', null);
    await w.ok('rep', 'followUps:create', { customerId: mine, method: '电话', content: '我的' });
    await w.ok('mgr', 'followUps:create', { customerId: theirs, method: '电话', content: '经理的' });
    const denied = await w.call('rep', 'followUps:create', { customerId: theirs, method: '电话', content: 'x' });
    expect(denied.ok).toBe(false);
    if (!denied.ok) expect(denied.error.code).toBe('NOT_FOUND');
    await w.ok('rep', 'followUps:create', { customerId: pool, method: '微信', content: '公海里的' });
    expect((await w.ok('rep', 'followUps:list')).rows.map((r) => r.content).sort()).toEqual(['公海里的', '我的']);
    expect((await w.ok('mgr', 'followUps:list')).rows).toHaveLength(3);
    // only managers may record for someone else
    const forOther = await w.call('rep', 'followUps:create', { customerId: mine, method: '电话', content: 'x', ownerId: mgr });
    expect(forOther.ok).toBe(false);
    const byMgr = await w.ok('mgr', 'followUps:create', { customerId: mine, method: '拜访', content: '经理替小李记', ownerId: rep, nextAt: iso(w.clock, DAY) });
    expect(w.sql('SELECT user_id FROM reminders WHERE follow_up_id = ?', byMgr.id)).toEqual([{ user_id: rep }]);
    // deleting needs followUps.delete, which sales reps lack
    const del = await w.call('rep', 'followUps:delete', { ids: [byMgr.id] });
    expect(del.ok).toBe(false);
    if (!del.ok) expect(del.error.code).toBe('FORBIDDEN');
  });
});

describe('list', () => {
  it('filters by owner, method, date range, customer, deal and text, newest first, with keyset pages', async () => {
    w = await openWorld();
    const rep = w.user('rep', 'sales', '小李');
    const c1 = w.customer('甲', 1);
    const c2 = w.customer('乙', rep);
    const d = w.deal('乙的商机', c2, rep);
    for (let i = 0; i < 7; i++) {
      await w.ok('admin', 'followUps:create', { customerId: i % 2 ? c1 : c2, method: i % 3 ? '电话' : '拜访', content: `第${i}次`, at: iso(w.clock, -(7 - i) * DAY), ...(i % 2 ? {} : { dealId: d }) });
    }
    await w.ok('rep', 'followUps:create', { customerId: c2, method: '微信', content: '小李的记录' });
    const all = await w.ok('admin', 'followUps:list', { limit: 3, withTotal: true });
    expect(all.total).toBe(8);
    expect(all.rows.map((r) => r.content)).toEqual(['小李的记录', '第6次', '第5次']);
    const page2 = await w.ok('admin', 'followUps:list', { limit: 3, cursor: all.nextCursor });
    expect(page2.rows.map((r) => r.content)).toEqual(['第4次', '第3次', '第2次']);
    const page3 = await w.ok('admin', 'followUps:list', { limit: 3, cursor: page2.nextCursor });
    expect(page3.rows.map((r) => r.content)).toEqual(['第1次', '第0次']);
    expect(page3.nextCursor).toBeNull();

    const f = (filter: object) => w.ok('admin', 'followUps:list', { filter }).then((r) => r.rows.map((x) => x.content));
    expect(await f({ ownerIds: [rep] })).toEqual(['小李的记录']);
    expect(await f({ methods: ['拜访'] })).toEqual(['第6次', '第3次', '第0次']);
    expect(await f({ customerId: c1 })).toEqual(['第5次', '第3次', '第1次']);
    expect(await f({ dealId: d })).toEqual(['第6次', '第4次', '第2次', '第0次']);
    expect(await f({ from: iso(w.clock, -3 * DAY - 1), to: iso(w.clock, -DAY + 1) })).toEqual(['第6次', '第5次', '第4次']);
    expect(await f({ query: '小李' })).toEqual(['小李的记录']);
    expect(await f({ query: '%' })).toEqual([]); // LIKE wildcards are literal
    expect(all.totalCapped).toBe(false);
  });

  it('counts the total up to 1,000 and then says "more than"; scope and deleted customers still hold', async () => {
    w = await openWorld();
    const rep = w.user('rep', 'sales', '小李');
    const mine = w.customer('我的', rep);
    const other = w.customer('别人的', 1);
    const gone = w.customer('已删除', rep);
    const ins = w.app.context.db.raw.prepare("INSERT INTO follow_ups (customer_id, owner_id, at, method, content, created_at, updated_at) VALUES (?, ?, ?, '电话', ?, ?, ?)");
    const at = (i: number) => iso(w.clock, -i * 60_000);
    w.app.context.db.tx(() => {
      for (let i = 0; i < TOTAL_CAP + 5; i++) ins.run(mine, rep, at(i), `第${i}次`, at(i), at(i));
      for (let i = 0; i < 7; i++) ins.run(other, 1, at(i), `别人${i}`, at(i), at(i));
      for (let i = 0; i < 3; i++) ins.run(gone, rep, at(i), `删${i}`, at(i), at(i));
    });
    w.run('UPDATE customers SET deleted_at = ? WHERE id = ?', iso(w.clock, 0), gone);
    const admin = await w.ok('admin', 'followUps:list', { limit: 10, withTotal: true });
    expect([admin.total, admin.totalCapped]).toEqual([TOTAL_CAP, true]);
    const repList = await w.ok('rep', 'followUps:list', { limit: 10, withTotal: true });
    expect([repList.total, repList.totalCapped]).toEqual([TOTAL_CAP, true]);
    expect(repList.rows.every((r) => r.customerName === '我的')).toBe(true);
    // below the cap: exact, and neither another owner's nor a deleted customer's follow-ups count for the rep
    const few = await w.ok('rep', 'followUps:list', { limit: 10, withTotal: true, filter: { query: '第100' } });
    expect([few.total, few.totalCapped]).toEqual([6, false]); // 第100 and 第1000–第1004
    expect((await w.ok('admin', 'followUps:list', { withTotal: true, filter: { customerId: other } })).total).toBe(7);
    expect((await w.ok('admin', 'followUps:list', { withTotal: true, filter: { customerId: gone } })).rows).toEqual([]);
  });
});

/** More follow-ups than one window reads; the word 龙井 only in the newest and the oldest. */
async function teaShop() {
  w = await openWorld();
  const c = w.customer('茶叶店', 1);
  const ins = w.app.context.db.raw.prepare("INSERT INTO follow_ups (customer_id, owner_id, at, method, content, created_at, updated_at) VALUES (?, 1, ?, '电话', ?, ?, ?)");
  const at = (i: number) => iso(w.clock, -i * 60_000);
  const n = TEXT_SCAN_WINDOW + 20;
  w.app.context.db.tx(() => {
    for (let i = 0; i < n; i++) ins.run(c, at(i), i === n - 1 ? '寄了龙井样品' : i === 0 ? '龙井报价' : `例行回访${i}`, at(i), at(i));
  });
  return { at };
}

describe('text search over many follow-ups', () => {
  it('with the text index filled, one call answers over all follow-ups with the exact total', async () => {
    await teaShop();
    const first = await w.ok('admin', 'followUps:list', { filter: { query: '龙井' }, limit: 50, withTotal: true });
    expect(first.rows.map((r) => r.content)).toEqual(['龙井报价', '寄了龙井样品']);
    expect([first.total, first.totalCapped, first.searchedTo, first.nextCursor]).toEqual([2, false, null, null]);
    const none = await w.ok('admin', 'followUps:list', { filter: { query: '铁观音' }, limit: 50, withTotal: true });
    expect([none.rows.length, none.total, none.totalCapped, none.searchedTo, none.nextCursor]).toEqual([0, 0, false, null, null]);
  });

  it('before the text index is filled: reads a bounded window per call, says how far back it got, and the cursor goes on to the rest', async () => {
    const { at } = await teaShop();
    // as right after the upgrade to schema 18: the follow-ups are pending for the fill worker (textFill.ts)
    w.run('UPDATE follow_up_text_fill SET next_id = (SELECT min(id) FROM follow_ups), end_id = (SELECT max(id) + 1 FROM follow_ups)');
    const first = await w.ok('admin', 'followUps:list', { filter: { query: '龙井' }, limit: 50, withTotal: true });
    expect(first.rows.map((r) => r.content)).toEqual(['龙井报价']);
    expect([first.total, first.totalCapped]).toEqual([1, true]); // at least 1: older ones not looked at yet
    expect(first.searchedTo).toBe(at(TEXT_SCAN_WINDOW - 1));
    expect(first.nextCursor).not.toBeNull();
    const rest = await w.ok('admin', 'followUps:list', { filter: { query: '龙井' }, limit: 50, cursor: first.nextCursor });
    expect(rest.rows.map((r) => r.content)).toEqual(['寄了龙井样品']);
    expect([rest.nextCursor, rest.searchedTo]).toEqual([null, null]);
    // a word on every row fills the page inside the window: an ordinary page, no searchedTo
    const common = await w.ok('admin', 'followUps:list', { filter: { query: '回访' }, limit: 50 });
    expect(common.rows).toHaveLength(50);
    expect(common.searchedTo).toBeNull();
    // without text nothing is windowed
    const plain = await w.ok('admin', 'followUps:list', { limit: 50, withTotal: true });
    expect([plain.total, plain.totalCapped, plain.searchedTo]).toEqual([TOTAL_CAP, true, null]);
  });
});

describe('methods', () => {
  it('offers the default list; an admin edits it; a rep may not; old follow-ups keep their method', async () => {
    w = await openWorld();
    w.user('rep', 'sales');
    expect((await w.ok('rep', 'followUps:methods')).methods).toEqual(['电话', '微信', '邮件', '短信', '拜访', '活动', '其他']);
    const c = w.customer('丙', 1);
    await w.ok('admin', 'followUps:create', { customerId: c, method: '短信', content: '旧方式' });
    const denied = await w.call('rep', 'followUps:setMethods', { methods: ['电话'] });
    expect(denied.ok).toBe(false);
    const set = await w.ok('admin', 'followUps:setMethods', { methods: [' 电话 ', '微信', '抖音私信', '电话'] });
    expect(set.methods).toEqual(['电话', '微信', '抖音私信']);
    expect((await w.ok('admin', 'followUps:list')).rows[0].method).toBe('短信');
    expect((await w.call('admin', 'followUps:create', { customerId: c, method: '短信', content: 'x' })).ok).toBe(false);
    expect((await w.call('admin', 'followUps:create', { customerId: c, method: '抖音私信', content: 'x' })).ok).toBe(true);
    expect(w.sql("SELECT action FROM audit_log WHERE action = 'settings.followUpMethods'")).toHaveLength(1);
  });
});
