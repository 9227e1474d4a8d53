// customerFilterSchema + data scope -> one SQL condition on `c` (customers). Lists are passed as one JSON
// parameter (json_each) so the SQL text, and with it the cached prepared statement, stays the same.
import type { CustomerFilter } from '../../contract/customers';
import type { SessionUser } from '../../contract/auth';
import { ownerScope } from '../auth/scope';

export interface SqlPart {
  sql: string;
  params: unknown[];
}

const inList = (column: string, values: readonly unknown[]): SqlPart => ({
  sql: `${column} IN (SELECT value FROM json_each(?))`,
  params: [JSON.stringify(values)],
});

const iso = (s: string) => new Date(s).toISOString();

/** Custom field filters: { key: value | [values] | { from?, to? } } on the JSON column. */
function customFilter(custom: Record<string, unknown>): SqlPart[] {
  const parts: SqlPart[] = [];
  for (const [key, cond] of Object.entries(custom)) {
    if (!/^[A-Za-z0-9_]{1,64}$/.test(key)) continue;
    const path = `$.${key}`;
    if (Array.isArray(cond)) {
      parts.push({ sql: `json_extract(c.custom, ?) IN (SELECT value FROM json_each(?))`, params: [path, JSON.stringify(cond)] });
    } else if (cond && typeof cond === 'object') {
      const { from, to } = cond as { from?: unknown; to?: unknown };
      if (from !== undefined) parts.push({ sql: 'json_extract(c.custom, ?) >= ?', params: [path, from] });
      if (to !== undefined) parts.push({ sql: 'json_extract(c.custom, ?) <= ?', params: [path, to] });
    } else if (cond !== undefined && cond !== null) {
      parts.push({ sql: 'json_extract(c.custom, ?) = ?', params: [path, typeof cond === 'boolean' ? Number(cond) : cond] });
    }
  }
  return parts;
}

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
  if (f.noFollowUpDays) {
    const cutoff = new Date(now.getTime() - f.noFollowUpDays * 86_400_000).toISOString();
    parts.push({ sql: '(c.last_follow_up_at IS NULL OR c.last_follow_up_at < ?)', params: [cutoff] });
  }
  if (f.custom) parts.push(...customFilter(f.custom));
  return { sql: parts.map((p) => p.sql).join(' AND '), params: parts.flatMap((p) => p.params) };
}

/** True when the filter narrows nothing beyond scope (then the per-owner counts give the exact total). */
export function isEmptyFilter(filter: CustomerFilter | undefined): boolean {
  if (!filter) return true;
  return Object.values(filter).every((v) => v === undefined || (Array.isArray(v) && v.length === 0) || (typeof v === 'object' && v !== null && !Array.isArray(v) && Object.keys(v).length === 0));
}
