// customerFilterSchema + data scope -> one SQL condition on `c` (customers). Lists are passed as one JSON
// parameter (json_each) so the SQL text, and with it the cached prepared statement, stays the same.
import type { CustomerFilter } from '../../contract/customers';
import type { SessionUser } from '../../contract/auth';
import { ownerScope } from '../auth/scope';
import { customFieldFilterSql } from '../fields/customerFilter';

export interface SqlPart {
  sql: string;
  params: unknown[];
}

const inList = (column: string, values: readonly unknown[]): SqlPart => ({
  sql: `${column} IN (SELECT value FROM json_each(?))`,
  params: [JSON.stringify(values)],
});

const iso = (s: string) => new Date(s).toISOString();

/** Everything but the search query: live rows, scope, filters. `now` is for noFollowUpDays. */
export function filterSql(user: SessionUser, filter: CustomerFilter | undefined, now: Date): SqlPart {
  const parts: SqlPart[] = [{ sql: 'c.deleted_at IS NULL', params: [] }];
  const scope = ownerScope(user, 'c.owner_id');
  if (scope.sql !== '1=1') parts.push(scope);
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
  return { sql: parts.map((p) => p.sql).join(' AND '), params: parts.flatMap((p) => p.params) };
}

/** True when the filter narrows nothing beyond scope (then the per-owner counts give the exact total). */
export function isEmptyFilter(filter: CustomerFilter | undefined): boolean {
  if (!filter) return true;
  return Object.values(filter).every((v) => v === undefined || (Array.isArray(v) && v.length === 0) || (typeof v === 'object' && v !== null && !Array.isArray(v) && Object.keys(v).length === 0));
}
