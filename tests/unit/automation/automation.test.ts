// Workflow automation: triggers → conditions → actions, in the trigger's transaction, audited with the
// rule's name, and a loop guard that stops rules from re-triggering themselves.
import { afterEach, describe, expect, it } from 'vitest';
import { openWorld, iso, DAY, type World } from '../reminders/support';
import { emitDomainEvent, type DomainEvent } from '../../../main/services/automation/events';
import type { ChannelInput } from '../../../main/contract';
import { PER_CHECK, runScheduledAutomations } from '../../../main/services/automation/scheduled';
import { silentAfter, type SilencePos } from '../../../main/services/customers/silenceWalk';

let w: World;
afterEach(() => w?.close());

type RuleInput = ChannelInput<'automations:create'>;
const rule = (w: World, r: RuleInput) => w.ok('admin', 'automations:create', r);

/** Raise an event as a service would: inside a transaction, as the given user. */
function emit(w: World, caller: string, e: DomainEvent) {
  const user = w.app.context.sessions.get(caller)!.user;
  w.app.context.db.tx(() => emitDomainEvent({ app: w.app.context, user }, e));
}

const reminders = (w: World) =>
  w.sql<{ user_id: number; due_at: string; content: string; source: string; rule_id: number; customer_id: number; deal_id: number | null }>(
    'SELECT user_id, due_at, content, source, rule_id, customer_id, deal_id FROM reminders ORDER BY id',
  );

describe('deal triggers (through deals:moveStage / deals:close)', () => {
  it('"deal moved to 方案报价 → reminder for the owner in 2 days", audited with the rule name', async () => {
    w = await openWorld();
    const rep = w.user('rep', 'sales', '小李');
    const quote = w.stageId('方案报价');
    const r = await rule(w, {
      name: '报价后两天跟进',
      trigger: { type: 'deal.stageChanged', stageId: quote },
      actions: [{ type: 'createReminder', days: 2, content: '跟进{customer}的报价（{deal}）' }],
    });
    const c = w.customer('杭州西湖茶业', rep);
    const deal = await w.ok('rep', 'deals:create', { name: '年度茶叶采购', customerId: c });
    // another stage: no reminder
    const d1 = await w.ok('rep', 'deals:moveStage', { id: deal.id, version: deal.version, stageId: w.stageId('需求确认') });
    expect(reminders(w)).toHaveLength(0);
    await w.ok('rep', 'deals:moveStage', { id: deal.id, version: d1.version, stageId: quote });
    expect(reminders(w)).toEqual([
      { user_id: rep, due_at: iso(w.clock, 2 * DAY), content: '跟进杭州西湖茶业的报价（年度茶叶采购）', source: 'automation', rule_id: r.id, customer_id: c, deal_id: deal.id },
    ]);
    const audit = w.sql<{ action: string; summary: string; user_name: string }>(
      "SELECT action, summary, user_name FROM audit_log WHERE action IN ('reminder.create', 'automation.run') ORDER BY id",
    );
    expect(audit).toEqual([
      { action: 'reminder.create', summary: '由自动化规则「报价后两天跟进」执行', user_name: '小李' },
      { action: 'automation.run', summary: `规则「报价后两天跟进」已执行（商机进入阶段 → 商机 #${deal.id}）`, user_name: '小李' },
    ]);
    const listed = (await w.ok('admin', 'automations:list')).rows[0];
    expect(listed.runCount).toBe(1);
    // the reminder fires two days later for the rep
    w.clock.advance(2 * DAY);
    expect(w.tick().fired).toBe(1);
  });

  it('runs in the trigger\'s transaction: if the trigger rolls back, so does the rule\'s work', async () => {
    w = await openWorld();
    await rule(w, { name: 'r', trigger: { type: 'customer.created' }, actions: [{ type: 'addTag', tag: '新客户' }] });
    const c = w.customer('回滚客户', 1);
    expect(() =>
      w.app.context.db.tx(() => {
        emitDomainEvent({ app: w.app.context, user: w.app.context.sessions.get('admin')!.user }, { type: 'customer.created', customerId: c });
        throw new Error('the customer insert failed after all');
      }),
    ).toThrow();
    expect(w.sql('SELECT tag FROM customer_tags')).toEqual([]);
    expect(w.sql("SELECT id FROM audit_log WHERE action IN ('automation.run', 'customer.update')")).toEqual([]);
    // and outside a transaction it refuses to run at all
    expect(() => emitDomainEvent({ app: w.app.context, user: null }, { type: 'customer.created', customerId: c })).toThrow(/inside the transaction/);
  });

  it('deal closed won → notify a role and mark the customer A; lost rules do not run', async () => {
    w = await openWorld();
    const rep = w.user('rep', 'sales', '小李');
    const mgr = w.user('mgr', 'manager', '赵经理');
    const managerRole = w.sql<{ id: number }>("SELECT id FROM roles WHERE builtin_key = 'manager'")[0].id;
    await rule(w, {
      name: '赢单通知经理',
      trigger: { type: 'deal.closed', result: 'won' },
      actions: [
        { type: 'notify', roleIds: [managerRole], owner: true, message: '{owner} 赢下了 {deal}' },
        { type: 'setCustomerLevel', level: 'A' },
      ],
    });
    await rule(w, { name: '输单', trigger: { type: 'deal.closed', result: 'lost' }, actions: [{ type: 'addTag', tag: '输单' }] });
    const c = w.customer('成交客户', rep, { level: 'C' });
    const deal = await w.ok('rep', 'deals:create', { name: '大单', customerId: c });
    await w.ok('rep', 'deals:close', { id: deal.id, version: deal.version, result: 'won', amount: 500000, closedAt: '2026-11-22' });
    const notes = w.sql<{ user_id: number; kind: string; title: string; body: string }>('SELECT user_id, kind, title, body FROM notifications ORDER BY user_id');
    expect(notes).toEqual([
      { user_id: rep, kind: 'automation', title: '自动化：赢单通知经理', body: '小李 赢下了 大单' },
      { user_id: mgr, kind: 'automation', title: '自动化：赢单通知经理', body: '小李 赢下了 大单' },
    ]);
    expect(w.sql('SELECT level, version FROM customers WHERE id = ?', c)).toEqual([{ level: 'A', version: 2 }]);
    expect(w.sql('SELECT tag FROM customer_tags')).toEqual([]);
    const levelAudit = w.sql<{ changes: string; summary: string }>("SELECT changes, summary FROM audit_log WHERE action = 'customer.update'");
    expect(levelAudit.map((a) => [JSON.parse(a.changes), a.summary])).toEqual([[[{ field: 'level', old: 'C', new: 'A' }], '由自动化规则「赢单通知经理」执行']]);
    // pushed to the manager's open window after commit
    await Promise.resolve();
    expect(w.events.some((e) => e.caller === 'mgr' && e.event === 'notification')).toBe(true);
  });
});

