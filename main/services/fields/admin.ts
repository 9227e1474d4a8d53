// fields:create|update|reorder|retire|restore|delete — definition changes. Each is one small write to
// custom_fields (never an ALTER TABLE or a backfill of records) plus its audit row, in one transaction.
// Deleting a field for good removes its values (an index range on field_id) and clears them from the
// customers' JSON cache (only the rows that had a value).
import type { z } from 'zod';
import type { CustomField, fieldsContract } from '../../contract/fields';
import type { UserCallContext } from '../../ipc/context';
import { AppError, conflict, invalid, notFound } from '../../ipc/errors';
import type { Db } from '../../../db/sql';
import { actor } from '../audit/actor';
import { recordAudit, type FieldChange } from '../audit/record';
import { fieldById, invalidateFields, listFields, STORAGE } from './definitions';
import { normalizeFieldValue, UNIQUE_TYPES } from './valueRules';
import { CUSTOM_SEARCH_TYPES, reindexCustomers } from '../customers/searchIndex';

type CreateInput = z.output<(typeof fieldsContract)['fields:create']['input']>;
type UpdateInput = z.output<(typeof fieldsContract)['fields:update']['input']>;

function checkOptions(ctx: UserCallContext, type: string, options: string[] | undefined): string[] {
  const list = options ?? [];
  if (type !== 'singleSelect' && type !== 'multiSelect') return [];
  if (!list.length) throw invalid(ctx.t('fields.errors.optionsRequired'), { options: ctx.t('fields.errors.optionsRequired') });
  const seen = new Set<string>();
  for (const o of list) {
    if (seen.has(o)) throw invalid(ctx.t('fields.errors.duplicateOption', { option: o }), { options: ctx.t('fields.errors.duplicateOption', { option: o }) });
    seen.add(o);
  }
  return list;
}

/** The stored default (JSON) after normalizing it like a value; null for none. */
function checkDefault(ctx: UserCallContext, field: CustomField, value: unknown): string | null {
  if (value === undefined || value === null || value === '') return null;
  const r = normalizeFieldValue(field, value);
  if (!r.ok) throw invalid(ctx.t('fields.errors.badDefault'), { default: ctx.t('fields.errors.badDefault') });
  return r.rows.length ? JSON.stringify(r.value) : null;
}

/** Values of a field shared by more than one live record (the blockers of turning `unique` on). */
function duplicateValues(db: Db, field: CustomField): { value: unknown; count: number }[] {
  const s = STORAGE[field.entity];
  return db
    .prepare(
      `SELECT v.value, count(*) AS count FROM ${s.values} v JOIN ${s.records} r ON r.id = v.${s.recordCol}
       WHERE v.field_id = ? AND r.deleted_at IS NULL GROUP BY v.value HAVING count(*) > 1 ORDER BY count DESC LIMIT 50`,
    )
    .all(field.id) as { value: unknown; count: number }[];
}

/** "客户字段「规模」（size）" in the app's language when written (was "customer.size") */
function fieldSummary(ctx: UserCallContext, field: CustomField): string {
  const entity = ctx.t(`audit.summaries.fieldEntity.${field.entity}`);
  return ctx.t('audit.summaries.customField', { entity, label: ctx.locale === 'en' ? field.label.en : field.label.zh, key: field.key });
}

function audit(ctx: UserCallContext, action: string, field: CustomField, changes: FieldChange[] | null, summary?: string): void {
  recordAudit(ctx.app.db, { ...actor(ctx), action: `field.${action}`, entity: 'customField', entityId: field.id, changes, summary: summary ?? fieldSummary(ctx, field) });
}

function load(ctx: UserCallContext, id: number): CustomField {
  const f = fieldById(ctx.app.db, id);
  if (!f) throw notFound(ctx.t('fields.errors.notFound'));
  return f;
}

