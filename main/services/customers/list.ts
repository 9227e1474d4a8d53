// customers:list — keyset pages over the covering sort indexes, optional search, scope and filters in SQL.
//
// Search (see searchQuery.ts): the FTS query is evaluated once per call (MatchIds: the highest
// COUNT_CAP + 1 match ids); the total, the newest-first walk and the match set of other orders are
// served from those ids. The first page newest-first (the default order) walks them from the highest id
// and stops when the page is provably complete (searchWalk.ts: cost independent of the number of
// matches). Other orders and later pages use the match set as `c.id IN (set)`:
//  - up to COUNT_CAP matches: the ids already read (json_each), no second FTS evaluation;
//  - a rare query (<= MATERIALIZE_MAX matches): SQLite reads those rows and sorts them;
//  - a common query ('8', '张', 'z'): the page is read along the sort index and each entry is tested
//    against the match set; above COUNT_CAP matches that set is the FTS query, which SQLite builds once
//    per statement (cost grows with the number of matches), unless the matches are dense enough that a
//    page needs few entries of the sort index: then each entry's search fields are recomputed and tested
//    in JS by a SQL function in the page statement (searchProbe.ts / searchMatch.ts: '8' by name at 1M
//    70 → 7 ms cpu, "qq.com" 24 → see docs/customers-search.md). FTS5 cannot test one row:
//    `rowid = ?` next to MATCH is ignored, a `rowid >= ? LIMIT 1` probe costs 0.2–12 ms per row at 1M.
// A tag filter without a query is driven by the tag's customer ids (tagIds.ts) like a search.
// Without a rare query the page is read along the sort index (INDEXED BY: the planner, seeing a scope
// or filter term, sometimes prefers the primary key and then sorts everything).
// Offset jumps skip from the nearest remembered position (offsetAnchors.ts), not from the start.
// Totals: exact and O(users) from customer_owner_counts when there is no query and no filter; exact
// from the page itself when the first page is the whole list; otherwise a budgeted count that answers a
// lower bound with totalCapped=true (counting every match of '8' among 1M customers, or every row of a
// 1% filter, would cost far more than the page itself).
import type { CustomerFilter } from '../../contract/customers';
import type { SessionUser } from '../../contract/auth';
import type { Db } from '../../../db/sql';
import { countFiltered, coveredByReportIndex, filterParts, FILTER_COUNT_BUDGET, isEmptyFilter, REPORT_CREATED_INDEX, singleValueLead, type SqlPart } from './filters';
import { matchSetSql, parseSearchQuery, type ParsedQuery } from './searchQuery';
import { firstBelow, hasOwnerCreatedIndex, MatchIds, type IdSource } from './searchWalk';
import { walkNewestFirst, type WalkResult } from './newestWalk';
import { scopeTop, type ScopeTop } from './scopeTop';
import { TagIds } from './tagIds';
import { directOnly, evaluableInJs } from './searchMatch';
import { probeSql, withProbeBudget } from './searchProbe';
import { ANCHOR_STEP, rowAtOffset } from './offsetAnchors';
import { continuationSql, decodeCursor, DEFAULT_SORT, encodeCursor, nextKeysPart, orderSql, SORT_KEYS, type Sort } from './sort';
import { CUSTOMER_COLUMNS, toListRows, type CustomerRow } from './rows';

