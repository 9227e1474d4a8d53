// Sort keys and the opaque keyset cursor. Each sort field maps to the exact expression of its covering
// index in migration 0002 (the planner only uses an expression index when the text matches), with a
// sentinel for NULL so every row has a comparable key and (key, id) is a strict total order.
import type { CUSTOMER_SORT_FIELDS } from '../../contract/customers';
import { AppError } from '../../ipc/errors';

export type SortField = (typeof CUSTOMER_SORT_FIELDS)[number];
export interface Sort {
  field: SortField;
  dir: 'asc' | 'desc';
}

export const SORT_KEYS: Record<SortField, { expr: string; index: string }> = {
  name: { expr: 'c.name_sort', index: 'customers_sort_name' },
  createdAt: { expr: 'c.created_at', index: 'customers_sort_created' },
  updatedAt: { expr: 'c.updated_at', index: 'customers_sort_updated' },
  lastFollowUpAt: { expr: "coalesce(c.last_follow_up_at, '')", index: 'customers_sort_last_fu' },
  nextFollowUpAt: { expr: "coalesce(c.next_follow_up_at, '~')", index: 'customers_sort_next_fu' },
  level: { expr: "coalesce(c.level, '~')", index: 'customers_sort_level' },
  status: { expr: 'c.status', index: 'customers_sort_status' },
  province: { expr: "coalesce(c.province, '')", index: 'customers_sort_province' },
  industry: { expr: "coalesce(c.industry, '')", index: 'customers_sort_industry' },
  ownerId: { expr: 'coalesce(c.owner_id, 0)', index: 'customers_sort_owner' },
};

export const DEFAULT_SORT: Sort = { field: 'createdAt', dir: 'desc' };

interface CursorData {
  f: SortField;
  d: 'asc' | 'desc';
  /** sort key of the last row returned */
  k: string | number;
  /** id of the last row returned */
  i: number;
}

export function encodeCursor(sort: Sort, key: string | number, id: number): string {
  const data: CursorData = { f: sort.field, d: sort.dir, k: key, i: id };
  return Buffer.from(JSON.stringify(data), 'utf8').toString('base64url');
}

/** Decode and check that the cursor belongs to this sort; anything else is INVALID_INPUT. */
export function decodeCursor(cursor: string, sort: Sort, message: string): CursorData {
  let data: CursorData;
  try {
    data = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as CursorData;
  } catch {
    throw new AppError('INVALID_INPUT', message, { fieldErrors: { cursor: message } });
  }
  const ok =
    data &&
    data.f === sort.field &&
    data.d === sort.dir &&
    (typeof data.k === 'string' || typeof data.k === 'number') &&
    Number.isSafeInteger(data.i);
  if (!ok) throw new AppError('INVALID_INPUT', message, { fieldErrors: { cursor: message } });
  return data;
}

/**
 * Keyset continuation after (key, id) as two index seeks, because SQLite does not seek on a row value
 * over an expression index (`(expr, id) < (?, ?)` scans from the start): first the rest of the rows
 * with the same key (`key = ? AND id < ?`, ordered by id), then the rows with the next keys
 * (`key < ?`). Both are ranges of the covering sort index, so a page deep in 1M rows costs the same
 * as the first, even when a key is shared by 300k rows (level, status).
 */
export function continuationSql(sort: Sort, inclusive: boolean): { sameKey: string; sameKeyOrder: string; nextKeys: string } {
  const k = SORT_KEYS[sort.field].expr;
  const asc = sort.dir === 'asc';
  const idOp = asc ? (inclusive ? '>=' : '>') : inclusive ? '<=' : '<';
  return {
    sameKey: `${k} = ? AND c.id ${idOp} ?`,
    sameKeyOrder: `c.id ${asc ? 'ASC' : 'DESC'}`,
    nextKeys: `${k} ${asc ? '>' : '<'} ?`,
  };
}

export function orderSql(sort: Sort): string {
  const d = sort.dir === 'asc' ? 'ASC' : 'DESC';
  return `${SORT_KEYS[sort.field].expr} ${d}, c.id ${d}`;
}

/**
 * The keys after `k` (exclusive) in sort order, as a condition. `onlyKeys`: the list holds no other
 * keys (sorted by owner within scope "own": the pool 0 and the user). Then the condition names the
 * remaining keys instead of `key < k`: next to `key IN (0, me)` SQLite would walk every entry of the
 * keys in the IN list and drop them by `key < k` (a whole owner's rows: 7.6 ms at 1M). Null: no key follows.
 */
export function nextKeysPart(sort: Sort, k: string | number, onlyKeys?: readonly number[]): { sql: string; params: unknown[] } | null {
  const c = continuationSql(sort, false);
  if (!onlyKeys) return { sql: c.nextKeys, params: [k] };
  const rest = onlyKeys.filter((x) => (sort.dir === 'asc' ? x > Number(k) : x < Number(k)));
  if (!rest.length) return null;
  return { sql: `${SORT_KEYS[sort.field].expr} IN (SELECT value FROM json_each(?))`, params: [JSON.stringify(rest)] };
}
