// Daily jobs while the app runs (the pool return rule, and whatever else needs a nightly run).
// A job runs when its last run (kept in settings, so restarts do not repeat it) is 24 h old by the
// app's clock. The first check waits a moment after start-up so opening the window is never delayed;
// after that it checks hourly. Tests drive it with tick() and a FakeClock instead of waiting.
import type { AppContext } from '../ipc/context';
import { getSetting, setSetting } from '../services/settings/store';

export interface DailyJob {
  name: string;
  /** ran: false when the job is switched off (then it is checked again at the next tick, not in 24 h) */
  run(app: AppContext, now: Date): Promise<{ ran: boolean }>;
}

export interface Scheduler {
  /** run every job that is due now; resolves when they finished */
  tick(): Promise<void>;
  stop(): void;
}

const DAY = 86_400_000;

export function startScheduler(
  app: AppContext,
  jobs: DailyJob[],
  opts: { firstDelayMs?: number; everyMs?: number; autoStart?: boolean } = {},
): Scheduler {
  let running: Promise<void> | null = null;
  let timer: NodeJS.Timeout | null = null;
  let stopped = false;

  const runDue = async () => {
    for (const job of jobs) {
      if (stopped) return;
      const key = `scheduler.${job.name}.lastRun`;
      const now = app.clock.now();
      const last = getSetting<string | null>(app.db, key, null);
      if (last && now.getTime() - Date.parse(last) < DAY) continue;
      try {
        const { ran } = await job.run(app, now);
        if (ran && !stopped) setSetting(app.db, key, now.toISOString());
      } catch (e) {
        // a failing job must not stop the others nor the app; it is retried at the next check
        app.log.error(`scheduled job ${job.name} failed`, { error: e instanceof Error ? e.stack : String(e) });
      }
    }
  };

  const tick = () => (running ??= runDue().finally(() => (running = null)));

  const schedule = (ms: number) => {
    if (stopped) return;
    timer = setTimeout(() => void tick().then(() => schedule(opts.everyMs ?? 60 * 60 * 1000)), ms);
    timer.unref?.();
  };
  if (opts.autoStart !== false) schedule(opts.firstDelayMs ?? 5000);

  return {
    tick,
    stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
    },
  };
}
