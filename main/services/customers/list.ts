// customers:list — keyset pages over the covering sort indexes, optional search, scope and filters in SQL.
//
// Search strategy (see searchQuery.ts): the match set is counted first, capped at MATERIALIZE_MAX.
//  - a rare query (<= MATERIALIZE_MAX matches): `c.id IN (match set)`, SQLite sorts the few rows;
//  - a common query ('8', '张', 'z'): walk the sort index and probe the FTS table per row
//    (`EXISTS ... rowid = c.id`), which stops as soon as the page is full.
// Totals: exact and O(users) from customer_owner_counts when there is no query and no filter; otherwise
// counted up to COUNT_CAP rows and reported with totalCapped=true beyond that (counting every match of
// '8' among 1M customers would cost more than the page itself).
import type { CustomerFilter } from '../../contract/customers';
import type { SessionUser } from '../../contract/auth';
import type { Db } from '../../../db/sql';
import { filterSql, isEmptyFilter, type SqlPart } from './filters';
import { matchProbeSql, matchSetSql, parseSearchQuery } from './searchQuery';
import { afterSql, decodeCursor, DEFAULT_SORT, encodeCursor, orderSql, SORT_KEYS, type Sort } from './sort';
import { CUSTOMER_COLUMNS, tagsOf, toCustomer, type CustomerRow } from './rows';

export const MATERIALIZE_MAX = 5_000;
export const COUNT_CAP = 10_000;

export interface ListInput {
  query?: string;
  filter?: CustomerFilter;
  sort?: Sort;
  cursor?: string | null;
  offset?: number;
  limit?: number;
  withTotal?: boolean;
}

/** Scope + filters + search as one condition on `c`; null when the query can match nothing. */
export function targetSql(db: Db, user: SessionUser, filter: CustomerFilter | undefined, query: string | undefined, now: Date): (SqlPart & { matchCount: number | null }) | null {
  const base = filterSql(user, filter, now);
  const q = parseSearchQuery(query);
  if (!q) return { ...base, matchCount: null };
  if (q.impossible) return null;
  const set = matchSetSql(q);
  const matchCount = (db.prepare(`SELECT count(*) AS n FROM (${set.sql} LIMIT ${MATERIALIZE_MAX + 1})`).get(...set.params) as { n: number }).n;
  if (matchCount === 0) return null;
  const search = matchCount <= MATERIALIZE_MAX ? { sql: `c.id IN (${set.sql})`, params: set.params } : matchProbeSql(q);
  return { sql: `${base.sql} AND ${search.sql}`, params: [...base.params, ...search.params], matchCount };
}

function countTotal(db: Db, user: SessionUser, input: ListInput, where: SqlPart): { total: number; capped: boolean } {
  if (!input.query?.trim() && isEmptyFilter(input.filter)) {
    const sql =
      user.scope === 'all'
        ? 'SELECT coalesce(sum(n), 0) AS n FROM customer_owner_counts'
        : 'SELECT coalesce(sum(n), 0) AS n FROM customer_owner_counts WHERE owner_key IN (0, ?)';
    const row = db.prepare(sql).get(...(user.scope === 'all' ? [] : [user.id])) as { n: number };
    return { total: row.n, capped: false };
  }
  const row = db.prepare(`SELECT count(*) AS n FROM (SELECT 1 FROM customers c WHERE ${where.sql} LIMIT ${COUNT_CAP + 1})`).get(...where.params) as {
    n: number;
  };
  return row.n > COUNT_CAP ? { total: COUNT_CAP, capped: true } : { total: row.n, capped: false };
}

export function listCustomers(db: Db, user: SessionUser, input: ListInput, now: Date, badCursor: string) {
  const sort = input.sort ?? DEFAULT_SORT;
  const limit = input.limit ?? 100;
  const target = targetSql(db, user, input.filter, input.query, now);
  if (!target) return { rows: [], nextCursor: null, total: 0, totalCapped: false };

  const wantTotal = input.withTotal ?? !input.cursor;
  const counted = wantTotal ? countTotal(db, user, input, target) : null;

  const key = SORT_KEYS[sort.field].expr;
  let where = target.sql;
  const params = [...target.params];
  if (input.cursor) {
    const c = decodeCursor(input.cursor, sort, badCursor);
    where += ` AND ${afterSql(sort)}`;
    params.push(c.k, c.i);
  } else if (input.offset) {
    // Scrollbar jump: find the row at that position from the index alone, then page from it by keyset.
    const anchor = db
      .prepare(`SELECT ${key} AS k, c.id AS id FROM customers c WHERE ${target.sql} ORDER BY ${orderSql(sort)} LIMIT 1 OFFSET ?`)
      .get(...target.params, input.offset) as { k: string | number; id: number } | undefined;
    if (!anchor) return { rows: [], nextCursor: null, total: counted?.total ?? null, totalCapped: counted?.capped };
    where += ` AND ${afterSql(sort, true)}`;
    params.push(anchor.k, anchor.id);
  }

  const rows = db
    .prepare(
      `SELECT ${CUSTOMER_COLUMNS}, ${key} AS sort_key FROM customers c LEFT JOIN users u ON u.id = c.owner_id
       WHERE ${where} ORDER BY ${orderSql(sort)} LIMIT ?`,
    )
    .all(...params, limit + 1) as (CustomerRow & { sort_key: string | number })[];
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
    total: counted?.total ?? null,
    totalCapped: counted?.capped,
  };
}
