// Real undo. audit:revert puts back the old values of one entry's field changes; audit:undoBatch undoes
// every entry of a batch (batch edit, transfer, claim/release, import, delete): decided in one read, written
// in steps where a batch is big (see undoBatch).
// Each is a new audited change ('<entity>.revert' / '<entity>.undo' entries sharing a new batch id, plus
// one 'audit.revert' / 'audit.undoBatch' entry naming what was undone). When a value was changed again
// since, the answer is CONFLICT listing every such field, unless force.
import type { UserCallContext } from '../../ipc/context';
import { AppError } from '../../ipc/errors';
import type { Permission } from '../../contract/permissions';
import type { RevertConflict } from '../../contract/audit';
import { actor } from './actor';
import { newBatchId, recordAudit, type AuditEntry, type FieldChange } from './record';
import { isUndoEntity, isUndoField, readRecord, sameValue, writeRecord, type UndoEntity } from './fieldValues';
import { moveCustomersToBinInSteps } from '../customers/softDelete';
import { planRestore, reviveInSteps, type Item } from '../recycleBin/restore';
import type { BinRef } from '../recycleBin/keys';
import { BULK_STEPS, inSteps, nextTurn, walSettle } from '../../platform/inSteps';

interface StoredEntry {
  id: number;
  action: string;
  entity: string | null;
  entity_id: number | null;
  batch_id: string | null;
  user_id: number | null;
  changes: string | null;
  redacted: number;
}

const SELECT = `SELECT a.id, a.action, a.entity, a.entity_id, a.batch_id, a.user_id, a.changes, (r.audit_id IS NOT NULL) AS redacted
  FROM audit_log a LEFT JOIN audit_redactions r ON r.audit_id = a.id`;

const NOT_FIELD_CHANGE = /\.(delete|restore|purge|create|import|revert|undo)$/;

/** Which permission writing a field of an entity takes. */
function permissionFor(entity: UndoEntity, field: string): Permission {
  if (entity === 'deal') return 'deals.edit';
  if (entity === 'reminder') return 'customers.transfer';
  return field === 'ownerId' ? 'customers.transfer' : 'customers.edit';
}

/** The field changes of an entry an undo can write back. */
export function undoableChanges(e: { action: string; entity: string | null; changes: string | null; redacted: number | boolean }): FieldChange[] {
  if (!isUndoEntity(e.entity) || !e.changes || e.redacted || NOT_FIELD_CHANGE.test(e.action)) return [];
  let list: FieldChange[];
  try {
    list = JSON.parse(e.changes) as FieldChange[];
  } catch {
    return [];
  }
  return list.filter((c) => isUndoField(e.entity as UndoEntity, c.field) && 'old' in c);
}

const UNDOABLE_BATCH = /^(customer\.(batchUpdate|transfer|update|create|import|delete)|deal\.(transfer|delete)|reminder\.transfer|followUp\.delete|pool\.(claim|release|autoReturn))$/;
export const isBatchUndoable = (action: string, batchId: string | null) => !!batchId && UNDOABLE_BATCH.test(action);

function canTouch(ctx: UserCallContext, entity: UndoEntity, ownerNow: number | null, field: string, target: unknown): boolean {
  if (!ctx.user.permissions.includes(permissionFor(entity, field))) return false;
  if (ctx.user.scope === 'all') return true;
  const mine = (o: unknown) => o === null || o === ctx.user.id;
  if (entity === 'reminder') return ownerNow === ctx.user.id;
  return mine(ownerNow) && (field !== 'ownerId' || mine(target));
}

interface Plan {
  entry: StoredEntry;
  entity: UndoEntity;
  id: number;
  values: Record<string, unknown>;
}

/**
 * Refuse planned write-backs that cannot be made: a record gone (one in the recycle bin passes with `binned`:
 * it comes back first), not allowed, or — unless force — values changed since (CONFLICT listing them).
 */
function checkPlans(ctx: UserCallContext, plans: Plan[], force: boolean, opts: { binned?: boolean } = {}): void {
  const { conflicts, current } = planConflicts(ctx, plans, opts);
  if (conflicts.length && !force) {
    throw new AppError('CONFLICT', ctx.t('audit.errors.changedSince', { count: conflicts.length }), { current, conflicts });
  }
}