describe('customer triggers and conditions', () => {
  it('customer created → tag, only when the conditions hold', async () => {
    w = await openWorld();
    await rule(w, {
      name: '展会客户打标签',
      trigger: { type: 'customer.created' },
      conditions: [
        { field: 'customer.source', op: 'eq', value: '展会' },
        { field: 'customer.level', op: 'in', value: ['A', 'B'] },
      ],
      actions: [{ type: 'addTag', tag: '展会线索' }, { type: 'setCustomerStatus', status: 'following' }],
    });
    const hit = w.customer('命中', 1, { level: 'A' });
    const miss = w.customer('未命中', 1, { level: 'C' });
    w.run("UPDATE customers SET source = '展会'");
    emit(w, 'admin', { type: 'customer.created', customerId: hit });
    emit(w, 'admin', { type: 'customer.created', customerId: miss });
    expect(w.sql('SELECT customer_id, tag FROM customer_tags')).toEqual([{ customer_id: hit, tag: '展会线索' }]);
    expect(w.sql('SELECT id, status FROM customers ORDER BY id')).toEqual([
      { id: hit, status: 'following' },
      { id: miss, status: 'potential' },
    ]);
  });

  it('customer assigned to a new owner → reminder for the new owner; a pool customer gets none', async () => {
    w = await openWorld();
    const rep = w.user('rep', 'sales', '小李');
    await rule(w, { name: '新客户三天内联系', trigger: { type: 'customer.ownerChanged' }, actions: [{ type: 'createReminder', days: 3, content: '联系新分配的客户 {customer}' }] });
    const c = w.customer('转来的客户', rep);
    emit(w, 'admin', { type: 'customer.ownerChanged', customerId: c, fromOwnerId: 1, toOwnerId: rep });
    const pool = w.customer('公海', null);
    emit(w, 'admin', { type: 'customer.ownerChanged', customerId: pool, fromOwnerId: 1, toOwnerId: null });
    expect(reminders(w).map((r) => [r.user_id, r.content])).toEqual([[rep, '联系新分配的客户 转来的客户']]);
  });
});

