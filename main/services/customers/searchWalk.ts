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
import { indexDefinition } from './indexDefinitions';

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

/** Customer ids of a search (MatchIds) or of a tag filter (tagIds.ts), highest first, read once per call. */
/** Index of the first id below `bound` in ids sorted highest first (ids.length when none is). */
export function firstBelow(ids: readonly number[], bound: number): number {
  let lo = 0;
  let hi = ids.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (ids[mid] < bound) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

export interface IdSource {
  /** a prefix of the ids, highest first */
  readonly ids: number[];
  /** number of ids, up to cap + 1 */
  readonly total: number;
  /** true when `total` is the number of ids (not more than cap) */
  readonly complete: boolean;
  /** up to n ids below `bound`, highest first */
  below(bound: number, n: number): number[];
  /** the highest min(n, total) ids */
  prefix(n: number): number[];
  /** estimated share of customer ids up to maxId that are in the set */
  density(maxId: number): number;
}

/**
 * The matches of a search, highest ids first, evaluated ONCE per call (issue 11: the materialize check,
 * the capped count and the walk used to evaluate the same FTS query up to three times; a mid-frequency
 * trigram phrase such as "hehan" costs ~8 ms per evaluation at 1M). A 1–2 character token: one pass
 * reads the highest `head` ids into JS and counts the rest inside SQLite (up to `cap`, without handing
 * each id to JS: a count costs about half of reading ids). A trigram phrase: all ids up to `cap + 1`. `ids` is a prefix of the matches that grows when the walk or a
 * count needs more ids: those come from FTS below the last id held, so no match is read twice by them.
 */
export class MatchIds implements IdSource {
  private walkStmt: { sql: string; params: (bound: number) => unknown[] } | null = null;
  private constructor(
    private readonly db: Db,
    private readonly q: ParsedQuery,
    /** a prefix of the match ids, highest first */
    readonly ids: number[],
    /** number of matches, up to cap + 1 */
    readonly total: number,
    private readonly cap: number,
  ) {}

  static load(db: Db, q: ParsedQuery, cap: number, head: number, opts: { uncounted?: boolean } = {}): MatchIds {
    const w = walkSql(q);
    // A trigram phrase pays its setup (loading the doclists of its trigrams) again in a second statement
    // (0.7 ms at 1M for "panq"), more than handing all its ids to JS costs: read them in one pass. A 1–2
    // character token restarts cheaply: read the head and only count the rest.
    const trigram = q.terms.some((t) => t.some((a) => a.table === 'customer_fts'));
    // `uncounted`: the caller needs no more than `head` ids and no count beyond them (a first page
    // newest-first whose total is budgeted anyway: scope "own" or a filter, countBudget = head). A trigram
    // phrase then reads head + 1 ids and stops (rep "tian" at 1M: 10,001 ids, 3.5 ms → 1,001); more than
    // head matches is recorded as "more than cap" (incomplete), which the budgeted count answers the same
    // way (a lower bound).
    const headOnly = trigram && opts.uncounted && head < cap;
    const first = trigram && !headOnly ? cap + 1 : Math.max(1, Math.min(headOnly ? head + 1 : head, cap + 1));
    const ids = db.prepare(w.sql).pluck(true).all(...w.params(Number.MAX_SAFE_INTEGER), first) as number[];
    let total = ids.length;
    if (headOnly && ids.length === first) total = cap + 1;
    else if (ids.length === first && first <= cap) {
      const rest = db.prepare(`SELECT count(*) FROM (${w.sql})`).pluck(true).get(...w.params(ids[ids.length - 1]), cap + 1 - first) as number;
      total += rest;
    }
    return new MatchIds(db, q, ids, total, cap);
  }

  /** true when `total` is the number of matches (not more than cap) */
  get complete(): boolean {
    return this.total <= this.cap;
  }

  /** Up to n matching ids below `bound`, highest first. */
  below(bound: number, n: number): number[] {
    const ids = this.ids;
    const at = firstBelow(ids, bound);
    const out = ids.slice(at, at + n);
    if (out.length === n || (this.complete && ids.length >= this.total)) return out;
    // past the ids held: the rest comes from FTS, below the last id we have
    this.walkStmt ??= walkSql(this.q);
    const from = out.length ? out[out.length - 1] : bound;
    const more = this.db.prepare(this.walkStmt.sql).pluck(true).all(...this.walkStmt.params(from), n - out.length) as number[];
    if (ids.length && from === ids[ids.length - 1]) ids.push(...more); // contiguous: the prefix grows
    return out.concat(more);
  }

  /**
   * Share of customer ids up to `maxId` that match, estimated from the ids held (the highest matches):
   * how many of them lie in the id range they span. Matches are spread over ids about evenly (ids are
   * creation order, queries do not depend on it), so this says how many entries of a sort index a page
   * needs (searchProbe.ts).
   */
  density(maxId: number): number {
    const ids = this.ids;
    if (!ids.length) return 0;
    return Math.min(1, ids.length / Math.max(1, maxId - ids[ids.length - 1] + 1));
  }

  /** The highest min(n, total) match ids. */
  prefix(n: number): number[] {
    return this.below(Number.MAX_SAFE_INTEGER, Math.min(n, this.total));
  }
}

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
): WalkResult<R> | null {
  const rowsStmt = db.prepare(rowsSql);
  const violator = violatorCheck(db, scopeOwner);
  const need = limit + 1;
  const seen: R[] = [];
  let bound = Number.MAX_SAFE_INTEGER;
  let batch = Math.max(64, need * 2);
  let scanned = 0;
  let found = 0;
  const byKey = (a: R, b: R) => (a.sort_key < b.sort_key ? 1 : a.sort_key > b.sort_key ? -1 : b.id - a.id);
  const fetch = (n: number) => matches.below(bound, n);
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
    if (ids.length < batch) break; // every match has been seen: exact
    if (seen.length >= need) {
      seen.sort(byKey);
      seen.length = need;
      const v = violator(seen[need - 1].sort_key, bound);
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
  return { rows: seen.slice(0, need), scanned, found };
}

/** True when customers_owner_created (migration 0013) exists (checked once per connection). */
export function hasOwnerCreatedIndex(db: Db): boolean {
  return indexDefinition(db, 'customers_owner_created') !== null;
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
