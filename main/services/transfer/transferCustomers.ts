// 变更所属人: give customers a new owner in one transaction with one audit batch. The audit rows keep
// the old owner of every customer, deal and reminder, so the batch can be undone by its id.
import { emitDomainEvent } from '../automation/events';
import type { UserCallContext } from '../../ipc/context';
import type { TransferInput } from '../../contract/transfer';
import { AppError } from '../../ipc/errors';
import { newBatchId, recordAudit, type AuditEntry } from '../audit/record';
import { actor } from '../audit/actor';
import { targetSql } from '../customers/list';
import { nameList, notifyUser, pushNotification } from '../notifications/notify';
import { withRollupsSuspended } from '../../../db/rollupSuspend';

interface Target {
  id: number;
  name: string;
  owner_id: number | null;
}

export interface TransferResult {
  transferred: number;
  deals: number;
  reminders: number;
  batchId: string;
}

/** The active user customers are given to, or a field error on toUserId. */
export function activeUser(ctx: UserCallContext, userId: number): { id: number; displayName: string } {
  const u = ctx.app.db.prepare('SELECT id, display_name, disabled_at FROM users WHERE id = ?').get(userId) as
    | { id: number; display_name: string; disabled_at: string | null }
    | undefined;
  if (!u || u.disabled_at) {
    const msg = ctx.t('perm.targetUserInactive');
    throw new AppError('INVALID_INPUT', msg, { fieldErrors: { toUserId: msg } });
  }
  return { id: u.id, displayName: u.display_name };
}

/** Customers the caller named by id: all must exist and be theirs to transfer (scope own = own only). */
function targetsById(ctx: UserCallContext, ids: number[]): Target[] {
  const unique = [...new Set(ids)];
  const rows = ctx.app.db
    .prepare('SELECT id, name, owner_id FROM customers WHERE id IN (SELECT value FROM json_each(?)) AND deleted_at IS NULL')
    .all(JSON.stringify(unique)) as Target[];
  const own = ctx.user.scope === 'own';
  // another rep's customer is invisible to a rep: answer as if it did not exist
  const visible = own ? rows.filter((r) => r.owner_id === ctx.user.id || r.owner_id === null) : rows;
  if (visible.length < unique.length) {
    throw new AppError('NOT_FOUND', ctx.t('perm.customerNotFound', { count: unique.length - visible.length }));
  }
  if (own && visible.some((r) => r.owner_id !== ctx.user.id)) throw new AppError('FORBIDDEN', ctx.t('perm.onlyOwnTransfer'));
  return visible;
}

/** Everything matching the list's filter + search in the caller's scope (scope own: own customers, not the pool). */
function targetsByFilter(ctx: UserCallContext, input: TransferInput): Target[] {
  // the customers list's own matcher, so "all matching" is exactly what the list showed
  const match = targetSql(ctx.app.db, ctx.user, input.filter, input.query, ctx.app.clock.now());
  if (!match) return [];
  const own = ctx.user.scope === 'own' ? { sql: 'c.owner_id = ?', params: [ctx.user.id] } : { sql: '1=1', params: [] };
  return ctx.app.db
    .prepare(`SELECT c.id, c.name, c.owner_id FROM customers c WHERE ${match.sql} AND ${own.sql} ORDER BY c.id`)
    .all(...match.params, ...own.params) as Target[];
}