/** Budgets of a list call (an object so tests can shrink them to reach every path with small data). */
export const LIST_LIMITS = {
  /** at most this many matches: read the rows and sort them instead of walking the sort index */
  materializeMax: 5_000,
  /** match ids read per search call; totals above it answer COUNT_CAP + "capped" */
  countCap: 10_000,
  /** match ids looked at when counting a search within a scope or filter (see countTotal) */
  countBudget: 1_000,
  /** live rows looked at when counting a filter without a query (filters.ts countFiltered) */
  filterBudget: { ...FILTER_COUNT_BUDGET },
  /**
   * at most this many matches: the first page newest-first reads and sorts them instead of walking
   * (the walk's completeness check scans the created_at index above the page's last row, which for
   * sparse matches is a long range: 9–25 ms at 1M for a few hundred matches)
   */
  walkMin: 2_000,
  /** least distance between remembered offset anchors (offsetAnchors.ts) */
  anchorStep: ANCHOR_STEP,
  /**
   * more than countCap matches, sorted by another column: SQLite walks the sort index and tests each row
   * with crm_search_match (searchProbe.ts) when a page is expected to need at most this many rows
   * (limit / density). Measured at 1M (cpu, warm): ~2–3 µs a row without pinyin ("qq.com" by name: ~1,500
   * rows 4.5 ms in session 11; the JS loop before it 6.5–8 ms, ~10 µs a row in session 5), 25–55 µs with
   * it ("zhang": ~10,000 rows at the start of the name order = 200+ ms), against 20–25 ms for
   * materializing the match set. Each row is a random row read, so a cold page cache costs the row test
   * more than the FTS path (session 5: "qq.com" 33–65 ms against 27–46): 2,500 rows (density ≥ 4 %) when
   * the query cannot depend on pinyin (searchMatch.ts directOnly), 800 when it can
   */
  probeMax: 2_500,
  probeMaxPinyin: 800,
  /** rows a row-tested page may test at least (its budget is 3x the expected rows, not less than this) */
  probeBudgetMin: 256,
};

export interface ListInput {
  query?: string;
  filter?: CustomerFilter;
  sort?: Sort;
  cursor?: string | null;
  offset?: number;
  limit?: number;
  withTotal?: boolean;
}

export interface Target extends SqlPart {
  /** scope + filters only */
  base: SqlPart;
  /** live rows + scope only, the scope alone and the filter conditions alone (null: none) */
  live: SqlPart;
  scope: SqlPart | null;
  filter: SqlPart | null;
  /** the match set of the search query, if any */
  set: SqlPart | null;
  /** true when the match set is small: read its rows and sort them instead of walking the sort index */
  materialized: boolean;
  /** the parsed search query, if any */
  parsed?: ParsedQuery;
  /** the highest match ids (or, without a query, the ids of the filter's tags), read once for the whole call */
  matches?: IdSource;
}

/** Scope + filters + search as one condition on `c`; null when the query can match nothing. */
export function targetSql(
  db: Db,
  user: SessionUser,
  filter: CustomerFilter | undefined,
  query: string | undefined,
  now: Date,
  /** firstPageNewest: the call is a first page newest-first (the walk), nothing else is read from the target */
  opts: { ownerKeyScope?: boolean; firstPageNewest?: boolean } = {},
): Target | null {
  const parts = filterParts(user, filter, now, opts);
  const base = parts.filter
    ? { sql: `${parts.live.sql} AND ${parts.filter.sql}`, params: [...parts.live.params, ...parts.filter.params] }
    : parts.live;
  const common = { base, live: parts.live, scope: parts.scope, filter: parts.filter };
  const q = parseSearchQuery(query);
  // (at most 4 tags: each costs an index count and a read of its highest ids; more keep the EXISTS probe)
  if (!q && filter?.tags?.length && new Set(filter.tags).size <= 4) {
    // A tag filter without a query: the tag's customer ids (customer_tags_tag, highest first) drive the
    // page like search matches do (newest-first walk, id set when few) instead of an EXISTS probe per
    // entry of the sort index (tag pages 14-15 ms cpu at 1M). The EXISTS stays in `base`, so every row
    // still passes the filter itself.
    const head = user.scope === 'all' && Object.keys(filter).every((k) => k === 'tags') ? 256 : LIST_LIMITS.countBudget;
    const tagIds = TagIds.load(db, filter.tags, LIST_LIMITS.countCap, head);
    if (tagIds.total === 0) return null;
    const set = tagIds.complete ? idSet(tagIds.ids) : null;
    return set
      ? { sql: `${base.sql} AND c.id IN (${set.sql})`, params: [...base.params, ...set.params], ...common, set, materialized: tagIds.total <= LIST_LIMITS.materializeMax, matches: tagIds }
      : { ...base, ...common, set: null, materialized: false, matches: tagIds };
  }
  if (!q) return { ...base, ...common, set: null, materialized: false };
  if (q.impossible) return null;
  // the one FTS evaluation of this call: the highest ids for the walk (more when a scope or filter
  // will need COUNT_BUDGET of them for the count), the rest only counted
  const budgeted = user.scope !== 'all' || !!parts.filter;
  const head = budgeted ? LIST_LIMITS.countBudget : 256;
  const matches = MatchIds.load(db, q, LIST_LIMITS.countCap, head, { uncounted: budgeted && opts.firstPageNewest, smallMax: LIST_LIMITS.walkMin });
  if (matches.total === 0) return null;
  const materialized = matches.total <= LIST_LIMITS.materializeMax;
  // every match id in hand: test membership against those ids instead of evaluating FTS again
  const set = matches.complete && matches.ids.length >= matches.total ? idSet(matches.ids) : matchSetSql(q);
  return { sql: `${base.sql} AND c.id IN (${set.sql})`, params: [...base.params, ...set.params], ...common, set, materialized, parsed: q, matches };
}

