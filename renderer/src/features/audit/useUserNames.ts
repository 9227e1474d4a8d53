import { useMemo } from 'react';
import { useQuery } from '@tanstack/react-query';
import { roleLabel, shippedLabel } from '@contract/shippedLabels';
import { invoke } from '../../lib/api';
import { useSession } from '../../app/session';
import type { Names } from './describe';

/** What ids in the history read as: users by display name, roles and shipped stage names in the UI language. */
export function useUserNames(): Names {
  const { locale, can } = useSession();
  const q = useQuery({ queryKey: ['users:options'], queryFn: () => invoke('users:options', {}), staleTime: 60_000 });
  // stage names only for those who may see deals (stages:list needs deals.view); others read "#id"
  const stages = useQuery({
    queryKey: ['stages:list', 'withArchived'],
    queryFn: () => invoke('stages:list', { includeArchived: true }),
    staleTime: 60_000,
    enabled: can('deals.view'),
  });
  return useMemo(
    () => ({
      users: new Map((q.data?.users ?? []).map((u) => [u.id, u.displayName])),
      roles: new Map((q.data?.roles ?? []).map((r) => [r.id, roleLabel(r.name, locale)])),
      stages: new Map((stages.data?.stages ?? []).map((s) => [s.id, shippedLabel('stage', s.name, locale)])),
      locale,
    }),
    [q.data, stages.data, locale],
  );
}
