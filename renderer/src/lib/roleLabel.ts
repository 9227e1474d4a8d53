// A role's name in the UI language (main/contract/roleLabels.ts): the shipped names are translated, names a user
// typed are shown as typed.
import { useCallback } from 'react';
import { roleLabel } from '@contract/roleLabels';
import { useSession } from '../app/session';

export function useRoleLabel(): (name: string) => string {
  const { locale } = useSession();
  return useCallback((name: string) => roleLabel(name, locale), [locale]);
}
