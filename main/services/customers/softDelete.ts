// customers:delete / customers:deletePreview (owned by the recycle-bin domain). Delete is soft: the
// customers and their live deals, follow-ups and reminders get deleted_at/deleted_by and one shared
// delete_batch_id, the customers leave the search index, one audit row per record, all in one
// transaction. The recycle bin (main/services/recycleBin/) lists, restores and purges them by that batch.
import type { UserCallContext } from '../../ipc/context';
import { AppError, invalid } from '../../ipc/errors';
import type { Db } from '../../../db/sql';
import type { SessionUser } from '../../contract/auth';
import type { CustomerFilter } from '../../contract/customers';
import { newBatchId, recordAudit, type AuditEntry } from '../audit/record';
import { numberedLabel } from '../audit/labels';
import { ownerScope } from '../auth/scope';
import { unindexCustomers } from './searchIndex';
import { resolveTargets } from './batch';
import { withRollupsSuspended } from '../../../db/rollupSuspend';
import { BULK_STEPS, inSteps, walSettle } from '../../platform/inSteps';
import { BIN_WORKER_ABOVE, binWriterOf, runBinWorker, type BinWriter } from '../recycleBin/binWriter';

export interface DeleteTarget {
  ids?: number[];
  filter?: CustomerFilter;
  query?: string;
}

const FIRST_NAMES = 10;

/** The live customers among ids that the user may see: id and name, in id order. */
export function deletable(db: Db, user: SessionUser, ids: readonly number[]): { id: number; name: string }[] {
  const scope = ownerScope(user, 'c.owner_id');
  return db
    .prepare(
      `SELECT c.id, c.name FROM customers c WHERE c.id IN (SELECT value FROM json_each(?)) AND c.deleted_at IS NULL AND ${scope.sql} ORDER BY c.id`,
    )
    .all(JSON.stringify([...new Set(ids)]), ...scope.params) as { id: number; name: string }[];
}

/** Explicit ids must all be live and in scope (NOT_FOUND otherwise); a filter takes what matches now. */
function resolve(ctx: UserCallContext, target: DeleteTarget): { id: number; name: string }[] {
  const { db } = ctx.app;
  if (target.ids) {
    if (!target.ids.length) throw invalid(ctx.t('recycleBin.errors.nothingSelected'), { ids: ctx.t('recycleBin.errors.nothingSelected') });
    const rows = deletable(db, ctx.user, target.ids);
    const missing = new Set(target.ids).size - rows.length;
    if (missing > 0) throw new AppError('NOT_FOUND', ctx.t('customers.errors.someNotFound', { count: missing }), { missing });
    return rows;
  }
  if (!target.filter && target.query === undefined) {
    throw invalid(ctx.t('recycleBin.errors.nothingSelected'), { ids: ctx.t('recycleBin.errors.nothingSelected') });
  }
  const ids = resolveTargets(db, ctx.user, { filter: target.filter, query: target.query }, ctx.app.clock.now());
  const name = db.prepare('SELECT name FROM customers WHERE id = ?');
  return ids.map((id) => ({ id, name: (name.get(id) as { name: string }).name }));
}

/** Live records that belong to these customers: deals, follow-ups, reminders (of the customer, its deals or follow-ups). */
function relatedSql(idJson: string) {
  return {
    deals: { sql: 'SELECT id, name FROM deals WHERE customer_id IN (SELECT value FROM json_each(?)) AND deleted_at IS NULL', params: [idJson] },
    followUps: { sql: 'SELECT id, content AS name FROM follow_ups WHERE customer_id IN (SELECT value FROM json_each(?)) AND deleted_at IS NULL', params: [idJson] },
    reminders: {
      sql: `SELECT r.id, r.content AS name, r.status FROM reminders r WHERE r.delete_batch_id IS NULL AND (
              r.customer_id IN (SELECT value FROM json_each(?))
              OR r.deal_id IN (SELECT id FROM deals WHERE customer_id IN (SELECT value FROM json_each(?)))
              OR r.follow_up_id IN (SELECT id FROM follow_ups WHERE customer_id IN (SELECT value FROM json_each(?))))`,
      params: [idJson, idJson, idJson],
    },
  };
}

export function deletePreview(ctx: UserCallContext, target: DeleteTarget) {
  const { db } = ctx.app;
  const rows = resolve(ctx, target);
  const rel = relatedSql(JSON.stringify(rows.map((r) => r.id)));
  const count = (q: { sql: string; params: unknown[] }) => (db.prepare(`SELECT count(*) AS n FROM (${q.sql})`).get(...q.params) as { n: number }).n;
  return {
    customers: rows.length,
    firstNames: rows.slice(0, FIRST_NAMES).map((r) => r.name),
    deals: count(rel.deals),
    followUps: count(rel.followUps),
    reminders: count({ sql: `${rel.reminders.sql} AND r.status = 'pending'`, params: rel.reminders.params }),
  };
}

/**
 * Move customers with everything that belongs to them to the recycle bin under one batch id. Pending
 * reminders are cancelled (so they never fire from the bin); status_before_delete lets a restore put
 * every reminder back as it was. Reused by audit:undoBatch (created rows of an import go to the bin).
 */
