// customers:create / update / get: validation with field errors, normalization, owner rules, optimistic
// version (CONFLICT with current + changedFields), field-level audit rows, tags, detail, NOT_FOUND.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { create, makeWorld, type CustomersWorld } from './fixture';
import { setSetting } from '../../../main/services/settings/store';

let w: CustomersWorld;
beforeAll(async () => {
  w = await makeWorld();
});
afterAll(() => w.t.close());

const audit = (id: number) =>
  w.t.app.context.db.raw
    .prepare("SELECT action, user_id, changes, summary FROM audit_log WHERE entity = 'customer' AND entity_id = ? ORDER BY id")
    .all(id) as { action: string; user_id: number; changes: string; summary: string }[];

describe('create', () => {
  it('rejects bad values with field errors in the user language', async () => {
    const r = await w.t.call('admin', 'customers:create', { name: '  ', mobile: '12345', email: 'x@', birthday: '2999-01-01', phone: '88886666' });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe('INVALID_INPUT');
    const fe = (r.error.details as { fieldErrors: Record<string, string> }).fieldErrors;
    expect(Object.keys(fe).sort()).toEqual(['birthday', 'email', 'mobile', 'name', 'phone']);
    expect(fe.mobile).toContain('手机号');
    expect(fe.birthday).toBe('生日不能晚于今天');
    setSetting(w.t.app.context.db, 'locale', 'en');
    const en = await w.t.call('admin', 'customers:create', { name: 'x', mobile: '12345' });
    expect(!en.ok && (en.error.details as { fieldErrors: Record<string, string> }).fieldErrors.mobile).toContain('Invalid mobile');
    setSetting(w.t.app.context.db, 'locale', 'zh-CN');
    expect(audit(0)).toEqual([]);
  });

  it('normalizes on save and defaults the owner to the creator', async () => {
    const c = await create(w.t, {
      name: ' 杭州ＡＢＣ科技 ',
      mobile: '+86 138-0013-8000',
      phone: '（0571）88886666',
      email: ' Boss@Example.COM ',
      birthday: '1980/5/6',
      tags: ['VIP', ' VIP ', '老客户'],
    }, 'repA');
    expect(c).toMatchObject({
      name: '杭州ABC科技',
      mobile: '13800138000',
      phone: '0571-88886666',
      email: 'boss@example.com',
      birthday: '1980-05-06',
      ownerId: w.users.repA,
      ownerName: '张销售',
      status: 'potential',
      kind: 'company',
      version: 1,
      createdBy: w.users.repA,
    });
    expect(c.tags.sort()).toEqual(['VIP', '老客户'].sort());
    const rows = audit(c.id);
    expect(rows.map((r) => r.action)).toEqual(['customer.create']);
    expect(JSON.parse(rows[0].changes)).toEqual(expect.arrayContaining([{ field: 'mobile', old: null, new: '13800138000' }]));
  });

  it('only scope-all roles may set another owner or the pool', async () => {
    const denied = await w.t.call('repA', 'customers:create', { name: '给别人', ownerId: w.users.repB });
    expect(!denied.ok && denied.error.code).toBe('FORBIDDEN');
    const pool = await w.t.call('repA', 'customers:create', { name: '放公海', ownerId: null });
    expect(!pool.ok && pool.error.code).toBe('FORBIDDEN');
    const byManager = await create(w.t, { name: '经理分配', ownerId: w.users.repB }, 'manager');
    expect(byManager.ownerId).toBe(w.users.repB);
    const toPool = await create(w.t, { name: '公海客户', ownerId: null }, 'manager');
    expect(toPool.ownerId).toBeNull();
    const bad = await w.t.call('admin', 'customers:create', { name: 'x', ownerId: 99999 });
    expect(!bad.ok && bad.error.code).toBe('INVALID_INPUT');
  });
});

