// A follow-up's "next follow-up time" is a reminder for the follow-up's owner. This keeps the one pending
// reminder of a follow-up in step with its next_at / next_step / owner (create, move or cancel).
import type { UserCallContext } from '../../ipc/context';
import { recordAudit } from '../audit/record';
import { actor } from '../audit/actor';
import { finishReminder, insertReminder, moveReminder } from '../reminders/store';
import { wakeReminderScheduler } from '../reminders/wake';

export function syncFollowUpReminder(ctx: UserCallContext, followUpId: number, now: string): void {
  const { db } = ctx.app;
  const f = db
    .prepare(
      `SELECT f.id, f.customer_id, f.deal_id, f.owner_id, f.next_at, f.next_step, c.name AS customer_name
       FROM follow_ups f JOIN customers c ON c.id = f.customer_id WHERE f.id = ?`,
    )
    .get(followUpId) as
    | { id: number; customer_id: number; deal_id: number | null; owner_id: number | null; next_at: string | null; next_step: string | null; customer_name: string }
    | undefined;
  if (!f) return;
  const pending = db
    .prepare("SELECT id, user_id, due_at, content FROM reminders WHERE follow_up_id = ? AND status = 'pending' ORDER BY id DESC LIMIT 1")
    .get(followUpId) as { id: number; user_id: number; due_at: string; content: string } | undefined;
  const who = actor(ctx);
  const userId = f.owner_id ?? ctx.user.id;
  const content = f.next_step?.trim() || ctx.t('followUps.reminderDefault', { customer: f.customer_name });

  if (!f.next_at) {
    if (pending) {
      finishReminder(db, pending.id, 'cancelled', now);
      recordAudit(db, { ...who, action: 'reminder.cancel', entity: 'reminder', entityId: pending.id, summary: ctx.t('audit.summaries.reminder.cleared', { id: f.id }) });
    }
    return;
  }
  if (!pending) {
    const id = insertReminder(db, {
      userId,
      dueAt: f.next_at,
      content,
      customerId: f.customer_id,
      dealId: f.deal_id,
      followUpId: f.id,
      source: 'followUp',
      createdBy: ctx.user.id,
      now,
    });
    recordAudit(db, {
      ...who,
      action: 'reminder.create',
      entity: 'reminder',
      entityId: id,
      summary: ctx.t('audit.summaries.reminder.created', { id: f.id, customer: f.customer_name }),
      changes: [
        { field: 'dueAt', old: null, new: f.next_at },
        { field: 'userId', old: null, new: userId },
      ],
    });
  } else if (pending.due_at !== f.next_at || pending.content !== content || pending.user_id !== userId) {
    moveReminder(db, pending.id, f.next_at, now, false, content);
    db.prepare('UPDATE reminders SET user_id = ? WHERE id = ?').run(userId, pending.id);
    recordAudit(db, {
      ...who,
      action: 'reminder.reschedule',
      entity: 'reminder',
      entityId: pending.id,
      changes: [
        { field: 'dueAt', old: pending.due_at, new: f.next_at },
        ...(pending.user_id !== userId ? [{ field: 'userId', old: pending.user_id, new: userId }] : []),
      ],
    });
  }
  wakeReminderScheduler(ctx.app);
}