export function transferCustomers(ctx: UserCallContext, input: TransferInput): TransferResult {
  const { db } = ctx.app;
  const to = activeUser(ctx, input.toUserId);
  if (!input.ids && !input.filter && input.query === undefined) {
    throw new AppError('INVALID_INPUT', ctx.t('perm.noTargets'), { fieldErrors: { ids: ctx.t('perm.noTargets') } });
  }
  const batchId = newBatchId();
  const who = actor(ctx);
  const reason = input.reason?.trim() || null;

  const result = db.tx(() => {
    // resolved inside the transaction so the set cannot change between reading and writing
    const targets = (input.ids ? targetsById(ctx, input.ids) : targetsByFilter(ctx, input)).filter((c) => c.owner_id !== to.id);
    const entries: AuditEntry[] = [];
    // CROSS JOIN keeps the customer list outermost (index lookups per customer, never a scan of all rows).
    // What moves with them, in one statement each (only deals the previous owner worked; closed deals keep
    // their owner for win attribution; only the previous owner's pending reminders)
    const pairs = JSON.stringify(targets.map((c) => [c.id, c.owner_id]));
    const byCustomer = <R extends { customer_id: number }>(rows: R[]) => {
      const m = new Map<number, R[]>();
      for (const r of rows) {
        const list = m.get(r.customer_id);
        if (list) list.push(r);
        else m.set(r.customer_id, [r]);
      }
      return m;
    };
    const openDeals = input.withOpenDeals
      ? byCustomer(
          db
            .prepare(
              `SELECT d.id, d.owner_id, d.customer_id FROM json_each(?) j
               CROSS JOIN deals d ON d.customer_id = json_extract(j.value, '$[0]') AND d.owner_id IS json_extract(j.value, '$[1]')
               WHERE d.status = 'open' AND d.deleted_at IS NULL ORDER BY d.customer_id, d.id`,
            )
            .all(pairs) as { id: number; owner_id: number | null; customer_id: number }[],
        )
      : new Map<number, { id: number; owner_id: number | null }[]>();
    const pendingReminders = input.withReminders
      ? byCustomer(
          db
            .prepare(
              `SELECT r.id, r.user_id, r.customer_id FROM json_each(?) j
               CROSS JOIN reminders r ON r.customer_id = json_extract(j.value, '$[0]') AND r.status = 'pending' AND r.user_id = json_extract(j.value, '$[1]')
               ORDER BY r.customer_id, r.id`,
            )
            .all(pairs) as { id: number; user_id: number; customer_id: number }[],
        )
      : new Map<number, { id: number; user_id: number }[]>();
    const dealIds: number[] = [];
    const reminderIds: number[] = [];
    for (const c of targets) {
      entries.push({
        ...who,
        action: 'customer.transfer',
        entity: 'customer',
        entityId: c.id,
        batchId,
        changes: [{ field: 'ownerId', old: c.owner_id, new: to.id }],
        summary: reason,
      });
      for (const d of openDeals.get(c.id) ?? []) {
        dealIds.push(d.id);
        entries.push({ ...who, action: 'deal.transfer', entity: 'deal', entityId: d.id, batchId, changes: [{ field: 'ownerId', old: d.owner_id, new: to.id }], summary: reason });
      }
      for (const r of pendingReminders.get(c.id) ?? []) {
        reminderIds.push(r.id);
        entries.push({ ...who, action: 'reminder.transfer', entity: 'reminder', entityId: r.id, batchId, changes: [{ field: 'userId', old: r.user_id, new: to.id }], summary: reason });
      }
    }
    const customerIds = targets.map((c) => c.id);
    // Set-based: the report rollups of the moved customers and deals are re-keyed with one GROUP BY per
    // rollup table instead of ~100 µs of per-row triggers per deal (db/rollupSuspend.ts, migration 0012).
    withRollupsSuspended(db, { customers: customerIds, deals: dealIds }, () => {
      db.prepare('UPDATE customers SET owner_id = ?, updated_at = ?, updated_by = ?, version = version + 1 WHERE id IN (SELECT value FROM json_each(?))').run(
        to.id,
        who.at,
        who.userId,
        JSON.stringify(customerIds),
      );
      if (dealIds.length) {
        db.prepare('UPDATE deals SET owner_id = ?, updated_at = ?, updated_by = ?, version = version + 1 WHERE id IN (SELECT value FROM json_each(?))').run(
          to.id,
          who.at,
          who.userId,
          JSON.stringify(dealIds),
        );
      }
    });
    if (reminderIds.length) {
      db.prepare('UPDATE reminders SET user_id = ?, updated_at = ?, version = version + 1 WHERE id IN (SELECT value FROM json_each(?))').run(to.id, who.at, JSON.stringify(reminderIds));
    }
    // automation (issue 7) after the rollups are exact again: a rule's own writes go through the triggers
    for (const c of targets) {
      emitDomainEvent(ctx, { type: 'customer.ownerChanged', customerId: c.id, fromOwnerId: c.owner_id, toOwnerId: to.id });
    }
    const deals = dealIds.length;
    const reminders = reminderIds.length;
    recordAudit(db, entries);
    let notificationId: number | null = null;
    let title = '';
    if (targets.length && to.id !== ctx.user.id) {
      const t = ctx.t;
      title = t('perm.notify.transferTitle', { from: ctx.user.displayName, count: targets.length });
      const lines = [t('perm.notify.transferCustomers', { names: nameList(targets.map((c) => c.name), targets.length, t) })];
      if (input.withOpenDeals) lines.push(t('perm.notify.transferDeals', { count: deals }));
      if (input.withReminders) lines.push(t('perm.notify.transferReminders', { count: reminders }));
      if (reason) lines.push(t('perm.notify.transferReason', { reason }));
      const link = targets.length === 1 ? `/customers/${targets[0].id}` : '/customers';
      notificationId = notifyUser(db, { userId: to.id, kind: 'transfer', title, body: lines.join('\n'), link }, who.at);
    }
    return { transferred: targets.length, deals, reminders, notificationId, title };
  });
  if (result.notificationId !== null) pushNotification(ctx.app, to.id, result.notificationId, result.title);
  return { transferred: result.transferred, deals: result.deals, reminders: result.reminders, batchId };
}
