// Reading follow-ups: one row shape for lists, the timeline and single records; keyset pages newest first.
import type { Db } from '../../../db/sql';
import type { SessionUser } from '../../contract/auth';
import type { FollowUp, FollowUpFilter } from '../../contract/followUps';
import { ownerScope } from '../auth/scope';
import { readCustomValues, readCustomValuesMany } from '../fields/values';
import { customFilterSqlFor } from '../fields/recordFilter';
import { textCandidates } from './textIndex';

export interface FollowUpRow {
  id: number;
  customer_id: number;
  customer_name: string;
  customer_owner_id: number | null;
  deal_id: number | null;
  deal_name: string | null;
  owner_id: number | null;
  owner_name: string | null;
  at: string;
  method: string;
  content: string;
  result: string | null;
  next_step: string | null;
  next_at: string | null;
  reminder_id: number | null;
  created_at: string;
  updated_at: string;
  version: number;
  /** custom field values (no cache column: read from follow_up_field_values) */
  custom?: Record<string, unknown>;
}

const selectFrom = (from: string) => `
  SELECT f.id, f.customer_id, c.name AS customer_name, c.owner_id AS customer_owner_id, f.deal_id, d.name AS deal_name,
         f.owner_id, u.display_name AS owner_name, f.at, f.method, f.content, f.result, f.next_step, f.next_at,
         (SELECT r.id FROM reminders r WHERE r.follow_up_id = f.id AND r.status = 'pending' ORDER BY r.id DESC LIMIT 1) AS reminder_id,
         f.created_at, f.updated_at, f.version
  FROM ${from}
  LEFT JOIN customers c ON c.id = f.customer_id
  LEFT JOIN deals d ON d.id = f.deal_id
  LEFT JOIN users u ON u.id = f.owner_id`;
const SELECT = selectFrom('follow_ups f');
/**
 * The candidates of the text index drive the query (CROSS JOIN keeps them the outer loop: with the order by
 * at, SQLite would otherwise walk follow_ups_at testing each follow-up against the list).
 */
const CANDIDATES_FROM = 'json_each(?) m CROSS JOIN follow_ups f ON f.id = m.value';

/** the first page's total counts at most this many (then "more than TOTAL_CAP", totalCapped) */
export const TOTAL_CAP = 1_000;

/**
 * "On a live customer in the caller's scope", as a lookup per follow-up. Why not the JOIN's own terms: with
 * planner statistics (sqlite_stat1) SQLite answered `JOIN customers … WHERE c.deleted_at IS NULL ORDER BY
 * f.at DESC LIMIT 51` with a Bloom filter built over all 1M customers (150–240 ms at 1M / 5M) before reading
 * the 51 newest follow-ups; a correlated lookup reads one customer per follow-up it looks at (0.3–0.9 ms).
 */
function liveCustomerInScope(user: SessionUser): { sql: string; params: unknown[] } {
  const scope = ownerScope(user, 'cs.owner_id');
  return { sql: `(SELECT cs.deleted_at IS NULL AND ${scope.sql} FROM customers cs WHERE cs.id = f.customer_id)`, params: scope.params };
}

export function toFollowUp(r: FollowUpRow): FollowUp {
  return {
    id: r.id,
    customerId: r.customer_id,
    customerName: r.customer_name,
    dealId: r.deal_id,
    dealName: r.deal_name,
    ownerId: r.owner_id,
    ownerName: r.owner_name,
    at: r.at,
    method: r.method,
    content: r.content,
    result: r.result,
    nextStep: r.next_step,
    nextAt: r.next_at,
    reminderId: r.reminder_id,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    version: r.version,
    custom: r.custom ?? {},
  };
}

/** A live follow-up on a live customer inside the user's scope, or undefined (= NOT_FOUND for the caller). */
export function loadFollowUpInScope(db: Db, user: SessionUser, id: number): FollowUpRow | undefined {
  const scope = ownerScope(user, 'c.owner_id');
  const row = db
    .prepare(`${SELECT} WHERE f.id = ? AND f.deleted_at IS NULL AND c.id IS NOT NULL AND c.deleted_at IS NULL AND ${scope.sql}`)
    .get(id, ...scope.params) as FollowUpRow | undefined;
  if (row) row.custom = readCustomValues(db, 'followUp', row.id);
  return row;
}

