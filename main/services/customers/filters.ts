// customerFilterSchema + data scope -> one SQL condition on `c` (customers). Lists are passed as one JSON
// parameter (json_each) so the SQL text, and with it the cached prepared statement, stays the same.
import type { CustomerFilter } from '../../contract/customers';
import type { SessionUser } from '../../contract/auth';
import { ownerScope } from '../auth/scope';
import { customFieldFilterSql } from '../fields/customerFilter';
import type { Db } from '../../../db/sql';
import { indexDefinition } from './indexDefinitions';

export interface SqlPart {
  sql: string;
  params: unknown[];
}

const inList = (column: string, values: readonly unknown[]): SqlPart => ({
  sql: `${column} IN (SELECT value FROM json_each(?))`,
  params: [JSON.stringify(values)],
});

const iso = (s: string) => new Date(s).toISOString();

const join = (parts: SqlPart[]): SqlPart => ({ sql: parts.map((p) => p.sql).join(' AND '), params: parts.flatMap((p) => p.params) });

/** Everything but the search query: live rows, scope, filters. `now` is for noFollowUpDays. */
export function filterSql(user: SessionUser, filter: CustomerFilter | undefined, now: Date): SqlPart {
  const { live, filter: f } = filterParts(user, filter, now);
  return f ? join([live, f]) : live;
}

/** Live rows + scope, and the filter conditions alone (null when there are none); see countFiltered. */
export function filterParts(
  user: SessionUser,
  filter: CustomerFilter | undefined,
  now: Date,
  opts: { ownerKeyScope?: boolean } = {},
): { live: SqlPart; scope: SqlPart | null; filter: SqlPart | null } {
  const liveParts: SqlPart[] = [{ sql: 'c.deleted_at IS NULL', params: [] }];
  // ownerKeyScope: the same scope written over the key of customers_sort_owner (owner ids are >= 1), so
  // a list sorted by owner reads only that index: seeks to the two keys, no row lookup per entry
  const scope =
    opts.ownerKeyScope && user.scope !== 'all' ? { sql: 'coalesce(c.owner_id, 0) IN (0, ?)', params: [user.id] } : ownerScope(user, 'c.owner_id');
  if (scope.sql !== '1=1') liveParts.push(scope);
  const parts: SqlPart[] = [];
  const f = filter ?? {};
  if (f.provinces?.length) parts.push(inList('c.province', f.provinces));
  if (f.cities?.length) parts.push(inList('c.city', f.cities));
  if (f.industries?.length) parts.push(inList('c.industry', f.industries));
  if (f.levels?.length) parts.push(inList('c.level', f.levels));
  if (f.statuses?.length) parts.push(inList('c.status', f.statuses));
  if (f.sources?.length) parts.push(inList('c.source', f.sources));
  if (f.ownerIds?.length) {
    const ids = f.ownerIds.filter((x): x is number => x !== null);
    const pool = f.ownerIds.includes(null);
    const list = inList('c.owner_id', ids);
    parts.push(pool ? { sql: `(${list.sql} OR c.owner_id IS NULL)`, params: list.params } : list);
  }
  if (f.tags?.length) {
    parts.push({
      sql: 'EXISTS (SELECT 1 FROM customer_tags t WHERE t.customer_id = c.id AND t.tag IN (SELECT value FROM json_each(?)))',
      params: [JSON.stringify(f.tags)],
    });
  }
  if (f.createdFrom) parts.push({ sql: 'c.created_at >= ?', params: [iso(f.createdFrom)] });
  if (f.createdTo) parts.push({ sql: 'c.created_at <= ?', params: [iso(f.createdTo)] });
  if (f.lastFollowUpFrom) parts.push({ sql: 'c.last_follow_up_at >= ?', params: [iso(f.lastFollowUpFrom)] });
  if (f.lastFollowUpTo) parts.push({ sql: 'c.last_follow_up_at <= ?', params: [iso(f.lastFollowUpTo)] });
  if (f.nextFollowUpFrom) parts.push({ sql: 'c.next_follow_up_at >= ?', params: [iso(f.nextFollowUpFrom)] });
  if (f.nextFollowUpTo) parts.push({ sql: 'c.next_follow_up_at <= ?', params: [iso(f.nextFollowUpTo)] });
  if (f.noFollowUpDays) {
    const cutoff = new Date(now.getTime() - f.noFollowUpDays * 86_400_000).toISOString();
    parts.push({ sql: '(c.last_follow_up_at IS NULL OR c.last_follow_up_at < ?)', params: [cutoff] });
  }
  // custom fields (issue 13): index probes of customer_field_values, see fields/customerFilter.ts
  if (f.custom) parts.push(...customFieldFilterSql(f.custom));
  return { live: join(liveParts), scope: scope.sql !== '1=1' ? scope : null, filter: parts.length ? join(parts) : null };
}

/** rows looked at when counting a filter without a query (see countFiltered) */
export const FILTER_COUNT_BUDGET = { covered: 10_000, other: 5_000, probe: 2_000 };

// the columns of rpt_customers_created (migration 0006), a covering index of the attributes filters use
const REPORT_INDEX = 'rpt_customers_created';
const REPORT_INDEX_COLUMNS = new Set(['id', 'created_at', 'owner_id', 'status', 'province', 'industry', 'source', 'level']);

