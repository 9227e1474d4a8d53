// Data hooks of the list page: the page cache for the current query, options, saved views, column choice.
import { useEffect, useMemo, useState } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { invoke } from '../../../lib/api';
import { DEFAULT_COLUMNS, COLUMNS } from '../model/columns';
import { listQueryKey, type ListQuery } from '../model/types';
import { PageCache } from './pageCache';

/** One PageCache per result set; a new search/filter/sort gets a fresh cache and the old one is dropped. */
export function useCustomerPages(q: ListQuery): { cache: PageCache; key: string } {
  const key = listQueryKey(q);
  const cache = useMemo(
    () =>
      new PageCache((req) =>
        invoke('customers:list', {
          query: q.query.trim() || undefined,
          filter: q.filter,
          sort: q.sort ?? undefined,
          customSort: q.customSort ?? undefined,
          ...req,
        }),
      ),
    // the key captures every field of q
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [key],
  );
  useEffect(() => () => cache.dispose(), [cache]);
  return { cache, key };
}

export function useCustomerOptions() {
  return useQuery({ queryKey: ['customers:options'], queryFn: () => invoke('customers:options'), staleTime: 60_000 });
}

export function useSavedViews() {
  const qc = useQueryClient();
  const q = useQuery({ queryKey: ['views:list'], queryFn: () => invoke('views:list') });
  return { views: q.data?.views ?? [], error: q.error, reload: () => qc.invalidateQueries({ queryKey: ['views:list'] }) };
}

const builtIn = new Set(COLUMNS.map((c) => c.key));
// custom field columns are kept too; a key whose field is gone is simply not shown (columnsFor skips it)
const known = { has: (k: string) => builtIn.has(k) || k.startsWith('custom:') };

/** The user's column choice, remembered on this computer per user. */
export function useColumnPrefs(userId: number | undefined): [string[], (cols: string[]) => void] {
  const storageKey = `crm.customers.columns.${userId ?? 0}`;
  const [cols, setCols] = useState<string[]>(() => {
    try {
      const saved = JSON.parse(localStorage.getItem(storageKey) ?? 'null') as unknown;
      if (Array.isArray(saved)) {
        const valid = saved.filter((k): k is string => typeof k === 'string' && known.has(k));
        if (valid.length) return valid;
      }
    } catch {
      // a corrupt preference falls back to the defaults
    }
    return DEFAULT_COLUMNS;
  });
  const save = (next: string[]) => {
    const valid = next.filter((k) => known.has(k));
    setCols(valid);
    localStorage.setItem(storageKey, JSON.stringify(valid));
  };
  return [cols, save];
}

/** The value after it stopped changing for `ms`. */
export function useDebounced<T>(value: T, ms: number): T {
  const [v, setV] = useState(value);
  useEffect(() => {
    const id = setTimeout(() => setV(value), ms);
    return () => clearTimeout(id);
  }, [value, ms]);
  return v;
}
