// Runs a backup task in a worker thread. The built app loads dist/workers/backup.worker.js; from the
// TypeScript sources (vitest, tsx) the same worker file is loaded through tsx's require hook.
import { BackupError, type BackupFailure } from './errors';
import type { BackupTask, Progress } from './tasks';
import { startWorker } from '../../platform/appWorkers';

export interface RunningTask<T> {
  result: Promise<T>;
  cancel(): Promise<void>;
}

/** `owner`: the app whose close() waits for this thread (appWorkers.ts) */
export function runInWorker<T>(task: BackupTask, onProgress: Progress = () => {}, owner?: object): RunningTask<T> {
  const worker = startWorker(owner, 'backup', { workerData: { task } });
  let settled = false;
  const result = new Promise<T>((resolve, reject) => {
    worker.on('message', (m: { type: string; progress?: Parameters<Progress>[0]; value?: unknown; error?: { reason: BackupFailure | null; message: string; details?: Record<string, unknown>; code?: string } }) => {
      if (m.type === 'progress' && m.progress) onProgress(m.progress);
      else if (m.type === 'result') {
        settled = true;
        resolve(m.value as T);
      } else if (m.type === 'error' && m.error) {
        settled = true;
        const err = m.error.reason
          ? new BackupError(m.error.reason, m.error.message, m.error.details)
          : Object.assign(new Error(m.error.message), { code: m.error.code });
        reject(err);
      }
    });
    worker.on('error', (e) => {
      if (!settled) reject(e);
      settled = true;
    });
    worker.on('exit', (code) => {
      if (!settled) reject(new BackupError('io', `backup worker stopped (exit ${code})`));
      settled = true;
    });
  });
  return {
    result,
    cancel: async () => {
      await worker.terminate();
    },
  };
}
