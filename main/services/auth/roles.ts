import { BUILTIN_ROLES, PERMISSIONS, type BuiltinRoleKey, type DataScope, type Permission } from '../../contract/permissions';
import type { SessionUser } from '../../contract/auth';
import type { Db } from '../../../db/sql';

/** Create the shipped roles if missing (idempotent; runs at start-up, cheap). */
export function ensureBuiltinRoles(db: Db, now: string): void {
  db.tx(() => {
    for (const [key, role] of Object.entries(BUILTIN_ROLES) as [BuiltinRoleKey, (typeof BUILTIN_ROLES)[BuiltinRoleKey]][]) {
      const exists = db.prepare('SELECT id FROM roles WHERE builtin_key = ?').get(key);
      if (exists) continue;
      db.prepare(
        'INSERT INTO roles (builtin_key, name, permissions, scope, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)',
      ).run(key, role.name, JSON.stringify(role.permissions), role.scope, now, now);
    }
  });
}

export function roleIdByKey(db: Db, key: BuiltinRoleKey): number {
  const row = db.prepare('SELECT id FROM roles WHERE builtin_key = ?').get(key) as { id: number } | undefined;
  if (!row) throw new Error(`built-in role ${key} missing`);
  return row.id;
}

function parsePermissions(json: string): Permission[] {
  const list = JSON.parse(json) as unknown[];
  return list.filter((p): p is Permission => (PERMISSIONS as readonly unknown[]).includes(p));
}

/** The session view of a user: identity, role, scope and permissions (never the password hash). */
export function loadSessionUser(db: Db, userId: number): SessionUser | null {
  const row = db
    .prepare(
      `SELECT u.id, u.username, u.display_name, u.role_id, u.disabled_at, r.name AS role_name, r.scope, r.permissions
       FROM users u JOIN roles r ON r.id = u.role_id WHERE u.id = ?`,
    )
    .get(userId) as
    | { id: number; username: string; display_name: string; role_id: number; disabled_at: string | null; role_name: string; scope: DataScope; permissions: string }
    | undefined;
  if (!row || row.disabled_at) return null;
  return {
    id: row.id,
    username: row.username,
    displayName: row.display_name,
    roleId: row.role_id,
    roleName: row.role_name,
    scope: row.scope,
    permissions: parsePermissions(row.permissions),
  };
}
