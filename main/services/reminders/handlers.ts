// reminders:* — a user's own reminders; roles with scope 'all' (managers) may remind and manage others.
import type { HandlersOf, UserCallContext } from '../../ipc/context';
import type { remindersContract, Reminder } from '../../contract/reminders';
import { AppError, invalid } from '../../ipc/errors';
import { recordAudit } from '../audit/record';
import { actor } from '../audit/actor';
import { canSeeOwner } from '../auth/scope';
import { finishReminder, insertReminder, loadReminder, moveReminder, REMINDER_SELECT, toReminder, toUtcIso, type ReminderRow } from './store';
import { wakeReminderScheduler } from './wake';
import { recomputeCustomerFollowUpDates } from '../followUps/customerDates';

/** A due time this far in the past is taken as "now" (the user picked "in 0 minutes" a moment ago). */
const PAST_TOLERANCE_MS = 60_000;

function loadManageable(ctx: UserCallContext, id: number): ReminderRow {
  const r = loadReminder(ctx.app.db, id);
  if (!r || !(r.user_id === ctx.user.id || r.created_by === ctx.user.id || ctx.user.scope === 'all')) {
    throw new AppError('NOT_FOUND', ctx.t('reminders.errors.notFound'));
  }
  return r;
}

function futureTime(ctx: UserCallContext, iso: string, field: string): string {
  const at = toUtcIso(iso);
  if (Date.parse(at) < ctx.app.clock.now().getTime() - PAST_TOLERANCE_MS) {
    throw invalid(ctx.t('reminders.errors.inPast'), { [field]: ctx.t('reminders.errors.inPast') });
  }
  return at;
}

function afterChange(ctx: UserCallContext, r: ReminderRow, now: string): Reminder {
  // a follow-up's reminder decides the customer's "next follow-up" date
  if (r.follow_up_id && r.customer_id) recomputeCustomerFollowUpDates(ctx.app.db, r.customer_id, now, actor(ctx));
  wakeReminderScheduler(ctx.app);
  return toReminder(loadReminder(ctx.app.db, r.id)!);
}

