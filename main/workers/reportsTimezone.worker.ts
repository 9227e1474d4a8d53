// Worker thread for the report time zone change: recomputing every rollup takes minutes at 1M rows and
// better-sqlite3 is synchronous, so it must not run on main's event loop. Started by
// main/services/reports/timezoneRunner.ts; the work itself is main/services/reports/timezoneTask.ts.
import { parentPort, workerData } from 'node:worker_threads';
import { runTimezoneTask, type TimezoneTask } from '../services/reports/timezoneTask';

const port = parentPort!;
try {
  const value = runTimezoneTask((workerData as { task: TimezoneTask }).task, (progress) => port.postMessage({ type: 'progress', progress }));
  port.postMessage({ type: 'result', value });
} catch (e) {
  port.postMessage({ type: 'error', error: { message: String((e as Error)?.message ?? e), code: (e as { code?: unknown })?.code ?? null } });
}
