// The match ids of a search (MatchIds, read once per call) and the rules of the newest-first walk over
// them (the walk itself: newestWalk.ts). First page of a common search in the default order (newest
// first) without building the match set.
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

/**
 * All FTS matches, lowest ids first (LIMIT ?). Why: FTS5 walks a phrase's doclists backwards at about
 * half the speed (measured at 1M, whole evaluation: "hehanhan" 5.4 ms descending, 2.7 ascending;
 * "yutingzi" 3.4 / 1.7; "@qq.com" 10,001 ids 4.0 / 2.7), so a phrase whose matches all fit is read
 * ascending and reversed in JS: the same ids, highest first.
 */
function ascendingSql(q: ParsedQuery): { sql: string; params: (above: number) => unknown[] } {
  const matches: string[] = [];
  const termSql = q.terms.map((term) =>
    term
      .map((a) => {
        matches.push(a.match);
        return `SELECT rowid AS id FROM ${a.table} WHERE ${a.table} MATCH ? AND rowid > ?`;
      })
      .join(' UNION '),
  );
  const set = termSql.length === 1 ? termSql[0] : termSql.map((s) => `SELECT id FROM (${s})`).join(' INTERSECT ');
  return { sql: `SELECT id FROM (${set}) ORDER BY id LIMIT ?`, params: (above) => matches.flatMap((m) => [m, above]) };
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
  /** the ids below `bound`, highest first, pulled in batches (the walk); close() it when done */
  stream?(bound: number): IdStream;
}

export interface IdStream {
  /** up to n more ids, none below `minId` (an id below it stays for the next call) */
  take(n: number, minId?: number): number[];
  close(): void;
}

/** An IdStream over below() calls (one query per batch: fine where a query restarts cheaply). */
export function belowStream(source: IdSource, bound: number): IdStream {
  let from = bound;
  return {
    take(n, minId = 0) {
      const ids = source.below(from, n);
      const out = minId > 0 ? ids.filter((id) => id >= minId) : ids;
      if (out.length) from = out[out.length - 1];
      return out;
    },
    close() {},
  };
}

/**
 * The matches of a search, highest ids first, evaluated ONCE per call (issue 11: the materialize check,
 * the capped count and the walk used to evaluate the same FTS query up to three times; a mid-frequency
 * trigram phrase such as "hehan" costs ~8 ms per evaluation at 1M). A 1–2 character token: one pass
 * reads the highest `head` ids into JS and counts the rest inside SQLite (up to `countTo`, without handing
 * each id to JS: a count costs about half of reading ids). A trigram phrase: all ids up to `countTo`,
 * read ascending (twice as fast, see ascendingSql); only when there are more than that, the highest
 * `head` ids again, descending. `ids` is a prefix of the matches that grows when the walk or a count
 * needs more ids: those come from FTS below the last id held, so no match is read twice by them; when
 * FTS runs out there, every match is held and the total becomes exact.
 */
export class MatchIds implements IdSource {
  private walkStmt: { sql: string; params: (bound: number) => unknown[] } | null = null;
  private constructor(
    private readonly db: Db,
    private readonly q: ParsedQuery,
    /** a prefix of the match ids, highest first */
    readonly ids: number[],
    /** number of matches, up to cap + 1 */
    private count: number,
    private readonly cap: number,
    /**
     * the largest run of matches counted or read, for density(): n matches with ids from low to high
     * (high null: up to the highest id, i.e. the highest n matches)
     */
    private readonly sample: { n: number; low: number; high: number | null } | null,
  ) {}

