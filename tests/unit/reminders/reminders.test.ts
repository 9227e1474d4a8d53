// Reminders fire while the app runs — exactly once, on time, into the bell, the window and the desktop —
// and the ones that came due while the app was closed are reported at the next login, never lost.
import { afterEach, describe, expect, it } from 'vitest';
import { openWorld, iso, HOUR, DAY, type World } from './support';

let w: World;
afterEach(() => w?.close());

const reminderCount = (w: World, where = '1=1') => (w.sql<{ n: number }>(`SELECT count(*) AS n FROM reminders WHERE ${where}`)[0].n);
const notificationsOf = (w: World, userId: number) => w.sql<{ kind: string; title: string; body: string }>('SELECT kind, title, body FROM notifications WHERE user_id = ? ORDER BY id', userId);

describe('firing', () => {
  it('fires a due reminder exactly once: bell notification, window event, desktop notification, audit', async () => {
    w = await openWorld();
    const c = w.customer('杭州西湖茶业', 1);
    const r = await w.ok('admin', 'reminders:create', { dueAt: iso(w.clock, HOUR), content: '回电话确认报价', customerId: c });
    expect(w.tick().fired).toBe(0);
    w.clock.advance(HOUR - 1000);
    expect(w.tick().fired).toBe(0);
    w.clock.advance(1000);
    expect(w.tick().fired).toBe(1);
    expect(w.tick().fired).toBe(0); // a second look does not fire it again
    w.clock.advance(DAY);
    expect(w.tick().fired).toBe(0);

    const row = w.sql<{ fired_at: string; delivered_at: string }>('SELECT fired_at, delivered_at FROM reminders WHERE id = ?', r.id)[0];
    expect(row.fired_at).not.toBeNull();
    expect(row.delivered_at).toBe(row.fired_at); // the admin had an open window
    expect(notificationsOf(w, 1)).toEqual([{ kind: 'reminder', title: '跟进提醒', body: '杭州西湖茶业：回电话确认报价' }]);
    expect(w.events.filter((e) => e.event === 'reminder.fired').map((e) => e.caller)).toEqual(['admin']);
    expect(w.notifier.shown).toEqual([{ caller: 'admin', title: '跟进提醒', body: '杭州西湖茶业：回电话确认报价' }]);
    expect(w.sql("SELECT action FROM audit_log WHERE action = 'reminder.fire'")).toHaveLength(1);
  });

  it('arms its timer for the next due reminder (sooner than the tick interval) and fires from the timer', async () => {
    w = await openWorld();
    expect(w.timers.armedMs).toBe(30_000); // nothing due: the tick interval
    await w.ok('admin', 'reminders:create', { dueAt: iso(w.clock, 5_000), content: '五秒后' });
    expect(w.timers.pending).toHaveLength(1); // re-armed, not a second timer
    expect(w.timers.armedMs).toBe(5_000);
    w.clock.advance(5_000);
    w.timers.fire();
    expect(reminderCount(w, 'fired_at IS NOT NULL')).toBe(1);
    expect(w.timers.armedMs).toBe(30_000);
  });

  it('does not fire completed or cancelled reminders, nor those of customers in the recycle bin', async () => {
    w = await openWorld();
    const a = await w.ok('admin', 'reminders:create', { dueAt: iso(w.clock, HOUR), content: 'a' });
    const b = await w.ok('admin', 'reminders:create', { dueAt: iso(w.clock, HOUR), content: 'b' });
    const gone = w.customer('已删除客户', 1);
    await w.ok('admin', 'reminders:create', { dueAt: iso(w.clock, HOUR), content: 'c', customerId: gone });
    await w.ok('admin', 'reminders:complete', { id: a.id });
    await w.ok('admin', 'reminders:cancel', { id: b.id });
    w.run('UPDATE customers SET deleted_at = ? WHERE id = ?', iso(w.clock, 0), gone);
    w.clock.advance(2 * HOUR);
    expect(w.tick().fired).toBe(0);
    // restored: it fires after all
    w.run('UPDATE customers SET deleted_at = NULL WHERE id = ?', gone);
    expect(w.tick().fired).toBe(1);
  });

  it('fires many due reminders in batches without losing any', async () => {
    w = await openWorld();
    const due = iso(w.clock, HOUR);
    for (let i = 0; i < 450; i++) w.run("INSERT INTO reminders (user_id, due_at, content, created_at, updated_at) VALUES (1, ?, ?, ?, ?)", due, `r${i}`, due, due);
    w.clock.advance(HOUR);
    expect(w.tick().fired).toBe(450);
    expect(reminderCount(w, 'fired_at IS NULL')).toBe(0);
    expect(w.sql('SELECT id FROM notifications')).toHaveLength(450);
  });
});

