// Renderer-side shapes of the customer module, all derived from the contract (main/contract/customers.ts).
import type { ChannelInput, ChannelOutput } from '@contract/index';

export type CustomerRow = ChannelOutput<'customers:list'>['rows'][number];
export type Customer = ChannelOutput<'customers:get'>['customer'];
export type CustomerDetail = ChannelOutput<'customers:get'>;
export type CustomerFilter = NonNullable<ChannelInput<'customers:list'>['filter']>;
export type CustomerSort = NonNullable<ChannelInput<'customers:list'>['sort']>;
export type SortField = CustomerSort['field'];
/** sort by one custom field (issue 13); mutually exclusive with `sort` */
export type CustomSort = NonNullable<ChannelInput<'customers:list'>['customSort']>;
export type CustomerOptions = ChannelOutput<'customers:options'>;
export type SavedView = ChannelOutput<'views:list'>['views'][number];
export type BatchPatch = ChannelInput<'customers:batchUpdate'>['patch'];
export type DuplicateResult = ChannelOutput<'customers:findDuplicates'>;
export type DuplicateMatch = DuplicateResult['matches'][number];

/** What the list shows: the search text, the filter and the sort. Its key names one result set. */
export interface ListQuery {
  query: string;
  filter: CustomerFilter;
  sort: CustomerSort | null;
  customSort?: CustomSort | null;
}

/** Stable key of a query (object key order does not matter), used for page caches. */
export function listQueryKey(q: ListQuery): string {
  const sorted = (v: unknown): unknown =>
    Array.isArray(v) ? v.map(sorted) : v && typeof v === 'object' ? Object.fromEntries(Object.entries(v).filter(([, x]) => x !== undefined).sort(([a], [b]) => a.localeCompare(b)).map(([k, x]) => [k, sorted(x)])) : v;
  return JSON.stringify(sorted({ q: q.query.trim(), f: q.filter, s: q.sort, cs: q.customSort ?? undefined }));
}

/** Which customers a selection means: explicit ids, or everything matching the current query + filter. */
export type Selection = { kind: 'ids'; ids: Set<number> } | { kind: 'all'; total: number };

/** Number of active filter conditions (for the "筛选（3）" badge). */
export function countFilters(f: CustomerFilter): number {
  let n = 0;
  if (f.provinces?.length || f.cities?.length) n++;
  for (const k of ['industries', 'levels', 'statuses', 'sources', 'ownerIds', 'tags'] as const) if (f[k]?.length) n++;
  if (f.createdFrom || f.createdTo) n++;
  if (f.lastFollowUpFrom || f.lastFollowUpTo) n++;
  if (f.nextFollowUpFrom || f.nextFollowUpTo) n++;
  if (f.noFollowUpDays) n++;
  n += Object.keys(f.custom ?? {}).length; // custom field conditions (issue 13)
  return n;
}
