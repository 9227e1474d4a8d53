// Offset jumps (scrollbar drag: "the row at position n") without scanning n index entries each time.
//
// Why: a B-tree has no positional index, so `LIMIT 1 OFFSET n` walks n entries of the covering sort
// index (4–53 ms at 1M). We remember anchors — (position, sort key, id) of rows already jumped to — per
// sort + scope + filter + query, and answer a jump from the nearest anchor: forward from the one below,
// or backward (the sort reversed) from the one above, so a drag across the scrollbar seeks + skips only
// the distance from the previous position. When the caller knows the exact number of rows (no filter,
// no query: the per-owner counts), the end of the list is an anchor too, so the last page is a short
// backward skip. A jump far from every anchor costs what the plain OFFSET did (a chain of anchors every
// 4,096 rows was tried first: 122 steps of three statements made the first jump to the middle of 1M rows
// 7 ms against 2.4 ms for the plain OFFSET).
//
// Invalidation: any commit changes positions. The cache is keyed by a data version: PRAGMA data_version
// (changes when another connection — a worker doing import, restore — commits) plus total_changes()
// (rows this connection changed). Both are read in one statement per jump; any change drops all anchors.
import type { Db } from '../../../db/sql';
import type { SqlPart } from './filters';
import { continuationSql, nextKeysPart, orderSql, SORT_KEYS, type Sort } from './sort';

/** anchors closer than this to an existing one are not remembered (bounds the list; tests shrink it) */
export const ANCHOR_STEP = 1024;
const MAX_LISTS = 32;
const MAX_ANCHORS = 4096;

export interface Anchor {
  k: string | number;
  id: number;
}
interface Placed extends Anchor {
  pos: number;
}

interface Cache {
  version: string;
  lists: Map<string, Placed[]>;
}
const caches = new WeakMap<Db, Cache>();

function dataVersion(db: Db): string {
  const r = db.prepare('SELECT total_changes() AS t, (SELECT data_version FROM pragma_data_version) AS v').get() as { t: number; v: number };
  return `${r.v}:${r.t}`;
}

function anchorsFor(db: Db, key: string): Placed[] {
  const version = dataVersion(db);
  let cache = caches.get(db);
  if (!cache || cache.version !== version) {
    cache = { version, lists: new Map() };
    caches.set(db, cache);
  }
  let list = cache.lists.get(key);
  if (list) {
    // most recently used last (a small LRU)
    cache.lists.delete(key);
  } else {
    list = [];
    if (cache.lists.size >= MAX_LISTS) cache.lists.delete(cache.lists.keys().next().value as string);
  }
  cache.lists.set(key, list);
  return list;
}

/**
 * The entry `skip` positions after `from` (inclusive: skip 0 is `from` itself) in the order of `sort`
 * over the rows matching `target`, or undefined past the end. Reads at most skip + 1 index entries.
 * Two ranges because SQLite does not seek on a row value over an expression index (see sort.ts): the
 * rest of `from`'s key (`key = k AND id >= i`), then the following keys.
 */
