// Runs the report time zone change in a worker thread with its own connection (see timezoneTask.ts). The built
// app loads dist/workers/reportsTimezone.worker.js; from the TypeScript sources (vitest, tsx) the same worker
// file is loaded through tsx's require hook, as backup/runner.ts does.
import type { TimezoneProgress, TimezoneResult, TimezoneTask } from './timezoneTask';
import { startWorker } from '../../platform/appWorkers';

/** `owner`: the app whose close() waits for the thread (appWorkers.ts) */
export function runTimezoneWorker(task: TimezoneTask, onProgress: (p: TimezoneProgress) => void = () => {}, owner?: object): Promise<TimezoneResult> {
  const worker = startWorker(owner, 'reportsTimezone', { workerData: { task } });
  return new Promise<TimezoneResult>((resolve, reject) => {
    let settled = false;
    const settle = (f: () => void) => {
      if (!settled) f();
      settled = true;
    };
    worker.on('message', (m: { type: string; progress?: TimezoneProgress; value?: TimezoneResult; error?: { message: string; code: string | null } }) => {
      if (m.type === 'progress' && m.progress) onProgress(m.progress);
      else if (m.type === 'result') settle(() => resolve(m.value!));
      else if (m.type === 'error' && m.error) {
        const { message, code } = m.error;
        settle(() => reject(Object.assign(new Error(message), { code })));
      }
    });
    worker.on('error', (e) => settle(() => reject(e)));
    worker.on('exit', (code) => settle(() => reject(new Error(`report time zone worker stopped (exit ${code})`))));
  });
}
