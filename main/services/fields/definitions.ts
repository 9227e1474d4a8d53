// Custom field definitions: reading them (cached per database until a definition changes) and the
// per-entity storage names. Definitions are tiny (tens of rows), values live in <entity>_field_values.
import type { CustomField, FieldEntity, FieldType } from '../../contract/fields';
import type { Db } from '../../../db/sql';

export interface EntityStorage {
  /** typed EAV table of this entity's values */
  values: string;
  /** its record id column */
  recordCol: string;
  /** the records table */
  records: string;
  /** JSON cache column on the records table (customers.custom), or null when there is none */
  cache: string | null;
  /** audit entity name of the records */
  auditEntity: string;
}

export const STORAGE: Record<FieldEntity, EntityStorage> = {
  customer: { values: 'customer_field_values', recordCol: 'customer_id', records: 'customers', cache: 'custom', auditEntity: 'customer' },
  deal: { values: 'deal_field_values', recordCol: 'deal_id', records: 'deals', cache: null, auditEntity: 'deal' },
  followUp: { values: 'follow_up_field_values', recordCol: 'follow_up_id', records: 'follow_ups', cache: null, auditEntity: 'followUp' },
};

export interface FieldRow {
  id: number;
  entity: FieldEntity;
  key: string;
  label_zh: string;
  label_en: string;
  type: FieldType;
  options: string | null;
  required: number;
  is_unique: number;
  default_value: string | null;
  help: string | null;
  position: number;
  hidden: number;
  retired_at: string | null;
}

export function toField(r: FieldRow): CustomField {
  return {
    id: r.id,
    entity: r.entity,
    key: r.key,
    label: { zh: r.label_zh, en: r.label_en },
    type: r.type,
    options: r.options ? (JSON.parse(r.options) as string[]) : [],
    required: !!r.required,
    unique: !!r.is_unique,
    default: r.default_value === null ? null : (JSON.parse(r.default_value) as unknown),
    help: r.help,
    position: r.position,
    hidden: !!r.hidden,
    retiredAt: r.retired_at,
  };
}

// Definitions are read on every record write and list filter; a per-connection cache keyed by a
// generation counter avoids re-reading them. Every definition write calls invalidateFields(db).
const cache = new WeakMap<object, Map<FieldEntity, CustomField[]>>();

export function invalidateFields(db: Db): void {
  cache.delete(db.raw);
}

/** All definitions of an entity (retired included), in display order. */
export function listFields(db: Db, entity: FieldEntity): CustomField[] {
  let byEntity = cache.get(db.raw);
  if (!byEntity) cache.set(db.raw, (byEntity = new Map()));
  let list = byEntity.get(entity);
  if (!list) {
    list = (db.prepare('SELECT * FROM custom_fields WHERE entity = ? ORDER BY position, id').all(entity) as FieldRow[]).map(toField);
    byEntity.set(entity, list);
  }
  return list;
}

/** Live (not retired) definitions of an entity. */
export const activeFields = (db: Db, entity: FieldEntity) => listFields(db, entity).filter((f) => !f.retiredAt);

export function fieldByKey(db: Db, entity: FieldEntity, key: string): CustomField | undefined {
  return listFields(db, entity).find((f) => f.key === key);
}

export function fieldById(db: Db, id: number): CustomField | undefined {
  const r = db.prepare('SELECT * FROM custom_fields WHERE id = ?').get(id) as FieldRow | undefined;
  return r ? toField(r) : undefined;
}

export const fieldLabel = (f: CustomField, locale: string) => (locale.startsWith('en') && f.label.en ? f.label.en : f.label.zh);
