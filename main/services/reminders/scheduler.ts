// The reminder scheduler: reminders fire while the app runs, each exactly once, and none is silently lost.
// - At start it fires everything that came due while the app was closed; nobody is logged in then, so those
//   reminders are "missed" (fired, not delivered) and the user is told at the next login (reminders:missed).
// - Each tick fires due reminders in a transaction that sets fired_at only where it is still NULL (exactly once
//   even if two ticks overlap), adds a bell notification, and afterwards pushes to the user's open windows and
//   shows one OS notification (ctx.app.platform.notifier).
// - The timer sleeps until the next due reminder or one tick interval, whichever is sooner, so a reminder fires
//   on time without polling fast. Clock and timers are injected (tests drive it with a FakeClock).
import type { AppContext } from '../../ipc/context';
import { tFor } from '../../i18n';
import { recordAudit } from '../audit/record';
import { notifyUser, pushNotification } from '../notifications/notify';
import { registerReminderWaker } from './wake';
import { loadReminder, toReminder } from './store';
import { runScheduledAutomations } from '../automation/scheduled';

export interface Timers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export interface SchedulerOptions {
  /** longest sleep between looks (default 30 s; env CRM_REMINDER_TICK_MS overrides, used by the e2e harness) */
  tickMs?: number;
  /** how often the time-based automation check runs (default 10 min) */
  automationEveryMs?: number;
  timers?: Timers;
  /** reminders fired per transaction; more are picked up right after (keeps each step short) */
  batchSize?: number;
  /** false: no timer (tests call tick()); the start-up tick still runs */
  arm?: boolean;
}

export const REMINDER_FIRED = 'reminder.fired';
const MIN_SLEEP_MS = 200;

const realTimers: Timers = {
  setTimeout: (fn, ms) => {
    const h = setTimeout(fn, ms);
    h.unref?.();
    return h;
  },
  clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout),
};

// Reminders of customers in the recycle bin wait (they fire if the customer is restored).
const DUE_WHERE = `r.status = 'pending' AND r.fired_at IS NULL
  AND (r.customer_id IS NULL OR NOT EXISTS (SELECT 1 FROM customers c WHERE c.id = r.customer_id AND c.deleted_at IS NOT NULL))`;

function envTickMs(): number | undefined {
  const v = Number(process.env.CRM_REMINDER_TICK_MS);
  return Number.isFinite(v) && v >= 50 ? v : undefined;
}

export class ReminderScheduler {
  readonly startedAt: string;
  private handle: unknown = null;
  private stopped = false;
  private lastAutomationCheck = -Infinity;
  /** the last automation check stopped with customers still waiting */
  private automationMore = false;
  private readonly tickMs: number;
  private readonly automationEveryMs: number;
  private readonly timers: Timers;
  private readonly batchSize: number;
  private readonly armTimer: boolean;

  constructor(
    private readonly app: AppContext,
    opts: SchedulerOptions = {},
  ) {
    this.tickMs = opts.tickMs ?? envTickMs() ?? 30_000;
    this.automationEveryMs = opts.automationEveryMs ?? 10 * 60_000;
    this.timers = opts.timers ?? realTimers;
    this.batchSize = opts.batchSize ?? 20;
    this.armTimer = opts.arm !== false;
    this.startedAt = app.clock.now().toISOString();
  }

  start(): void {
    registerReminderWaker(this.app, () => this.arm());
    if (this.armTimer) this.runTick();
    else this.tick();
  }

  stop(): void {
    this.stopped = true;
    registerReminderWaker(this.app, null);
    if (this.handle !== null) this.timers.clearTimeout(this.handle);
    this.handle = null;
  }

  /**
   * One look: fire what is due and run the time-based automation when it is time. `maxBatches` bounds the work
   * of one timer callback (the event loop stays responsive); the timer comes back at once for the rest.
   */
  tick(maxBatches = Infinity): { fired: number; more: boolean } {
    let fired = 0;
    let more = false;
    for (let b = 0; ; b++) {
      if (b >= maxBatches) {
        more = true;
        break;
      }
      const n = this.fireBatch();
      fired += n;
      if (n < this.batchSize) break;
    }
    const nowMs = this.app.clock.now().getTime();
    if (this.automationMore || nowMs - this.lastAutomationCheck >= this.automationEveryMs) {
      this.lastAutomationCheck = nowMs;
      this.automationMore = false;
      try {
        // a bounded step; when customers are still waiting, the next look comes at once (after the loop turned)
        this.automationMore = runScheduledAutomations(this.app).more;
        more ||= this.automationMore;
      } catch (e) {
        this.app.log.error('scheduled automation check failed', { error: e instanceof Error ? e.stack : String(e) });
      }
    }
    return { fired, more };
  }

