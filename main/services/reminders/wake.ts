// Lets any service say "reminders changed, look again" without importing the scheduler (no import cycle).
import type { AppContext } from '../../ipc/context';

const wakers = new WeakMap<AppContext, () => void>();

export function registerReminderWaker(app: AppContext, wake: (() => void) | null): void {
  if (wake) wakers.set(app, wake);
  else wakers.delete(app);
}

/** Re-arm the scheduler's timer after the current transaction (a new or moved reminder may be due sooner). */
export function wakeReminderScheduler(app: AppContext): void {
  const wake = wakers.get(app);
  if (wake) queueMicrotask(wake);
}
