// Minimal soft delete (the recycle-bin domain extends it): the customers and their deals and follow-ups
// get deleted_at/deleted_by/delete_batch_id, the customers leave the search index, one audit row per
// customer, all in one transaction under one batch id. Only live customers in the caller's scope.
import type { UserCallContext } from '../../ipc/context';
import { AppError } from '../../ipc/errors';
import type { Db } from '../../../db/sql';
import type { SessionUser } from '../../contract/auth';
import { actor } from '../audit/actor';
import { newBatchId, recordAudit } from '../audit/record';
import { ownerScope } from '../auth/scope';
import { unindexCustomers } from './searchIndex';

/** The live customers among ids that the user may see: id and name, in id order. */
function deletable(db: Db, user: SessionUser, ids: readonly number[]): { id: number; name: string }[] {
  const scope = ownerScope(user, 'c.owner_id');
  return db
    .prepare(
      `SELECT c.id, c.name FROM customers c WHERE c.id IN (SELECT value FROM json_each(?)) AND c.deleted_at IS NULL AND ${scope.sql} ORDER BY c.id`,
    )
    .all(JSON.stringify([...new Set(ids)]), ...scope.params) as { id: number; name: string }[];
}

function requireAll(ctx: UserCallContext, ids: readonly number[], found: number): void {
  const missing = new Set(ids).size - found;
  if (missing > 0) throw new AppError('NOT_FOUND', ctx.t('customers.errors.someNotFound', { count: missing }), { missing });
}

export function deletePreview(ctx: UserCallContext, ids: readonly number[]) {
  const { db } = ctx.app;
  const rows = deletable(db, ctx.user, ids);
  requireAll(ctx, ids, rows.length);
  const idJson = JSON.stringify(rows.map((r) => r.id));
  const count = (table: string) =>
    (db.prepare(`SELECT count(*) AS n FROM ${table} WHERE customer_id IN (SELECT value FROM json_each(?)) AND deleted_at IS NULL`).get(idJson) as { n: number }).n;
  return { customers: rows.length, firstNames: rows.slice(0, 10).map((r) => r.name), deals: count('deals'), followUps: count('follow_ups') };
}

export function softDeleteCustomers(ctx: UserCallContext, ids: readonly number[]) {
  const { db } = ctx.app;
  const now = ctx.app.clock.now().toISOString();
  const batchId = newBatchId();
  return db.tx(() => {
    const rows = deletable(db, ctx.user, ids);
    requireAll(ctx, ids, rows.length);
    const idJson = JSON.stringify(rows.map((r) => r.id));
    for (const table of ['customers', 'deals', 'follow_ups']) {
      const col = table === 'customers' ? 'id' : 'customer_id';
      db.prepare(
        `UPDATE ${table} SET deleted_at = ?, deleted_by = ?, delete_batch_id = ? WHERE ${col} IN (SELECT value FROM json_each(?)) AND deleted_at IS NULL`,
      ).run(now, ctx.user.id, batchId, idJson);
    }
    unindexCustomers(
      db,
      rows.map((r) => r.id),
    );
    const who = actor(ctx);
    recordAudit(
      db,
      rows.map((r) => ({ ...who, action: 'customer.delete', entity: 'customer', entityId: r.id, batchId, summary: r.name })),
    );
    return { deleted: rows.length, batchId };
  });
}