export function encodeCursor(at: string, id: number): string {
  return Buffer.from(JSON.stringify([at, id])).toString('base64url');
}
function decodeCursor(cursor: string): [string, number] | null {
  try {
    const v = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (Array.isArray(v) && typeof v[0] === 'string' && Number.isInteger(v[1])) return [v[0], v[1] as number];
  } catch {
    /* a bad cursor starts from the top */
  }
  return null;
}

/**
 * Follow-ups one call looks at when it walks for a text search (the text index is not filled yet, or the
 * query is dense in the index) or a custom-field filter: a word found in none of 5M follow-ups read every one
 * of them — 20 s (89 s with the total) on main at 1M customers. A call reads at most this many (newest first,
 * after the other filters; ~40–80 ms at 5M) and, when it stopped there, says how far back it got
 * (`searchedTo`) and continues from there with the next cursor.
 */
export const TEXT_SCAN_WINDOW = 10_000;
/**
 * A text query with at most this many candidates in the text index (textIndex.ts) is answered from them:
 * every candidate is checked (the exact total) and the matches sorted newest first. Above it the matches are
 * frequent enough that the newest-first walk fills a page early.
 */
export const TEXT_CANDIDATE_CAP = 10_000;

export function listFollowUps(
  db: Db,
  user: SessionUser,
  opts: { filter?: FollowUpFilter; cursor?: string | null; limit?: number; withTotal?: boolean },
): { rows: FollowUp[]; nextCursor: string | null; total: number | null; totalCapped: boolean; searchedTo: string | null } {
  const f = opts.filter ?? {};
  const limit = opts.limit ?? 50;
  const scope = liveCustomerInScope(user);
  // terms on follow_ups' own columns (an index answers them); the scope and the text come after
  const own: string[] = ['f.deleted_at IS NULL'];
  const ownParams: unknown[] = [];
  const where: string[] = [scope.sql];
  const params: unknown[] = [...scope.params];
  if (f.ownerIds?.length) {
    own.push(`f.owner_id IN (${f.ownerIds.map(() => '?').join(',')})`);
    ownParams.push(...f.ownerIds);
  }
  if (f.methods?.length) {
    own.push(`f.method IN (${f.methods.map(() => '?').join(',')})`);
    ownParams.push(...f.methods);
  }
  if (f.from) {
    own.push('f.at >= ?');
    ownParams.push(new Date(f.from).toISOString());
  }
  if (f.to) {
    own.push('f.at < ?');
    ownParams.push(new Date(f.to).toISOString());
  }
  if (f.customerId) {
    own.push('f.customer_id = ?');
    ownParams.push(f.customerId);
  }
  if (f.dealId) {
    own.push('f.deal_id = ?');
    ownParams.push(f.dealId);
  }
  const query = f.query?.trim() ?? '';
  const text = !!query;
  // the text index's candidates (null: walk as before — index not filled yet, or too many candidates)
  const found = text ? textCandidates(db, query, TEXT_CANDIDATE_CAP) : null;
  const candidates = found && !found.dense ? found.ids : null;
  // no follow-up can match (a word found nowhere): nothing else to read
  if (candidates?.length === 0) return { rows: [], nextCursor: null, total: opts.withTotal ? 0 : null, totalCapped: false, searchedTo: null };
  if (candidates) ownParams.unshift(JSON.stringify(candidates));
  if (f.query?.trim()) {
    const like = `%${f.query.trim().replace(/[\\%_]/g, (m) => '\\' + m)}%`;
    where.push("(f.content LIKE ? ESCAPE '\\' OR f.result LIKE ? ESCAPE '\\' OR f.next_step LIKE ? ESCAPE '\\' OR c.name LIKE ? ESCAPE '\\')");
    params.push(like, like, like, like);
  }
  if (f.custom) {
    for (const part of customFilterSqlFor('followUp', 'f', f.custom)) {
      where.push(part.sql);
      params.push(...part.params);
    }
  }
  const cur = opts.cursor ? decodeCursor(opts.cursor) : null;
  if (cur) {
    // a plain range on at (SQLite seeks on it; not on the OR alone) and the rest of the cursor's own time
    own.push('f.at <= ?', 'NOT (f.at = ? AND f.id >= ?)');
    ownParams.push(cur[0], cur[0], cur[1]);
  }
  // the follow-ups' own terms before the window's (the dense total below counts without the window)
  const ownBeforeWindow = own.length;
  const ownParamsBeforeWindow = ownParams.length;
  // With the text index's candidates nothing is windowed: every candidate is looked at. Otherwise (index not
  // filled yet, a query dense in the index, a custom-field filter) look at a window of at most
  // TEXT_SCAN_WINDOW follow-ups after the cursor, found on follow_ups' own terms alone (an index walk), and
  // stop at its oldest one.
  const windowed = !candidates && (text || !!f.custom);
  const from = candidates ? CANDIDATES_FROM : 'follow_ups f';
  const edge = windowed
    ? (db
        .prepare(`SELECT f.at AS at, f.id AS id FROM follow_ups f WHERE ${own.join(' AND ')} ORDER BY f.at DESC, f.id DESC LIMIT 1 OFFSET ?`)
        .get(...ownParams, TEXT_SCAN_WINDOW - 1) as { at: string; id: number } | undefined)
    : undefined;
  if (edge) {
    own.push('f.at >= ?', 'NOT (f.at = ? AND f.id < ?)');
    ownParams.push(edge.at, edge.at, edge.id);
  }
  const cond = [...own, ...where].join(' AND ');
  const condParams = [...ownParams, ...params];
  const rows = db.prepare(`${selectFrom(from)} WHERE ${cond} ORDER BY f.at DESC, f.id DESC LIMIT ?`).all(...condParams, limit + 1) as FollowUpRow[];
  const more = rows.length > limit;
  const shown = rows.slice(0, limit);
  const last = shown[shown.length - 1];
  // a count of 5M follow-ups took 1–14 s at 1M customers: count up to the cap (1–20 ms), say "more than"
  // beyond it — and within the window of a text search, which may find more further back. A first page that
  // holds every match (in the window) is its own count.
  const countSql = (src: string, c: string) => `SELECT count(*) AS n FROM (SELECT 1 FROM ${src} LEFT JOIN customers c ON c.id = f.customer_id WHERE ${c} LIMIT ?)`;
  // a query dense in the index: more than TOTAL_CAP real matches among its first candidates is an exact "more
  // than" for the whole table (2–5 ms) — the window's own count would read all of it (~40 ms at 5M)
  const denseOver =
    !!opts.withTotal &&
    !!edge &&
    !!found?.dense &&
    (db.prepare(countSql(CANDIDATES_FROM, [...own.slice(0, ownBeforeWindow), ...where].join(' AND '))).get(JSON.stringify(found.ids), ...ownParams.slice(0, ownParamsBeforeWindow), ...params, TOTAL_CAP + 1) as { n: number }).n >
      TOTAL_CAP;
  const counted = !opts.withTotal
    ? null
    : denseOver
      ? TOTAL_CAP + 1
      : !opts.cursor && !more
        ? shown.length
        : (db.prepare(countSql(from, cond)).get(...condParams, TOTAL_CAP + 1) as { n: number }).n;
  const total = counted === null ? null : Math.min(counted, TOTAL_CAP);
  const totalCapped = counted !== null && (counted > TOTAL_CAP || !!edge);
  // the page is full: continue after its last row; else the window ended first: continue after the window
  const nextCursor = more && last ? encodeCursor(last.at, last.id) : edge ? encodeCursor(edge.at, edge.id) : null;
  const searchedTo = !more && edge ? edge.at : null;
  // the page's custom values in one query (issue 13)
  const custom = readCustomValuesMany(
    db,
    'followUp',
    shown.map((r) => r.id),
  );
  for (const r of shown) r.custom = custom.get(r.id) ?? {};
  return { rows: shown.map(toFollowUp), nextCursor, total, totalCapped, searchedTo };
}
