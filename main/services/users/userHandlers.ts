// users:* — accounts managed by an administrator. Every change is audited in its transaction.
import type { HandlersOf, UserCallContext } from '../../ipc/context';
import type { usersContract } from '../../contract/users';
import { AppError } from '../../ipc/errors';
import { recordAudit, type FieldChange } from '../audit/record';
import { actor } from '../audit/actor';
import { hashPassword } from '../auth/password';
import { findRole, findUser, listRoles, listUsers, someoneCanAdminister } from './queries';
import { endUserSessions, syncUserSessions } from './sessionsSync';

type UserHandlers = Pick<
  HandlersOf<typeof usersContract>,
  'users:list' | 'users:options' | 'users:create' | 'users:update' | 'users:disable' | 'users:enable' | 'users:resetPassword'
>;

const nowIso = (ctx: UserCallContext) => ctx.app.clock.now().toISOString();

function mustFindUser(ctx: UserCallContext, id: number) {
  const u = findUser(ctx.app.db, id, nowIso(ctx));
  if (!u) throw new AppError('NOT_FOUND', ctx.t('perm.userNotFound'));
  return u;
}

function mustFindRole(ctx: UserCallContext, id: number, field = 'roleId') {
  const r = findRole(ctx.app.db, id);
  if (!r) throw new AppError('INVALID_INPUT', ctx.t('perm.roleNotFound'), { fieldErrors: { [field]: ctx.t('perm.roleNotFound') } });
  return r;
}

function assertAdministrable(ctx: UserCallContext) {
  if (!someoneCanAdminister(ctx.app.db)) throw new AppError('INVALID_INPUT', ctx.t('perm.needAdmin'));
}

function setDisabled(ctx: UserCallContext, id: number, disabled: boolean) {
  const { db } = ctx.app;
  const before = mustFindUser(ctx, id);
  if (disabled && id === ctx.user.id) throw new AppError('INVALID_INPUT', ctx.t('perm.cannotDisableSelf'));
  const now = nowIso(ctx);
  db.tx(() => {
    if (before.disabled !== disabled) {
      db.prepare('UPDATE users SET disabled_at = ?, updated_at = ?, version = version + 1 WHERE id = ?').run(disabled ? now : null, now, id);
      if (disabled) assertAdministrable(ctx);
    }
    recordAudit(db, {
      ...actor(ctx),
      action: disabled ? 'user.disable' : 'user.enable',
      entity: 'user',
      entityId: id,
      changes: [{ field: 'disabledAt', old: before.disabledAt, new: disabled ? (before.disabledAt ?? now) : null }],
      summary: before.username,
    });
  });
  // a disabled account is logged out of every window at once
  syncUserSessions(ctx.app, id);
  return mustFindUser(ctx, id);
}

export const userHandlers: UserHandlers = {
  'users:list': (_input, ctx) => ({ users: listUsers(ctx.app.db, nowIso(ctx)) }),

  'users:options': (_input, ctx) => ({
    users: listUsers(ctx.app.db, nowIso(ctx)).map((u) => ({ id: u.id, displayName: u.displayName, roleName: u.roleName, active: !u.disabled })),
    // role names only (no permissions): the audit trail shows a user's role change by name to anyone who may read it
    roles: listRoles(ctx.app.db).map((r) => ({ id: r.id, name: r.name })),
  }),

  'users:create': async (input, ctx) => {
    const { db } = ctx.app;
    const role = mustFindRole(ctx, input.roleId);
    const taken = () => !!db.prepare('SELECT 1 FROM users WHERE username = ?').get(input.username);
    const takenError = () =>
      new AppError('CONFLICT', ctx.t('perm.usernameTaken', { username: input.username }), {
        fieldErrors: { username: ctx.t('perm.usernameTaken', { username: input.username }) },
      });
    if (taken()) throw takenError();
    const hash = await hashPassword(input.password);
    const now = nowIso(ctx);
    const id = db.tx(() => {
      if (taken()) throw takenError(); // checked again: hashing awaited, another window may have won
      const newId = Number(
        db
          .prepare('INSERT INTO users (username, display_name, password_hash, role_id, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)')
          .run(input.username, input.displayName, hash, role.id, now, now).lastInsertRowid,
      );
      recordAudit(db, {
        ...actor(ctx),
        action: 'user.create',
        entity: 'user',
        entityId: newId,
        changes: [
          { field: 'username', old: null, new: input.username },
          { field: 'displayName', old: null, new: input.displayName },
          { field: 'roleId', old: null, new: role.id },
        ],
        summary: `${input.username} (${role.name})`,
      });
      return newId;
    });
    return mustFindUser(ctx, id);
  },

  'users:update': (input, ctx) => {
    const { db } = ctx.app;
    const before = mustFindUser(ctx, input.id);
    if (before.version !== input.version) throw new AppError('CONFLICT', ctx.t('perm.stale'), { current: before });
    const role = input.roleId !== undefined ? mustFindRole(ctx, input.roleId) : null;
    const changes: FieldChange[] = [];
    if (input.displayName !== undefined && input.displayName !== before.displayName)
      changes.push({ field: 'displayName', old: before.displayName, new: input.displayName });
    if (role && role.id !== before.roleId) changes.push({ field: 'roleId', old: before.roleId, new: role.id });
    const now = nowIso(ctx);
    db.tx(() => {
      if (changes.length) {
        db.prepare('UPDATE users SET display_name = ?, role_id = ?, updated_at = ?, version = version + 1 WHERE id = ?').run(
          input.displayName ?? before.displayName,
          role?.id ?? before.roleId,
          now,
          input.id,
        );
        assertAdministrable(ctx);
      }
      recordAudit(db, { ...actor(ctx), action: 'user.update', entity: 'user', entityId: input.id, changes, summary: before.username });
    });
    syncUserSessions(ctx.app, input.id);
    return mustFindUser(ctx, input.id);
  },

  'users:disable': (input, ctx) => setDisabled(ctx, input.id, true),
  'users:enable': (input, ctx) => setDisabled(ctx, input.id, false),

  'users:resetPassword': async (input, ctx) => {
    const { db } = ctx.app;
    const before = mustFindUser(ctx, input.id);
    const hash = await hashPassword(input.newPassword);
    db.tx(() => {
      db.prepare('UPDATE users SET password_hash = ?, failed_logins = 0, locked_until = NULL, updated_at = ?, version = version + 1 WHERE id = ?').run(
        hash,
        nowIso(ctx),
        input.id,
      );
      // the hash itself never goes into the log (recordAudit also redacts password fields)
      recordAudit(db, { ...actor(ctx), action: 'user.resetPassword', entity: 'user', entityId: input.id, summary: before.username });
    });
    // whoever was logged in with the old password must log in again; the admin's own window stays
    endUserSessions(ctx.app, input.id, { except: ctx.caller });
    return { reset: true };
  },
};