describe('loop guard', () => {
  it('two rules that set each other\'s trigger stop after each ran once in the chain', async () => {
    w = await openWorld();
    const x = await rule(w, { name: 'X 跟进中→已成交', trigger: { type: 'customer.statusChanged', status: 'following' }, actions: [{ type: 'setCustomerStatus', status: 'won' }] });
    const y = await rule(w, { name: 'Y 已成交→跟进中', trigger: { type: 'customer.statusChanged', status: 'won' }, actions: [{ type: 'setCustomerStatus', status: 'following' }] });
    const c = w.customer('来回改', 1, { status: 'following' });
    emit(w, 'admin', { type: 'customer.statusChanged', customerId: c, fromStatus: 'potential', toStatus: 'following' });
    // X ran (→ won), Y ran (→ following), X would run again: blocked
    expect(w.sql('SELECT status FROM customers WHERE id = ?', c)).toEqual([{ status: 'following' }]);
    expect(w.sql('SELECT rule_id, outcome FROM automation_runs ORDER BY id')).toEqual([
      { rule_id: x.id, outcome: 'done' },
      { rule_id: y.id, outcome: 'done' },
      { rule_id: x.id, outcome: 'loopBlocked' },
    ]);
    expect(w.sql<{ summary: string }>("SELECT summary FROM audit_log WHERE action = 'automation.loopBlocked'")).toEqual([
      { summary: '规则「X 跟进中→已成交」在同一连锁中已执行过，本次未再执行（防止循环）' },
    ]);
    // a new user change starts a new chain: the rules run again
    emit(w, 'admin', { type: 'customer.statusChanged', customerId: c, fromStatus: 'won', toStatus: 'following' });
    expect(w.sql("SELECT count(*) AS n FROM automation_runs WHERE outcome = 'done'")).toEqual([{ n: 4 }]);
  });

  it('a rule that re-triggers itself runs once', async () => {
    w = await openWorld();
    await rule(w, { name: '自触发', trigger: { type: 'customer.statusChanged' }, actions: [{ type: 'setCustomerStatus', status: 'lost' }, { type: 'addTag', tag: '已处理' }] });
    const c = w.customer('自己', 1);
    emit(w, 'admin', { type: 'customer.statusChanged', customerId: c, toStatus: 'potential' });
    expect(w.sql('SELECT outcome FROM automation_runs ORDER BY id')).toEqual([{ outcome: 'done' }, { outcome: 'loopBlocked' }]);
  });

  it('a chain deeper than the limit stops, even through different rules', async () => {
    w = await openWorld();
    // 8 distinct rules; rule i fires on status cycle[i % 4] once rule i-1 has tagged the customer, and moves the
    // status on: every nested level runs a different rule, so only the depth limit can stop the chain
    const cycle = ['potential', 'following', 'won', 'lost'] as const;
    for (let i = 0; i < 8; i++) {
      await rule(w, {
        name: `R${i}`,
        trigger: { type: 'customer.statusChanged', status: cycle[i % 4] },
        conditions: [i === 0 ? { field: 'customer.tag', op: 'notHas', value: 't0' } : { field: 'customer.tag', op: 'has', value: `t${i - 1}` }],
        actions: [{ type: 'addTag', tag: `t${i}` }, { type: 'setCustomerStatus', status: cycle[(i + 1) % 4] }],
      });
    }
    const c = w.customer('深链', 1, { status: 'potential' });
    emit(w, 'admin', { type: 'customer.statusChanged', customerId: c, toStatus: 'potential' });
    const runs = w.sql<{ name: string; outcome: string }>(
      'SELECT r.name, a.outcome FROM automation_runs a JOIN automation_rules r ON r.id = a.rule_id ORDER BY a.id',
    );
    // depths 0..4 ran R0..R4; at depth 5 R1 had already run (loop guard) and R5 hit the depth limit
    expect(runs.filter((r) => r.outcome === 'done').map((r) => r.name)).toEqual(['R0', 'R1', 'R2', 'R3', 'R4']);
    expect(runs.filter((r) => r.outcome !== 'done')).toEqual([
      { name: 'R1', outcome: 'loopBlocked' },
      { name: 'R5', outcome: 'depthLimit' },
    ]);
    expect(w.sql<{ tag: string }>('SELECT tag FROM customer_tags ORDER BY tag').map((t) => t.tag)).toEqual(['t0', 't1', 't2', 't3', 't4']);
  });
});