describe('missed while the app was closed', () => {
  it('fires them at start-up and tells the user at login: "you missed 3 reminders", once', async () => {
    w = await openWorld();
    for (const h of [1, 2, 3]) await w.ok('admin', 'reminders:create', { dueAt: iso(w.clock, h * HOUR), content: `提醒 ${h}` });
    await w.ok('admin', 'reminders:create', { dueAt: iso(w.clock, 10 * HOUR), content: '以后的' });
    const { dataDir, clock } = w;
    await w.shutdown();

    clock.advance(5 * HOUR); // the app was closed for five hours
    w = await openWorld({ dataDir, clock, admin: false });
    // start-up fired them (nobody logged in yet): fired, not delivered
    expect(reminderCount(w, 'fired_at IS NOT NULL AND delivered_at IS NULL')).toBe(3);
    expect(reminderCount(w, 'fired_at IS NULL')).toBe(1);
    expect(w.notifier.shown).toHaveLength(0); // no desktop notification to whoever sits at the screen

    w.login('admin', 1);
    const missed = await w.ok('admin', 'reminders:missed');
    expect(missed.count).toBe(3);
    expect(missed.rows.map((r) => r.content)).toEqual(['提醒 1', '提醒 2', '提醒 3']);
    // they are in the bell as well
    expect(notificationsOf(w, 1)).toHaveLength(3);
    await w.ok('admin', 'reminders:missed', { acknowledge: true });
    expect((await w.ok('admin', 'reminders:missed')).count).toBe(0);
    // still open: the user completes them from the list
    expect((await w.ok('admin', 'reminders:list', { status: 'pending' })).rows).toHaveLength(4);
  });

  it('a reminder that fires while its user is logged out counts as missed for that user only', async () => {
    w = await openWorld();
    const rep = w.user('rep', 'sales', '小李');
    w.app.context.sessions.clear('rep');
    await w.ok('admin', 'reminders:create', { dueAt: iso(w.clock, HOUR), content: '给小李的', userId: rep });
    await w.ok('admin', 'reminders:create', { dueAt: iso(w.clock, HOUR), content: '给自己的' });
    w.clock.advance(HOUR);
    w.tick();
    expect((await w.ok('admin', 'reminders:missed')).count).toBe(0);
    w.login('rep', rep);
    expect((await w.ok('rep', 'reminders:missed')).rows.map((r) => r.content)).toEqual(['给小李的']);
  });
});

describe('snooze, reschedule, complete', () => {
  it('snooze pushes a fired reminder back; it fires again then, and keeps its first due time', async () => {
    w = await openWorld();
    const r = await w.ok('admin', 'reminders:create', { dueAt: iso(w.clock, HOUR), content: '再说' });
    w.clock.advance(HOUR);
    w.tick();
    const s = await w.ok('admin', 'reminders:snooze', { id: r.id, minutes: 15 });
    expect(s.firedAt).toBeNull();
    expect(s.snoozeCount).toBe(1);
    expect(s.originalDueAt).toBe(r.dueAt);
    expect(s.dueAt).toBe(iso(w.clock, 15 * 60_000));
    w.clock.advance(10 * 60_000);
    expect(w.tick().fired).toBe(0);
    w.clock.advance(5 * 60_000);
    expect(w.tick().fired).toBe(1);
    expect(notificationsOf(w, 1)).toHaveLength(2);
    const again = await w.ok('admin', 'reminders:snooze', { id: r.id, until: iso(w.clock, DAY) });
    expect(again.snoozeCount).toBe(2);
    expect(again.originalDueAt).toBe(r.dueAt);
  });

  it('reschedule sets a new time and content; complete ends it; a completed reminder cannot be snoozed', async () => {
    w = await openWorld();
    const r = await w.ok('admin', 'reminders:create', { dueAt: iso(w.clock, HOUR), content: '旧内容' });
    const m = await w.ok('admin', 'reminders:reschedule', { id: r.id, dueAt: iso(w.clock, 3 * DAY), content: '新内容' });
    expect(m.content).toBe('新内容');
    expect(m.snoozeCount).toBe(0);
    const done = await w.ok('admin', 'reminders:complete', { id: r.id });
    expect(done.status).toBe('done');
    const env = await w.call('admin', 'reminders:snooze', { id: r.id, minutes: 5 });
    expect(env.ok).toBe(false);
    if (!env.ok) expect(env.error.code).toBe('CONFLICT');
    expect(w.sql("SELECT action FROM audit_log WHERE entity = 'reminder' ORDER BY id").map((a) => (a as { action: string }).action)).toEqual([
      'reminder.create',
      'reminder.reschedule',
      'reminder.complete',
    ]);
  });

  it('rejects a due time in the past with a field error in the user\'s language', async () => {
    w = await openWorld();
    const env = await w.call('admin', 'reminders:create', { dueAt: iso(w.clock, -HOUR), content: 'x' });
    expect(env.ok).toBe(false);
    if (!env.ok) {
      expect(env.error.code).toBe('INVALID_INPUT');
      expect((env.error.details as { fieldErrors: Record<string, string> }).fieldErrors.dueAt).toBe('提醒时间已经过去，请选择以后的时间。');
    }
  });
});

