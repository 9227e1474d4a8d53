import { useMemo } from 'react';
import { useQuery } from '@tanstack/react-query';
import { roleLabel } from '@contract/roleLabels';
import { invoke } from '../../lib/api';
import { useSession } from '../../app/session';
import type { Names } from './describe';

/** What ids in the history read as: users by display name, roles by name in the UI language. */
export function useUserNames(): Names {
  const { locale } = useSession();
  const q = useQuery({ queryKey: ['users:options'], queryFn: () => invoke('users:options', {}), staleTime: 60_000 });
  return useMemo(
    () => ({
      users: new Map((q.data?.users ?? []).map((u) => [u.id, u.displayName])),
      roles: new Map((q.data?.roles ?? []).map((r) => [r.id, roleLabel(r.name, locale)])),
      locale,
    }),
    [q.data, locale],
  );
}