const idSet = (ids: number[]): SqlPart => ({ sql: 'SELECT value FROM json_each(?)', params: [JSON.stringify(ids)] });

/** The same target with the match set as the ids (read now unless held), when there are at most COUNT_CAP. */
function withIdSet(t: Target): Target {
  const m = t.matches;
  if (!m || !m.complete || t.set?.sql === idSet([]).sql) return t;
  const set = idSet(m.prefix(m.total));
  return { ...t, sql: `${t.base.sql} AND c.id IN (${set.sql})`, params: [...t.base.params, ...set.params], set };
}

/** Live customers in the user's scope, exact and O(users) (customer_owner_counts is kept by triggers). */
function ownerTotal(db: Db, user: SessionUser): number {
  const sql =
    user.scope === 'all'
      ? 'SELECT coalesce(sum(n), 0) AS n FROM customer_owner_counts'
      : 'SELECT coalesce(sum(n), 0) AS n FROM customer_owner_counts WHERE owner_key IN (0, ?)';
  return (db.prepare(sql).get(...(user.scope === 'all' ? [] : [user.id])) as { n: number }).n;
}

function countTotal(
  db: Db,
  user: SessionUser,
  input: ListInput,
  target: Target,
  walked: WalkResult<unknown> | null,
  top: ScopeTop | null,
): { total: number; capped: boolean } {
  const { countCap: COUNT_CAP, countBudget: COUNT_BUDGET } = LIST_LIMITS;
  const m = target.matches;
  if (!m && isEmptyFilter(input.filter)) return { total: ownerTotal(db, user), capped: false };
  // With a query and nothing but the scope 'all': the search tables hold exactly the live customers, so
  // the match ids read up front are the count (capped at COUNT_CAP).
  if (m && user.scope === 'all' && isEmptyFilter(input.filter)) {
    return m.complete ? { total: m.total, capped: false } : { total: COUNT_CAP, capped: true };
  }
  // Otherwise join the highest match ids with scope and filters by primary key, but look at no more than
  // COUNT_BUDGET of them: past that the answer is a lower bound (totalCapped), which the list shows as
  // "n+" and extends while scrolling. The walk of the first page already looked at a prefix of those
  // ids (scanned, found): only the rest of the budget is counted here.
  if (m) {
    let scanned = walked?.scanned ?? 0;
    let n = walked?.found ?? 0;
    const upto = Math.min(m.total, COUNT_BUDGET);
    if (scanned < upto) {
      const ids = m.prefix(upto).slice(scanned);
      const sql = `SELECT count(*) AS n FROM customers c WHERE c.id IN (SELECT value FROM json_each(?)) AND ${target.base.sql}`;
      n += (db.prepare(sql).get(JSON.stringify(ids), ...target.base.params) as { n: number }).n;
      scanned = upto;
    }
    if (m.complete && scanned >= m.total) return n > COUNT_CAP ? { total: COUNT_CAP, capped: true } : { total: n, capped: false };
    return { total: Math.min(n, COUNT_CAP), capped: true };
  }
  // A filter without a query: a budgeted scan of the rows in scope (filters.ts countFiltered)
  const c = countFiltered(db, target.scope, target.filter ?? { sql: '1=1', params: [] }, LIST_LIMITS.filterBudget, top?.createdAt);
  return c.complete ? { total: c.n, capped: false } : { total: Math.min(c.n, COUNT_CAP), capped: true };
}

type PageRow = CustomerRow & { sort_key: string | number };