describe('no follow-up for N days (scheduled check)', () => {
  it('matches owned customers silent for N days once per silence; a new follow-up resets it', async () => {
    w = await openWorld();
    const rep = w.user('rep', 'sales', '小李');
    await rule(w, { name: '7 天未跟进', trigger: { type: 'customer.noFollowUp', days: 7 }, actions: [{ type: 'createReminder', days: 0, content: '{customer} 已 7 天未跟进' }] });
    await rule(w, { name: '30 天未跟进', trigger: { type: 'customer.noFollowUp', days: 30 }, actions: [{ type: 'addTag', tag: '沉睡' }] });
    const silent = w.customer('沉默客户', rep, { createdAt: iso(w.clock, -8 * DAY) });
    w.customer('新客户', rep, { createdAt: iso(w.clock, -2 * DAY) });
    w.customer('公海客户', null, { createdAt: iso(w.clock, -90 * DAY) });
    const talked = w.customer('常联系', rep, { createdAt: iso(w.clock, -60 * DAY) });
    await w.ok('rep', 'followUps:create', { customerId: talked, method: '电话', content: '刚聊过', at: iso(w.clock, -DAY) });

    w.clock.advance(10 * 60_000);
    w.tick();
    expect(reminders(w).map((r) => [r.user_id, r.content])).toEqual([[rep, '沉默客户 已 7 天未跟进']]);
    expect(w.sql('SELECT tag FROM customer_tags')).toEqual([]); // 8 days is not 30
    w.clock.advance(DAY);
    w.tick();
    expect(reminders(w)).toHaveLength(1); // once per silence

    // a follow-up starts a new silence; 7 days later it matches again
    await w.ok('rep', 'followUps:create', { customerId: silent, method: '微信', content: '终于回复了' });
    w.clock.advance(7 * DAY + 60_000);
    w.tick();
    // now also the two that were recent before (oldest silence first)
    expect(reminders(w).map((r) => r.content)).toEqual(['沉默客户 已 7 天未跟进', '新客户 已 7 天未跟进', '常联系 已 7 天未跟进', '沉默客户 已 7 天未跟进']);
    expect(w.sql<{ user_name: string }>("SELECT DISTINCT user_name FROM audit_log WHERE action = 'automation.run'")).toEqual([{ user_name: '自动化' }]);
  });
});