function stepFrom(db: Db, from: string, target: SqlPart, sort: Sort, start: Anchor | null, skip: number, ownerKeys?: readonly number[], ownerArms?: number): Anchor | undefined {
  const key = SORT_KEYS[sort.field].expr;
  /** the entry `skip` after the start of the rows matching `where` (in `order`) */
  const at = (where: string, order: string, params: unknown[], n: number): Anchor | undefined => {
    if (ownerArms === undefined) {
      return db.prepare(`SELECT ${key} AS k, c.id AS id FROM ${from} WHERE ${target.sql} AND ${where} ORDER BY ${order} LIMIT 1 OFFSET ?`).get(...target.params, ...params, n) as Anchor | undefined;
    }
    // a rep's whole list newest first: the own and the pool range of customers_owner_created merged in
    // created_at order (SQLite merges the two ordered arms of the UNION ALL), so the skip passes only the
    // rep's and the pool's entries instead of testing the owner of every customer (20 → 7 ms at 1M)
    const d = sort.dir === 'asc' ? 'ASC' : 'DESC';
    const arm = (owner: string) => `SELECT c.created_at AS k, c.id AS id FROM customers c INDEXED BY customers_owner_created WHERE ${owner} AND c.deleted_at IS NULL AND ${where}`;
    return db.prepare(`${arm('c.owner_id = ?')} UNION ALL ${arm('c.owner_id IS NULL')} ORDER BY 1 ${d}, 2 ${d} LIMIT 1 OFFSET ?`).get(ownerArms, ...params, ...params, n) as Anchor | undefined;
  };
  if (!start) return at('1=1', orderSql(sort), [], skip);
  const c = continuationSql(sort, true);
  const same = at(c.sameKey, c.sameKeyOrder, [start.k, start.id], skip);
  if (same) return same;
  // fewer than skip + 1 rows share the key: count them (at most skip), then skip the rest in later keys
  const n = (
    db
      .prepare(`SELECT count(*) AS n FROM (SELECT 1 FROM ${from} WHERE ${target.sql} AND ${c.sameKey} ORDER BY ${c.sameKeyOrder} LIMIT ?)`)
      .get(...target.params, start.k, start.id, skip + 1) as { n: number }
  ).n;
  const next = nextKeysPart(sort, start.k, ownerKeys);
  if (!next) return undefined;
  return at(next.sql, orderSql(sort), next.params, skip - n);
}

const reversed = (sort: Sort): Sort => ({ field: sort.field, dir: sort.dir === 'asc' ? 'desc' : 'asc' });

/**
 * (sort key, id) of the row at `offset` in `sort` order among the rows matching `target`, or undefined
 * when there is no such row. `listKey` identifies the list (sort + scope + filter + query: the same
 * key must always mean the same rows for a given data version). `total`: the exact number of rows, when
 * the caller knows it.
 */
export function rowAtOffset(
  db: Db,
  from: string,
  target: SqlPart,
  sort: Sort,
  listKey: string,
  offset: number,
  opts: {
    total?: number;
    minGap?: number;
    ownerKeys?: readonly number[];
    /**
     * the rep's id when `target` is exactly "live, own + pool" and the sort is created_at (no filter, no
     * query): skip along customers_owner_created (migration 0013) instead of the sort index
     */
    ownerArms?: number;
  } = {},
): Anchor | undefined {
  const { total, minGap = ANCHOR_STEP, ownerKeys, ownerArms } = opts;
  if (total !== undefined && offset >= total) return undefined;
  const anchors = anchorsFor(db, `${sort.field}:${sort.dir}:${total ?? ''}|${listKey}`);
  // nearest anchors below and above the offset (binary search: anchors are sorted by position)
  let lo = 0;
  let hi = anchors.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (anchors[mid].pos <= offset) lo = mid + 1;
    else hi = mid;
  }
  const below = lo > 0 ? anchors[lo - 1] : null;
  const above = lo < anchors.length ? anchors[lo] : null;
  if (below?.pos === offset) return below;
  const dBelow = offset - (below?.pos ?? 0);
  const dAbove = above ? above.pos - offset : Infinity;
  const dEnd = total !== undefined ? total - 1 - offset : Infinity;
  let row: Anchor | undefined;
  if (dEnd < dBelow && dEnd <= dAbove) row = stepFrom(db, from, target, reversed(sort), null, dEnd, ownerKeys, ownerArms);
  else if (dAbove < dBelow) row = stepFrom(db, from, target, reversed(sort), above, dAbove, ownerKeys, ownerArms);
  else row = stepFrom(db, from, target, sort, below, dBelow, ownerKeys, ownerArms);
  if (row && Math.min(dBelow, dAbove) >= minGap && anchors.length < MAX_ANCHORS) anchors.splice(lo, 0, { ...row, pos: offset });
  return row;
}
