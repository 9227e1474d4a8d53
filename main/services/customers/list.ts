// customers:list — keyset pages over the covering sort indexes, optional search, scope and filters in SQL.
//
// Search (see searchQuery.ts): the first page newest-first (the default order) walks the FTS5 matches
// from the highest id and stops when the page is provably complete (searchWalk.ts: cost independent of
// the number of matches). Other orders and later pages use the match set as `c.id IN (match set)`:
//  - a rare query (<= MATERIALIZE_MAX matches): SQLite reads those rows and sorts them;
//  - a common query ('8', '张', 'z'): the page is read along the sort index and each entry is tested
//    against the match set, which SQLite builds once per statement (cost grows with the number of
//    matches: the one search case that is not O(page)). Probing FTS per row (`MATCH ? AND rowid = ?`)
//    was tried: FTS5 treats `rowid = ?` next to MATCH as a lower bound (wrong answers), and a
//    `rowid BETWEEN ? AND ?` probe costs milliseconds per row.
// Without a rare query the page is read along the sort index (INDEXED BY: the planner, seeing a scope
// or filter term, sometimes prefers the primary key and then sorts everything).
// Totals: exact and O(users) from customer_owner_counts when there is no query and no filter; otherwise
// counted up to COUNT_CAP rows and reported with totalCapped=true beyond that (counting every match of
// '8' among 1M customers would cost far more than the page itself).
import type { CustomerFilter } from '../../contract/customers';
import type { SessionUser } from '../../contract/auth';
import type { Db } from '../../../db/sql';
import { filterSql, isEmptyFilter, type SqlPart } from './filters';
import { matchSetSql, parseSearchQuery, type ParsedQuery } from './searchQuery';
import { walkNewestFirst } from './searchWalk';
import { continuationSql, decodeCursor, DEFAULT_SORT, encodeCursor, orderSql, SORT_KEYS, type Sort } from './sort';
import { CUSTOMER_COLUMNS, tagsOf, toCustomer, type CustomerRow } from './rows';

export const MATERIALIZE_MAX = 5_000;
export const COUNT_CAP = 10_000;
/** matches looked at when counting a search within a scope or filter (see countTotal) */
export const COUNT_BUDGET = 3_000;

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
  /** the match set of the search query, if any */
  set: SqlPart | null;
  /** true when the match set is small: read its rows and sort them instead of walking the sort index */
  materialized: boolean;
  /** the parsed search query, if any */
  parsed?: ParsedQuery;
}

/** Scope + filters + search as one condition on `c`; null when the query can match nothing. */
export function targetSql(db: Db, user: SessionUser, filter: CustomerFilter | undefined, query: string | undefined, now: Date): Target | null {
  const base = filterSql(user, filter, now);
  const q = parseSearchQuery(query);
  if (!q) return { ...base, base, set: null, materialized: false };
  if (q.impossible) return null;
  const set = matchSetSql(q);
  const matchCount = (db.prepare(`SELECT count(*) AS n FROM (${set.sql} LIMIT ${MATERIALIZE_MAX + 1})`).get(...set.params) as { n: number }).n;
  if (matchCount === 0) return null;
  const materialized = matchCount <= MATERIALIZE_MAX;
  return { sql: `${base.sql} AND c.id IN (${set.sql})`, params: [...base.params, ...set.params], base, set, materialized, parsed: q };
}

function countTotal(db: Db, user: SessionUser, input: ListInput, target: Target): { total: number; capped: boolean } {
  if (!target.set && isEmptyFilter(input.filter)) {
    const sql =
      user.scope === 'all'
        ? 'SELECT coalesce(sum(n), 0) AS n FROM customer_owner_counts'
        : 'SELECT coalesce(sum(n), 0) AS n FROM customer_owner_counts WHERE owner_key IN (0, ?)';
    const row = db.prepare(sql).get(...(user.scope === 'all' ? [] : [user.id])) as { n: number };
    return { total: row.n, capped: false };
  }
  // With a query and nothing but the scope 'all': the search tables hold exactly the live customers, so
  // count the match set itself (no lookup of customer rows).
  if (target.set && user.scope === 'all' && isEmptyFilter(input.filter)) {
    const n = (db.prepare(`SELECT count(*) AS n FROM (${target.set.sql} LIMIT ${COUNT_CAP + 1})`).get(...target.set.params) as { n: number }).n;
    return n > COUNT_CAP ? { total: COUNT_CAP, capped: true } : { total: n, capped: false };
  }
  // Otherwise drive the count from the match set (streamed out of FTS) joined by primary key, but look
  // at no more than COUNT_BUDGET matches: past that the answer is a lower bound (totalCapped), which the
  // list shows as "n+" and extends while scrolling. A rep's share of '8' would otherwise cost a lookup
  // for each of 600k matches.
  if (target.set) {
    const sql = `SELECT count(*) AS n FROM (SELECT id FROM (${target.set.sql}) LIMIT ${COUNT_BUDGET}) AS s CROSS JOIN customers c ON c.id = s.id WHERE ${target.base.sql}`;
    const scanned = (db.prepare(`SELECT count(*) AS n FROM (${target.set.sql} LIMIT ${COUNT_BUDGET})`).get(...target.set.params) as { n: number }).n;
    const n = (db.prepare(sql).get(...target.set.params, ...target.base.params) as { n: number }).n;
    if (scanned < COUNT_BUDGET) return n > COUNT_CAP ? { total: COUNT_CAP, capped: true } : { total: n, capped: false };
    return { total: Math.min(n, COUNT_CAP), capped: true };
  }
  const n = (db.prepare(`SELECT count(*) AS n FROM (SELECT 1 FROM customers c WHERE ${target.sql} LIMIT ${COUNT_CAP + 1})`).get(...target.params) as { n: number }).n;
  return n > COUNT_CAP ? { total: COUNT_CAP, capped: true } : { total: n, capped: false };
}

