// Custom field values of records: validate a `custom` patch against the entity's definitions, plan the
// changes (audit field `custom.<key>`, old/new), and write them to the typed values table (+ the JSON
// cache column where the entity has one). Call planCustomValues + writeCustomValues inside the same
// db.tx() as the record write, so the values, the cache and the audit row commit together.
import type { TFunction } from 'i18next';
import type { CustomField, FieldEntity } from '../../contract/fields';
import type { Db } from '../../../db/sql';
import { AppError } from '../../ipc/errors';
import type { FieldChange } from '../audit/record';
import { activeFields, listFields, STORAGE } from './definitions';
import { isEmptyValue, normalizeFieldValue, valueFromRows, type Stored } from './valueRules';
import { reindexCustomers, touchesCustomSearch } from '../customers/searchIndex';

export interface PreparedValue {
  field: CustomField;
  value: unknown;
  rows: Stored[];
}

export interface CustomPlan {
  entity: FieldEntity;
  prepared: PreparedValue[];
  /** audit changes `custom.<key>` for values that differ from the record's current ones */
  changes: FieldChange[];
  /** the record's full custom object after the change (what the cache column holds) */
  next: Record<string, unknown>;
}

const NAME_COL: Record<FieldEntity, string> = { customer: 'name', deal: 'name', followUp: 'content' };
export const customFieldError = (key: string) => `custom.${key}`;

/**
 * Validate and normalize `input` (field key -> value). On create, defaults fill absent or empty fields and every
 * required active field must have a value; on update only the given keys are checked. Keys of retired
 * fields are ignored (the field is hidden; its stored values stay as they are).
 * Returns field errors keyed `custom.<key>`; never writes.
 */
export function prepareCustomValues(
  db: Db,
  entity: FieldEntity,
  input: Record<string, unknown> | undefined,
  mode: 'create' | 'update',
  t: TFunction,
): { prepared: PreparedValue[]; errors: Record<string, string> } {
  const all = listFields(db, entity);
  const given = input ?? {};
  const errors: Record<string, string> = {};
  const prepared: PreparedValue[] = [];
  for (const key of Object.keys(given)) {
    const f = all.find((x) => x.key === key);
    if (!f) errors[customFieldError(key)] = t('fields.errors.unknown', { key });
  }
  for (const f of activeFields(db, entity)) {
    const has = Object.hasOwn(given, f.key);
    if (!has && mode === 'update') continue;
    // on create an empty value takes the default (forms send every field, untouched ones empty)
    const raw = has && !(mode === 'create' && isEmptyValue(given[f.key])) ? given[f.key] : mode === 'create' ? f.default : undefined;
    const r = normalizeFieldValue(f, raw);
    if (!r.ok) {
      errors[customFieldError(f.key)] = t(`fields.validation.${r.error}`, r.params);
      continue;
    }
    if (f.required && r.rows.length === 0 && (mode === 'create' || has)) {
      errors[customFieldError(f.key)] = t('fields.validation.required');
      continue;
    }
    if (has || r.rows.length) prepared.push({ field: f, value: r.value, rows: r.rows });
  }
  return { prepared, errors };
}

/** Current custom values of one record, read from the values table (the truth, not the cache). */
export function readCustomValues(db: Db, entity: FieldEntity, recordId: number): Record<string, unknown> {
  return readCustomValuesMany(db, entity, [recordId]).get(recordId) ?? {};
}

/** Custom values of many records (all fields, retired included), keyed by record id. */
export function readCustomValuesMany(db: Db, entity: FieldEntity, ids: readonly number[]): Map<number, Record<string, unknown>> {
  const s = STORAGE[entity];
  const out = new Map<number, Record<string, unknown>>();
  if (!ids.length) return out;
  const byId = new Map(listFields(db, entity).map((f) => [f.id, f]));
  const rows = db
    .prepare(`SELECT ${s.recordCol} AS rid, field_id AS fid, value FROM ${s.values} WHERE ${s.recordCol} IN (SELECT value FROM json_each(?)) ORDER BY rid, fid`)
    .all(JSON.stringify(ids)) as { rid: number; fid: number; value: Stored }[];
  const grouped = new Map<number, Map<number, Stored[]>>();
  for (const r of rows) {
    let m = grouped.get(r.rid);
    if (!m) grouped.set(r.rid, (m = new Map()));
    const list = m.get(r.fid);
    if (list) list.push(r.value);
    else m.set(r.fid, [r.value]);
  }
  for (const [rid, m] of grouped) {
    const obj: Record<string, unknown> = {};
    for (const [fid, vals] of m) {
      const f = byId.get(fid);
      if (f) obj[f.key] = valueFromRows(f, vals);
    }
    out.set(rid, obj);
  }
  return out;
}

const sameValue = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/** Another live record already holding a value of a unique field (id and name), if any. */
function uniqueClash(db: Db, entity: FieldEntity, p: PreparedValue, recordId: number | null): { id: number; name: string } | undefined {
  const s = STORAGE[entity];
  return db
    .prepare(
      `SELECT r.id, r.${NAME_COL[entity]} AS name FROM ${s.values} v JOIN ${s.records} r ON r.id = v.${s.recordCol}
       WHERE v.field_id = ? AND v.value = ? AND v.${s.recordCol} IS NOT ? AND r.deleted_at IS NULL LIMIT 1`,
    )
    .get(p.field.id, p.rows[0], recordId) as { id: number; name: string } | undefined;
}

