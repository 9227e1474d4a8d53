// pool:claim and pool:release: ownership moves between the pool (owner NULL) and a user, audited as a batch.
import type { UserCallContext } from '../../ipc/context';
import { AppError } from '../../ipc/errors';
import { newBatchId, recordAudit, type AuditEntry } from '../audit/record';
import { emitDomainEvent } from '../automation/events';
import { actor } from '../audit/actor';
import { claimsLeft, getPoolSettings } from './settings';

export function claimFromPool(ctx: UserCallContext, ids: number[]) {
  const { db, clock } = ctx.app;
  const unique = [...new Set(ids)];
  const batchId = newBatchId();
  const who = actor(ctx);
  db.tx(() => {
    // counted inside the transaction: two windows of the same rep cannot both use the last claims
    const left = claimsLeft(db, ctx.user, clock.now());
    if (left !== null && unique.length > left) {
      const msg = ctx.t('perm.claimCap', { cap: getPoolSettings(db).claimCapPerDay, left });
      throw new AppError('INVALID_INPUT', msg, { fieldErrors: { ids: msg }, claimsLeft: left });
    }
    const rows = db
      .prepare('SELECT id, owner_id FROM customers WHERE id IN (SELECT value FROM json_each(?)) AND deleted_at IS NULL')
      .all(JSON.stringify(unique)) as { id: number; owner_id: number | null }[];
    if (rows.length < unique.length) {
      throw new AppError('NOT_FOUND', ctx.t('perm.customerNotFound', { count: unique.length - rows.length }));
    }
    const taken = rows.filter((r) => r.owner_id !== null);
    // all or nothing: a half-done claim would leave the rep guessing which ones they got
    if (taken.length) throw new AppError('CONFLICT', ctx.t('perm.notInPool', { count: taken.length }), { taken: taken.map((r) => r.id) });
    const setOwner = db.prepare(
      'UPDATE customers SET owner_id = ?, updated_at = ?, updated_by = ?, version = version + 1 WHERE id = ? AND owner_id IS NULL',
    );
    const logClaim = db.prepare('INSERT INTO pool_claims (user_id, customer_id, at) VALUES (?, ?, ?)');
    const entries: AuditEntry[] = [];
    for (const id of unique) {
      setOwner.run(ctx.user.id, who.at, ctx.user.id, id);
      logClaim.run(ctx.user.id, id, who.at);
      entries.push({ ...who, action: 'pool.claim', entity: 'customer', entityId: id, batchId, changes: [{ field: 'ownerId', old: null, new: ctx.user.id }] });
    }
    recordAudit(db, entries);
    // automation (issue 7): claiming assigns a new owner
    for (const id of unique) emitDomainEvent(ctx, { type: 'customer.ownerChanged', customerId: id, fromOwnerId: null, toOwnerId: ctx.user.id });
  });
  return { claimed: unique.length, claimsLeft: claimsLeft(db, ctx.user, clock.now()), batchId };
}

export function releaseToPool(ctx: UserCallContext, ids: number[], reason: string) {
  const { db } = ctx.app;
  const unique = [...new Set(ids)];
  const batchId = newBatchId();
  const who = actor(ctx);
  const released = db.tx(() => {
    const rows = db
      .prepare('SELECT id, owner_id FROM customers WHERE id IN (SELECT value FROM json_each(?)) AND deleted_at IS NULL')
      .all(JSON.stringify(unique)) as { id: number; owner_id: number | null }[];
    const own = ctx.user.scope === 'own';
    // another rep's customer is invisible to a rep: as if it did not exist
    const visible = own ? rows.filter((r) => r.owner_id === ctx.user.id || r.owner_id === null) : rows;
    if (visible.length < unique.length) {
      throw new AppError('NOT_FOUND', ctx.t('perm.customerNotFound', { count: unique.length - visible.length }));
    }
    const moving = visible.filter((r) => r.owner_id !== null); // already in the pool: nothing to do
    const setPool = db.prepare('UPDATE customers SET owner_id = NULL, updated_at = ?, updated_by = ?, version = version + 1 WHERE id = ?');
    const entries: AuditEntry[] = moving.map((r) => {
      setPool.run(who.at, ctx.user.id, r.id);
      return { ...who, action: 'pool.release', entity: 'customer', entityId: r.id, batchId, changes: [{ field: 'ownerId', old: r.owner_id, new: null }], summary: reason };
    });
    recordAudit(db, entries);
    return moving.length;
  });
  return { released, batchId };
}
