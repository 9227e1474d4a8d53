// users:* and roles:* — account management, session effects, guards against locking everyone out.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { auditRows, login, makeCompany, PASSWORD, type Company } from './fixture';

let c: Company;
beforeEach(async () => {
  c = await makeCompany();
});
afterEach(() => c.t.close());

describe('users', () => {
  it('lists users without any password hash and creates users with a role', async () => {
    const { users } = await c.t.ok('admin', 'users:list');
    expect(users.map((u) => u.username)).toEqual(['owner', 'manager', 'rep-a', 'rep-b']);
    expect(users.find((u) => u.username === 'rep-a')).toMatchObject({ displayName: '张三', roleName: '销售', disabled: false });
    expect(JSON.stringify(users)).not.toMatch(/scrypt|password/i);
    const created = auditRows(c.t, "action = 'user.create' AND entity_id = ?", c.users.repA);
    expect(created).toHaveLength(1);
    expect(created[0].changes).not.toMatch(/scrypt/);
  });

  it('refuses a duplicate username (case-insensitive) with a field error', async () => {
    const r = await c.t.call('admin', 'users:create', { username: 'REP-A', displayName: 'x', password: PASSWORD, roleId: c.roles.sales });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe('CONFLICT');
      expect((r.error.details as { fieldErrors: Record<string, string> }).fieldErrors.username).toContain('REP-A');
    }
  });

  it('disabling a user ends their sessions at once and blocks login; enabling lets them back', async () => {
    expect((await c.t.call('repA', 'auth:status')).ok).toBe(true);
    await c.t.ok('admin', 'users:disable', { id: c.users.repA });
    expect((await c.t.ok('repA', 'auth:status')).user).toBeNull();
    expect((await c.t.call('repA', 'pool:list', {})).ok).toBe(false);
    const again = await c.t.call('repA2', 'auth:login', { username: 'rep-a', password: PASSWORD });
    expect(!again.ok && again.error.code).toBe('FORBIDDEN');
    expect(c.t.events.some((e) => e.caller === 'repA' && e.event === 'session')).toBe(true);
    await c.t.ok('admin', 'users:enable', { id: c.users.repA });
    await login(c.t, 'repA', 'rep-a');
    expect(auditRows(c.t, "action IN ('user.disable','user.enable') AND entity_id = ?", c.users.repA)).toHaveLength(2);
  });

  it('an administrator cannot disable themselves, nor remove the last way to manage users', async () => {
    const self = await c.t.call('admin', 'users:disable', { id: c.users.admin });
    expect(!self.ok && self.error.code).toBe('INVALID_INPUT');
    const me = (await c.t.ok('admin', 'users:list')).users.find((u) => u.id === c.users.admin)!;
    const demote = await c.t.call('admin', 'users:update', { id: me.id, version: me.version, roleId: c.roles.manager });
    expect(!demote.ok && demote.error.code).toBe('INVALID_INPUT');
    // nothing changed: still the administrator
    expect((await c.t.ok('admin', 'auth:status')).user?.roleName).toBe('管理员');
  });

  it('changing a user role applies to their open session immediately', async () => {
    const rep = (await c.t.ok('admin', 'users:list')).users.find((u) => u.id === c.users.repA)!;
    expect((await c.t.call('repA', 'pool:updateSettings', { claimCapPerDay: 1, returnEnabled: false, returnDays: 30, warnDays: 3 })).ok).toBe(false);
    await c.t.ok('admin', 'users:update', { id: rep.id, version: rep.version, roleId: c.roles.admin });
    expect((await c.t.ok('repA', 'auth:status')).user?.roleName).toBe('管理员');
    expect((await c.t.call('repA', 'pool:updateSettings', { claimCapPerDay: 1, returnEnabled: false, returnDays: 30, warnDays: 3 })).ok).toBe(true);
    const stale = await c.t.call('admin', 'users:update', { id: rep.id, version: rep.version, displayName: 'x' });
    expect(!stale.ok && stale.error.code).toBe('CONFLICT');
  });

  it('reset password clears a lockout, ends the user sessions and never logs the hash', async () => {
    for (let i = 0; i < 5; i++) await c.t.call('x', 'auth:login', { username: 'rep-b', password: 'wrong-wrong' });
    expect((await c.t.ok('admin', 'users:list')).users.find((u) => u.id === c.users.repB)!.lockedUntil).not.toBeNull();
    await c.t.ok('admin', 'users:resetPassword', { id: c.users.repB, newPassword: 'brand-new-pass' });
    expect((await c.t.ok('repB', 'auth:status')).user).toBeNull();
    await login(c.t, 'repB', 'rep-b', 'brand-new-pass');
    const rows = auditRows(c.t, "action = 'user.resetPassword'");
    expect(rows).toHaveLength(1);
    expect(JSON.stringify(rows)).not.toMatch(/scrypt|brand-new-pass/);
  });
});

