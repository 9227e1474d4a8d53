// The deal list: filters, sorts and keyset pages that stay fast at a million deals. Each sort has a
// partial index (sort key, id) — see migration 0003 — and the cursor is the last row's (key, id).
import type { SessionUser } from '../../contract/auth';
import type { ChannelOutput } from '../../contract';
import type { DealFilter, DealSortField, dealsContract } from '../../contract/deals';
import type { ParsedInputOf } from '../../contract/define';
import type { UserCallContext } from '../../ipc/context';
import type { Db } from '../../../db/sql';
import { AppError } from '../../ipc/errors';
import { readCustomValuesMany } from '../fields/values';
import { customFilterSqlFor } from '../fields/recordFilter';
import { dealScope, JOINS, LIST_COLUMNS, toListRow, type DealRow } from './rows';
import { ensureNameIndexFill, nameIndexState } from './nameIndex';
import { indexedNamePage, type IndexedPage } from './nameSearch';

/** Sort key expression per sort field; must match the index expressions of migration 0003. */
const SORT_KEY: Record<DealSortField, { expr: string; alias: string } | null> = {
  createdAt: null, // ids grow with creation time: the primary key is the sort
  updatedAt: { expr: 'd.updated_at', alias: 'updated_at' },
  amountFen: { expr: 'd.amount_fen', alias: 'amount_fen' },
  expectedCloseDate: { expr: "ifnull(d.expected_close_date, '9999-12-31')", alias: 'sort_key' },
  name: { expr: 'd.name', alias: 'name' },
};

/** Filtered totals that the aggregate cannot answer are counted up to this many. */
export const TOTAL_CAP = 10_000;

interface Cursor {
  f: DealSortField;
  d: 'asc' | 'desc';
  k: string | number | null;
  i: number;
}

function encodeCursor(c: Cursor): string {
  return Buffer.from(JSON.stringify(c)).toString('base64url');
}

/** `invalidMessage` is called only for a bad cursor (translating it on every page cost ~30 µs a call) */
function decodeCursor(s: string, field: DealSortField, dir: 'asc' | 'desc', invalidMessage: () => string): Cursor {
  try {
    const c = JSON.parse(Buffer.from(s, 'base64url').toString('utf8')) as Cursor;
    if (c.f === field && c.d === dir && Number.isSafeInteger(c.i) && ['string', 'number'].includes(typeof c.k) === (SORT_KEY[field] !== null)) return c;
  } catch {
    /* fall through */
  }
  const msg = invalidMessage();
  throw new AppError('INVALID_INPUT', msg, { fieldErrors: { cursor: msg } });
}

/** WHERE clause (without the cursor) for a filter + query in the user's scope. */
/** Planner hints: a "wide" filter matches many rows, so walking the sort index and skipping beats using its index. */
export interface WideFilters {
  stages?: boolean;
  month?: boolean;
  amount?: boolean;
}

export function dealWhere(user: SessionUser, filter: DealFilter = {}, query?: string, wide: WideFilters = {}): { sql: string[]; params: unknown[] } {
  const scope = dealScope(user);
  const sql = ['d.deleted_at IS NULL', scope.sql];
  const params: unknown[] = [...scope.params];
  const inList = (col: string, values: readonly unknown[]) => {
    sql.push(`${col} IN (${values.map(() => '?').join(', ')})`);
    params.push(...values);
  };
  // several stages: if they hold a good share of the deals, walking the sort index and skipping rows of
  // other stages beats collecting them all and sorting (SQLite cannot merge per-stage ranges); the unary
  // plus keeps the planner off the stage indexes in that case
  if (filter.stageIds?.length) inList(wide.stages ? '+d.stage_id' : 'd.stage_id', filter.stageIds);
  if (filter.statuses?.length) inList('d.status', filter.statuses);
  if (filter.ownerIds?.length) {
    const ids = filter.ownerIds.filter((x): x is number => x !== null);
    const withNull = filter.ownerIds.includes(null);
    const parts = [ids.length ? `d.owner_id IN (${ids.map(() => '?').join(', ')})` : null, withNull ? 'd.owner_id IS NULL' : null].filter(Boolean);
    sql.push(`(${parts.join(' OR ')})`);
    params.push(...ids);
  }
  if (filter.amountMinFen !== undefined) {
    sql.push(`${wide.amount ? '+' : ''}d.amount_fen >= ?`);
    params.push(filter.amountMinFen);
  }
  if (filter.amountMaxFen !== undefined) {
    sql.push(`${wide.amount ? '+' : ''}d.amount_fen <= ?`);
    params.push(filter.amountMaxFen);
  }
  if (filter.expectedCloseMonth) {
    // the same expression as the deals_expected index, so the month is an index range
    sql.push(`${wide.month ? '+' : ''}ifnull(d.expected_close_date, '9999-12-31') BETWEEN ? AND ?`);
    params.push(`${filter.expectedCloseMonth}-01`, `${filter.expectedCloseMonth}-31`);
  }
  if (filter.closedFrom) {
    sql.push('d.closed_at >= ?');
    params.push(filter.closedFrom);
  }
  if (filter.closedTo) {
    sql.push('d.closed_at <= ?');
    params.push(filter.closedTo);
  }
  if (filter.customerId !== undefined) {
    sql.push('d.customer_id = ?');
    params.push(filter.customerId);
  }
  // custom fields (issue 13): index probes of deal_field_values, see fields/recordFilter.ts
  if (filter.custom) {
    for (const part of customFilterSqlFor('deal', 'd', filter.custom)) {
      sql.push(part.sql);
      params.push(...part.params);
    }
  }
  const q = query?.trim();
  if (q) {
    sql.push("d.name LIKE ? ESCAPE '\\'");
    params.push(`%${q.replace(/[\\%_]/g, (m) => `\\${m}`)}%`);
  }
  return { sql, params };
}

