// The 跟进 page's filter controls -> followUps:list `filter` (pure, so a unit test can run the result
// against the real channel). Custom field filters (issue 13) come from fields/listSupport.tsx in the
// shapes main understands: select -> [options], number/money/date -> { from, to }, text -> { contains }.
import type { Dayjs } from 'dayjs';

export interface FollowUpFilters {
  ownerIds?: number[];
  methods?: string[];
  range?: [Dayjs | null, Dayjs | null] | null;
  customerId?: number;
  query?: string;
  custom?: Record<string, unknown>;
}

export function followUpListFilter(filters: FollowUpFilters) {
  return {
    ...(filters.ownerIds?.length ? { ownerIds: filters.ownerIds } : {}),
    ...(filters.methods?.length ? { methods: filters.methods } : {}),
    ...(filters.range?.[0] ? { from: filters.range[0].startOf('day').toISOString() } : {}),
    ...(filters.range?.[1] ? { to: filters.range[1].endOf('day').add(1, 'ms').toISOString() } : {}),
    ...(filters.customerId ? { customerId: filters.customerId } : {}),
    ...(filters.query?.trim() ? { query: filters.query.trim() } : {}),
    ...(filters.custom && Object.keys(filters.custom).length ? { custom: filters.custom } : {}),
  };
}
