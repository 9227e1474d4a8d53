// The customer's last/next follow-up dates are derived from its live follow-ups; lists, filters and the pool
// return rule read them. Recomputed (not incremented) on every follow-up or follow-up-reminder change so that
// edits and deletions of older follow-ups can never leave them wrong.
import type { Db } from '../../../db/sql';
import { recordAudit, type AuditEntry, type FieldChange } from '../audit/record';

/**
 * last = the latest `at` of the customer's live follow-ups;
 * next = the earliest future `next_at` of live follow-ups whose reminder is not done or cancelled.
 * Writes and audits only when a value changes. The customer's `version` is not bumped: these are derived
 * fields, and a follow-up must not make someone's open edit form stale.
 */
export function recomputeCustomerFollowUpDates(
  db: Db,
  customerId: number,
  now: string,
  who: Pick<AuditEntry, 'at' | 'userId' | 'userName'>,
  batchId?: string | null,
): FieldChange[] {
  const cur = db.prepare('SELECT last_follow_up_at, next_follow_up_at FROM customers WHERE id = ?').get(customerId) as
    | { last_follow_up_at: string | null; next_follow_up_at: string | null }
    | undefined;
  if (!cur) return [];
  const last = (
    db.prepare('SELECT max(at) AS v FROM follow_ups WHERE customer_id = ? AND deleted_at IS NULL').get(customerId) as { v: string | null }
  ).v;
  const next = (
    db
      .prepare(
        `SELECT min(f.next_at) AS v FROM follow_ups f
         WHERE f.customer_id = ? AND f.deleted_at IS NULL AND f.next_at IS NOT NULL AND f.next_at > ?
           AND NOT EXISTS (SELECT 1 FROM reminders r WHERE r.follow_up_id = f.id AND r.status != 'pending')`,
      )
      .get(customerId, now) as { v: string | null }
  ).v;
  const changes: FieldChange[] = [];
  if (cur.last_follow_up_at !== last) changes.push({ field: 'lastFollowUpAt', old: cur.last_follow_up_at, new: last });
  if (cur.next_follow_up_at !== next) changes.push({ field: 'nextFollowUpAt', old: cur.next_follow_up_at, new: next });
  if (!changes.length) return changes;
  db.prepare('UPDATE customers SET last_follow_up_at = ?, next_follow_up_at = ? WHERE id = ?').run(last, next, customerId);
  recordAudit(db, {
    ...who,
    action: 'customer.followUpDates',
    entity: 'customer',
    entityId: customerId,
    batchId: batchId ?? null,
    changes,
  });
  return changes;
}
