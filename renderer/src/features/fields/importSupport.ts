// What the import wizard needs for custom fields (issue 13): the mapping targets `custom.<key>` with
// their labels in the UI language, and the label of any target (built-in or custom) for column titles.
import { useMemo } from 'react';
import type { TFunction } from 'i18next';
import { fieldLabel, useFieldDefs } from './hooks';

export interface ImportTargetOption {
  value: `custom.${string}`;
  label: string;
}

/** One option per live custom field of customers. */
export function useCustomImportTargets(): ImportTargetOption[] {
  const defs = useFieldDefs('customer').data;
  return useMemo(() => (defs ?? []).filter((f) => !f.retiredAt).map((f) => ({ value: `custom.${f.key}` as const, label: fieldLabel(f) })), [defs]);
}

/** Label of a mapping target: a built-in field through importer.fields.*, a custom one by its own label. */
export function importTargetLabel(t: TFunction, field: string, custom: readonly ImportTargetOption[]): string {
  return field.startsWith('custom.') ? (custom.find((c) => c.value === field)?.label ?? field) : t(`importer.fields.${field}`);
}