/**
 * Total of a filtered list without a search query, looking at no more than `budget` live rows: exact when there are fewer live rows than that, else a lower bound
 * (capped = true; the list shows "n+" and extends it while scrolling). No index serves arbitrary filter
 * combinations, so counting a 1% filter exactly reads every row (province + level: 137 ms at 1M). The
 * scope is tested with the filter (not in the scan) so the budget bounds the entries read, also for a
 * rep. When every column the conditions read is in rpt_customers_created (attributes) or in
 * customers_sort_created (scope and last follow-up, migration 0014) the scan is index-only (about
 * 0.1 µs an entry: budget.covered); otherwise the table is read in rowid order (budget.other), or
 * fewer rows when each costs an EXISTS probe (tags, custom fields: budget.probe).
 */
/** Columns `c.x` a condition reads (EXISTS probes read c.id). */
function columnsOf(sql: string): Set<string> {
  const cols = new Set(['id']);
  for (const m of sql.matchAll(/\bc\.([a-z_]+)/g)) cols.add(m[1]);
  // (deleted_at is implied by the partial indexes, which hold no deleted rows)
  cols.delete('deleted_at');
  return cols;
}

/** True when rpt_customers_created alone can evaluate `sql` (no EXISTS probe, every column in it). */
export function coveredByReportIndex(db: Db, sql: string): boolean {
  if (/\bEXISTS\b/.test(sql) || ![...columnsOf(sql)].every((c) => REPORT_INDEX_COLUMNS.has(c))) return false;
  return indexDefinition(db, REPORT_INDEX) !== null;
}

export const REPORT_CREATED_INDEX = REPORT_INDEX;

// one covering index per attribute (migration 0009): (value, created_at, owner_id, status, …, the other three)
const ATTR_LEADS = [
  ['provinces', 'province', 'rpt_customers_attr_p'],
  ['industries', 'industry', 'rpt_customers_attr_i'],
  ['sources', 'source', 'rpt_customers_attr_s'],
  ['levels', 'level', 'rpt_customers_attr_l'],
] as const;

/**
 * A filter on exactly one value of province, industry, source or level (in that order of preference: most
 * values, so the fewest rows per value): that attribute's covering index, which holds the same columns as
 * rpt_customers_created with the value in front, so it reads the value's rows in created_at order — and the
 * equality that lets SQLite walk it in that order (the filter's own `IN (json_each)` does not). Null: no
 * such filter, or the index is missing.
 */
export function singleValueLead(db: Db, filter: CustomerFilter | undefined): { index: string; cond: SqlPart } | null {
  for (const [key, col, index] of ATTR_LEADS) {
    const values = filter?.[key];
    if (values?.length !== 1 || !values[0]) continue;
    if (indexDefinition(db, index) === null) continue;
    return { index, cond: { sql: `c.${col} = ?`, params: [values[0]] } };
  }
  return null;
}

// customers_sort_created holds last_follow_up_at since migration 0014: scope + "no follow-up for N days"
const CREATED_INDEX = 'customers_sort_created';
const CREATED_INDEX_COLUMNS = new Set(['id', 'created_at', 'owner_id', 'last_follow_up_at']);

/** The index, newest first, that can evaluate `sql` alone (no row lookups), or null. */
export function coveringCreatedIndex(db: Db, sql: string): string | null {
  if (coveredByReportIndex(db, sql)) return REPORT_INDEX;
  if (/\bEXISTS\b/.test(sql) || ![...columnsOf(sql)].every((c) => CREATED_INDEX_COLUMNS.has(c))) return null;
  return /last_follow_up_at/.test(indexDefinition(db, CREATED_INDEX) ?? '') ? CREATED_INDEX : null;
}

export function countFiltered(
  db: Db,
  scope: SqlPart | null,
  filter: SqlPart,
  budget = FILTER_COUNT_BUDGET,
  /**
   * the newest created_at in a rep's scope (scopeTop.ts): the index scan starts there instead of spending
   * its budget on newer rows of other owners (an admin's import). Exact: no row in scope is newer.
   */
  newestInScope?: string | null,
): { n: number; complete: boolean } {
  const cond = scope ? join([scope, filter]) : filter;
  // (the scan itself tests deleted_at; the inner select lists only the columns the condition reads)
  const cols = columnsOf(cond.sql);
  // an EXISTS probe (tags, custom fields) is a B-tree seek per entry
  const probe = /\bEXISTS\b/.test(cond.sql);
  const useIndex = coveringCreatedIndex(db, cond.sql);
  const n = useIndex ? budget.covered : probe ? budget.probe : budget.other;
  const from = scope ? newestInScope : null;
  // covered: newest first along the index; otherwise the table in rowid order (sequential pages, about
  // a quarter of the cost of looking rows up in created_at order)
  const sql = `SELECT count(*) AS scanned, coalesce(sum(CASE WHEN ${cond.sql} THEN 1 ELSE 0 END), 0) AS n
    FROM (SELECT ${[...cols].map((c) => `c.${c}`).join(', ')} FROM customers c ${useIndex ? `INDEXED BY ${useIndex}` : ''}
          WHERE c.deleted_at IS NULL ${useIndex && from ? 'AND c.created_at <= ?' : ''} ${useIndex ? 'ORDER BY c.created_at DESC' : ''} LIMIT ${n}) AS c`;
  const r = db.prepare(sql).get(...cond.params, ...(useIndex && from ? [from] : [])) as { scanned: number; n: number };
  return { n: r.n, complete: r.scanned < n };
}

/** True when the filter narrows nothing beyond scope (then the per-owner counts give the exact total). */
export function isEmptyFilter(filter: CustomerFilter | undefined): boolean {
  if (!filter) return true;
  return Object.values(filter).every((v) => v === undefined || (Array.isArray(v) && v.length === 0) || (typeof v === 'object' && v !== null && !Array.isArray(v) && Object.keys(v).length === 0));
}