/** `badCursor`: the message for an unreadable cursor, or a function giving it (translated only when needed: ~5 µs a call) */
export function listCustomers(db: Db, user: SessionUser, input: ListInput, now: Date, badCursor: string | (() => string)) {
  const sort = input.sort ?? DEFAULT_SORT;
  const limit = input.limit ?? 100;
  // Sorted by owner within scope 'own': only two keys exist (the pool, 0, and the user); the scope is
  // written as those keys so SQLite seeks to them in the sort index instead of walking past every other
  // owner's entries, and needs no row lookups (owner_id itself is not in customers_sort_owner)
  const firstPageNewest = !input.cursor && !input.offset && sort.field === 'createdAt' && sort.dir === 'desc';
  let target = targetSql(db, user, input.filter, input.query, now, { ownerKeyScope: sort.field === 'ownerId', firstPageNewest });
  // a rep's first page newest first starts at the top of the scope, not at the top of the table (scopeTop.ts)
  const top = firstPageNewest && user.scope !== 'all' && target ? scopeTop(db, user.id) : null;
  const ownerKeys = sort.field === 'ownerId' && user.scope !== 'all' ? [0, user.id] : undefined;
  if (!target) return { rows: [], nextCursor: null, total: 0, totalCapped: false };
  // only the first page newest-first of a common query walks the match ids; every other page tests
  // membership in the set
  const m = target.matches;
  const walkable =
    !!m && !input.cursor && !input.offset && sort.field === 'createdAt' && sort.dir === 'desc' && !(m.complete && m.total <= LIST_LIMITS.walkMin);
  if (!walkable) target = withIdSet(target);

  const wantTotal = input.withTotal ?? !input.cursor;
  let walked: WalkResult<{ id: number; sort_key: string }> | null = null;
  const total = (rows: PageRow[], more: boolean) => {
    if (!wantTotal) return { total: null, totalCapped: undefined };
    // the first page holds the whole list: its length is the exact total
    if (!input.cursor && !input.offset && !more) return { total: rows.length, totalCapped: false };
    const c = countTotal(db, user, input, target!, walked, top);
    // a lower bound is never below what the first page already shows
    const shown = !input.cursor && !input.offset ? rows.length + (more ? 1 : 0) : 0;
    return c.capped ? { total: Math.max(c.total, shown), totalCapped: true } : { total: c.total, totalCapped: false };
  };

  const { expr: key, index } = SORT_KEYS[sort.field];
  // A filtered list newest first whose conditions rpt_customers_created can evaluate alone (province,
  // level, status, industry, source, owner): walk that index, which is also in created_at order (ties are
  // put in id order by a small sort), and look up only the rows that pass — about half the cost of
  // walking customers_sort_created and reading every row to test the filter.
  const reportIndex = sort.field === 'createdAt' && !target.matches && !!target.filter && coveredByReportIndex(db, target.base.sql);
  // One value of an attribute (e.g. 浙江省): walk that attribute's own covering index, which holds only the
  // value's rows, in created_at order — a rep's 浙江省 + A first page read ~100k entries of
  // rpt_customers_created (1 in 1,000 passing) for its 100 rows. The equality repeats what the filter says.
  const lead = reportIndex ? singleValueLead(db, input.filter) : null;
  const from = `customers c ${target.materialized ? '' : `INDEXED BY ${reportIndex ? (lead?.index ?? REPORT_CREATED_INDEX) : index}`}`;
  const t = lead ? { ...target, sql: `${target.sql} AND ${lead.cond.sql}`, params: [...target.params, ...lead.cond.params] } : target;
  // the target the page statements read (a dense search swaps in the row test, below)
  let pt: Target = t;
  // A materialized match set (≤ materializeMax ids) is sorted whole: pick the page's ids first, then read
  // the full rows and owner names of those only (the one-step form decoded every column and joined the
  // owner of every match before sorting: "乐", 1,967 matches at 100k, 5.6 → 2.7 ms)
  const select = (where: string, order: string, params: unknown[], n: number) =>
    db
      .prepare(
        pt.materialized
          ? `SELECT ${CUSTOMER_COLUMNS}, ${key} AS sort_key FROM customers c LEFT JOIN users u ON u.id = c.owner_id
             WHERE c.id IN (SELECT c.id FROM ${from} WHERE ${pt.sql} AND ${where} ORDER BY ${order} LIMIT ?) ORDER BY ${order}`
          : `SELECT ${CUSTOMER_COLUMNS}, ${key} AS sort_key FROM ${from} LEFT JOIN users u ON u.id = c.owner_id
             WHERE ${pt.sql} AND ${where} ORDER BY ${order} LIMIT ?`,
      )
      .all(...pt.params, ...params, n) as PageRow[];

  // The first page along rpt_customers_created (created_at, owner_id, …): ORDER BY created_at DESC, id DESC
  // made SQLite sort each run of equal created_at ("temp b-tree for last term of ORDER BY"), reading every
  // row of the run that passes the filter — an import gives all its rows one created_at (its commit), so
  // 22–24 ms cpu for the admin's 浙江省 + A page at 1.1M after a 100k import (1.9 ms below it). Read by
  // created_at alone, then the rows tied with the last one in id order, and merge: same rows, same order.
  // rows along customers_sort_created (created_at, id, …): in id order within a created_at, so a walk over a
  // run of ties stops after n passing rows even when the run is a whole import (one commit time)
  const alongCreated = (where: string, params: unknown[], n: number) =>
    db
      .prepare(
        `SELECT ${CUSTOMER_COLUMNS}, c.created_at AS sort_key FROM customers c INDEXED BY ${SORT_KEYS.createdAt.index} LEFT JOIN users u ON u.id = c.owner_id
         WHERE ${pt.sql} AND ${where} ORDER BY c.created_at DESC, c.id DESC LIMIT ?`,
      )
      .all(...pt.params, ...params, n) as PageRow[];
  const byCreatedThenId = (where: string, params: unknown[], n: number): PageRow[] => {
    const head = select(where, 'c.created_at DESC', params, n);
    if (!head.length) return head;
    const lastKey = head[head.length - 1].sort_key;
    const ties = alongCreated(`${where} AND c.created_at = ?`, [...params, lastKey], n);
    // (rows before the last key: every row newer than it is here; their own ties put in id order)
    const newer = head.filter((r) => r.sort_key !== lastKey).sort((a, b) => (a.sort_key < b.sort_key ? 1 : a.sort_key > b.sort_key ? -1 : b.id - a.id));
    return newer.concat(ties).slice(0, n);
  };
  // newest first along rpt_customers_created: the two steps above, first page and cursor pages alike
  const tieSafe = reportIndex && sort.dir === 'desc';
  let start: { k: string | number; id: number; inclusive: boolean } | null = null;
  if (input.cursor) {
    const c = decodeCursor(input.cursor, sort, typeof badCursor === 'string' ? badCursor : badCursor());
    start = { k: c.k, id: c.i, inclusive: false };
  } else if (input.offset) {
    // Scrollbar jump: the row at that position, from a remembered anchor + a short index skip; then
    // page from it by keyset. The list key names the rows (the match-id parameter follows the query).
    const listKey = JSON.stringify([t.base.sql, t.base.params, input.query ?? '']);
    const known = !t.matches && isEmptyFilter(input.filter) ? ownerTotal(db, user) : undefined;
    // a rep's whole list newest/oldest first: skip along the own + pool ranges of customers_owner_created
    const ownerArms = known !== undefined && user.scope !== 'all' && sort.field === 'createdAt' && hasOwnerCreatedIndex(db) ? user.id : undefined;
    const anchor = rowAtOffset(db, from, t, sort, listKey, input.offset, { total: known, minGap: LIST_LIMITS.anchorStep, ownerKeys, ownerArms });
    if (!anchor) return { rows: [], nextCursor: null, ...total([], true) };
    start = { ...anchor, inclusive: true };
  }

  // the page along the sort index with the target `pt` (first page or keyset continuation)
  const readPage = (): PageRow[] => {
    if (!start) {
      // a rep newest first: from the scope's newest created_at down (a range of the created_at index),
      // not past the newer rows of other owners (scopeTop.ts)
      const [where, params] = top?.createdAt ? ['c.created_at <= ?', [top.createdAt]] : ['1=1', []];
      return top && !top.createdAt ? [] : tieSafe ? byCreatedThenId(where, params, limit + 1) : select(where, orderSql(sort), params, limit + 1);
    }
    const c = continuationSql(sort, start.inclusive);
    let out = tieSafe ? alongCreated(c.sameKey, [start.k, start.id], limit + 1) : select(c.sameKey, c.sameKeyOrder, [start.k, start.id], limit + 1);
    const next = out.length <= limit ? nextKeysPart(sort, start.k, ownerKeys) : null;
    const n = limit + 1 - out.length;
    if (next) out = out.concat(tieSafe ? byCreatedThenId(next.sql, next.params, n) : select(next.sql, orderSql(sort), next.params, n));
    return out;
  };

  let rows: PageRow[] | null = null;
  // a common search (more than countCap matches: the set would be the whole FTS query) in another order:
  // SQLite walks the sort index and tests each row with crm_search_match while the matches are dense
  // enough (searchProbe.ts); past 3x the expected rows it gives up and the FTS set answers
  if (m && !walkable && !m.complete && !input.offset && input.query && t.parsed && evaluableInJs(t.parsed)) {
    const maxId = (db.prepare('SELECT max(id) AS m FROM customers').get() as { m: number | null }).m ?? 0;
    const density = m.density(maxId);
    const expected = (limit + 1) / Math.max(density, 1e-9);
    if (expected <= (directOnly(t.parsed) ? LIST_LIMITS.probeMax : Math.min(LIST_LIMITS.probeMax, LIST_LIMITS.probeMaxPinyin))) {
      const probe = probeSql(db, input.query);
      const dense: Target = { ...t, sql: `${t.base.sql} AND ${probe.sql}`, params: [...t.base.params, ...probe.params], set: probe, materialized: false };
      rows = withProbeBudget(Math.max(LIST_LIMITS.probeBudgetMin, Math.ceil(expected * 3)), () => {
        pt = dense;
        try {
          return readPage();
        } finally {
          pt = t;
        }
      });
    }
  }
  if (rows) {
    // rows came from the probe
  } else if (walkable && t.matches) {
    // a search, newest first (the default): walk the matches from the highest id (searchWalk.ts); it
    // answers null when the page would need more than its budget of matches, then the paths below run
    // the walk reads only (id, created_at) of each candidate; the page's full rows are read once at the end
    const keysSql = `SELECT c.id, c.created_at AS sort_key FROM customers c WHERE c.id IN (SELECT value FROM json_each(?)) AND ${t.base.sql}`;
    const m = t.matches;
    walked = walkNewestFirst<{ id: number; sort_key: string }>(db, m, t.base, keysSql, limit, undefined, user.scope === 'all' ? undefined : user.id, top ? top.id : undefined);
    if (walked && walked.startBelow < Number.MAX_SAFE_INTEGER && wantTotal) {
      // The walk started below an estimate of the scope's top (scopeTop.ts). countTotal reads `scanned`
      // as a prefix of the matches, highest first, `found` of them in scope: add the held matches above
      // the start (joined with scope + filters: an old-dated row above the estimate still counts). When
      // not every match above is held, the held ones are the covered prefix (a lower bound).
      const held = m.ids;
      const above = firstBelow(held, walked.startBelow);
      const known = above < held.length || held.length >= m.total;
      const countSql = `SELECT count(*) FROM customers c WHERE c.id IN (SELECT value FROM json_each(?)) AND ${t.base.sql}`;
      const inScope = above ? (db.prepare(countSql).pluck(true).get(JSON.stringify(held.slice(0, above)), ...t.base.params) as number) : 0;
      walked = known
        ? { ...walked, scanned: above + walked.scanned, found: walked.found + inScope }
        : { ...walked, scanned: held.length, found: walked.found + inScope };
    }
    if (walked) {
      const full = db
        .prepare(`SELECT ${CUSTOMER_COLUMNS}, c.created_at AS sort_key FROM customers c LEFT JOIN users u ON u.id = c.owner_id WHERE c.id IN (SELECT value FROM json_each(?))`)
        .all(JSON.stringify(walked.rows.slice(0, limit).map((r) => r.id))) as PageRow[];
      const byId = new Map(full.map((r) => [r.id, r]));
      rows = walked.rows
        .slice(0, limit)
        .map((r) => byId.get(r.id))
        .filter((r): r is PageRow => r !== undefined);
      // row limit + 1 only says that there is more
      if (walked.rows.length > limit) rows.push(walked.rows[limit] as PageRow);
    }
  }
  if (!rows) rows = readPage();
  const more = rows.length > limit;
  const page = more ? rows.slice(0, limit) : rows;
  const totals = total(page, more);
  const last = page[page.length - 1];
  return {
    rows: toListRows(db, page),
    nextCursor: more && last ? encodeCursor(sort, last.sort_key, last.id) : null,
    ...totals,
  };
}