  /**
   * `uncounted`: the caller needs no more than `head` ids and no count beyond them (a first page
   * newest-first whose total is budgeted anyway: scope "own" or a filter, countBudget = head) — but it
   * still wants to know whether there are at most `smallMax` matches (then it reads and sorts them
   * instead of walking: the walk's completeness check is long for sparse matches). So matches are read or
   * counted up to smallMax + 1 only; more is recorded as "more than cap" (incomplete), which the budgeted
   * count answers the same way (a lower bound). Rep "tian" at 1M: 10,001 ids, 3.5 ms → 1,001;
   * rep "y": count up to 10,001 0.7 ms → up to 2,001 0.17 ms.
   */
  static load(db: Db, q: ParsedQuery, cap: number, head: number, opts: { uncounted?: boolean; smallMax?: number } = {}): MatchIds {
    const w = walkSql(q);
    const trigram = q.terms.some((t) => t.some((a) => a.table === 'customer_fts'));
    const uncounted = !!opts.uncounted && head < cap;
    const countTo = uncounted ? Math.min(cap, Math.max(head, opts.smallMax ?? head)) + 1 : cap + 1;
    if (trigram) {
      // A trigram phrase pays its setup (loading the doclists of its trigrams) again in every statement
      // (0.5–0.7 ms at 1M for a mid-frequency phrase): as few statements as the answer allows, ascending
      const asc = ascendingSql(q);
      const read = (above: number, n: number) => db.prepare(asc.sql).pluck(true).all(...asc.params(above), n) as number[];
      // Ids up to smallMax + 1 (or countTo when uncounted). Past that, a phrase whose lowest matches are
      // dense (many more than cap expected: "@qq.com", 75k at 1M) is only counted up to countTo (a count
      // costs less than handing ids to JS: 10,001 ids 3.0 ms, counted 2.5) and its rest read only if the
      // count stays within cap; a sparser one has its remaining ids read at once (a count followed by a
      // read would pay the phrase setup twice: "1897", 3,427 matches, +1.4 ms). Speed only: both exact.
      const firstAsc = uncounted ? countTo : Math.min(countTo, Math.max(head, opts.smallMax ?? countTo) + 1);
      const all = read(0, firstAsc);
      let seen = all.length;
      if (all.length === firstAsc && firstAsc < countTo) {
        const last = all[all.length - 1];
        const maxId = (db.prepare('SELECT max(id) FROM customers').pluck(true).get() as number | null) ?? last;
        const expected = (firstAsc * maxId) / Math.max(1, last);
        if (expected > 2 * countTo) {
          seen += db.prepare(`SELECT count(*) FROM (${asc.sql})`).pluck(true).get(...asc.params(last), countTo - firstAsc) as number;
          if (seen < countTo) all.push(...read(last, countTo));
        } else {
          all.push(...read(last, countTo - firstAsc));
          seen = all.length;
        }
      }
      if (seen < countTo) {
        all.reverse();
        return new MatchIds(db, q, all, all.length, cap, all.length ? { n: all.length, low: all[all.length - 1], high: null } : null);
      }
      // more than countTo: those were the lowest; the walk needs the highest. The density is taken from
      // the lowest countTo (ids from 1 up to the last one read), a far larger sample than the head
      const first = Math.max(1, uncounted ? head + 1 : head);
      const ids = db.prepare(w.sql).pluck(true).all(...w.params(Number.MAX_SAFE_INTEGER), first) as number[];
      return new MatchIds(db, q, ids, cap + 1, cap, { n: all.length, low: 1, high: all[all.length - 1] });
    }
    // A 1–2 character token restarts cheaply: read the head and only count the rest
    const first = Math.max(1, Math.min(head, countTo));
    const ids = db.prepare(w.sql).pluck(true).all(...w.params(Number.MAX_SAFE_INTEGER), first) as number[];
    let total = ids.length;
    let low = ids.length ? ids[ids.length - 1] : null;
    if (ids.length === first && first < countTo) {
      const rest = db.prepare(`SELECT count(*) AS n, min(id) AS low FROM (${w.sql})`).get(...w.params(ids[ids.length - 1]), countTo - first) as { n: number; low: number | null };
      total += rest.n;
      if (rest.low !== null) low = rest.low;
    }
    const sample = low === null ? null : { n: Math.min(total, countTo), low, high: null };
    if (uncounted && total >= countTo) total = cap + 1;
    return new MatchIds(db, q, ids, total, cap, sample);
  }

  /** number of matches, up to cap + 1 */
  get total(): number {
    return this.count;
  }

  /** true when `total` is the number of matches (not more than cap) */
  get complete(): boolean {
    return this.count <= this.cap;
  }

