// customers:create and customers:update: validate + normalize, owner rules, duplicate check, optimistic
// version, field-level audit rows, tags and search rows — all in one transaction.
import type { Customer } from '../../contract/customers';
import type { UserCallContext } from '../../ipc/context';
import { AppError, conflict, forbidden, invalid, notFound } from '../../ipc/errors';
import type { Db } from '../../../db/sql';
import { actor } from '../audit/actor';
import { recordAudit, type FieldChange } from '../audit/record';
import { emitDomainEvent, emitCustomerChanges } from '../automation/events';
import { canSeeOwner } from '../auth/scope';
import { findDuplicates, isHardDuplicate } from './duplicates';
import { FIELD_COLUMNS, loadCustomer, type WritableField } from './rows';
import { reindexCustomers, touchesCustomSearch } from './searchIndex';
import { validateCustomerFields, type CustomerFields, type CustomerPatch, type StoredRegion } from './validate';
import { planCustomValues, prepareCustomValues, withCustomErrors, writeCustomValues } from '../fields/values';

const SEARCHED: readonly WritableField[] = ['name', 'kind', 'company', 'contactName', 'mobile', 'phone', 'email'];

/** The audit summary that marks which version a change produced (used to tell a stale editor what changed). */
export const versionMark = (v: number) => `version ${v}`;

function checkOwner(ctx: UserCallContext, ownerId: number | null): void {
  if (ownerId !== ctx.user.id && ctx.user.scope !== 'all') throw forbidden(ctx.t('customers.errors.ownerForbidden'));
  if (ownerId === null) return;
  const u = ctx.app.db.prepare('SELECT disabled_at FROM users WHERE id = ?').get(ownerId) as { disabled_at: string | null } | undefined;
  if (!u || u.disabled_at) throw invalid(ctx.t('customers.errors.ownerInvalid'), { ownerId: ctx.t('customers.errors.ownerInvalid') });
}

function checkDuplicates(ctx: UserCallContext, v: CustomerPatch, allow: boolean | undefined, excludeId?: number): void {
  if (!v.mobile && !v.email) return;
  const { matches, blocking } = findDuplicates(ctx.app.db, ctx.user, {
    mobile: v.mobile,
    email: v.email,
    name: v.name,
    company: v.company,
    excludeId,
  });
  if (blocking.length) {
    const fields = blocking.map((f) => ctx.t(`customers.fields.${f}`)).join(', ');
    throw conflict(ctx.t('customers.errors.duplicateForbidden', { fields }), { duplicates: matches, blocking });
  }
  if (!allow && matches.some(isHardDuplicate)) {
    throw conflict(ctx.t('customers.errors.duplicate'), { duplicates: matches, blocking });
  }
}

function writeTags(db: Db, id: number, before: readonly string[], after: readonly string[]): void {
  const del = db.prepare('DELETE FROM customer_tags WHERE customer_id = ? AND tag = ?');
  const ins = db.prepare('INSERT OR IGNORE INTO customer_tags (customer_id, tag) VALUES (?, ?)');
  for (const t of before) if (!after.includes(t)) del.run(id, t);
  for (const t of after) if (!before.includes(t)) ins.run(id, t);
}

/** Stored form of a field value (custom is JSON text). */
function columnValue(field: WritableField, value: unknown): unknown {
  if (field === 'custom') return value && Object.keys(value as object).length ? JSON.stringify(value) : null;
  return value ?? null;
}

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

export function createCustomer(ctx: UserCallContext, input: CustomerFields & { allowDuplicate?: boolean }): Customer {
  const { db, clock } = ctx.app;
  const now = clock.now().toISOString();
  const { allowDuplicate, custom: customInput, ...fields } = input;
  // custom fields (issue 13): validated with the built-in ones so one answer lists every field error
  const customPrep = prepareCustomValues(db, 'customer', customInput, 'create', ctx.t);
  const v = withCustomErrors(() => validateCustomerFields(fields, ctx.t, now.slice(0, 10)), customPrep.errors, ctx.t);
  const ownerId = v.ownerId === undefined ? ctx.user.id : v.ownerId;
  checkOwner(ctx, ownerId);
  const tags = v.tags ?? [];
  const values: Partial<Record<WritableField, unknown>> = { ...v, kind: v.kind ?? 'company', status: v.status ?? 'potential', ownerId };
  delete values.nextFollowUpAt;

  return db.tx(() => {
    checkDuplicates(ctx, v, allowDuplicate);
    const cols = (Object.keys(values) as WritableField[]).filter((f) => f in FIELD_COLUMNS && f !== ('tags' as string));
    const colNames = cols.map((f) => FIELD_COLUMNS[f]);
    const id = Number(
      db
        .prepare(
          `INSERT INTO customers (${colNames.join(', ')}, created_at, created_by, updated_at, updated_by)
           VALUES (${cols.map(() => '?').join(', ')}, ?, ?, ?, ?)`,
        )
        .run(...cols.map((f) => columnValue(f, values[f])), now, ctx.user.id, now, ctx.user.id).lastInsertRowid,
    );
    writeTags(db, id, [], tags);
    const changes: FieldChange[] = cols
      .filter((f) => values[f] !== null && values[f] !== undefined)
      .map((f) => ({ field: f, old: null, new: values[f] }));
    if (tags.length) changes.push({ field: 'tags', old: [], new: tags });
    const customPlan = planCustomValues(db, 'customer', id, customPrep.prepared, {}, ctx.t);
    writeCustomValues(db, id, customPlan);
    reindexCustomers(db, [id]); // after the custom values: their text is searchable too
    changes.push(...customPlan.changes);
    recordAudit(db, { ...actor(ctx), action: 'customer.create', entity: 'customer', entityId: id, changes, summary: versionMark(1) });
    emitDomainEvent(ctx, { type: 'customer.created', customerId: id }); // automation (issue 7)
    return loadCustomer(db, id)!;
  });
}