export function moveCustomersToBin(w: BinWriter, rows: readonly { id: number; name: string }[], batchId: string, action = 'customer.delete'): number {
  const { db, who } = w;
  const now = who.at;
  const idJson = JSON.stringify(rows.map((r) => r.id));
  const rel = relatedSql(idJson);
  const deals = db.prepare(rel.deals.sql).all(...rel.deals.params) as { id: number; name: string }[];
  const followUps = db.prepare(rel.followUps.sql).all(...rel.followUps.params) as { id: number; name: string }[];
  const reminders = db.prepare(rel.reminders.sql).all(...rel.reminders.params) as { id: number; name: string; status: string }[];

  const mark = (table: string, ids: number[]) =>
    db
      .prepare(`UPDATE ${table} SET deleted_at = ?, deleted_by = ?, delete_batch_id = ? WHERE id IN (SELECT value FROM json_each(?)) AND deleted_at IS NULL`)
      .run(now, w.user.id, batchId, JSON.stringify(ids));
  // the report rollups set-based (db/rollupSuspend.ts) instead of per-row triggers: 10,000 customers with
  // their deals and follow-ups fired ~70,000 rows of rollup triggers (13–18 s on main at 1M customers)
  withRollupsSuspended(db, { customers: rows.map((r) => r.id), customerFacts: true, deals: deals.map((d) => d.id), followUps: followUps.map((f) => f.id) }, () => {
    mark('customers', rows.map((r) => r.id));
    mark('deals', deals.map((d) => d.id));
    mark('follow_ups', followUps.map((f) => f.id));
  });
  db.prepare(
    `UPDATE reminders SET status_before_delete = status, deleted_at = ?, deleted_by = ?, delete_batch_id = ?,
       status = CASE status WHEN 'pending' THEN 'cancelled' ELSE status END,
       cancelled_at = CASE status WHEN 'pending' THEN ? ELSE cancelled_at END
     WHERE id IN (SELECT value FROM json_each(?))`,
  ).run(now, w.user.id, batchId, now, JSON.stringify(reminders.map((r) => r.id)));
  unindexCustomers(
    db,
    rows.map((r) => r.id),
  );
  const entry = (entity: string, id: number, summary: string, a: string): AuditEntry => ({
    ...who,
    action: a,
    entity,
    entityId: id,
    batchId,
    summary,
    changes: [{ field: 'deletedAt', old: null, new: now }],
  });
  const followUpLabel = numberedLabel(w.t, 'followUp');
  const reminderLabel = numberedLabel(w.t, 'reminder');
  recordAudit(db, [
    ...rows.map((r) => entry('customer', r.id, r.name, action)),
    ...deals.map((d) => entry('deal', d.id, d.name, 'deal.delete')),
    ...followUps.map((f) => entry('followUp', f.id, followUpLabel(f.id), 'followUp.delete')),
    ...reminders.map((r) => entry('reminder', r.id, reminderLabel(r.id), 'reminder.delete')),
  ]);
  return rows.length;
}

/** One step / chunk of a delete, inside its transaction: the customers of `part` still live and in scope go to the bin. */
export function deleteChunk(w: BinWriter, part: readonly { id: number; name: string }[], batchId: string, action: string): number {
  const live = new Set(deletable(w.db, w.user, part.map((r) => r.id)).map((r) => r.id));
  const keep = part.filter((r) => live.has(r.id));
  return keep.length ? moveCustomersToBin(w, keep, batchId, action) : 0;
}

/**
 * moveCustomersToBin for many customers, never in one transaction on main: 10,000 customers with their deals
 * and follow-ups took 9 s at 1M customers and an import's 100,000 took 12 s in one transaction that froze every
 * window. Up to BIN_WORKER_ABOVE customers: steps on main (main/platform/inSteps.ts: ~30 ms transactions, the
 * event loop turning between them). More: chunks in a writer thread on its own connection (binTask.ts; main is
 * never blocked: its steps still blocked it 100–160 ms now and then at 1M). Each step / chunk is whole (its
 * customers with everything that belongs to them and their audit rows) and re-checks that its customers are
 * still live and in scope; all share the batch id and one time, so the recycle bin and the audit log show one
 * operation. Progress events {task:"delete", jobId: batchId} between them.
 */
export async function moveCustomersToBinInSteps(ctx: UserCallContext, rows: readonly { id: number; name: string }[], batchId: string, action = 'customer.delete'): Promise<number> {
  const { db } = ctx.app;
  const w = binWriterOf(ctx);
  const progress = (done: number, total: number) => ctx.app.events.send(ctx.caller, 'progress', { task: 'delete', jobId: batchId, done, total });
  let moved = 0;
  if (rows.length > BIN_WORKER_ABOVE) {
    await runBinWorker(ctx, { kind: 'delete', rows: [...rows], action }, batchId, w.who, (c) => {
      moved += c.count;
      if (c.done < c.total) progress(c.done, c.total);
    });
    return moved;
  }
  await inSteps(
    rows,
    (part) => {
      moved += db.tx(() => deleteChunk(w, part, batchId, action));
    },
    { ...BULK_STEPS, db, settle: walSettle(ctx.app), onStep: progress },
  );
  return moved;
}

export async function softDeleteCustomers(ctx: UserCallContext, target: DeleteTarget) {
  const batchId = newBatchId();
  // read first (explicit ids must all be live and in scope), then write in steps
  const rows = ctx.app.db.tx(() => resolve(ctx, target));
  const deleted = await moveCustomersToBinInSteps(ctx, rows, batchId);
  return { deleted, batchId };
}
