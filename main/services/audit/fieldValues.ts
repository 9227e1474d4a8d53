// Reading and writing the fields that audit entries name, for revert and batch undo. Values are in the
// API shape the audit entries record (camelCase fields, tags as a list, custom as an object).
// Writes bump version/updated_at like an edit, keep tags and the search index in step, and write the
// customers' version mark so a stale editor is told what changed.
// Custom field values (issue 13) are named `custom.<key>` like the audit entries of edits, read from the
// values table and written back through fields/ setCustomValues (same normalization, required and unique
// checks, values table + cache + search index) in the caller's transaction.
import type { Db } from '../../../db/sql';
import type { UserCallContext } from '../../ipc/context';
import type { FieldChange } from './record';
import { FIELD_COLUMNS, loadCustomer } from '../customers/rows';
import { reindexCustomers } from '../customers/searchIndex';
import { versionMark } from '../customers/write';
import { readCustomValues, setCustomValues } from '../fields/values';

export type UndoEntity = 'customer' | 'deal' | 'reminder';

/** Fields an undo may write back, per entity (API name -> column). */
export const UNDO_FIELDS: Record<UndoEntity, Record<string, string>> = {
  customer: { ...FIELD_COLUMNS, tags: '' },
  deal: { ownerId: 'owner_id' },
  reminder: { userId: 'user_id' },
};

export function isUndoEntity(e: string | null): e is UndoEntity {
  return e === 'customer' || e === 'deal' || e === 'reminder';
}

const CUSTOM_PREFIX = 'custom.';
const isCustomField = (field: string) => field.startsWith(CUSTOM_PREFIX) && field.length > CUSTOM_PREFIX.length;

/** Whether an undo may write `field` back on `entity` (built-in fields, and customers' custom values). */
export const isUndoField = (entity: UndoEntity, field: string) => Object.hasOwn(UNDO_FIELDS[entity], field) || (entity === 'customer' && isCustomField(field));

const SEARCHED = new Set(['name', 'kind', 'company', 'contactName', 'mobile', 'phone', 'email']);

/** Comparable form: null for absent, sorted tag lists. */
export function normalized(field: string, v: unknown): string {
  if (v === undefined || v === null || v === '') return 'null';
  if (field === 'tags' && Array.isArray(v)) return JSON.stringify([...v].map(String).sort());
  if (field === 'custom' && typeof v === 'object' && !Object.keys(v as object).length) return 'null';
  return JSON.stringify(v);
}
export const sameValue = (field: string, a: unknown, b: unknown) => normalized(field, a) === normalized(field, b);

export interface RecordState {
  live: boolean;
  ownerId: number | null;
  name: string | null;
  version: number;
  values: Record<string, unknown>;
}

/** The current values of a record (null when it no longer exists). */
export function readRecord(db: Db, entity: UndoEntity, id: number): RecordState | null {
  if (entity === 'customer') {
    const c = loadCustomer(db, id);
    if (!c) return null;
    const values: Record<string, unknown> = { ...(c as unknown as Record<string, unknown>) };
    for (const [k, v] of Object.entries(readCustomValues(db, 'customer', id))) values[CUSTOM_PREFIX + k] = v;
    return { live: !c.deletedAt, ownerId: c.ownerId, name: c.name, version: c.version, values };
  }
  if (entity === 'deal') {
    const d = db.prepare('SELECT name, owner_id, version, deleted_at FROM deals WHERE id = ?').get(id) as
      | { name: string; owner_id: number | null; version: number; deleted_at: string | null }
      | undefined;
    return d ? { live: !d.deleted_at, ownerId: d.owner_id, name: d.name, version: d.version, values: { ownerId: d.owner_id } } : null;
  }
  const r = db.prepare('SELECT content, user_id, version, deleted_at FROM reminders WHERE id = ?').get(id) as
    | { content: string; user_id: number; version: number; deleted_at: string | null }
    | undefined;
  return r ? { live: !r.deleted_at, ownerId: r.user_id, name: r.content.slice(0, 40), version: r.version, values: { userId: r.user_id } } : null;
}

/**
 * Write `values` (field -> value) to one record and return the field changes made (old = current).
 * Must run inside the caller's transaction; the caller writes the audit entry with these changes.
 */
export function writeRecord(ctx: UserCallContext, entity: UndoEntity, id: number, values: Record<string, unknown>): { changes: FieldChange[]; summary: string | null } {
  const { db } = ctx.app;
  const now = ctx.app.clock.now().toISOString();
  const cur = readRecord(db, entity, id)!;
  let changes: FieldChange[] = [];
  for (const [field, v] of Object.entries(values)) {
    if (!sameValue(field, cur.values[field], v)) changes.push({ field, old: cur.values[field] ?? null, new: v ?? null });
  }
  if (!changes.length) return { changes, summary: null };
  if (entity === 'customer') {
    const custom = changes.filter((c) => isCustomField(c.field));
    if (custom.length) {
      // through the fields module: INVALID_INPUT (required, unique, no longer an option...) rolls back the
      // whole revert; a retired field's value is left alone (its key is ignored, like an edit)
      const applied = setCustomValues(db, 'customer', id, Object.fromEntries(custom.map((c) => [c.field.slice(CUSTOM_PREFIX.length), c.new])), ctx.t);
      changes = [...changes.filter((c) => !isCustomField(c.field)), ...applied];
      if (!changes.length) return { changes, summary: null };
    }
    const cols = changes.filter((c) => c.field !== 'tags' && !isCustomField(c.field));
    const sets = cols.map((c) => `${FIELD_COLUMNS[c.field as keyof typeof FIELD_COLUMNS]} = ?`);
    const vals = cols.map((c) =>
      c.field === 'custom' ? (c.new && Object.keys(c.new as object).length ? JSON.stringify(c.new) : null) : (c.new as unknown),
    );
    db.prepare(`UPDATE customers SET ${[...sets, 'version = version + 1', 'updated_at = ?', 'updated_by = ?'].join(', ')} WHERE id = ?`).run(
      ...vals,
      now,
      ctx.user.id,
      id,
    );
    const tags = changes.find((c) => c.field === 'tags');
    if (tags) {
      db.prepare('DELETE FROM customer_tags WHERE customer_id = ?').run(id);
      const ins = db.prepare('INSERT OR IGNORE INTO customer_tags (customer_id, tag) VALUES (?, ?)');
      for (const t of (tags.new as string[] | null) ?? []) ins.run(id, t);
    }
    if (changes.some((c) => SEARCHED.has(c.field))) reindexCustomers(db, [id]);
    return { changes, summary: versionMark(cur.version + 1) };
  }
  if (entity === 'deal') {
    db.prepare('UPDATE deals SET owner_id = ?, version = version + 1, updated_at = ?, updated_by = ? WHERE id = ?').run(values.ownerId ?? null, now, ctx.user.id, id);
    return { changes, summary: cur.name };
  }
  db.prepare('UPDATE reminders SET user_id = ?, version = version + 1, updated_at = ? WHERE id = ?').run(values.userId, now, id);
  return { changes, summary: null };
}
