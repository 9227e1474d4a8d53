// customers:list with a custom field filter that matches few customers (a rare select option, one
// exact value, a narrow range): drive the page from the values index instead of walking the sort index.
//
// Why: the normal list walks the sort index and probes the values table per row (customerFilter.ts);
// for an option held by 0.1% of 100k customers it passes ~100k index entries before it has 100 matches
// (10–20 ms), and its capped total counts the same way. Here a capped count of the condition's range of
// the (field_id, value, customer_id) index decides (LIMIT RARE_MAX + 1, so a common option costs at most
// that many index entries); when the set is small its ids are read and SQLite looks those customers up by
// primary key and sorts them — the same idea as the search's materialized match set (customers/list.ts).
// Scope, the other filters and the condition itself still apply in SQL (filterSql), so results and the
// cursor format are those of the normal list; the total is exact.
// A `contains` on a custom text field takes its candidates from the search index instead (containsMatch).
import type { UserCallContext } from '../../ipc/context';
import type { Db } from '../../../db/sql';
import type { ListInput } from '../customers/list';
import { filterSql } from '../customers/filters';
import { decodeCursor, DEFAULT_SORT, encodeCursor, orderSql, SORT_KEYS } from '../customers/sort';
import { CUSTOMER_COLUMNS, toListRows, type CustomerRow } from '../customers/rows';
import { CJK, foldText } from '../customers/searchFields';
import { fieldByKey } from './definitions';
import { fts5String } from '../../../db/fts5';

/** Largest match set that is read and sorted (a page walk is cheaper beyond it). */
export const RARE_MAX = 2_000;

const param = (v: unknown): unknown => (typeof v === 'boolean' ? Number(v) : v);

/** The values-index condition of one filter entry (no `contains`: LIKE cannot use the index; see containsMatch). */
function valueCondition(cond: unknown): { sql: string; params: unknown[] } | null {
  if (cond === undefined || cond === null) return null;
  if (Array.isArray(cond)) return cond.length ? { sql: 'value IN (SELECT value FROM json_each(?))', params: [JSON.stringify(cond.map(param))] } : null;
  if (typeof cond === 'object') {
    const { from, to, contains } = cond as { from?: unknown; to?: unknown; contains?: unknown };
    if (typeof contains === 'string' && contains.trim()) return null;
    const parts: string[] = [];
    const params: unknown[] = [];
    if (from !== undefined && from !== null && from !== '') {
      parts.push('value >= ?');
      params.push(param(from));
    }
    if (to !== undefined && to !== null && to !== '') {
      parts.push('value <= ?');
      params.push(param(to));
    }
    return parts.length ? { sql: parts.join(' AND '), params } : null;
  }
  return { sql: 'value = ?', params: [param(cond)] };
}

/**
 * A `contains` on a text field as a search-index lookup: the field's text is in customer_fts `names`
 * (trigram, folded: half-width, lower-case, traditional -> simplified), so the customers whose names
 * hold the folded term are a superset of those whose value contains it; the LIKE of the filter still
 * runs on each of them (filterSql), so the result is the filter's exactly.
 * Only terms of >= 3 characters (trigrams) without 汉字: the index converts traditional characters
 * phrase by phrase (瞭解 -> 了解 while 瞭 alone stays), so a Chinese term cut from such a phrase may not
 * be found in the folded text; those terms, and text types indexed only in part (long text: the first
 * 1,000 characters; URL), keep the values walk. Returns the MATCH expression or null.
 */
export function containsMatch(type: string, cond: unknown): string | null {
  if (type !== 'text' || !cond || typeof cond !== 'object' || Array.isArray(cond)) return null;
  const { contains } = cond as { contains?: unknown };
  if (typeof contains !== 'string') return null;
  const term = foldText(contains.trim());
  if ([...term].length < 3 || CJK.test(term)) return null;
  return `{names} : ${fts5String(term)}`;
}

/**
 * Ids of the customers holding the smallest small match set among the filter's custom conditions, or
 * null when every condition matches more than RARE_MAX values (or none can use the index).
 */
