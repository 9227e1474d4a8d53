// First page of a common search in the default order (newest first) without building the match set.
//
// Why: '8', 'z' or '张' match a large part of 1M customers; reading all matches to sort them costs
// 100+ ms. FTS5 hands out matches in rowid (= customer id) order, and customers are created in id
// order, so the newest matches are (almost) the highest ids: walk the matches from the top in small
// batches, keep those that pass scope and filters, and stop as soon as the page is provably complete.
//
// Exactness: after the walk reached id L with the (limit+1)-th best created_at T, an unseen match can
// only have id < L. If no live customer at all has created_at > T and id < L (one range of the
// created_at index, whose length is about the number of rows the walk passed), the page is exact.
// Otherwise (an imported old id, clock changes, the seed's jitter) the walk goes on below the offending
// row and checks again; each round moves L down, so it ends. Cost: O(page / share of matches in scope),
// independent of the number of matches.
import type { Db } from '../../../db/sql';
import type { SqlPart } from './filters';
import type { ParsedQuery } from './searchQuery';

/** FTS matches with id < bound, highest ids first (each alternative bounded inside FTS5). */
export function walkSql(q: ParsedQuery): { sql: string; params: (bound: number) => unknown[] } {
  const matches: string[] = [];
  const termSql = q.terms.map((term) =>
    term
      .map((a) => {
        matches.push(a.match);
        return `SELECT rowid AS id FROM ${a.table} WHERE ${a.table} MATCH ? AND rowid < ?`;
      })
      .join(' UNION '),
  );
  const set = termSql.length === 1 ? termSql[0] : termSql.map((s) => `SELECT id FROM (${s})`).join(' INTERSECT ');
  return {
    sql: `SELECT id FROM (${set}) ORDER BY id DESC LIMIT ?`,
    params: (bound) => matches.flatMap((m) => [m, bound]),
  };
}

export interface WalkRow {
  id: number;
  sort_key: string;
}

/**
 * Rows of the first page sorted by created_at DESC, id DESC (at most limit + 1, so the caller can tell
 * whether there is more), or null when the walk would cost too much (the caller falls back).
 */
export function walkNewestFirst<R extends WalkRow>(
  db: Db,
  q: ParsedQuery,
  base: SqlPart,
  rowsSql: string,
  limit: number,
  maxScanned = 20_000,
): R[] | null {
  const walk = walkSql(q);
  const walkStmt = db.prepare(walk.sql);
  const rowsStmt = db.prepare(rowsSql);
  // any live customer newer than T below id L? (index-only range of customers_sort_created)
  const violator = db.prepare(
    'SELECT c.id FROM customers c INDEXED BY customers_sort_created WHERE c.created_at > ? AND c.deleted_at IS NULL AND c.id < ? ORDER BY c.created_at DESC LIMIT 1',
  );
  const need = limit + 1;
  const seen: R[] = [];
  let bound = Number.MAX_SAFE_INTEGER;
  let batch = Math.max(64, need * 2);
  let scanned = 0;
  const byKey = (a: R, b: R) => (a.sort_key < b.sort_key ? 1 : a.sort_key > b.sort_key ? -1 : b.id - a.id);
  const fetch = (n: number) => (walkStmt.all(...walk.params(bound), n) as { id: number }[]).map((r) => r.id);
  const take = (ids: number[]) => {
    scanned += ids.length;
    if (ids.length) seen.push(...(rowsStmt.all(JSON.stringify(ids), ...base.params) as R[]));
  };
  for (;;) {
    const ids = fetch(batch);
    take(ids);
    if (ids.length) bound = ids[ids.length - 1];
    if (ids.length < batch) break; // every match has been seen: exact
    if (seen.length >= need) {
      seen.sort(byKey);
      seen.length = need;
      const v = violator.get(seen[need - 1].sort_key, bound) as { id: number } | undefined;
      if (!v) break;
      // walk on down to (and including) the offending row's id, then check again
      if (bound - v.id > maxScanned) return null;
      const upto = fetch(bound - v.id).filter((id) => id >= v.id);
      take(upto);
      bound = v.id;
      if (scanned >= maxScanned) return null;
      continue;
    }
    if (scanned >= maxScanned) return null;
    batch = Math.min(batch * 2, 4096);
  }
  seen.sort(byKey);
  return seen.slice(0, need);
}
