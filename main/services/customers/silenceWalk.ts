// A walk over owned, live customers in order of their silence: coalesce(last_follow_up_at, created_at), the
// key of the customers_silence index (migration 0005). The "no follow-up for N days" automation reads the
// customers silent since before a cutoff from a remembered position, a bounded number per step.
// (The pool return rule does not use it: its idle time also counts from the owner change and it skips won
// customers, so at 1M the walk read ~550k random rows in 3.4 s where its id-range scan reads 1M rows in
// order in 0.4–0.8 s — measured.)
//
// Keyset in two ranges (SQLite does not seek on a row value over an expression index, see sort.ts): the rest of
// the position's key (`key = k AND id > i`, the index's trailing rowid), then the following keys.
import type { Db } from '../../../db/sql';

export const SILENCE_KEY = 'coalesce(c.last_follow_up_at, c.created_at)';
const LIVE_OWNED = 'c.deleted_at IS NULL AND c.owner_id IS NOT NULL';

/** A place in the walk: every entry at or before (since, id) has been passed. */
export interface SilencePos {
  since: string;
  id: number;
}

export interface SilentCustomer extends SilencePos {
  /** the value of `extra` for this row, when the caller asked for one (e.g. "already handled") */
  extra?: number;
}


export interface SilenceStep {
  rows: SilentCustomer[];
  /** where the next step starts; the position of the last row read (unchanged when none was read) */
  next: SilencePos | null;
  /** no more entries before the cutoff after `next` */
  done: boolean;
}

/**
 * Up to `max` owned, live customers after `from` (exclusive; null = from the start) whose silence key is
 * before `cutoff` (`<`; `inclusive` for `<=`), in (key, id) order. `extra`: an SQL expression over `c` with
 * `extraParams`, returned per row as `extra` (it must not filter: the walk's position is every row read).
 */
export function silentAfter(
  db: Db,
  from: SilencePos | null,
  cutoff: string,
  max: number,
  opts: { inclusive?: boolean; extra?: string; extraParams?: unknown[] } = {},
): SilenceStep {
  const op = opts.inclusive ? '<=' : '<';
  const extra = opts.extra ? `, (${opts.extra}) AS extra` : '';
  const xp = opts.extraParams ?? [];
  const head = `SELECT c.id AS id, ${SILENCE_KEY} AS since${extra} FROM customers c INDEXED BY customers_silence WHERE ${LIVE_OWNED}`;
  const rows: SilentCustomer[] = [];
  if (from && (opts.inclusive ? from.since <= cutoff : from.since < cutoff)) {
    rows.push(...(db.prepare(`${head} AND ${SILENCE_KEY} = ? AND c.id > ? ORDER BY c.id LIMIT ?`).all(...xp, from.since, from.id, max) as SilentCustomer[]));
  }
  if (rows.length < max) {
    const after = from ? `AND ${SILENCE_KEY} > ? ` : '';
    const params = from ? [from.since] : [];
    rows.push(
      ...(db
        .prepare(`${head} ${after}AND ${SILENCE_KEY} ${op} ? ORDER BY ${SILENCE_KEY}, c.id LIMIT ?`)
        .all(...xp, ...params, cutoff, max - rows.length) as SilentCustomer[]),
    );
  }
  const last = rows.at(-1);
  return { rows, next: last ? { since: last.since, id: last.id } : from, done: rows.length < max };
}