export function rareCustomIds(db: Db, custom: Record<string, unknown> | undefined): number[] | null {
  if (!custom) return null;
  let best: { field: number; cond: { sql: string; params: unknown[] }; n: number } | null = null;
  let text: { match: string; n: number } | null = null;
  for (const [key, raw] of Object.entries(custom)) {
    const f = fieldByKey(db, 'customer', key);
    const match = f ? containsMatch(f.type, raw) : null;
    if (match) {
      const n = (db.prepare(`SELECT count(*) AS n FROM (SELECT 1 FROM customer_fts WHERE customer_fts MATCH ? LIMIT ${RARE_MAX + 1})`).get(match) as { n: number }).n;
      if (n <= RARE_MAX && (!text || n < text.n)) text = { match, n };
    }
    const cond = valueCondition(raw);
    if (!f || !cond) continue;
    const n = (
      db.prepare(`SELECT count(*) AS n FROM (SELECT 1 FROM customer_field_values INDEXED BY customer_field_values_value WHERE field_id = ? AND ${cond.sql} LIMIT ${RARE_MAX + 1})`).get(f.id, ...cond.params) as {
        n: number;
      }
    ).n;
    if (n <= RARE_MAX && (!best || n < best.n)) best = { field: f.id, cond, n };
  }
  if (text && (!best || text.n < best.n)) {
    return db.prepare('SELECT rowid FROM customer_fts WHERE customer_fts MATCH ?').pluck().all(text.match) as number[];
  }
  if (!best) return null;
  // INDEXED BY: without it the planner reads the field's whole primary-key range to answer DISTINCT
  const rows = db
    .prepare(`SELECT customer_id AS id FROM customer_field_values INDEXED BY customer_field_values_value WHERE field_id = ? AND ${best.cond.sql}`)
    .all(best.field, ...best.cond.params) as { id: number }[];
  return [...new Set(rows.map((r) => r.id))]; // a multi-select matches once per chosen option
}

type PageRow = CustomerRow & { sort_key: string | number };

/** The list page from a small custom-filter match set, or null when the normal list should answer. */
export function listRareCustomFilter(ctx: UserCallContext, input: ListInput) {
  if (!input.filter?.custom || (input.query && input.query.trim())) return null;
  const { db } = ctx.app;
  const ids = rareCustomIds(db, input.filter.custom as Record<string, unknown>);
  if (!ids) return null;
  const base = filterSql(ctx.user, input.filter, ctx.app.clock.now());
  const sort = input.sort ?? DEFAULT_SORT;
  const limit = input.limit ?? 100;
  const key = SORT_KEYS[sort.field].expr;
  // json_each first (CROSS JOIN keeps that order): primary-key lookups of the few ids, then a sort
  const from = 'json_each(?) m CROSS JOIN customers c ON c.id = m.value';
  const params = [JSON.stringify(ids), ...base.params];
  const wantTotal = input.withTotal ?? !input.cursor;
  const total = wantTotal ? (db.prepare(`SELECT count(*) AS n FROM json_each(?) m CROSS JOIN customers c ON c.id = m.value WHERE ${base.sql}`).get(...params) as { n: number }).n : null;

  let after = '1=1';
  let afterParams: unknown[] = [];
  let offset = 0;
  if (input.cursor) {
    const c = decodeCursor(input.cursor, sort, ctx.t('customers.errors.badCursor'));
    after = `(${key}, c.id) ${sort.dir === 'asc' ? '>' : '<'} (?, ?)`;
    afterParams = [c.k, c.i];
  } else if (input.offset) offset = input.offset;
  // sort only (id, key) pairs, then read the page's full rows: sorting whole rows costs ~4x more CPU
  const order = db
    .prepare(`SELECT c.id, ${key} AS sort_key FROM ${from} WHERE ${base.sql} AND ${after} ORDER BY ${orderSql(sort)} LIMIT ? OFFSET ?`)
    .all(...params, ...afterParams, limit + 1, offset) as { id: number; sort_key: string | number }[];
  const full = new Map(
    (
      db
        .prepare(`SELECT ${CUSTOMER_COLUMNS} FROM customers c LEFT JOIN users u ON u.id = c.owner_id WHERE c.id IN (SELECT value FROM json_each(?))`)
        .all(JSON.stringify(order.map((r) => r.id))) as CustomerRow[]
    ).map((r) => [r.id, r]),
  );
  const rows: PageRow[] = order.map((o) => ({ ...full.get(o.id)!, sort_key: o.sort_key }));
  const more = rows.length > limit;
  const page = more ? rows.slice(0, limit) : rows;
  const last = page[page.length - 1];
  return {
    rows: toListRows(db, page),
    nextCursor: more && last ? encodeCursor(sort, last.sort_key, last.id) : null,
    total,
    totalCapped: wantTotal ? false : undefined,
  };
}