/** Fields changed by others since `version`, from the audit rows that carry version marks. */
function changedSince(db: Db, id: number, version: number): string[] {
  const rows = db
    .prepare(
      `SELECT changes FROM audit_log WHERE entity = 'customer' AND entity_id = ? AND changes IS NOT NULL AND id > coalesce(
         (SELECT id FROM audit_log WHERE entity = 'customer' AND entity_id = ? AND summary = ? ORDER BY id DESC LIMIT 1), 0)
       ORDER BY id`,
    )
    .all(id, id, versionMark(version)) as { changes: string }[];
  const fields = new Set<string>();
  for (const r of rows) for (const c of JSON.parse(r.changes) as FieldChange[]) fields.add(c.field);
  return [...fields];
}

export function updateCustomer(
  ctx: UserCallContext,
  input: { id: number; version: number; patch: CustomerPatch; allowDuplicate?: boolean },
): Customer {
  const { db, clock } = ctx.app;
  const now = clock.now().toISOString();
  const { custom: customInput, ...builtIn } = input.patch;
  const customPrep = customInput !== undefined ? prepareCustomValues(ctx.app.db, 'customer', customInput, 'update', ctx.t) : null;
  // the stored region, when the patch carries a province or a city (the other one may come from what is stored)
  const stored =
    'province' in builtIn || 'city' in builtIn
      ? ((db.prepare('SELECT province, city FROM customers WHERE id = ?').get(input.id) as StoredRegion | undefined) ?? { province: null, city: null })
      : undefined;
  const patch = withCustomErrors(() => validateCustomerFields(builtIn, ctx.t, now.slice(0, 10), stored), customPrep?.errors ?? {}, ctx.t);

  return db.tx(() => {
    const current = loadCustomer(db, input.id);
    if (!current || current.deletedAt || !canSeeOwner(ctx.user, current.ownerId)) throw notFound(ctx.t('customers.errors.notFound'));
    if (current.version !== input.version) {
      const changedFields = changedSince(db, input.id, input.version);
      throw conflict(ctx.t('customers.errors.staleVersion', { fields: changedFields.join(', ') || '—' }), { current, changedFields });
    }
    const next: Partial<Record<WritableField | 'tags', unknown>> = {};
    const changes: FieldChange[] = [];
    // custom values: audit changes per field (`custom.<key>`), the cache column rides on the UPDATE below
    const customPlan = customPrep ? planCustomValues(db, 'customer', input.id, customPrep.prepared, current.custom, ctx.t) : null;
    if (customPlan?.changes.length) {
      next.custom = customPlan.next;
      changes.push(...customPlan.changes);
    }
    for (const [k, val] of Object.entries(patch) as [WritableField | 'tags', unknown][]) {
      if (val === undefined) continue;
      let newVal = val;
      if (k === 'custom') newVal = { ...current.custom, ...(val as Record<string, unknown>) };
      const oldVal = current[k as keyof Customer];
      if (k === 'tags' ? same([...(oldVal as string[])].sort(), [...(newVal as string[])].sort()) : same(oldVal, newVal)) continue;
      if (k === 'name' && !newVal) continue;
      next[k] = newVal;
      changes.push({ field: k, old: oldVal ?? null, new: newVal ?? null });
    }
    if (!changes.length) return current;
    if ('ownerId' in next) checkOwner(ctx, next.ownerId as number | null);
    if ('mobile' in next || 'email' in next) {
      checkDuplicates(
        ctx,
        { mobile: (next.mobile as string | null | undefined) ?? null, email: (next.email as string | null | undefined) ?? null, name: current.name, company: current.company },
        input.allowDuplicate,
        input.id,
      );
    }
    const cols = (Object.keys(next) as WritableField[]).filter((f) => f in FIELD_COLUMNS);
    const sets = cols.map((f) => `${FIELD_COLUMNS[f]} = ?`);
    const res = db
      .prepare(
        `UPDATE customers SET ${[...sets, 'version = version + 1', 'updated_at = ?', 'updated_by = ?'].join(', ')}
         WHERE id = ? AND version = ? AND deleted_at IS NULL`,
      )
      .run(...cols.map((f) => columnValue(f, next[f])), now, ctx.user.id, input.id, input.version);
    if (res.changes !== 1) throw new AppError('CONFLICT', ctx.t('customers.errors.staleVersion', { fields: '—' }), { current, changedFields: [] });
    if ('tags' in next) writeTags(db, input.id, current.tags, next.tags as string[]);
    if (customPlan) writeCustomValues(db, input.id, customPlan, { writeCache: false });
    if (cols.some((f) => SEARCHED.includes(f)) || touchesCustomSearch(customPlan)) reindexCustomers(db, [input.id]);
    recordAudit(db, {
      ...actor(ctx),
      action: 'customer.update',
      entity: 'customer',
      entityId: input.id,
      changes,
      summary: versionMark(input.version + 1),
    });
    emitCustomerChanges(ctx, input.id, current, next); // automation (issue 7): status / owner changed
    return loadCustomer(db, input.id)!;
  });
}
