// Data scope: a role with scope 'own' sees records it owns plus the pool (owner NULL);
// scope 'all' sees everything. Every list, search, detail and report applies this in SQL.
import type { SessionUser } from '../../contract/auth';

/** SQL condition on an owner column (e.g. 'c.owner_id') and its parameters. */
export function ownerScope(user: SessionUser, column: string, includePool = true): { sql: string; params: unknown[] } {
  if (user.scope === 'all') return { sql: '1=1', params: [] };
  return includePool ? { sql: `(${column} = ? OR ${column} IS NULL)`, params: [user.id] } : { sql: `${column} = ?`, params: [user.id] };
}

export function canSeeOwner(user: SessionUser, ownerId: number | null, includePool = true): boolean {
  return user.scope === 'all' || ownerId === user.id || (includePool && ownerId === null);
}
