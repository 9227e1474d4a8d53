// Hooks for other domains (import/export, reports, audit revert). They read definitions and values;
// nothing here writes except setCustomValues (re-exported from values.ts).
import type { CustomField, FieldEntity } from '../../contract/fields';
import type { Db } from '../../../db/sql';
import { activeFields, fieldLabel, STORAGE } from './definitions';
import { normalizeFieldValue } from './valueRules';

export { setCustomValues, readCustomValues, readCustomValuesMany, prepareCustomValues, planCustomValues, writeCustomValues } from './values';
export { normalizeFieldValue } from './valueRules';

export interface CustomColumn {
  /** column / mapping key: `custom.<key>` (the audit uses the same name) */
  key: string;
  label: string;
  /** the label in the other language (import header matching in zh or en) */
  labels: { zh: string; en: string };
  field: CustomField;
  /**
   * SQL expression on `<alias>` (the record row) giving the stored value: multi-select options joined
   * with '、'; money integer fen; yes/no 1/0. One index seek per row.
   */
  sql(alias: string): string;
  /** export kind: money -> 'money' (fen), number -> 'number', others -> 'text' */
  kind: 'text' | 'number' | 'money';
}

/** Active custom fields of an entity as export/import columns, in display order. */
export function customColumns(db: Db, entity: FieldEntity, locale: string): CustomColumn[] {
  const s = STORAGE[entity];
  return activeFields(db, entity).map((f) => ({
    key: `custom.${f.key}`,
    label: fieldLabel(f, locale),
    labels: { zh: f.label.zh, en: f.label.en },
    field: f,
    sql: (alias: string) =>
      f.type === 'multiSelect'
        ? `(SELECT group_concat(value, '、') FROM ${s.values} v WHERE v.field_id = ${f.id} AND v.${s.recordCol} = ${alias}.id)`
        : `(SELECT value FROM ${s.values} v WHERE v.field_id = ${f.id} AND v.${s.recordCol} = ${alias}.id)`,
    kind: f.type === 'money' ? 'money' : f.type === 'number' ? 'number' : 'text',
  }));
}

/** A cell from a sheet -> the value to put in `custom: { key: value }`, or an error key (fields.validation.*). */
export function importCellValue(field: CustomField, cell: unknown): { ok: true; value: unknown } | { ok: false; error: string } {
  const r = normalizeFieldValue(field, cell);
  return r.ok ? { ok: true, value: r.value } : { ok: false, error: `fields.validation.${r.error}` };
}

/**
 * Reports' group-by on a select field: SQL to join on `<alias>.id` giving `cf_group` (the option; one
 * row per option for a multi-select, NULL when the record has none). Use as
 * `LEFT JOIN (${sql}) g ON g.rid = c.id ... GROUP BY g.cf_group`.
 */
export function selectGroupSql(db: Db, entity: FieldEntity, key: string): { sql: string; params: unknown[] } | null {
  const f = activeFields(db, entity).find((x) => x.key === key && (x.type === 'singleSelect' || x.type === 'multiSelect' || x.type === 'boolean'));
  if (!f) return null;
  const s = STORAGE[entity];
  return { sql: `SELECT ${s.recordCol} AS rid, value AS cf_group FROM ${s.values} WHERE field_id = ?`, params: [f.id] };
}
