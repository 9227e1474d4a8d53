// Data hooks of the deals feature (react-query over the typed invoke).
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { invoke } from '../../lib/api';

export const dealKeys = {
  all: ['deals'] as const,
  options: ['deals', 'options'] as const,
  board: (ownerId?: number) => ['deals', 'board', ownerId ?? null] as const,
  detail: (id: number) => ['deals', 'detail', id] as const,
  list: (input: unknown) => ['deals', 'list', input] as const,
};

export function useDealOptions() {
  return useQuery({ queryKey: dealKeys.options, queryFn: () => invoke('deals:options'), staleTime: 30_000 });
}

/** After any deal change: board, lists, detail and options (stage counts) are stale. */
export function useInvalidateDeals() {
  const qc = useQueryClient();
  return () => qc.invalidateQueries({ queryKey: dealKeys.all });
}

/** Whole days/hours for "time in stage". */
export function durationText(ms: number, lang: string): string {
  const h = Math.round(ms / 3_600_000);
  if (h < 24) return lang === 'en' ? `${Math.max(h, 0)} h` : `${Math.max(h, 0)} 小时`;
  const d = Math.round(h / 24);
  return lang === 'en' ? `${d} d` : `${d} 天`;
}