  /** Up to n matching ids below `bound`, highest first. */
  below(bound: number, n: number): number[] {
    const ids = this.ids;
    const at = firstBelow(ids, bound);
    const out = ids.slice(at, at + n);
    if (out.length === n || (this.complete && ids.length >= this.count)) return out;
    // past the ids held: the rest comes from FTS, below the last id we have
    this.walkStmt ??= walkSql(this.q);
    const from = out.length ? out[out.length - 1] : bound;
    const more = this.db.prepare(this.walkStmt.sql).pluck(true).all(...this.walkStmt.params(from), n - out.length) as number[];
    if (ids.length && from === ids[ids.length - 1]) {
      ids.push(...more); // contiguous: the prefix grows
      // FTS ran out below the prefix: it holds every match, so the count is exact now
      if (more.length < n - out.length && ids.length <= this.cap) this.count = ids.length;
    }
    return out.concat(more);
  }

  /**
   * The matches below `bound`, highest first: the ids held, then ONE FTS statement kept open and read
   * in batches. Why: FTS5 positions `rowid < ?` by walking the doclist from the top (measured at 1.1M:
   * "r" / "1" 0.06 ms from the top, 3.1–3.2 ms below the 100k ids an admin imported, 6–17 ms at the
   * middle), so a walk that asked once per batch paid that skip again for every batch. The statement
   * is prepared uncached (a cached one could be asked for by another caller while this one is open).
   */
  stream(bound: number): IdStream {
    const ids = this.ids;
    let at = firstBelow(ids, bound);
    const allHeld = () => this.complete && ids.length >= this.count;
    // pulled ids extend the held prefix when the stream continues right below its last id
    let grows = false;
    let from = bound;
    let it: IterableIterator<number> | null = null;
    let pending: number | null = null;
    let done = false;
    const pull = (): number | null => {
      if (!it) {
        // the held ids below the bound were all served: continue right below the last of them
        if (at > 0 && ids[at - 1] < bound) from = ids[at - 1];
        grows = ids.length > 0 && from === ids[ids.length - 1];
        this.walkStmt ??= walkSql(this.q);
        it = this.db.raw.prepare(this.walkStmt.sql).pluck(true).iterate(...this.walkStmt.params(from), -1) as IterableIterator<number>;
      }
      const r = it.next();
      if (r.done) {
        done = true;
        // FTS ran out below the prefix: it holds every match, so the count is exact now
        if (grows && ids.length <= this.cap) this.count = ids.length;
        return null;
      }
      if (grows) ids.push(r.value);
      return r.value;
    };
    return {
      take: (n, minId = 0) => {
        const out: number[] = [];
        while (out.length < n) {
          let id: number | null;
          if (pending !== null) id = pending;
          else if (at < ids.length) id = ids[at];
          else if (done || allHeld()) break;
          else {
            id = pull();
            if (id === null) break;
            if (!grows) pending = id;
          }
          if (id < minId) break; // not consumed: `at` stays on it, or it stays pending
          if (pending !== null) pending = null;
          else at++;
          out.push(id);
        }
        return out;
      },
      close: () => {
        it?.return?.();
        it = null;
      },
    };
  }

  /**
   * Share of customer ids up to `maxId` that match, estimated from the highest matches counted or held:
   * how many of them lie in the id range they span. Matches are spread over ids about evenly (ids are
   * creation order, queries do not depend on it), so this says how many entries of a sort index a page
   * needs (searchProbe.ts). The counted sample (up to 10,001 matches) beats the 256 ids held: the newest
   * customers can be far denser in a token than the rest ("张" at 1M: 256 ids say > 10 %, 10,001 say
   * 1.7 %; a wrong guess starts a probe that gives up after thousands of rows).
   */
  density(maxId: number): number {
    const ids = this.ids;
    const s = this.sample && this.sample.n > ids.length ? this.sample : ids.length ? { n: ids.length, low: ids[ids.length - 1], high: null } : null;
    if (!s) return 0;
    return Math.min(1, s.n / Math.max(1, (s.high ?? maxId) - s.low + 1));
  }

  /** The highest min(n, total) match ids. */
  prefix(n: number): number[] {
    return this.below(Number.MAX_SAFE_INTEGER, Math.min(n, this.total));
  }
}

/** True when customers_owner_created (migration 0013) exists (checked once per connection). */
export function hasOwnerCreatedIndex(db: Db): boolean {
  return indexDefinition(db, 'customers_owner_created') !== null;
}
