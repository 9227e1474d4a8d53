// Shipped default data (stages, loss reasons, follow-up methods, sources, industries) in the UI language
// (main/contract/shippedLabels.ts): a value still called by its shipped Chinese name is translated, a value the
// user typed or renamed is shown as stored. Only for display: selects keep the stored value as their value.
import { useCallback } from 'react';
import { roleLabel, shippedLabel, type ShippedKind } from '@contract/shippedLabels';
import i18n from '../i18n';
import { useSession } from '../app/session';

export type { ShippedKind };

export function useShippedLabel(): (kind: ShippedKind, value: string) => string {
  const { locale } = useSession();
  return useCallback((kind: ShippedKind, value: string) => shippedLabel(kind, value, locale), [locale]);
}

/** A role's name in the UI language: the shipped names translated, names a user typed as typed. */
export function useRoleLabel(): (name: string) => string {
  const { locale } = useSession();
  return useCallback((name: string) => roleLabel(name, locale), [locale]);
}

/** For code outside a component (table column definitions): follows i18next's current language. */
export function shippedLabelNow(kind: ShippedKind, value: string): string {
  return shippedLabel(kind, value, i18n.language === 'en' ? 'en' : 'zh-CN');
}

/** An option of a free-text field (industry, source) whose value is saved as is: the stored name, and for a
 * shipped one how the UI shows it ("制造业 (Manufacturing)"), so the user sees what is saved and what it reads as. */
export function shippedOptionNow(kind: ShippedKind, value: string): { value: string; label: string } {
  const shown = shippedLabelNow(kind, value);
  return { value, label: shown === value ? value : i18n.t('withNote', { text: value, note: shown }) };
}