/** Do these stages hold at least 5% of the deals the user can see? (from the per-stage aggregate) */
function stagesAreWide(db: Db, user: SessionUser, stageIds: number[]): boolean {
  const own = user.scope === 'all' ? '' : 'AND owner_key = ?';
  const params = user.scope === 'all' ? [] : [user.id];
  const row = db
    .prepare(
      `SELECT ifnull(sum(CASE WHEN stage_id IN (${stageIds.map(() => '?').join(', ')}) THEN deal_count END), 0) AS part,
              ifnull(sum(deal_count), 0) AS whole FROM deal_stage_totals WHERE 1=1 ${own}`,
    )
    .get(...stageIds, ...params) as { part: number; whole: number };
  return row.part * 20 >= row.whole;
}

/** Does a range filter (month, amount) match at least WIDE_ROWS deals? A bounded probe on its index (≤ ~1 ms). */
const WIDE_ROWS = 2000;
function rangeIsWide(db: Db, where: { sql: string[]; params: unknown[] }): boolean {
  const row = db.prepare(`SELECT count(*) AS n FROM (SELECT 1 FROM deals d WHERE ${where.sql.join(' AND ')} LIMIT ${WIDE_ROWS})`).get(...where.params) as { n: number };
  return row.n >= WIDE_ROWS;
}

/** Totals straight from the per-stage aggregate when the filter only narrows by stage, status and owner. */
function totalFromAggregate(db: Db, user: SessionUser, filter: DealFilter, query?: string): number | null {
  const other = Object.entries(filter).some(([k, v]) => v !== undefined && !['stageIds', 'statuses', 'ownerIds'].includes(k));
  if (other || query?.trim()) return null;
  const where = ['1=1'];
  const params: unknown[] = [];
  if (user.scope !== 'all') {
    where.push('t.owner_key = ?');
    params.push(user.id);
  }
  if (filter.ownerIds?.length) {
    where.push(`t.owner_key IN (${filter.ownerIds.map(() => '?').join(', ')})`);
    params.push(...filter.ownerIds.map((o) => o ?? 0));
  }
  if (filter.stageIds?.length) {
    where.push(`t.stage_id IN (${filter.stageIds.map(() => '?').join(', ')})`);
    params.push(...filter.stageIds);
  }
  if (filter.statuses?.length) {
    where.push(`s.kind IN (${filter.statuses.map(() => '?').join(', ')})`);
    params.push(...filter.statuses);
  }
  const row = db
    .prepare(`SELECT ifnull(sum(t.deal_count), 0) AS n FROM deal_stage_totals t JOIN stages s ON s.id = t.stage_id WHERE ${where.join(' AND ')}`)
    .get(...params) as { n: number };
  return row.n;
}