describe('time zones', () => {
  it('stores UTC whatever offset the window sends, and fires at that instant', async () => {
    w = await openWorld(); // clock: 2026-11-22T06:00Z = 14:00 in Shanghai
    const r = await w.ok('admin', 'reminders:create', { dueAt: '2026-11-23T09:00:00+08:00', content: '明天 9 点' });
    expect(r.dueAt).toBe('2026-11-23T01:00:00.000Z');
    // "today and overdue" for a Shanghai user: before local midnight of the 23rd
    const today = await w.ok('admin', 'reminders:list', { status: 'pending', dueBefore: '2026-11-23T00:00:00+08:00' });
    expect(today.rows).toHaveLength(0);
    const tomorrow = await w.ok('admin', 'reminders:list', { status: 'pending', dueBefore: '2026-11-24T00:00:00+08:00' });
    expect(tomorrow.rows.map((x) => x.id)).toEqual([r.id]);
    w.clock.set('2026-11-23T00:59:59.000Z');
    expect(w.tick().fired).toBe(0);
    w.clock.set('2026-11-23T01:00:00.000Z');
    expect(w.tick().fired).toBe(1);
    // same instant written with another offset compares equal
    const ny = await w.ok('admin', 'reminders:create', { dueAt: '2026-11-23T12:00:00-05:00', content: 'NY' });
    expect(ny.dueAt).toBe('2026-11-23T17:00:00.000Z');
  });
});

describe('who may remind whom', () => {
  it('a sales rep reminds only themself; a manager may remind the rep; nobody sees others\' reminders without scope all', async () => {
    w = await openWorld();
    const rep = w.user('rep', 'sales', '小李');
    const mgr = w.user('mgr', 'manager', '赵经理');
    const denied = await w.call('rep', 'reminders:create', { dueAt: iso(w.clock, HOUR), content: 'x', userId: mgr });
    expect(denied.ok).toBe(false);
    if (!denied.ok) expect(Object.keys((denied.error.details as { fieldErrors: object }).fieldErrors)).toEqual(['userId']);
    const byMgr = await w.ok('mgr', 'reminders:create', { dueAt: iso(w.clock, HOUR), content: '经理安排', userId: rep });
    expect(byMgr.userId).toBe(rep);
    expect((await w.ok('rep', 'reminders:list')).rows.map((r) => r.content)).toEqual(['经理安排']);
    const adminOnly = await w.ok('admin', 'reminders:create', { dueAt: iso(w.clock, HOUR), content: '老板自己的' });
    const peek = await w.call('rep', 'reminders:complete', { id: adminOnly.id });
    expect(peek.ok).toBe(false);
    if (!peek.ok) expect(peek.error.code).toBe('NOT_FOUND');
    const list = await w.call('rep', 'reminders:list', { userId: 1 });
    expect(list.ok).toBe(false);
    if (!list.ok) expect(list.error.code).toBe('FORBIDDEN');
    // the rep cannot attach a reminder to a customer outside their scope
    const other = w.customer('别人的客户', mgr);
    const env = await w.call('rep', 'reminders:create', { dueAt: iso(w.clock, HOUR), content: 'x', customerId: other });
    expect(env.ok).toBe(false);
  });
});

describe('event loop', () => {
  it('a timer callback fires one small batch and comes straight back for the rest', async () => {
    w = await openWorld();
    const due = iso(w.clock, HOUR);
    for (let i = 0; i < 45; i++) w.run('INSERT INTO reminders (user_id, due_at, content, created_at, updated_at) VALUES (1, ?, ?, ?, ?)', due, `r${i}`, due, due);
    w.clock.advance(HOUR);
    w.timers.fire();
    expect(reminderCount(w, 'fired_at IS NOT NULL')).toBe(20);
    expect(w.timers.armedMs).toBe(0);
    w.timers.fire();
    w.timers.fire();
    expect(reminderCount(w, 'fired_at IS NOT NULL')).toBe(45);
    expect(w.timers.armedMs).toBe(30_000);
  });
});