  /** Milliseconds until the next look. */
  nextDelay(): number {
    const next = this.app.db.prepare(`SELECT min(r.due_at) AS v FROM reminders r WHERE ${DUE_WHERE}`).get() as { v: string | null };
    if (!next.v) return this.tickMs;
    const until = Date.parse(next.v) - this.app.clock.now().getTime();
    return Math.max(MIN_SLEEP_MS, Math.min(this.tickMs, until));
  }

  private runTick(): void {
    if (this.stopped) return;
    let more = false;
    try {
      more = this.tick(1).more;
    } catch (e) {
      // never let one bad tick stop the reminders for good
      this.app.log.error('reminder tick failed', { error: e instanceof Error ? e.stack : String(e) });
    }
    this.arm(more ? 0 : undefined);
  }

  private arm(delayMs?: number): void {
    if (this.stopped || !this.armTimer) return;
    if (this.handle !== null) this.timers.clearTimeout(this.handle);
    let delay = this.tickMs;
    try {
      delay = delayMs ?? this.nextDelay();
    } catch {
      /* database closing: fall back to the tick interval */
    }
    this.handle = this.timers.setTimeout(() => {
      this.handle = null;
      this.runTick();
    }, delay);
  }

  private fireBatch(): number {
    const { db, clock, sessions } = this.app;
    const now = clock.now().toISOString();
    const t = tFor(this.app.locale());
    const due = db
      .prepare(`SELECT r.id, r.user_id FROM reminders r WHERE ${DUE_WHERE} AND r.due_at <= ? ORDER BY r.due_at, r.id LIMIT ?`)
      .all(now, this.batchSize) as { id: number; user_id: number }[];
    if (!due.length) return 0;
    const delivered: { reminderId: number; userId: number; notificationId: number; title: string; body: string }[] = [];
    db.tx(() => {
      for (const r of due) {
        const online = sessions.callersOf(r.user_id).length > 0;
        const won = db
          .prepare("UPDATE reminders SET fired_at = ?, delivered_at = ? WHERE id = ? AND fired_at IS NULL AND status = 'pending'")
          .run(now, online ? now : null, r.id).changes;
        if (!won) continue; // fired by an overlapping tick: exactly once
        const row = loadReminder(db, r.id)!;
        const title = t('reminders.notifyTitle');
        const body = row.customer_name ? t('reminders.notifyBody', { customer: row.customer_name, content: row.content }) : row.content;
        const link = row.customer_id ? `/customers/${row.customer_id}` : '/';
        const notificationId = notifyUser(db, { userId: r.user_id, kind: 'reminder', title, body, link }, now);
        recordAudit(db, {
          at: now,
          userId: null,
          userName: t('reminders.systemActor'),
          action: 'reminder.fire',
          entity: 'reminder',
          entityId: r.id,
          summary: t(online ? 'audit.summaries.reminder.delivered' : 'audit.summaries.reminder.missed'),
        });
        if (online) delivered.push({ reminderId: r.id, userId: r.user_id, notificationId, title, body });
      }
    });
    // after commit: windows and the desktop
    for (const d of delivered) {
      const callers = sessions.callersOf(d.userId);
      const reminder = toReminder(loadReminder(db, d.reminderId)!);
      for (const c of callers) this.app.events.send(c, REMINDER_FIRED, reminder);
      pushNotification(this.app, d.userId, d.notificationId, d.title);
      if (callers[0]) {
        try {
          this.app.platform.notifier.show(callers[0], { title: d.title, body: d.body });
        } catch (e) {
          this.app.log.warn('desktop notification failed', { error: String(e) });
        }
      }
    }
    return due.length;
  }
}

const schedulers = new WeakMap<AppContext, ReminderScheduler>();

/** Called by createApp: fires what was missed while the app was closed, then keeps firing on time. */
export function startReminderScheduler(app: AppContext, opts: SchedulerOptions = {}): ReminderScheduler {
  const s = new ReminderScheduler(app, opts);
  schedulers.set(app, s);
  s.start();
  return s;
}

export function reminderSchedulerOf(app: AppContext): ReminderScheduler | undefined {
  return schedulers.get(app);
}