/** checkPlans' reads: NOT_FOUND / FORBIDDEN thrown, conflicts (values changed since) returned (into `acc`). */
function planConflicts(
  ctx: UserCallContext,
  plans: readonly Plan[],
  opts: { binned?: boolean },
  acc: { conflicts: RevertConflict[]; current: Record<string, unknown> } = { conflicts: [], current: {} },
): { conflicts: RevertConflict[]; current: Record<string, unknown> } {
  const { db } = ctx.app;
  const { conflicts, current } = acc;
  for (const p of plans) {
    const rec = readRecord(db, p.entity, p.id);
    if (!rec || (!rec.live && !opts.binned)) throw new AppError('NOT_FOUND', ctx.t('audit.errors.recordGone'), { entity: p.entity, entityId: p.id });
    for (const c of undoableChanges(p.entry).filter((x) => x.field in p.values)) {
      if (!canTouch(ctx, p.entity, rec.ownerId, c.field, c.old)) throw new AppError('FORBIDDEN', ctx.t('audit.errors.notAllowed'));
      if (!sameValue(c.field, rec.values[c.field], c.new)) {
        conflicts.push({ auditId: p.entry.id, entity: p.entity, entityId: p.id, name: rec.name, field: c.field, expected: c.new ?? null, current: rec.values[c.field] ?? null });
        current[c.field] = rec.values[c.field] ?? null;
      }
    }
  }
  return acc;
}

/** Check and apply planned write-backs; conflicts (values changed since) refuse unless force. */
function applyPlans(ctx: UserCallContext, plans: Plan[], force: boolean, action: 'revert' | 'undo', batchId: string): AuditEntry[] {
  checkPlans(ctx, plans, force);
  const who = actor(ctx);
  const entries: AuditEntry[] = [];
  for (const p of plans) {
    const { changes, summary } = writeRecord(ctx, p.entity, p.id, p.values);
    if (changes.length) entries.push({ ...who, action: `${p.entity}.${action}`, entity: p.entity, entityId: p.id, batchId, changes, summary });
  }
  return entries;
}

export function revertEntry(ctx: UserCallContext, input: { auditId: number; field?: string; force?: boolean }) {
  const { db } = ctx.app;
  const batchId = newBatchId();
  return db.tx(() => {
    const e = db.prepare(`${SELECT} WHERE a.id = ?`).get(input.auditId) as StoredEntry | undefined;
    if (!e) throw new AppError('NOT_FOUND', ctx.t('audit.errors.entryNotFound'));
    const changes = undoableChanges(e).filter((c) => !input.field || c.field === input.field);
    if (!changes.length || e.entity_id === null) {
      const msg = ctx.t(e.redacted ? 'audit.errors.redacted' : 'audit.errors.notRevertible');
      throw new AppError('INVALID_INPUT', msg, { fieldErrors: { [input.field ? 'field' : 'auditId']: msg } });
    }
    const values = Object.fromEntries(changes.map((c) => [c.field, c.old ?? null]));
    const entries = applyPlans(ctx, [{ entry: e, entity: e.entity as UndoEntity, id: e.entity_id, values }], !!input.force, 'revert', batchId);
    if (!entries.length) return { batchId, reverted: 0 };
    recordAudit(db, [...entries, { ...actor(ctx), action: 'audit.revert', entity: 'audit', entityId: e.id, batchId, summary: changes.map((c) => c.field).join(', ') }]);
    return { batchId, reverted: entries[0].changes!.length };
  });
}

/**
 * audit:undoBatch. Everything that can refuse the undo (not found, already undone, not undoable, scope,
 * permissions, restore clashes, values changed since, created rows edited since) is decided first, in one
 * read, before anything is written. Then the writes, in the order the batch needs them: deleted records come
 * back from the bin in steps (a 10,000-customer delete took 14 s in one transaction on main at 1M), the field
 * changes and the 'audit.undoBatch' entry in one transaction (it refuses a second undo that raced this one; more
 * than PLANS_WHOLE field changes: the entry first, then the changes in steps),
 * and created rows (an import) go to the bin in steps. Steps share the new batch id; a step skips a record
 * that another window changed meanwhile.
 */