/**
 * Plan the change of a record's custom values: unique checks and the audit changes against `current`
 * (the record's values now; {} for a new record). Throws INVALID_INPUT (fieldErrors `custom.<key>`).
 * Must run inside the transaction that writes the record.
 */
export function planCustomValues(
  db: Db,
  entity: FieldEntity,
  recordId: number | null,
  prepared: PreparedValue[],
  current: Record<string, unknown>,
  t: TFunction,
): CustomPlan {
  const errors: Record<string, string> = {};
  const changes: FieldChange[] = [];
  const next: Record<string, unknown> = { ...current };
  const effective: PreparedValue[] = [];
  for (const p of prepared) {
    const old = current[p.field.key] ?? null;
    if (sameValue(old, p.value)) continue;
    if (p.field.unique && p.rows.length) {
      const clash = uniqueClash(db, entity, p, recordId);
      if (clash) {
        errors[customFieldError(p.field.key)] = t('fields.validation.unique', { name: clash.name });
        continue;
      }
    }
    effective.push(p);
    changes.push({ field: customFieldError(p.field.key), old, new: p.value ?? null });
    if (p.rows.length) next[p.field.key] = p.value;
    else delete next[p.field.key];
  }
  if (Object.keys(errors).length) {
    throw new AppError('INVALID_INPUT', t('fields.errors.invalid', { fields: Object.keys(errors).join(', ') }), { fieldErrors: errors });
  }
  return { entity, prepared: effective, changes, next };
}

/** better-sqlite3 binds every JS number as REAL; whole numbers (fen, yes/no, counts) go in as INTEGER. */
export const storageValue = (v: Stored): Stored | bigint => (typeof v === 'number' && Number.isSafeInteger(v) ? BigInt(v) : v);

/** Write the planned values rows (and the cache column, when the entity has one). */
export function writeCustomValues(db: Db, recordId: number, plan: CustomPlan, opts: { writeCache: boolean } = { writeCache: true }): void {
  if (!plan.prepared.length) return;
  const s = STORAGE[plan.entity];
  const del = db.prepare(`DELETE FROM ${s.values} WHERE field_id = ? AND ${s.recordCol} = ?`);
  const ins = db.prepare(`INSERT OR IGNORE INTO ${s.values} (field_id, ${s.recordCol}, value) VALUES (?, ?, ?)`);
  for (const p of plan.prepared) {
    del.run(p.field.id, recordId);
    for (const v of p.rows) ins.run(p.field.id, recordId, storageValue(v));
  }
  if (opts.writeCache && s.cache) {
    db.prepare(`UPDATE ${s.records} SET ${s.cache} = ? WHERE id = ?`).run(Object.keys(plan.next).length ? JSON.stringify(plan.next) : null, recordId);
  }
}

/**
 * One call for other domains (audit revert, import update): validate, plan and write `values` on one
 * existing record, returning the audit changes (`custom.<key>`). The caller bumps the record's version
 * and writes the audit entry in the same transaction.
 */
export function setCustomValues(db: Db, entity: FieldEntity, recordId: number, values: Record<string, unknown>, t: TFunction): FieldChange[] {
  const { prepared, errors } = prepareCustomValues(db, entity, values, 'update', t);
  if (Object.keys(errors).length) {
    throw new AppError('INVALID_INPUT', t('fields.errors.invalid', { fields: Object.keys(errors).join(', ') }), { fieldErrors: errors });
  }
  const plan = planCustomValues(db, entity, recordId, prepared, readCustomValues(db, entity, recordId), t);
  writeCustomValues(db, recordId, plan);
  if (entity === 'customer' && touchesCustomSearch(plan)) reindexCustomers(db, [recordId]); // custom text is searchable
  return plan.changes;
}

/** Throw one INVALID_INPUT with the built-in field errors of `builtIn` (if it threw) and the custom ones. */
export function withCustomErrors<T>(builtIn: () => T, customErrors: Record<string, string>, t: TFunction): T {
  let result: T;
  try {
    result = builtIn();
  } catch (e) {
    if (e instanceof AppError && e.code === 'INVALID_INPUT' && Object.keys(customErrors).length) {
      const d = (e.details ?? {}) as { fieldErrors?: Record<string, string> };
      const fieldErrors = { ...(d.fieldErrors ?? {}), ...customErrors };
      throw new AppError('INVALID_INPUT', e.message, { ...d, fieldErrors });
    }
    throw e;
  }
  if (Object.keys(customErrors).length) {
    throw new AppError('INVALID_INPUT', t('fields.errors.invalid', { fields: Object.keys(customErrors).join(', ') }), { fieldErrors: customErrors });
  }
  return result;
}

export { isEmptyValue };

/**
 * Batch edit of customers: validate the `custom` part of the patch once. A unique field cannot be set to
 * one value on many records, so batch edit refuses unique fields (they are edited one record at a time).
 */
export function prepareBatchCustom(ctx: { app: { db: Db }; t: TFunction }, custom: Record<string, unknown> | undefined): PreparedValue[] {
  if (!custom || !Object.keys(custom).length) return [];
  const { prepared, errors } = prepareCustomValues(ctx.app.db, 'customer', custom, 'update', ctx.t);
  for (const p of prepared) if (p.field.unique && p.rows.length) errors[customFieldError(p.field.key)] = ctx.t('fields.validation.unique', { name: '—' });
  if (Object.keys(errors).length) {
    throw new AppError('INVALID_INPUT', ctx.t('fields.errors.invalid', { fields: Object.keys(errors).join(', ') }), { fieldErrors: errors });
  }
  return prepared;
}