export function createField(ctx: UserCallContext, input: CreateInput): CustomField {
  const { db } = ctx.app;
  const now = ctx.app.clock.now().toISOString();
  const options = checkOptions(ctx, input.type, input.options);
  if (input.unique && !UNIQUE_TYPES.has(input.type)) throw invalid(ctx.t('fields.errors.typeNoUnique'), { unique: ctx.t('fields.errors.typeNoUnique') });
  return db.tx(() => {
    if (input.key && listFields(db, input.entity).some((f) => f.key === input.key)) {
      throw conflict(ctx.t('fields.errors.keyTaken', { key: input.key }), { fieldErrors: { key: ctx.t('fields.errors.keyTaken', { key: input.key }) } });
    }
    const position = (db.prepare('SELECT coalesce(max(position), 0) + 1 AS p FROM custom_fields WHERE entity = ?').get(input.entity) as { p: number }).p;
    // a placeholder key until the id is known: the default key is f<id>, stable and ASCII
    const id = Number(
      db
        .prepare(
          `INSERT INTO custom_fields (entity, key, label_zh, label_en, type, options, required, is_unique, help, position, hidden, created_at, updated_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(
          input.entity,
          input.key ?? `tmp_${now}_${Math.random()}`,
          input.label.zh,
          input.label.en || input.label.zh,
          input.type,
          options.length ? JSON.stringify(options) : null,
          input.required ? 1 : 0,
          input.unique ? 1 : 0,
          input.help ?? null,
          position,
          input.hidden ? 1 : 0,
          now,
          now,
        ).lastInsertRowid,
    );
    if (!input.key) db.prepare('UPDATE custom_fields SET key = ? WHERE id = ?').run(`f${id}`, id);
    invalidateFields(db);
    const draft = fieldById(db, id)!;
    const def = checkDefault(ctx, draft, input.default);
    if (def !== null) db.prepare('UPDATE custom_fields SET default_value = ? WHERE id = ?').run(def, id);
    invalidateFields(db);
    const field = fieldById(db, id)!;
    audit(ctx, 'create', field, [{ field: 'definition', old: null, new: field }]);
    return field;
  });
}

export function updateField(ctx: UserCallContext, input: UpdateInput): CustomField {
  const { db } = ctx.app;
  const now = ctx.app.clock.now().toISOString();
  return db.tx(() => {
    const cur = load(ctx, input.id);
    const sets: string[] = [];
    const params: unknown[] = [];
    const changes: FieldChange[] = [];
    const set = (col: string, name: string, old: unknown, val: unknown, stored: unknown = val) => {
      if (JSON.stringify(old ?? null) === JSON.stringify(val ?? null)) return;
      sets.push(`${col} = ?`);
      params.push(stored);
      changes.push({ field: name, old: old ?? null, new: val ?? null });
    };
    if (input.label) {
      set('label_zh', 'label.zh', cur.label.zh, input.label.zh);
      set('label_en', 'label.en', cur.label.en, input.label.en || input.label.zh);
    }
    if (input.options) {
      const opts = checkOptions(ctx, cur.type, input.options);
      set('options', 'options', cur.options, opts, opts.length ? JSON.stringify(opts) : null);
    }
    if (input.required !== undefined) set('required', 'required', cur.required, input.required, input.required ? 1 : 0);
    if (input.hidden !== undefined) set('hidden', 'hidden', cur.hidden, input.hidden, input.hidden ? 1 : 0);
    if (input.help !== undefined) set('help', 'help', cur.help, input.help ?? null);
    if (input.unique !== undefined && input.unique !== cur.unique) {
      if (input.unique) {
        if (!UNIQUE_TYPES.has(cur.type)) throw invalid(ctx.t('fields.errors.typeNoUnique'), { unique: ctx.t('fields.errors.typeNoUnique') });
        const dups = duplicateValues(db, cur);
        if (dups.length) {
          throw conflict(ctx.t('fields.errors.uniqueDuplicates', { count: dups.length, example: String(dups[0].value) }), { duplicates: dups });
        }
      }
      set('is_unique', 'unique', cur.unique, input.unique, input.unique ? 1 : 0);
    }
    if (input.default !== undefined) {
      const withOpts = { ...cur, options: input.options ?? cur.options };
      const def = checkDefault(ctx, withOpts, input.default);
      set('default_value', 'default', cur.default, def === null ? null : JSON.parse(def), def);
    }
    if (!changes.length) return cur;
    db.prepare(`UPDATE custom_fields SET ${sets.join(', ')}, updated_at = ? WHERE id = ?`).run(...params, now, cur.id);
    invalidateFields(db);
    const field = fieldById(db, cur.id)!;
    audit(ctx, 'update', field, changes);
    return field;
  });
}

export function reorderFields(ctx: UserCallContext, input: { entity: CustomField['entity']; ids: number[] }): { fields: CustomField[] } {
  const { db } = ctx.app;
  return db.tx(() => {
    const list = listFields(db, input.entity);
    const order = [...input.ids.filter((id) => list.some((f) => f.id === id)), ...list.filter((f) => !input.ids.includes(f.id)).map((f) => f.id)];
    const upd = db.prepare('UPDATE custom_fields SET position = ? WHERE id = ?');
    order.forEach((id, i) => upd.run(i + 1, id));
    invalidateFields(db);
    recordAudit(db, { ...actor(ctx), action: 'field.reorder', entity: 'customField', entityId: null, changes: [{ field: 'order', old: list.map((f) => f.key), new: listFields(db, input.entity).map((f) => f.key) }], summary: ctx.t('audit.summaries.fieldOrder', { entity: ctx.t(`audit.summaries.fieldEntity.${input.entity}`) }) });
    return { fields: listFields(db, input.entity) };
  });
}

export function setRetired(ctx: UserCallContext, id: number, retire: boolean): CustomField {
  const { db } = ctx.app;
  const now = ctx.app.clock.now().toISOString();
  return db.tx(() => {
    const cur = load(ctx, id);
    if (!!cur.retiredAt === retire) return cur;
    db.prepare('UPDATE custom_fields SET retired_at = ?, updated_at = ? WHERE id = ?').run(retire ? now : null, now, id);
    invalidateFields(db);
    const field = fieldById(db, id)!;
    audit(ctx, retire ? 'retire' : 'restore', field, [{ field: 'retiredAt', old: cur.retiredAt, new: field.retiredAt }]);
    return field;
  });
}

export function deleteField(ctx: UserCallContext, input: { id: number; confirmKey: string }): { deleted: boolean; values: number } {
  const { db } = ctx.app;
  return db.tx(() => {
    const cur = load(ctx, input.id);
    if (input.confirmKey !== cur.key) {
      const msg = ctx.t('fields.errors.confirmMismatch', { key: cur.key });
      throw new AppError('INVALID_INPUT', msg, { fieldErrors: { confirmKey: msg } });
    }
    const s = STORAGE[cur.entity];
    if (s.cache) {
      // only the records that had a value: a range of the (field_id, value, record) index
      db.prepare(
        `UPDATE ${s.records} SET ${s.cache} = nullif(json_remove(${s.cache}, ?), '{}')
         WHERE id IN (SELECT ${s.recordCol} FROM ${s.values} WHERE field_id = ?) AND ${s.cache} IS NOT NULL`,
      ).run(`$."${cur.key}"`, cur.id);
    }
    // customers holding a searchable value lose that text from the search index (issue 13)
    const reindex =
      cur.entity === 'customer' && CUSTOM_SEARCH_TYPES.has(cur.type)
        ? (db.prepare(`SELECT DISTINCT customer_id AS id FROM customer_field_values WHERE field_id = ?`).all(cur.id) as { id: number }[]).map((r) => r.id)
        : [];
    const values = db.prepare(`DELETE FROM ${s.values} WHERE field_id = ?`).run(cur.id).changes;
    db.prepare('DELETE FROM custom_fields WHERE id = ?').run(cur.id);
    invalidateFields(db);
    reindexCustomers(db, reindex);
    audit(ctx, 'delete', cur, [{ field: 'definition', old: cur, new: null }], ctx.t('audit.summaries.customFieldDeleted', { field: fieldSummary(ctx, cur), count: values }));
    return { deleted: true, values };
  });
}