export function listDeals(input: ParsedInputOf<(typeof dealsContract)['deals:list']>, ctx: UserCallContext): ChannelOutput<'deals:list'> {
  const { db } = ctx.app;
  const field = input.sort?.field ?? 'createdAt';
  const dir = input.sort?.dir ?? 'desc';
  const limit = input.limit ?? 50;
  const key = SORT_KEY[field];
  // stage + sort pairs with a composite index (migration 0003) need no help; the others may
  const stageIds = input.filter?.stageIds ?? [];
  const composite = stageIds.length === 1 && field !== 'name';
  const f = input.filter ?? {};
  const wide: WideFilters = {
    stages: stageIds.length > 0 && !composite && stagesAreWide(db, ctx.user, stageIds),
    month: !!f.expectedCloseMonth && field !== 'expectedCloseDate' && key !== null && rangeIsWide(db, dealWhere(ctx.user, { expectedCloseMonth: f.expectedCloseMonth })),
    amount:
      (f.amountMinFen !== undefined || f.amountMaxFen !== undefined) &&
      field !== 'amountFen' &&
      key !== null &&
      rangeIsWide(db, dealWhere(ctx.user, { amountMinFen: f.amountMinFen, amountMaxFen: f.amountMaxFen })),
  };
  const where = dealWhere(ctx.user, input.filter, input.query, wide);
  const base = { sql: [...where.sql], params: [...where.params] };

  const cursor = { sql: [] as string[], params: [] as unknown[] };
  let cursorId: number | null = null;
  if (input.cursor) {
    const c = decodeCursor(input.cursor, field, dir, () => ctx.t('deals.errors.badCursor'));
    const op = dir === 'asc' ? '>' : '<';
    if (key) {
      // the plain range first: SQLite seeks on it, also over an expression index (the expected-close-date key),
      // where it does not seek on the row value alone (a rep's page 5 walked from the top of the rep's deals)
      cursor.sql.push(`${key.expr} ${op}= ?`, `(${key.expr}, d.id) ${op} (?, ?)`);
      cursor.params.push(c.k, c.k, c.i);
    } else {
      cursor.sql.push(`d.id ${op} ?`);
      cursor.params.push(c.i);
      cursorId = c.i;
    }
    where.sql.push(...cursor.sql);
    where.params.push(...cursor.params);
  }
  const order = key ? `${key.expr} ${dir.toUpperCase()}, d.id ${dir.toUpperCase()}` : `d.id ${dir.toUpperCase()}`;
  const sortCol = key ? `, ${key.expr} AS sort_key` : '';

  // a name search from the name index when it is complete (nameSearch.ts); the LIKE below is the fallback
  const q = input.query?.trim();
  let indexed: IndexedPage | null = null;
  if (q) {
    const state = nameIndexState(db);
    if (state === 'ready') {
      const plain = dealWhere(ctx.user, input.filter, undefined, wide);
      indexed = indexedNamePage(db, ctx.user, q, input.filter ?? {}, TOTAL_CAP, {
        keyExpr: key?.expr ?? null,
        dir,
        limit,
        where: plain,
        cursor: input.cursor ? cursor : null,
        cursorId,
        withTotal: !!input.withTotal,
      });
    } else if (state === 'filling') void ensureNameIndexFill(ctx.app);
  }
  const rows = indexed?.ids
    ? rowsByIds(db, indexed.ids, sortCol)
    : (db
        .prepare(`SELECT ${LIST_COLUMNS}${sortCol} FROM deals d ${JOINS} WHERE ${where.sql.join(' AND ')} ORDER BY ${order} LIMIT ?`)
        .all(...where.params, limit + 1) as (DealRow & { sort_key?: string | number })[]);

  const more = rows.length > limit;
  const page = more ? rows.slice(0, limit) : rows;
  const last = page[page.length - 1];
  const nextCursor = more && last ? encodeCursor({ f: field, d: dir, k: key ? (last.sort_key ?? null) : null, i: last.id }) : null;

  // a first page that holds every match is its own total: a rare name searched among 1M deals read them
  // all twice (page, then count: 500 ms at 1M), now once
  const totals = !input.withTotal
    ? { total: null, totalCapped: false }
    : !input.cursor && !more
      ? { total: page.length, totalCapped: false }
      : (indexed?.total ?? countDeals(db, ctx.user, input.filter ?? {}, input.query, base));
  return { rows: withCustomValues(db, page).map(toListRow), nextCursor, ...totals };
}

/** Full list rows of these ids, in this order. */
function rowsByIds(db: Db, ids: number[], sortCol: string): (DealRow & { sort_key?: string | number })[] {
  if (!ids.length) return [];
  const rows = db
    .prepare(`SELECT ${LIST_COLUMNS}${sortCol} FROM deals d ${JOINS} WHERE d.id IN (SELECT value FROM json_each(?))`)
    .all(JSON.stringify(ids)) as (DealRow & { sort_key?: string | number })[];
  const byId = new Map(rows.map((r) => [r.id, r]));
  return ids.map((id) => byId.get(id)).filter((r): r is DealRow & { sort_key?: string | number } => r !== undefined);
}

/** The total of a filtered list: from the per-stage aggregate when it can answer, else counted up to the cap. */
export function countDeals(
  db: Db,
  user: SessionUser,
  filter: DealFilter,
  query: string | undefined,
  base: { sql: string[]; params: unknown[] },
): { total: number; totalCapped: boolean } {
  const exact = totalFromAggregate(db, user, filter, query);
  if (exact !== null) return { total: exact, totalCapped: false };
  // an exact count over a million filtered rows costs 100+ ms: count up to the cap and say "10,000+"
  const n = (
    db.prepare(`SELECT count(*) AS n FROM (SELECT 1 FROM deals d WHERE ${base.sql.join(' AND ')} LIMIT ?)`).get(...base.params, TOTAL_CAP + 1) as { n: number }
  ).n;
  return { total: Math.min(n, TOTAL_CAP), totalCapped: n > TOTAL_CAP };
}

/** A page's custom values in one query (deals have no cache column). */
export function withCustomValues<R extends DealRow>(db: Db, rows: R[]): R[] {
  const values = readCustomValuesMany(
    db,
    'deal',
    rows.map((r) => r.id),
  );
  return rows.map((r) => ({ ...r, custom: values.get(r.id) ?? {} }));
}