describe('no follow-up for N days at scale: a bounded walk from remembered positions', () => {
  const runFor = (w: World, scan: number) => runScheduledAutomations(w.app.context, { scan }).matched;
  const ranFor = (w: World) => w.sql<{ entity_id: number }>("SELECT entity_id FROM automation_runs WHERE outcome = 'done' ORDER BY entity_id").map((r) => r.entity_id);

  it('the walk (silentAfter) reads only customers silent before the cutoff, in (silence, id) order, across equal keys', async () => {
    w = await openWorld();
    const rep = w.user('rep', 'sales', '小李');
    const db = w.app.context.db;
    const ins = db.raw.prepare('INSERT INTO customers (name, owner_id, created_at, updated_at, last_follow_up_at) VALUES (?, ?, ?, ?, ?)');
    const quiet: number[] = [];
    for (let i = 0; i < 50; i++) ins.run(`常联系${i}`, rep, iso(w.clock, -40 * DAY), iso(w.clock, -40 * DAY), iso(w.clock, -DAY));
    // five with the same key: a step boundary falls inside them
    for (let i = 0; i < 5; i++) quiet.push(Number(ins.run(`沉默${i}`, rep, iso(w.clock, -40 * DAY), iso(w.clock, -40 * DAY), iso(w.clock, -20 * DAY)).lastInsertRowid));
    ins.run('公海', null, iso(w.clock, -40 * DAY), iso(w.clock, -40 * DAY), null);
    const seen: number[] = [];
    let at: SilencePos | null = null;
    let steps = 0;
    for (;;) {
      const step: ReturnType<typeof silentAfter> = silentAfter(db, at, iso(w.clock, -10 * DAY), 2);
      seen.push(...step.rows.map((r) => r.id));
      steps++;
      if (step.done) break;
      at = step.next;
    }
    expect(seen).toEqual(quiet);
    expect(steps).toBe(3);
    // inclusive: a key equal to the cutoff is in
    expect(silentAfter(db, null, iso(w.clock, -20 * DAY), 10, { inclusive: true }).rows.map((r) => r.id)).toEqual(quiet);
    expect(silentAfter(db, null, iso(w.clock, -20 * DAY), 10).rows).toEqual([]);
  });

  it('reads at most `scan` index entries per pass, never re-reads old matches, and matches each silence once', async () => {
    w = await openWorld();
    const rep = w.user('rep', 'sales', '小李');
    await rule(w, { name: '7 天未跟进', trigger: { type: 'customer.noFollowUp', days: 7 }, actions: [{ type: 'addTag', tag: '沉睡' }] });
    const ids = Array.from({ length: 23 }, (_, i) => w.customer(`客户${i}`, rep, { createdAt: iso(w.clock, -(30 - i) * DAY) }));
    // 3 entries per pass: the frontier takes 3 a check, the sweep (behind it) finds nothing new
    const perCheck: number[] = [];
    for (let i = 0; i < 9; i++) perCheck.push(runFor(w, 3));
    expect(perCheck).toEqual([3, 3, 3, 3, 3, 3, 3, 2, 0]);
    expect(ranFor(w)).toEqual(ids);
    // a later check finds nothing, whatever the pass size
    expect(runFor(w, 1000)).toBe(0);
    // the place is kept in the database (a restart continues from it): after the newest silent customer
    const cursor = w.sql<{ value: string }>("SELECT value FROM settings WHERE key LIKE 'automation.noFollowUp.cursor.%'");
    expect(JSON.parse(cursor[0].value)).toMatchObject({ days: 7, frontier: { id: ids[22] } });
  });

  it('through the scheduler: a check takes at most PER_CHECK customers, and the next look comes at once while more wait', async () => {
    w = await openWorld();
    const rep = w.user('rep', 'sales', '小李');
    await rule(w, { name: '7 天未跟进', trigger: { type: 'customer.noFollowUp', days: 7 }, actions: [{ type: 'addTag', tag: '沉睡' }] });
    const n = PER_CHECK * 2 + 50;
    const ins = w.app.context.db.raw.prepare('INSERT INTO customers (name, owner_id, created_at, updated_at) VALUES (?, ?, ?, ?)');
    for (let i = 0; i < n; i++) ins.run(`客户${i}`, rep, iso(w.clock, -30 * DAY), iso(w.clock, -30 * DAY));
    w.clock.advance(10 * 60_000);
    const done = () => w.sql<{ n: number }>("SELECT count(*) AS n FROM automation_runs WHERE outcome = 'done'")[0].n;
    // the armed timer is the scheduler's own loop (runTick): each look fires at most one bounded check
    w.timers.fire();
    expect(done()).toBe(PER_CHECK);
    expect(w.timers.armedMs).toBe(0); // more are waiting: come back at once, not in 10 minutes
    w.timers.fire();
    w.timers.fire();
    expect(done()).toBe(n);
    w.timers.fire();
    expect(w.timers.armedMs).toBeGreaterThan(0); // caught up: back to the normal pace
    expect(done()).toBe(n);
  });

  it('the sweep finds customers that arrive behind the frontier (here: a pool customer who gets an owner)', async () => {
    w = await openWorld();
    const rep = w.user('rep', 'sales', '小李');
    await rule(w, { name: '7 天未跟进', trigger: { type: 'customer.noFollowUp', days: 7 }, actions: [{ type: 'addTag', tag: '沉睡' }] });
    const old = Array.from({ length: 6 }, (_, i) => w.customer(`老客户${i}`, rep, { createdAt: iso(w.clock, -(60 - i) * DAY) }));
    const pooled = w.customer('公海老客户', null, { createdAt: iso(w.clock, -50 * DAY) });
    for (let i = 0; i < 3; i++) runFor(w, 3);
    expect(ranFor(w)).toEqual(old);
    // the pool customer gets an owner; its silence key is far behind the frontier
    w.run('UPDATE customers SET owner_id = ? WHERE id = ?', rep, pooled);
    const found: number[] = [];
    for (let i = 0; i < 4 && !found.length; i++) if (runFor(w, 3)) found.push(...ranFor(w).filter((id) => !old.includes(id)));
    expect(found).toEqual([pooled]);
  });
});

