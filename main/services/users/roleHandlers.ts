// roles:* and security:* — the permission matrix and the idle-lock setting.
import type { HandlersOf, UserCallContext } from '../../ipc/context';
import type { usersContract, SecuritySettings } from '../../contract/users';
import { PERMISSIONS, type Permission } from '../../contract/permissions';
import { AppError } from '../../ipc/errors';
import { recordAudit, type FieldChange } from '../audit/record';
import { actor } from '../audit/actor';
import { getSetting, setSetting } from '../settings/store';
import type { Db } from '../../../db/sql';
import { findRole, listRoles, someoneCanAdminister } from './queries';
import { syncUserSessions } from './sessionsSync';

type RoleHandlers = Pick<
  HandlersOf<typeof usersContract>,
  'roles:list' | 'roles:create' | 'roles:update' | 'roles:delete' | 'security:settings' | 'security:updateSettings'
>;

export const SECURITY_SETTINGS_KEY = 'security';
export const DEFAULT_SECURITY: SecuritySettings = { idleMinutes: 30 };

export function getSecuritySettings(db: Db): SecuritySettings {
  return { ...DEFAULT_SECURITY, ...getSetting<Partial<SecuritySettings>>(db, SECURITY_SETTINGS_KEY, {}) };
}

const canonical = (perms: Permission[]) => PERMISSIONS.filter((p) => perms.includes(p));

function nameTaken(ctx: UserCallContext, name: string, exceptId: number | null) {
  const row = ctx.app.db.prepare('SELECT id FROM roles WHERE name = ?').get(name) as { id: number } | undefined;
  if (row && row.id !== exceptId) {
    const msg = ctx.t('perm.roleNameTaken', { name });
    throw new AppError('CONFLICT', msg, { fieldErrors: { name: msg } });
  }
}

function mustFindRole(ctx: UserCallContext, id: number) {
  const r = findRole(ctx.app.db, id);
  if (!r) throw new AppError('NOT_FOUND', ctx.t('perm.roleNotFound'));
  return r;
}

export const roleHandlers: RoleHandlers = {
  'roles:list': (_input, ctx) => ({ roles: listRoles(ctx.app.db) }),

  'roles:create': (input, ctx) => {
    const { db } = ctx.app;
    nameTaken(ctx, input.name, null);
    const now = ctx.app.clock.now().toISOString();
    const permissions = canonical(input.permissions);
    const id = db.tx(() => {
      const newId = Number(
        db
          .prepare('INSERT INTO roles (builtin_key, name, permissions, scope, created_at, updated_at) VALUES (NULL, ?, ?, ?, ?, ?)')
          .run(input.name, JSON.stringify(permissions), input.scope, now, now).lastInsertRowid,
      );
      recordAudit(db, {
        ...actor(ctx),
        action: 'role.create',
        entity: 'role',
        entityId: newId,
        changes: [
          { field: 'name', old: null, new: input.name },
          { field: 'permissions', old: null, new: permissions },
          { field: 'scope', old: null, new: input.scope },
        ],
        summary: input.name,
      });
      return newId;
    });
    return mustFindRole(ctx, id);
  },

  'roles:update': (input, ctx) => {
    const { db } = ctx.app;
    const before = mustFindRole(ctx, input.id);
    if (before.version !== input.version) throw new AppError('CONFLICT', ctx.t('perm.stale'), { current: before });
    if (input.name !== undefined) nameTaken(ctx, input.name, before.id);
    const next = {
      name: input.name ?? before.name,
      permissions: input.permissions ? canonical(input.permissions) : before.permissions,
      scope: input.scope ?? before.scope,
    };
    const changes: FieldChange[] = [];
    if (next.name !== before.name) changes.push({ field: 'name', old: before.name, new: next.name });
    if (next.permissions.join() !== before.permissions.join()) changes.push({ field: 'permissions', old: before.permissions, new: next.permissions });
    if (next.scope !== before.scope) changes.push({ field: 'scope', old: before.scope, new: next.scope });
    db.tx(() => {
      if (changes.length) {
        db.prepare('UPDATE roles SET name = ?, permissions = ?, scope = ?, updated_at = ?, version = version + 1 WHERE id = ?').run(
          next.name,
          JSON.stringify(next.permissions),
          next.scope,
          ctx.app.clock.now().toISOString(),
          before.id,
        );
        if (!someoneCanAdminister(db)) throw new AppError('INVALID_INPUT', ctx.t('perm.needAdmin'));
      }
      recordAudit(db, { ...actor(ctx), action: 'role.update', entity: 'role', entityId: before.id, changes, summary: before.name });
    });
    // every open session of a user holding this role picks up the new permissions now
    const holders = db.prepare('SELECT id FROM users WHERE role_id = ?').all(before.id) as { id: number }[];
    for (const u of holders) syncUserSessions(ctx.app, u.id);
    return mustFindRole(ctx, before.id);
  },

  'roles:delete': (input, ctx) => {
    const { db } = ctx.app;
    const role = mustFindRole(ctx, input.id);
    if (role.builtinKey) throw new AppError('INVALID_INPUT', ctx.t('perm.builtinRoleDelete'));
    db.tx(() => {
      // counted inside the transaction: a user may have been given the role a moment ago
      const n = (db.prepare('SELECT count(*) AS n FROM users WHERE role_id = ?').get(role.id) as { n: number }).n;
      if (n > 0) throw new AppError('CONFLICT', ctx.t('perm.roleInUse', { count: n }), { users: n });
      db.prepare('DELETE FROM roles WHERE id = ?').run(role.id);
      recordAudit(db, {
        ...actor(ctx),
        action: 'role.delete',
        entity: 'role',
        entityId: role.id,
        changes: [
          { field: 'name', old: role.name, new: null },
          { field: 'permissions', old: role.permissions, new: null },
          { field: 'scope', old: role.scope, new: null },
        ],
        summary: role.name,
      });
    });
    return { deleted: true };
  },

  'security:settings': (_input, ctx) => getSecuritySettings(ctx.app.db),

  'security:updateSettings': (input, ctx) => {
    const { db } = ctx.app;
    const before = getSecuritySettings(db);
    db.tx(() => {
      setSetting(db, SECURITY_SETTINGS_KEY, { ...before, ...input });
      recordAudit(db, {
        ...actor(ctx),
        action: 'settings.update',
        entity: 'settings',
        changes: [{ field: 'security.idleMinutes', old: before.idleMinutes, new: input.idleMinutes }],
        summary: ctx.t('audit.summaries.settings.security'),
      });
    });
    return getSecuritySettings(db);
  },
};
