import { useMemo } from 'react';
import { useQuery } from '@tanstack/react-query';
import { invoke } from '../../lib/api';

/** id -> display name of every user, for owner changes in the history. */
export function useUserNames(): ReadonlyMap<number, string> {
  const q = useQuery({ queryKey: ['users:options'], queryFn: () => invoke('users:options', {}), staleTime: 60_000 });
  return useMemo(() => new Map((q.data?.users ?? []).map((u) => [u.id, u.displayName])), [q.data]);
}