describe('update and get', () => {
  it('writes one audit row with the changed fields and bumps the version', async () => {
    const c = await create(w.t, { name: '原名', level: 'C', tags: ['a'] });
    const u = await w.t.ok('admin', 'customers:update', { id: c.id, version: 1, patch: { name: '新名', level: 'A', tags: ['a', 'b'], city: null } });
    expect(u).toMatchObject({ name: '新名', level: 'A', version: 2 });
    expect(u.tags).toEqual(['a', 'b']);
    const rows = audit(c.id);
    expect(rows.map((r) => r.action)).toEqual(['customer.create', 'customer.update']);
    expect(JSON.parse(rows[1].changes)).toEqual([
      { field: 'name', old: '原名', new: '新名' },
      { field: 'level', old: 'C', new: 'A' },
      { field: 'tags', old: ['a'], new: ['a', 'b'] },
    ]);
    // a no-op patch changes nothing
    const same = await w.t.ok('admin', 'customers:update', { id: c.id, version: 2, patch: { name: '新名' } });
    expect(same.version).toBe(2);
    expect(audit(c.id).length).toBe(2);
  });

  it('a stale version gets CONFLICT with the current record and what changed', async () => {
    const c = await create(w.t, { name: '并发客户' });
    await w.t.ok('manager', 'customers:update', { id: c.id, version: 1, patch: { level: 'B', email: 'x@y.com' } });
    const r = await w.t.call('admin', 'customers:update', { id: c.id, version: 1, patch: { name: '我的修改' } });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe('CONFLICT');
    const d = r.error.details as { current: { version: number; level: string }; changedFields: string[] };
    expect(d.current.version).toBe(2);
    expect(d.current.level).toBe('B');
    expect(d.changedFields.sort()).toEqual(['email', 'level']);
    expect((await w.t.ok('admin', 'customers:get', { id: c.id })).customer.name).toBe('并发客户');
  });

  it('answers NOT_FOUND for deleted or out-of-scope customers', async () => {
    const other = await create(w.t, { name: '别人的' }, 'repB');
    const r = await w.t.call('repA', 'customers:get', { id: other.id });
    expect(!r.ok && r.error.code).toBe('NOT_FOUND');
    const u = await w.t.call('repA', 'customers:update', { id: other.id, version: 1, patch: { name: 'x' } });
    expect(!u.ok && u.error.code).toBe('NOT_FOUND');
    const pool = await create(w.t, { name: '公海的', ownerId: null });
    expect((await w.t.ok('repA', 'customers:get', { id: pool.id })).customer.name).toBe('公海的');
    await w.t.ok('admin', 'customers:delete', { ids: [other.id] });
    const gone = await w.t.call('admin', 'customers:get', { id: other.id });
    expect(!gone.ok && gone.error.code).toBe('NOT_FOUND');
  });

  it('returns deals and the latest 50 follow-ups with stage and owner names', async () => {
    const c = await create(w.t, { name: '有交易的客户' }, 'repA');
    const db = w.t.app.context.db.raw;
    const now = w.t.clock.now().toISOString();
    const stage = db.prepare("SELECT id FROM stages WHERE name = '方案报价'").get() as { id: number };
    db.prepare('INSERT INTO deals (name, customer_id, amount_fen, stage_id, probability, owner_id, created_at, updated_at) VALUES (?, ?, ?, ?, 50, ?, ?, ?)').run(
      '年度合同',
      c.id,
      1234500,
      stage.id,
      w.users.repA,
      now,
      now,
    );
    const fu = db.prepare('INSERT INTO follow_ups (customer_id, owner_id, at, method, content, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)');
    for (let i = 0; i < 60; i++) fu.run(c.id, w.users.repA, `2026-01-01T00:${String(i).padStart(2, '0')}:00.000Z`, '电话', `第${i}次`, now, now);
    const d = await w.t.ok('repA', 'customers:get', { id: c.id });
    expect(d.deals).toEqual([expect.objectContaining({ name: '年度合同', amountFen: 1234500, stageName: '方案报价', ownerName: '张销售', status: 'open' })]);
    expect(d.followUps.length).toBe(50);
    expect(d.followUps[0]).toMatchObject({ content: '第59次', ownerName: '张销售', method: '电话' });
  });
});
