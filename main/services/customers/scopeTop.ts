// The top of a rep's scope: the newest created_at among the rep's own and the pool's live customers, and
// an id above the newest of them. The newest-first walks of a rep start there.
//
// Why: after an admin imports 100k customers (or any other owner creates many), those rows hold the
// highest ids and the newest created_at. The rep's search walk (FTS ids from the top) and the rep's first
// page newest first (created_at index from the top) passed all of them, testing the scope on each:
// rep "1" 104 ms, filtered first pages 6–10 ms at 1.1M (block 1M-1M-5M-s5-after-import).
// - `createdAt` is exact (no row in scope is newer): a range bound for the created_at indexes.
// - `id` is an estimate: 1 + the highest id among the newest 256 rows of each owner key. Since migration
//   0015 there is no (owner_id, id) index, and the exact maximum scans the owner's range (3–7 ms at 1M).
//   The walk checks the estimate against the page it found (searchWalk.ts: scope rows at or above the
//   page's last created_at must lie below it) and restarts higher once when they do not.
// All along customers_owner_created (owner_id, created_at, id): four short index reads, ~0.1 ms.
import type { Db } from '../../../db/sql';
import { hasOwnerCreatedIndex } from './searchWalk';

export interface ScopeTop {
  /** an id above the newest rows in scope (1: the scope holds no live customer) */
  id: number;
  /** newest created_at in scope (null: none) */
  createdAt: string | null;
}

const newest = (owner: string) =>
  `(SELECT created_at FROM customers INDEXED BY customers_owner_created WHERE ${owner} AND deleted_at IS NULL ORDER BY created_at DESC LIMIT 1)`;
const topId = (owner: string) =>
  `(SELECT max(id) FROM (SELECT id FROM customers INDEXED BY customers_owner_created WHERE ${owner} AND deleted_at IS NULL ORDER BY created_at DESC LIMIT 256))`;
const SQL = `SELECT ${newest('owner_id = ?')} AS a, ${newest('owner_id IS NULL')} AS b, ${topId('owner_id = ?')} AS c, ${topId('owner_id IS NULL')} AS d`;

/** The rep's (scope "own": own + pool) top, read now (no cache: writes move it); null without the index. */
export function scopeTop(db: Db, userId: number): ScopeTop | null {
  if (!hasOwnerCreatedIndex(db)) return null;
  const r = db.prepare(SQL).get(userId, userId) as { a: string | null; b: string | null; c: number | null; d: number | null };
  const createdAt = r.a === null ? r.b : r.b === null ? r.a : r.a > r.b ? r.a : r.b;
  return { id: Math.max(r.c ?? 0, r.d ?? 0) + 1, createdAt };
}