describe('rules API', () => {
  it('only settings.manage may list or change rules; bad references are field errors; stale versions conflict', async () => {
    w = await openWorld();
    w.user('mgr', 'manager');
    const denied = await w.call('mgr', 'automations:list');
    expect(denied.ok).toBe(false);
    if (!denied.ok) expect(denied.error.code).toBe('FORBIDDEN');
    const bad = await w.call('admin', 'automations:create', {
      name: '坏规则',
      trigger: { type: 'deal.stageChanged', stageId: w.stageId('赢单') },
      actions: [{ type: 'notify', message: '谁也不通知' }],
    });
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(Object.keys((bad.error.details as { fieldErrors: object }).fieldErrors).sort()).toEqual(['actions.0.userIds', 'trigger.stageId']);
    const r = await rule(w, { name: '好规则', trigger: { type: 'customer.created' }, actions: [{ type: 'addTag', tag: 't' }] });
    const u = await w.ok('admin', 'automations:update', { id: r.id, version: r.version, patch: { enabled: false, name: '停用的规则' } });
    expect(u).toMatchObject({ enabled: false, name: '停用的规则', version: 2 });
    const stale = await w.call('admin', 'automations:update', { id: r.id, version: 1, patch: { enabled: true } });
    expect(stale.ok).toBe(false);
    if (!stale.ok) expect(stale.error.code).toBe('CONFLICT');
    // disabled rules do not run
    const c = w.customer('x', 1);
    emit(w, 'admin', { type: 'customer.created', customerId: c });
    expect(w.sql('SELECT tag FROM customer_tags')).toEqual([]);
    await w.ok('admin', 'automations:delete', { id: r.id });
    expect((await w.ok('admin', 'automations:list')).rows).toEqual([]);
    expect(w.sql<{ action: string }>("SELECT action FROM audit_log WHERE entity = 'automationRule' ORDER BY id").map((a) => a.action)).toEqual([
      'automation.create',
      'automation.update',
      'automation.delete',
    ]);
  });
});

describe('hooks in the other services (customers:create / customers:update / customers:transfer)', () => {
  it('raise customer.created, customer.statusChanged and customer.ownerChanged inside their transactions', async () => {
    w = await openWorld();
    const rep = w.user('rep', 'sales', '小李');
    await rule(w, { name: '新客户', trigger: { type: 'customer.created' }, actions: [{ type: 'addTag', tag: '新' }] });
    await rule(w, { name: '成交', trigger: { type: 'customer.statusChanged', status: 'won' }, actions: [{ type: 'setCustomerLevel', level: 'A' }] });
    await rule(w, { name: '换负责人', trigger: { type: 'customer.ownerChanged' }, actions: [{ type: 'createReminder', days: 1, content: '认识一下 {customer}' }] });
    const c = await w.ok('admin', 'customers:create', { name: '钩子客户' });
    expect(w.sql('SELECT tag FROM customer_tags WHERE customer_id = ?', c.id)).toEqual([{ tag: '新' }]);
    const fresh = await w.ok('admin', 'customers:get', { id: c.id });
    const u = await w.ok('admin', 'customers:update', { id: c.id, version: fresh.customer.version, patch: { status: 'won' } });
    expect(u.level).toBe('A'); // the rule ran before customers:update read the record back
    await w.ok('admin', 'customers:transfer', { ids: [c.id], toUserId: rep });
    expect(reminders(w).map((r) => [r.user_id, r.content])).toEqual([[rep, '认识一下 钩子客户']]);
  });
});
