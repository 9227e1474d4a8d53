// Reminder rows: reading them for the API and the writes other services share (follow-ups, automation).
// Every function runs on the caller's transaction; none opens its own.
import type { Db } from '../../../db/sql';
import type { Reminder } from '../../contract/reminders';

export interface ReminderRow {
  id: number;
  user_id: number;
  user_name: string | null;
  customer_id: number | null;
  customer_name: string | null;
  deal_id: number | null;
  deal_name: string | null;
  follow_up_id: number | null;
  due_at: string;
  original_due_at: string | null;
  snooze_count: number;
  content: string;
  status: 'pending' | 'done' | 'cancelled';
  source: 'manual' | 'followUp' | 'automation';
  fired_at: string | null;
  completed_at: string | null;
  delivered_at: string | null;
  created_at: string;
  created_by: number | null;
  version: number;
}

export const REMINDER_SELECT = `
  SELECT r.id, r.user_id, u.display_name AS user_name, r.customer_id, c.name AS customer_name,
         r.deal_id, d.name AS deal_name, r.follow_up_id, r.due_at, r.original_due_at, r.snooze_count,
         r.content, r.status, r.source, r.fired_at, r.completed_at, r.delivered_at, r.created_at, r.created_by, r.version
  FROM reminders r
  JOIN users u ON u.id = r.user_id
  LEFT JOIN customers c ON c.id = r.customer_id
  LEFT JOIN deals d ON d.id = r.deal_id`;

export function toReminder(r: ReminderRow): Reminder {
  return {
    id: r.id,
    userId: r.user_id,
    userName: r.user_name,
    customerId: r.customer_id,
    customerName: r.customer_name,
    dealId: r.deal_id,
    dealName: r.deal_name,
    followUpId: r.follow_up_id,
    dueAt: r.due_at,
    originalDueAt: r.original_due_at,
    snoozeCount: r.snooze_count,
    content: r.content,
    status: r.status,
    source: r.source,
    firedAt: r.fired_at,
    completedAt: r.completed_at,
    createdAt: r.created_at,
    createdBy: r.created_by,
    version: r.version,
  };
}

export function loadReminder(db: Db, id: number): ReminderRow | undefined {
  return db.prepare(`${REMINDER_SELECT} WHERE r.id = ?`).get(id) as ReminderRow | undefined;
}

export interface NewReminder {
  userId: number;
  dueAt: string;
  content: string;
  customerId?: number | null;
  dealId?: number | null;
  followUpId?: number | null;
  source: 'manual' | 'followUp' | 'automation';
  ruleId?: number | null;
  createdBy: number | null;
  now: string;
}

export function insertReminder(db: Db, r: NewReminder): number {
  return Number(
    db
      .prepare(
        `INSERT INTO reminders (user_id, customer_id, deal_id, follow_up_id, due_at, content, source, rule_id,
                                created_at, created_by, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        r.userId,
        r.customerId ?? null,
        r.dealId ?? null,
        r.followUpId ?? null,
        r.dueAt,
        r.content.slice(0, 1000),
        r.source,
        r.ruleId ?? null,
        r.now,
        r.createdBy,
        r.now,
      ).lastInsertRowid,
  );
}

/** New due time: it fires again then (fired/delivered state reset). Snoozing also counts and keeps the first due time. */
export function moveReminder(db: Db, id: number, dueAt: string, now: string, snooze: boolean, content?: string): void {
  db.prepare(
    `UPDATE reminders SET
       original_due_at = CASE WHEN ? THEN coalesce(original_due_at, due_at) ELSE original_due_at END,
       snooze_count = snooze_count + ?,
       due_at = ?, content = coalesce(?, content), fired_at = NULL, delivered_at = NULL, missed_seen_at = NULL,
       status = 'pending', completed_at = NULL, cancelled_at = NULL, updated_at = ?, version = version + 1
     WHERE id = ?`,
  ).run(snooze ? 1 : 0, snooze ? 1 : 0, dueAt, content ?? null, now, id);
}

export function finishReminder(db: Db, id: number, status: 'done' | 'cancelled', now: string): void {
  db.prepare(
    `UPDATE reminders SET status = ?, completed_at = CASE WHEN ? = 'done' THEN ? ELSE completed_at END,
       cancelled_at = CASE WHEN ? = 'cancelled' THEN ? ELSE cancelled_at END, updated_at = ?, version = version + 1
     WHERE id = ?`,
  ).run(status, status, now, status, now, now, id);
}

/** Normalize any ISO-8601 time with an offset to the stored form (UTC, milliseconds, Z) so text order = time order. */
export function toUtcIso(iso: string): string {
  return new Date(iso).toISOString();
}
