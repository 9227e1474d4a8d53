// One background service per running app (the WAL checkpointer, the FTS merger): started once, found by the app,
// stopped and forgotten on close. Keyed weakly, so an app that is dropped takes its entry with it.
import type { AppContext } from '../ipc/context';

export function perApp<T extends { stop(): void }, O>(create: (ctx: AppContext, opts?: O) => T) {
  const running = new WeakMap<AppContext, T>();
  return {
    /** the app's service, started now unless it is running already */
    start(ctx: AppContext, opts?: O): T {
      let s = running.get(ctx);
      if (!s) {
        s = create(ctx, opts);
        running.set(ctx, s);
      }
      return s;
    },
    of(ctx: AppContext): T | undefined {
      return running.get(ctx);
    },
    stop(ctx: AppContext): void {
      running.get(ctx)?.stop();
      running.delete(ctx);
    },
  };
}