describe('roles', () => {
  it('lists built-in roles first with user counts', async () => {
    const { roles } = await c.t.ok('admin', 'roles:list');
    expect(roles.map((r) => [r.name, r.scope, r.userCount])).toEqual([
      ['管理员', 'all', 1],
      ['销售经理', 'all', 1],
      ['销售', 'own', 2],
    ]);
  });

  it('creates, edits and deletes a custom role; built-in or in-use roles cannot be deleted', async () => {
    const role = await c.t.ok('admin', 'roles:create', { name: '客服', permissions: ['customers.view', 'followUps.create'], scope: 'own' });
    expect(role).toMatchObject({ builtinKey: null, permissions: ['customers.view', 'followUps.create'], userCount: 0 });
    const dup = await c.t.call('admin', 'roles:create', { name: '客服', permissions: [], scope: 'own' });
    expect(!dup.ok && dup.error.code).toBe('CONFLICT');
    const builtin = await c.t.call('admin', 'roles:delete', { id: c.roles.sales });
    expect(!builtin.ok && builtin.error.code).toBe('INVALID_INPUT');
    const u = await c.t.ok('admin', 'users:create', { username: 'kefu', displayName: '客服小王', password: PASSWORD, roleId: role.id });
    const inUse = await c.t.call('admin', 'roles:delete', { id: role.id });
    expect(!inUse.ok && inUse.error.code).toBe('CONFLICT');
    await c.t.ok('admin', 'users:update', { id: u.id, version: u.version, roleId: c.roles.sales });
    expect(await c.t.ok('admin', 'roles:delete', { id: role.id })).toEqual({ deleted: true });
    expect(auditRows(c.t, "entity = 'role' AND entity_id = ?", role.id).map((r) => r.action)).toEqual(['role.create', 'role.delete']);
  });

  it('editing a built-in role refreshes the sessions of its users at once', async () => {
    const sales = (await c.t.ok('admin', 'roles:list')).roles.find((r) => r.id === c.roles.sales)!;
    expect((await c.t.call('repA', 'pool:list', {})).ok).toBe(true);
    await c.t.ok('admin', 'roles:update', { id: sales.id, version: sales.version, permissions: sales.permissions.filter((p) => p !== 'customers.view') });
    const r = await c.t.call('repA', 'pool:list', {});
    expect(!r.ok && r.error.code).toBe('FORBIDDEN');
    expect((await c.t.call('repB', 'pool:list', {})).ok).toBe(false);
    const audit = auditRows(c.t, "action = 'role.update' AND entity_id = ?", sales.id)[0];
    expect(JSON.parse(audit.changes!)[0]).toMatchObject({ field: 'permissions' });
  });

  it('refuses to strip the admin role of user management', async () => {
    const admin = (await c.t.ok('admin', 'roles:list')).roles.find((r) => r.builtinKey === 'admin')!;
    const r = await c.t.call('admin', 'roles:update', { id: admin.id, version: admin.version, permissions: ['customers.view'] });
    expect(!r.ok && r.error.code).toBe('INVALID_INPUT');
    expect((await c.t.ok('admin', 'roles:list')).roles.find((x) => x.id === admin.id)!.permissions).toContain('users.manage');
  });
});

describe('security settings', () => {
  it('idle lock defaults to 30 minutes; everyone reads it, only settings.manage changes it', async () => {
    expect(await c.t.ok('repA', 'security:settings')).toEqual({ idleMinutes: 30 });
    const denied = await c.t.call('repA', 'security:updateSettings', { idleMinutes: 5 });
    expect(!denied.ok && denied.error.code).toBe('FORBIDDEN');
    await c.t.ok('admin', 'security:updateSettings', { idleMinutes: 5 });
    expect(await c.t.ok('repA', 'security:settings')).toEqual({ idleMinutes: 5 });
    expect(auditRows(c.t, "action = 'settings.update'")).toHaveLength(1);
  });
});