export async function undoBatch(ctx: UserCallContext, input: { batchId: string; force?: boolean }) {
  const { db } = ctx.app;
  const batchId = newBatchId();
  const who = actor(ctx);
  const alreadyUndone = () => {
    if (db.prepare("SELECT 1 FROM audit_log WHERE action = 'audit.undoBatch' AND summary = ?").get(input.batchId)) {
      throw new AppError('CONFLICT', ctx.t('audit.errors.alreadyUndone'), { alreadyUndone: true });
    }
  };
  const plan = db.tx(() => {
    const list = db.prepare(`${SELECT} WHERE a.batch_id = ? ORDER BY a.id DESC`).all(input.batchId) as StoredEntry[];
    if (!list.length) throw new AppError('NOT_FOUND', ctx.t('audit.errors.batchNotFound'));
    alreadyUndone();
    if (!list.some((e) => isBatchUndoable(e.action, e.batch_id))) {
      const msg = ctx.t('audit.errors.notUndoable');
      throw new AppError('INVALID_INPUT', msg, { fieldErrors: { batchId: msg } });
    }
    if (ctx.user.scope !== 'all' && list.some((e) => e.user_id !== ctx.user.id)) throw new AppError('FORBIDDEN', ctx.t('audit.errors.notAllowed'));

    // 1. deletes: bring the batch back from the recycle bin
    const deleted: BinRef[] = [];
    for (const e of list) {
      const m = /^(customer|deal|followUp)\.delete$/.exec(e.action);
      if (!m || e.entity_id === null) continue;
      const table = { customer: 'customers', deal: 'deals', followUp: 'follow_ups' }[m[1]]!;
      const row = db.prepare(`SELECT delete_batch_id FROM ${table} WHERE id = ?`).get(e.entity_id) as { delete_batch_id: string | null } | undefined;
      // only the top-level items: a customer brings its own deals/follow-ups back
      if (row?.delete_batch_id === input.batchId && (m[1] === 'customer' || !list.some((x) => x.action === 'customer.delete'))) {
        deleted.push({ entity: m[1] as BinRef['entity'], id: e.entity_id });
      }
    }
    let revive: Item[] = [];
    if (deleted.length) {
      if (!ctx.user.permissions.includes('recycleBin.restore')) throw new AppError('FORBIDDEN', ctx.t('audit.errors.notAllowed'));
      revive = planRestore(ctx, deleted, input.force ? 'restore' : 'ask').items;
    }

    // 2. field changes (batch edit, transfer, claim/release, import updates), newest first: checked now
    // against records that are live now (a record of the batch still in the bin comes back first)
    const plans: Plan[] = [];
    for (const e of list) {
      if (e.entity_id === null || !isUndoEntity(e.entity)) continue;
      const changes = undoableChanges(e);
      if (changes.length) plans.push({ entry: e, entity: e.entity, id: e.entity_id, values: Object.fromEntries(changes.map((c) => [c.field, c.old ?? null])) });
    }
    // many (more than PLANS_WHOLE): checked below in chunks, still before anything is written
    if (plans.length <= PLANS_WHOLE) checkPlans(ctx, plans, !!input.force, { binned: revive.length > 0 });

    // 3. created rows (import): to the recycle bin; refused when edited since, unless force
    const created = list.filter((e) => (e.action === 'customer.create' || e.action === 'customer.import') && e.entity_id !== null);
    const rows: { id: number; name: string }[] = [];
    if (created.length) {
      if (!ctx.user.permissions.includes('customers.delete')) throw new AppError('FORBIDDEN', ctx.t('audit.errors.notAllowed'));
      const conflicts: RevertConflict[] = [];
      for (const e of created) {
        const later = db.prepare('SELECT count(*) AS n FROM audit_log WHERE entity = ? AND entity_id = ? AND id > ? AND (batch_id IS NOT ?)').get('customer', e.entity_id, e.id, input.batchId) as { n: number };
        const rec = readRecord(db, 'customer', e.entity_id!);
        if (!rec?.live) continue;
        if (later.n > 0) conflicts.push({ auditId: e.id, entity: 'customer', entityId: e.entity_id!, name: rec.name, field: 'version', expected: 1, current: rec.version });
        rows.push({ id: e.entity_id!, name: rec.name ?? '' });
      }
      if (conflicts.length && !input.force) throw new AppError('CONFLICT', ctx.t('audit.errors.changedSince', { count: conflicts.length }), { current: {}, conflicts });
    }
    return { revive, plans, rows };
  });

  if (plan.plans.length > PLANS_WHOLE) {
    // 15,555 records read in the plan's one transaction blocked main ~460 ms at 1M: chunks with turns between
    const acc = { conflicts: [] as RevertConflict[], current: {} as Record<string, unknown> };
    for (let i = 0; i < plan.plans.length; i += CHECK_CHUNK) {
      await nextTurn();
      db.tx(() => planConflicts(ctx, plan.plans.slice(i, i + CHECK_CHUNK), { binned: plan.revive.length > 0 }, acc));
    }
    if (acc.conflicts.length && !input.force) {
      throw new AppError('CONFLICT', ctx.t('audit.errors.changedSince', { count: acc.conflicts.length }), { current: acc.current, conflicts: acc.conflicts });
    }
  }
  let undone = plan.revive.length ? await reviveInSteps(ctx, plan.revive, batchId, who) : 0;
  const undoEntry: AuditEntry = { ...who, action: 'audit.undoBatch', entity: null, batchId, summary: input.batchId };
  if (plan.plans.length <= PLANS_WHOLE) {
    undone += db.tx(() => {
      alreadyUndone();
      const applied = applyPlans(ctx, plan.plans, !!input.force, 'undo', batchId);
      recordAudit(db, [...applied, undoEntry]);
      return new Set(applied.map((x) => `${x.entity}:${x.entityId}`)).size;
    });
  } else {
    undone += await applyPlansInSteps(ctx, plan.plans, !!input.force, batchId, () => {
      alreadyUndone();
      recordAudit(db, [undoEntry]);
    });
  }
  if (plan.rows.length) undone += await moveCustomersToBinInSteps(ctx, plan.rows, batchId, 'customer.undo');
  return { batchId, undone };
}