type PageRow = CustomerRow & { sort_key: string | number };

export function listCustomers(db: Db, user: SessionUser, input: ListInput, now: Date, badCursor: string) {
  const sort = input.sort ?? DEFAULT_SORT;
  const limit = input.limit ?? 100;
  let target = targetSql(db, user, input.filter, input.query, now);
  if (!target) return { rows: [], nextCursor: null, total: 0, totalCapped: false };

  const wantTotal = input.withTotal ?? !input.cursor;
  const counted = wantTotal ? countTotal(db, user, input, target) : null;
  const totals = { total: counted?.total ?? null, totalCapped: counted?.capped };

  const { expr: key, index } = SORT_KEYS[sort.field];
  const from = `customers c ${target.materialized ? '' : `INDEXED BY ${index}`}`;
  // Sorted by owner within scope 'own': only two keys exist (the pool, 0, and the user); saying so
  // lets SQLite seek to them instead of walking past every other owner's rows in the index.
  if (sort.field === 'ownerId' && user.scope !== 'all') {
    target = { ...target, sql: `${target.sql} AND ${key} IN (0, ?)`, params: [...target.params, user.id] };
  }
  const select = (where: string, order: string, params: unknown[], n: number) =>
    db
      .prepare(
        `SELECT ${CUSTOMER_COLUMNS}, ${key} AS sort_key FROM ${from} LEFT JOIN users u ON u.id = c.owner_id
         WHERE ${target.sql} AND ${where} ORDER BY ${order} LIMIT ?`,
      )
      .all(...target.params, ...params, n) as PageRow[];

  let start: { k: string | number; id: number; inclusive: boolean } | null = null;
  if (input.cursor) {
    const c = decodeCursor(input.cursor, sort, badCursor);
    start = { k: c.k, id: c.i, inclusive: false };
  } else if (input.offset) {
    // Scrollbar jump: find the row at that position from the covering index, then page from it by keyset.
    const anchor = db
      .prepare(`SELECT ${key} AS k, c.id AS id FROM ${from} WHERE ${target.sql} ORDER BY ${orderSql(sort)} LIMIT 1 OFFSET ?`)
      .get(...target.params, input.offset) as { k: string | number; id: number } | undefined;
    if (!anchor) return { rows: [], nextCursor: null, ...totals };
    start = { ...anchor, inclusive: true };
  }

  let rows: PageRow[] | null = null;
  if (!start && target.parsed && sort.field === 'createdAt' && sort.dir === 'desc') {
    // a search, newest first (the default): walk the matches from the highest id (searchWalk.ts); it
    // answers null when the page would need more than its budget of matches, then the paths below run
    const rowsSql = `SELECT ${CUSTOMER_COLUMNS}, c.created_at AS sort_key FROM customers c LEFT JOIN users u ON u.id = c.owner_id
      WHERE c.id IN (SELECT value FROM json_each(?)) AND ${target.base.sql}`;
    rows = walkNewestFirst<PageRow & { sort_key: string }>(db, target.parsed, target.base, rowsSql, limit);
  }
  if (rows) {
    // rows came from the walk
  } else if (!start) {
    rows = select('1=1', orderSql(sort), [], limit + 1);
  } else {
    const c = continuationSql(sort, start.inclusive);
    rows = select(c.sameKey, c.sameKeyOrder, [start.k, start.id], limit + 1);
    if (rows.length <= limit) rows = rows.concat(select(c.nextKeys, orderSql(sort), [start.k], limit + 1 - rows.length));
  }
  const more = rows.length > limit;
  const page = more ? rows.slice(0, limit) : rows;
  const tags = tagsOf(
    db,
    page.map((r) => r.id),
  );
  const last = page[page.length - 1];
  return {
    rows: page.map((r) => {
      const { custom, ...rest } = toCustomer(r, tags.get(r.id) ?? []);
      const { notes: _notes, ...row } = rest;
      return Object.keys(custom).length ? { ...row, custom } : row;
    }),
    nextCursor: more && last ? encodeCursor(sort, last.sort_key, last.id) : null,
    ...totals,
  };
}
