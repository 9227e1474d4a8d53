// What an import writes for a new customer's own columns, and the audit changes that record it — one
// definition for the commit's writer (commit.ts) and its helper thread (searchFeed.ts), which serializes
// the changes ahead of the writer so they are the same text either way.
import type { FieldChange } from '../audit/record';
import { FIELD_COLUMNS } from '../customers/rows';
import type { ImportValues } from './cleanse';

// the customer columns an import writes: the customer's own fields (custom values go through fields/,
// the next follow-up is not an import column)
export const COLS = Object.fromEntries(Object.entries(FIELD_COLUMNS).filter(([k]) => k !== 'nextFollowUpAt' && k !== 'custom')) as Omit<
  typeof FIELD_COLUMNS,
  'nextFollowUpAt' | 'custom'
>;
export type Col = keyof typeof COLS;
export const COL_KEYS = Object.keys(COLS) as Col[];

/** The value a new customer gets in column `col`: the row's, else the default (kind, status, owner). */
export function createValue(v: ImportValues, col: Col, actorId: number): unknown {
  const x = (v as Record<string, unknown>)[col];
  if (x !== undefined && x !== null) return x;
  return col === 'kind' ? 'company' : col === 'status' ? 'potential' : col === 'ownerId' ? actorId : null;
}

/** The audit changes of a created customer's columns and tags (the writer adds custom values' changes). */
export function createChanges(v: ImportValues, actorId: number): FieldChange[] {
  const changes: FieldChange[] = [];
  for (const col of COL_KEYS) {
    const x = createValue(v, col, actorId);
    if (x !== null) changes.push({ field: col, old: null, new: x });
  }
  if (v.tags?.length) changes.push({ field: 'tags', old: [], new: v.tags });
  return changes;
}
