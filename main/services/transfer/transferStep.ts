// One step of 变更所属人: these customers, their open deals the previous owner worked and that owner's pending
// reminders go to `to`, with their audit rows (the old owner of every row, so the batch can be undone by its id)
// and exact report rollups. Inside the caller's transaction. `moveOwners` needs only a connection: the
// transfer worker (transferTask.ts) runs it on its own; `transferStep` adds the automation events (main only).
import { emitDomainEvent } from '../automation/events';
import type { UserCallContext } from '../../ipc/context';
import type { Db } from '../../../db/sql';
import { recordAudit, type AuditEntry } from '../audit/record';
import type { actor } from '../audit/actor';
import { withOwnerRekeyed } from '../../../db/rollupSuspend';

export interface TransferTarget {
  id: number;
  name: string;
  owner_id: number | null;
}

export interface TransferStepInput {
  to: number;
  batchId: string;
  who: ReturnType<typeof actor>;
  reason: string | null;
  withOpenDeals: boolean;
  withReminders: boolean;
}

export interface TransferStepResult {
  moved: TransferTarget[];
  deals: number;
  reminders: number;
}

/** Whose transfer it is: a caller with scope own moves only their own customers. */
export interface TransferScope {
  userId: number;
  own: boolean;
}

/**
 * The step's customers as they are now: still live, not already the new owner's, and (scope own) still the
 * caller's — another window may have moved or deleted one since the targets were read.
 */
export function currentTargets(db: Db, scope: TransferScope, ids: readonly number[], to: number): TransferTarget[] {
  const rows = db
    .prepare('SELECT id, name, owner_id FROM customers WHERE id IN (SELECT value FROM json_each(?)) AND deleted_at IS NULL ORDER BY id')
    .all(JSON.stringify(ids)) as TransferTarget[];
  return rows.filter((r) => r.owner_id !== to && (!scope.own || r.owner_id === scope.userId));
}

const byCustomer = <R extends { customer_id: number }>(rows: R[]) => {
  const m = new Map<number, R[]>();
  for (const r of rows) {
    const list = m.get(r.customer_id);
    if (list) list.push(r);
    else m.set(r.customer_id, [r]);
  }
  return m;
};

/** Ids as one JSON array in ascending order (rows and index entries are then written in key order). */
const ascending = (ids: number[]) => JSON.stringify([...ids].sort((a, b) => a - b));

/** A step with its automation events (customer.ownerChanged), on main's connection. */
export function transferStep(ctx: UserCallContext, targets: readonly TransferTarget[], s: TransferStepInput): TransferStepResult {
  const r = moveOwners(ctx.app.db, targets, s);
  ownerChangedEvents(ctx, r.moved, s.to);
  return r;
}

/** Automation (issue 7): customer.ownerChanged for each moved customer, after its rollups are exact again. */
export function ownerChangedEvents(ctx: UserCallContext, moved: readonly TransferTarget[], to: number): void {
  for (const c of moved) emitDomainEvent(ctx, { type: 'customer.ownerChanged', customerId: c.id, fromOwnerId: c.owner_id, toOwnerId: to });
}

/** The step's writes without automation: owners, rollups and audit rows. */
export function moveOwners(db: Db, targets: readonly TransferTarget[], s: TransferStepInput): TransferStepResult {
  const { who, batchId, reason, to } = s;
  if (!targets.length) return { moved: [], deals: 0, reminders: 0 };
  // CROSS JOIN keeps the customer list outermost (index lookups per customer, never a scan of all rows).
  // Only deals the previous owner worked move (closed deals keep their owner for win attribution), and only
  // the previous owner's pending reminders.
  const pairs = JSON.stringify(targets.map((c) => [c.id, c.owner_id]));
  const openDeals = s.withOpenDeals
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
  const pendingReminders = s.withReminders
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
  const entries: AuditEntry[] = [];
  const dealIds: number[] = [];
  const reminderIds: number[] = [];
  for (const c of targets) {
    entries.push({ ...who, action: 'customer.transfer', entity: 'customer', entityId: c.id, batchId, changes: [{ field: 'ownerId', old: c.owner_id, new: to }], summary: reason });
    for (const d of openDeals.get(c.id) ?? []) {
      dealIds.push(d.id);
      entries.push({ ...who, action: 'deal.transfer', entity: 'deal', entityId: d.id, batchId, changes: [{ field: 'ownerId', old: d.owner_id, new: to }], summary: reason });
    }
    for (const r of pendingReminders.get(c.id) ?? []) {
      reminderIds.push(r.id);
      entries.push({ ...who, action: 'reminder.transfer', entity: 'reminder', entityId: r.id, batchId, changes: [{ field: 'userId', old: r.user_id, new: to }], summary: reason });
    }
  }
  const customerIds = targets.map((c) => c.id);
  // Set-based: the report rollups of the moved customers and deals are re-keyed with one GROUP BY per
  // rollup table instead of ~100 µs of per-row triggers per deal (db/rollupSuspend.ts, migration 0012); only the
  // owner changes, so the rows are read once.
  withOwnerRekeyed(db, { customers: customerIds, deals: dealIds }, to, () => {
    db.prepare('UPDATE customers SET owner_id = ?, updated_at = ?, updated_by = ?, version = version + 1 WHERE id IN (SELECT value FROM json_each(?))').run(
      to,
      who.at,
      who.userId,
      ascending(customerIds),
    );
    if (dealIds.length) {
      // ascending: the deal-name index (FTS5, owner in its rows) starts a new segment whenever a row id is lower
      // than the one before
      db.prepare('UPDATE deals SET owner_id = ?, updated_at = ?, updated_by = ?, version = version + 1 WHERE id IN (SELECT value FROM json_each(?))').run(
        to,
        who.at,
        who.userId,
        ascending(dealIds),
      );
    }
  });
  if (reminderIds.length) {
    db.prepare('UPDATE reminders SET user_id = ?, updated_at = ?, version = version + 1 WHERE id IN (SELECT value FROM json_each(?))').run(to, who.at, ascending(reminderIds));
  }
  recordAudit(db, entries);
  return { moved: [...targets], deals: dealIds.length, reminders: reminderIds.length };
}
