// Reading users and roles for the management screens. Never selects password_hash.
import type { Db } from '../../../db/sql';
import { PERMISSIONS, type Permission } from '../../contract/permissions';
import type { RoleRow, UserRow } from '../../contract/users';

interface UserDbRow {
  id: number;
  username: string;
  display_name: string;
  role_id: number;
  role_name: string;
  disabled_at: string | null;
  last_login_at: string | null;
  locked_until: string | null;
  created_at: string;
  version: number;
}

const USER_SELECT = `SELECT u.id, u.username, u.display_name, u.role_id, r.name AS role_name, u.disabled_at,
  u.last_login_at, u.locked_until, u.created_at, u.version
  FROM users u JOIN roles r ON r.id = u.role_id`;

function toUserRow(r: UserDbRow, now: string): UserRow {
  return {
    id: r.id,
    username: r.username,
    displayName: r.display_name,
    roleId: r.role_id,
    roleName: r.role_name,
    disabled: r.disabled_at !== null,
    disabledAt: r.disabled_at,
    lastLoginAt: r.last_login_at,
    lockedUntil: r.locked_until && r.locked_until > now ? r.locked_until : null,
    createdAt: r.created_at,
    version: r.version,
  };
}

export function listUsers(db: Db, now: string): UserRow[] {
  return (db.prepare(`${USER_SELECT} ORDER BY u.disabled_at IS NOT NULL, u.id`).all() as UserDbRow[]).map((r) => toUserRow(r, now));
}

export function findUser(db: Db, id: number, now: string): UserRow | null {
  const r = db.prepare(`${USER_SELECT} WHERE u.id = ?`).get(id) as UserDbRow | undefined;
  return r ? toUserRow(r, now) : null;
}

interface RoleDbRow {
  id: number;
  name: string;
  builtin_key: string | null;
  permissions: string;
  scope: 'own' | 'all';
  version: number;
  user_count: number;
}

const ROLE_SELECT = `SELECT r.id, r.name, r.builtin_key, r.permissions, r.scope, r.version,
  (SELECT count(*) FROM users u WHERE u.role_id = r.id) AS user_count FROM roles r`;

export function parsePermissions(json: string): Permission[] {
  const list = JSON.parse(json) as unknown[];
  // keep the canonical order so the matrix and diffs are stable
  return PERMISSIONS.filter((p) => list.includes(p));
}

function toRoleRow(r: RoleDbRow): RoleRow {
  return {
    id: r.id,
    name: r.name,
    builtinKey: r.builtin_key,
    permissions: parsePermissions(r.permissions),
    scope: r.scope,
    userCount: r.user_count,
    version: r.version,
  };
}

export function listRoles(db: Db): RoleRow[] {
  // built-in roles first in their shipped order, then custom roles by creation
  return (
    db
      .prepare(`${ROLE_SELECT} ORDER BY CASE r.builtin_key WHEN 'admin' THEN 0 WHEN 'manager' THEN 1 WHEN 'sales' THEN 2 ELSE 3 END, r.id`)
      .all() as RoleDbRow[]
  ).map(toRoleRow);
}

export function findRole(db: Db, id: number): RoleRow | null {
  const r = db.prepare(`${ROLE_SELECT} WHERE r.id = ?`).get(id) as RoleDbRow | undefined;
  return r ? toRoleRow(r) : null;
}

/**
 * True while at least one active user can still manage users and roles. Checked inside the
 * transaction after a change, so a change that would lock everybody out rolls back.
 */
export function someoneCanAdminister(db: Db): boolean {
  const row = db
    .prepare(
      `SELECT count(*) AS n FROM users u JOIN roles r ON r.id = u.role_id
       WHERE u.disabled_at IS NULL
         AND EXISTS (SELECT 1 FROM json_each(r.permissions) WHERE value = 'users.manage')
         AND EXISTS (SELECT 1 FROM json_each(r.permissions) WHERE value = 'roles.manage')`,
    )
    .get() as { n: number };
  return row.n > 0;
}