export const remindersHandlers: HandlersOf<typeof remindersContract> = {
  'reminders:list': (input, ctx) => {
    const i = input ?? {};
    const userId = i.userId ?? ctx.user.id;
    if (userId !== ctx.user.id && ctx.user.scope !== 'all') throw new AppError('FORBIDDEN', ctx.t('reminders.errors.othersForbidden'));
    const where = ['r.user_id = ?'];
    const params: unknown[] = [userId];
    if (i.status) {
      where.push('r.status = ?');
      params.push(i.status);
    }
    if (i.dueFrom) {
      where.push('r.due_at >= ?');
      params.push(toUtcIso(i.dueFrom));
    }
    if (i.dueBefore) {
      where.push('r.due_at < ?');
      params.push(toUtcIso(i.dueBefore));
    }
    if (i.customerId) {
      where.push('r.customer_id = ?');
      params.push(i.customerId);
    }
    if (i.dealId) {
      where.push('r.deal_id = ?');
      params.push(i.dealId);
    }
    // reminders of customers in the recycle bin are not shown
    where.push('(r.customer_id IS NULL OR c.deleted_at IS NULL)');
    if (i.cursor) {
      try {
        const [due, id] = JSON.parse(Buffer.from(i.cursor, 'base64url').toString('utf8')) as [string, number];
        where.push('(r.due_at > ? OR (r.due_at = ? AND r.id > ?))');
        params.push(String(due), String(due), Number(id));
      } catch {
        /* bad cursor: from the start */
      }
    }
    const limit = i.limit ?? 100;
    const rows = ctx.app.db
      .prepare(`${REMINDER_SELECT} WHERE ${where.join(' AND ')} ORDER BY r.due_at, r.id LIMIT ?`)
      .all(...params, limit + 1) as ReminderRow[];
    const shown = rows.slice(0, limit);
    const last = shown[shown.length - 1];
    return {
      rows: shown.map(toReminder),
      nextCursor: rows.length > limit && last ? Buffer.from(JSON.stringify([last.due_at, last.id])).toString('base64url') : null,
    };
  },

  'reminders:create': (input, ctx) => {
    const { db } = ctx.app;
    const now = ctx.app.clock.now().toISOString();
    const dueAt = futureTime(ctx, input.dueAt, 'dueAt');
    const userId = input.userId ?? ctx.user.id;
    return db.tx(() => {
      const errors: Record<string, string> = {};
      if (userId !== ctx.user.id) {
        if (ctx.user.scope !== 'all') errors.userId = ctx.t('reminders.errors.othersForbidden');
        else if (!db.prepare('SELECT 1 FROM users WHERE id = ? AND disabled_at IS NULL').get(userId)) errors.userId = ctx.t('reminders.errors.userUnknown');
      }
      let customerId = input.customerId ?? null;
      if (input.dealId) {
        const d = db
          .prepare('SELECT d.customer_id, c.owner_id FROM deals d JOIN customers c ON c.id = d.customer_id WHERE d.id = ? AND d.deleted_at IS NULL AND c.deleted_at IS NULL')
          .get(input.dealId) as { customer_id: number; owner_id: number | null } | undefined;
        if (!d || !canSeeOwner(ctx.user, d.owner_id)) errors.dealId = ctx.t('reminders.errors.dealNotFound');
        else if (customerId && customerId !== d.customer_id) errors.dealId = ctx.t('reminders.errors.dealNotOfCustomer');
        else customerId = d.customer_id;
      }
      if (customerId && !errors.dealId) {
        const c = db.prepare('SELECT owner_id FROM customers WHERE id = ? AND deleted_at IS NULL').get(customerId) as { owner_id: number | null } | undefined;
        if (!c || !canSeeOwner(ctx.user, c.owner_id)) errors.customerId = ctx.t('reminders.errors.customerNotFound');
      }
      const keys = Object.keys(errors);
      if (keys.length) throw invalid(ctx.t('errors.invalidInput', { detail: errors[keys[0]] }), errors);
      const id = insertReminder(db, {
        userId,
        dueAt,
        content: input.content,
        customerId,
        dealId: input.dealId ?? null,
        source: 'manual',
        createdBy: ctx.user.id,
        now,
      });
      recordAudit(db, {
        ...actor(ctx),
        action: 'reminder.create',
        entity: 'reminder',
        entityId: id,
        changes: [
          { field: 'dueAt', old: null, new: dueAt },
          { field: 'userId', old: null, new: userId },
          { field: 'content', old: null, new: input.content },
        ],
      });
      wakeReminderScheduler(ctx.app);
      return toReminder(loadReminder(db, id)!);
    });
  },

  'reminders:complete': (input, ctx) => {
    const { db } = ctx.app;
    const now = ctx.app.clock.now().toISOString();
    return db.tx(() => {
      const r = loadManageable(ctx, input.id);
      if (r.status === 'done') return toReminder(r);
      if (r.status === 'cancelled') throw new AppError('CONFLICT', ctx.t('reminders.errors.cancelled'), { current: toReminder(r) });
      finishReminder(db, r.id, 'done', now);
      recordAudit(db, { ...actor(ctx), action: 'reminder.complete', entity: 'reminder', entityId: r.id, changes: [{ field: 'status', old: r.status, new: 'done' }] });
      return afterChange(ctx, r, now);
    });
  },

  'reminders:cancel': (input, ctx) => {
    const { db } = ctx.app;
    const now = ctx.app.clock.now().toISOString();
    return db.tx(() => {
      const r = loadManageable(ctx, input.id);
      if (r.status !== 'pending') return toReminder(r);
      finishReminder(db, r.id, 'cancelled', now);
      recordAudit(db, { ...actor(ctx), action: 'reminder.cancel', entity: 'reminder', entityId: r.id, changes: [{ field: 'status', old: r.status, new: 'cancelled' }] });
      return afterChange(ctx, r, now);
    });
  },

  'reminders:snooze': (input, ctx) => {
    const { db } = ctx.app;
    const nowDate = ctx.app.clock.now();
    const now = nowDate.toISOString();
    if (!input.minutes === !input.until) throw invalid(ctx.t('reminders.errors.snoozeHow'), { minutes: ctx.t('reminders.errors.snoozeHow') });
    const dueAt = input.until ? futureTime(ctx, input.until, 'until') : new Date(nowDate.getTime() + input.minutes! * 60_000).toISOString();
    return db.tx(() => {
      const r = loadManageable(ctx, input.id);
      if (r.status !== 'pending') throw new AppError('CONFLICT', ctx.t('reminders.errors.notPending'), { current: toReminder(r) });
      moveReminder(db, r.id, dueAt, now, true);
      recordAudit(db, { ...actor(ctx), action: 'reminder.snooze', entity: 'reminder', entityId: r.id, changes: [{ field: 'dueAt', old: r.due_at, new: dueAt }] });
      return afterChange(ctx, r, now);
    });
  },

  'reminders:reschedule': (input, ctx) => {
    const { db } = ctx.app;
    const now = ctx.app.clock.now().toISOString();
    const dueAt = futureTime(ctx, input.dueAt, 'dueAt');
    return db.tx(() => {
      const r = loadManageable(ctx, input.id);
      if (r.status === 'cancelled') throw new AppError('CONFLICT', ctx.t('reminders.errors.cancelled'), { current: toReminder(r) });
      moveReminder(db, r.id, dueAt, now, false, input.content);
      const changes = [{ field: 'dueAt', old: r.due_at, new: dueAt }];
      if (input.content !== undefined && input.content !== r.content) changes.push({ field: 'content', old: r.content, new: input.content });
      if (r.status !== 'pending') changes.push({ field: 'status', old: r.status, new: 'pending' });
      recordAudit(db, { ...actor(ctx), action: 'reminder.reschedule', entity: 'reminder', entityId: r.id, changes });
      return afterChange(ctx, r, now);
    });
  },

  'reminders:missed': (input, ctx) => {
    const { db } = ctx.app;
    const rows = db
      .prepare(
        `${REMINDER_SELECT} WHERE r.user_id = ? AND r.fired_at IS NOT NULL AND r.delivered_at IS NULL AND r.missed_seen_at IS NULL
         ORDER BY r.due_at, r.id LIMIT 501`,
      )
      .all(ctx.user.id) as ReminderRow[];
    const count = rows.length > 500
      ? (db.prepare('SELECT count(*) AS n FROM reminders WHERE user_id = ? AND fired_at IS NOT NULL AND delivered_at IS NULL AND missed_seen_at IS NULL').get(ctx.user.id) as { n: number }).n
      : rows.length;
    if (input?.acknowledge && count) {
      const now = ctx.app.clock.now().toISOString();
      db.tx(() => {
        db.prepare('UPDATE reminders SET missed_seen_at = ? WHERE user_id = ? AND fired_at IS NOT NULL AND delivered_at IS NULL AND missed_seen_at IS NULL').run(
          now,
          ctx.user.id,
        );
        recordAudit(db, { ...actor(ctx), action: 'reminder.missedSeen', entity: 'user', entityId: ctx.user.id, summary: `${count}` });
      });
    }
    return { count, rows: rows.slice(0, 500).map(toReminder) };
  },
};
