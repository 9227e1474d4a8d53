// The newest-first walk over a search's (or a tag filter's) match ids: the first page sorted by created_at
// DESC without building the match set (moved out of searchWalk.ts in session 6; the why is there).
import type { Db } from '../../../db/sql';
import type { SqlPart } from './filters';
import { belowStream, hasOwnerCreatedIndex, type IdSource } from './searchWalk';

export interface WalkRow {
  id: number;
  sort_key: string;
}

export interface WalkResult<R> {
  /** the first page sorted by created_at DESC, id DESC (at most limit + 1 rows) */
  rows: R[];
  /** how many of the highest match ids the walk looked at (a prefix of the matches, highest first) */
  scanned: number;
  /** how many of those passed scope and filters (a count the total can start from) */
  found: number;
  /** the walk saw every match below its start: `found` is exact */
  exhausted: boolean;
  /** the walk looked at matches below this id only */
  startBelow: number;
}

/**
 * Rows of the first page sorted by created_at DESC, id DESC (at most limit + 1, so the caller can tell
 * whether there is more), or null when the walk would cost too much (the caller falls back).
 */
export function walkNewestFirst<R extends WalkRow>(
  db: Db,
  matches: IdSource,
  base: SqlPart,
  rowsSql: string,
  limit: number,
  maxScanned = 20_000,
  /** the user's id when the scope is "own" (own + pool): only those customers can be on the page */
  scopeOwner?: number,
  /**
   * with scopeOwner: walk only matches below this id, an estimate of the top of the scope (scopeTop.ts:
   * a rep's walk skips the rows of other owners created after the rep's newest). Checked at the end:
   * every row in scope created at or after the page's last row (any row, when the page is short) must
   * lie below it; else the walk restarts once above the highest such id (then the check holds: a longer
   * walk only makes the page newer). `scanned` counts from `startBelow` (WalkResult.startBelow): the
   * matches above it are out of scope, the caller accounts for them.
   */
  startBelow = Number.MAX_SAFE_INTEGER,
): WalkResult<R> | null {
  const above = scopeOwner !== undefined && startBelow < Number.MAX_SAFE_INTEGER && hasOwnerCreatedIndex(db) ? scopeAboveCheck(db, scopeOwner) : null;
  let start = above ? startBelow : Number.MAX_SAFE_INTEGER;
  for (let round = 0; ; round++) {
    const r = walkFrom<R>(db, matches, base, rowsSql, limit, maxScanned, scopeOwner, start);
    if (!r || !above) return r;
    const need = limit + 1;
    const top = above(r.rows.length >= need ? r.rows[need - 1].sort_key : '');
    if (top < start) return r;
    // a row in scope above the estimate (an old id created late, the seed's jitter): walk again from above it
    start = round === 0 ? top + 1 : Number.MAX_SAFE_INTEGER;
  }
}

function walkFrom<R extends WalkRow>(
  db: Db,
  matches: IdSource,
  base: SqlPart,
  rowsSql: string,
  limit: number,
  maxScanned: number,
  scopeOwner: number | undefined,
  startBelow: number,
): WalkResult<R> | null {
  const rowsStmt = db.prepare(rowsSql);
  const violator = violatorCheck(db, scopeOwner);
  const need = limit + 1;
  const seen: R[] = [];
  let bound = startBelow;
  let exhausted = false;
  let batch = Math.max(64, need * 2);
  let scanned = 0;
  let found = 0;
  const byKey = (a: R, b: R) => (a.sort_key < b.sort_key ? 1 : a.sort_key > b.sort_key ? -1 : b.id - a.id);
  const stream = matches.stream ? matches.stream(startBelow) : belowStream(matches, startBelow);
  try {
    return walkLoop();
  } finally {
    stream.close();
  }
  function walkLoop(): WalkResult<R> | null {
    const fetch = (n: number, minId?: number) => stream.take(n, minId);
    const take = (ids: number[]) => {
      scanned += ids.length;
      if (!ids.length) return;
      const rows = rowsStmt.all(JSON.stringify(ids), ...base.params) as R[];
      found += rows.length;
      seen.push(...rows);
    };
    for (;;) {
      const ids = fetch(batch);
      take(ids);
      if (ids.length) bound = ids[ids.length - 1];
      if (ids.length < batch) {
        exhausted = true; // every match (below startBelow) has been seen: exact
        break;
      }
      if (seen.length >= need) {
        seen.sort(byKey);
        seen.length = need;
        const v = violator(seen[need - 1].sort_key, bound);
        if (!v) break;
        // walk on down to (and including) the offending row's id, then check again
        if (bound - v.id > maxScanned) return null;
        const upto = fetch(bound - v.id, v.id);
        take(upto);
        bound = v.id;
        if (scanned >= maxScanned) return null;
        continue;
      }
      if (scanned >= maxScanned) return null;
      batch = Math.min(batch * 2, 4096);
    }
    seen.sort(byKey);
    return { rows: seen.slice(0, need), scanned, found, exhausted, startBelow };
  }
}

/**
 * The highest id among live customers in a rep's scope (own + pool) created at or after `t` ('' = all),
 * 0 when none: the check of a walk that started below an estimate of the scope's top. Two ranges of
 * customers_owner_created, as long as the rep's and the pool's rows newer than the page's last one.
 */
function scopeAboveCheck(db: Db, scopeOwner: number): (t: string) => number {
  const q = (owner: string) =>
    `(SELECT max(id) FROM customers INDEXED BY customers_owner_created WHERE ${owner} AND created_at >= ? AND deleted_at IS NULL)`;
  const stmt = db.prepare(`SELECT max(coalesce(${q('owner_id = ?')}, 0), coalesce(${q('owner_id IS NULL')}, 0))`).pluck(true);
  return (t) => stmt.get(scopeOwner, t, t) as number;
}


/**
 * "Is there a live customer newer than T below id L?" — the walk's completeness check. For scope "all":
 * one index-only range of customers_sort_created (every customer created after T). For a rep only own
 * and pool customers can be on the page, so ask per owner key along customers_owner_created (migration
 * 0013): the ranges hold only the rep's and the pool's customers created after T, instead of every
 * owner's (a rep's page reaches further back: 2–4 ms → ~0.3 ms at 1M). Answers an offending row (of the
 * two owner keys, the one with the higher id: the walk goes down to it and checks again), or undefined.
 */
function violatorCheck(db: Db, scopeOwner: number | undefined): (t: string, l: number) => { id: number } | undefined {
  if (scopeOwner !== undefined) {
    if (hasOwnerCreatedIndex(db)) {
      const q = (owner: string) =>
        db.prepare(`SELECT c.id FROM customers c INDEXED BY customers_owner_created WHERE ${owner} AND c.created_at > ? AND c.deleted_at IS NULL AND c.id < ? LIMIT 1`);
      const own = q('c.owner_id = ?');
      const pool = q('c.owner_id IS NULL');
      return (t, l) => {
        const a = own.get(scopeOwner, t, l) as { id: number } | undefined;
        const b = pool.get(t, l) as { id: number } | undefined;
        return a && b ? (a.id > b.id ? a : b) : (a ?? b);
      };
    }
  }
  const all = db.prepare(
    'SELECT c.id FROM customers c INDEXED BY customers_sort_created WHERE c.created_at > ? AND c.deleted_at IS NULL AND c.id < ? ORDER BY c.created_at DESC LIMIT 1',
  );
  return (t, l) => all.get(t, l) as { id: number } | undefined;
}