/**
 * Up to this many field write-backs go in one transaction (all or nothing). More — the undo of a 10,000-customer
 * transfer is 15,555 records, 12.9 s in one transaction on main at 1M (session 8) — go in steps.
 */
const PLANS_WHOLE = 500;
/** plans checked per read transaction when there are more than PLANS_WHOLE (~25 µs each at 1M) */
const CHECK_CHUNK = 2000;

/**
 * Field write-backs in steps (~30 ms transactions, progress {task:"undo", jobId: batchId}). `begin` (the
 * already-undone check and the 'audit.undoBatch' entry) commits first, so a second undo racing this one is
 * refused as before. The plans were checked in the read; a step skips a record that is gone or (unless force) was
 * changed again since, as delete / restore steps skip records another window changed. A crash leaves a prefix.
 */
async function applyPlansInSteps(ctx: UserCallContext, plans: Plan[], force: boolean, batchId: string, begin: () => void): Promise<number> {
  const { db } = ctx.app;
  db.tx(begin);
  const touched = new Set<string>();
  // by entity and id (a stable sort: the entries of one record keep their newest-first order): a step's deals
  // then reach the deal-name index (FTS5) in ascending id order, one segment a step (see restore.ts)
  const order = ['customer', 'deal', 'reminder', 'followUp'];
  plans = [...plans].sort((a, b) => order.indexOf(a.entity) - order.indexOf(b.entity) || a.id - b.id);
  const asPlanned = (p: Plan) => {
    const rec = readRecord(db, p.entity, p.id);
    if (!rec?.live) return false;
    const changes = undoableChanges(p.entry).filter((c) => c.field in p.values);
    if (!changes.every((c) => canTouch(ctx, p.entity, rec.ownerId, c.field, c.old))) return false;
    return force || changes.every((c) => sameValue(c.field, rec.values[c.field], c.new));
  };
  await inSteps(
    plans,
    (part) => {
      db.tx(() => {
        const applied = applyPlans(ctx, part.filter(asPlanned), true, 'undo', batchId);
        recordAudit(db, applied);
        for (const a of applied) touched.add(`${a.entity}:${a.entityId}`);
      });
    },
    { ...BULK_STEPS, db, settle: walSettle(ctx.app), onStep: (done, total) => ctx.app.events.send(ctx.caller, 'progress', { task: 'undo', jobId: batchId, done, total }) },
  );
  return touched.size;
}
