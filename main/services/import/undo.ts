// import:undo — one new audited batch: the customers the import created go to the recycle bin (with
// their later deals and follow-ups, like a delete), the customers it updated get back the values they
// had, field by field, unless the field was changed again since (then it is left alone and counted as a
// conflict). Tags the import added are removed again. (The audit engineer's audit:undoBatch covers
// batches in general; this is the import's own, always available.)
import type { UserCallContext } from '../../ipc/context';
import { AppError, notFound } from '../../ipc/errors';
import { actor } from '../audit/actor';
import { newBatchId, recordAudit, type AuditEntry, type FieldChange } from '../audit/record';
import { canSeeOwner } from '../auth/scope';
import { FIELD_COLUMNS, loadCustomer, type WritableField } from '../customers/rows';
import { reindexCustomers } from '../customers/searchIndex';
import { moveCustomersToBinInSteps } from '../customers/softDelete';
import { versionMark } from '../customers/write';
import { readCustomValues, setCustomValues } from '../fields/hooks';

interface EntryRow {
  entity_id: number;
  action: string;
  changes: string | null;
}

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
const SEARCHED = ['name', 'kind', 'company', 'contactName', 'mobile', 'phone', 'email'];

/** imports being undone in this process (the created customers go to the bin in steps: a second click waits its turn) */
const undoing = new Set<string>();

export async function undoImport(ctx: UserCallContext, batchId: string): Promise<{ batchId: string; removed: number; restored: number; conflicts: number }> {
  if (undoing.has(batchId)) throw new AppError('CONFLICT', ctx.t('import.errors.alreadyUndone'));
  undoing.add(batchId);
  try {
    return await undoInSteps(ctx, batchId);
  } finally {
    undoing.delete(batchId);
  }
}

async function undoInSteps(ctx: UserCallContext, batchId: string): Promise<{ batchId: string; removed: number; restored: number; conflicts: number }> {
  const { db } = ctx.app;
  const now = ctx.app.clock.now().toISOString();
  const newBatch = newBatchId();
  const read = db.tx(() => {
    const head = db.prepare(`SELECT user_id FROM audit_log WHERE batch_id = ? AND action = 'import.commit' LIMIT 1`).get(batchId) as { user_id: number | null } | undefined;
    if (!head || (ctx.user.scope !== 'all' && head.user_id !== ctx.user.id)) throw notFound(ctx.t('import.errors.batchNotFound'));
    // undone here before, or through the audit log's batch undo (audit:undoBatch marks it with its summary)
    const undone = db
      .prepare(`SELECT 1 FROM audit_log WHERE (action = 'import.undo' AND json_extract(summary, '$.undoOf') = ?) OR (action = 'audit.undoBatch' AND summary = ?) LIMIT 1`)
      .get(batchId, batchId);
    if (undone) throw new AppError('CONFLICT', ctx.t('import.errors.alreadyUndone'));

    const entries = db
      .prepare(`SELECT entity_id, action, changes FROM audit_log WHERE batch_id = ? AND entity = 'customer' ORDER BY id DESC`)
      .all(batchId) as EntryRow[];
    const createdIds = new Set(entries.filter((e) => e.action === 'customer.create').map((e) => e.entity_id));
    const live = db
      .prepare(`SELECT id, name, owner_id FROM customers WHERE id IN (SELECT value FROM json_each(?)) AND deleted_at IS NULL`)
      .all(JSON.stringify([...createdIds])) as { id: number; name: string; owner_id: number | null }[];
    const removable = live.filter((r) => canSeeOwner(ctx.user, r.owner_id));
    return { entries, createdIds, removable };
  });
  const { entries, createdIds } = read;
  // the created customers go to the bin in steps (moveCustomersToBinInSteps); the marker below is written last,
  // so an undo cut short (the app closed) can simply be run again: it finds the rest still live
  const removed = read.removable.length ? await moveCustomersToBinInSteps(ctx, read.removable, newBatch, 'customer.importUndo') : 0;

  return db.tx(() => {
    let restored = 0;
    let conflicts = 0;
    const audit: AuditEntry[] = [];
    for (const e of entries) {
      if (e.action !== 'customer.update' || createdIds.has(e.entity_id) || !e.changes) continue;
      const cur = loadCustomer(db, e.entity_id);
      if (!cur || cur.deletedAt || !canSeeOwner(ctx.user, cur.ownerId)) {
        conflicts++;
        continue;
      }
      const back: FieldChange[] = [];
      const next: Partial<Record<WritableField, unknown>> = {};
      let tags: string[] | null = null;
      // custom field values the import set (audit field `custom.<key>`): back to the old value unless changed since
      const customNow = readCustomValues(db, 'customer', cur.id);
      const customBack: Record<string, unknown> = {};
      for (const c of JSON.parse(e.changes) as FieldChange[]) {
        if (c.field.startsWith('custom.')) {
          const key = c.field.slice('custom.'.length);
          if (same(customNow[key] ?? null, c.new)) customBack[key] = c.old ?? null;
          else conflicts++;
          continue;
        }
        if (c.field === 'tags') {
          const added = (c.new as string[]).filter((x) => !(c.old as string[]).includes(x));
          const remaining = cur.tags.filter((x) => !added.includes(x));
          if (remaining.length !== cur.tags.length) {
            tags = remaining;
            back.push({ field: 'tags', old: cur.tags, new: remaining });
          }
          continue;
        }
        if (!(c.field in FIELD_COLUMNS)) continue;
        const now_ = (cur as unknown as Record<string, unknown>)[c.field];
        if (!same(now_, c.new)) {
          conflicts++;
          continue;
        }
        next[c.field as WritableField] = c.old;
        back.push({ field: c.field, old: now_ ?? null, new: c.old ?? null });
      }
      if (Object.keys(customBack).length) back.push(...setCustomValues(db, 'customer', cur.id, customBack, ctx.t));
      if (!back.length) continue;
      const cols = Object.keys(next) as WritableField[];
      if (cols.includes('name') && !next.name) continue; // a name can never go back to empty
      db.prepare(
        `UPDATE customers SET ${[...cols.map((f) => `${FIELD_COLUMNS[f]} = ?`), 'version = version + 1', 'updated_at = ?', 'updated_by = ?'].join(', ')} WHERE id = ?`,
      ).run(...cols.map((f) => next[f] ?? null), now, ctx.user.id, cur.id);
      if (tags) {
        const keep = JSON.stringify(tags);
        db.prepare('DELETE FROM customer_tags WHERE customer_id = ? AND tag NOT IN (SELECT value FROM json_each(?))').run(cur.id, keep);
      }
      if (cols.some((f) => SEARCHED.includes(f))) reindexCustomers(db, [cur.id]);
      audit.push({ ...actor(ctx), action: 'customer.update', entity: 'customer', entityId: cur.id, batchId: newBatch, changes: back, summary: versionMark(cur.version + 1) });
      restored++;
    }
    recordAudit(db, [
      ...audit,
      { ...actor(ctx), action: 'import.undo', entity: 'import', batchId: newBatch, summary: JSON.stringify({ undoOf: batchId, removed, restored, conflicts }) },
    ]);
    return { batchId: newBatch, removed, restored, conflicts };
  });
}
