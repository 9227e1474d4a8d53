// Runs an import/export task in a worker thread (the app's only path) with a time limit, a heap limit and
// a cancel flag shared with the worker. The built app loads dist/workers/import.worker.js; from the
// TypeScript sources (vitest, tsx) the same worker file is loaded through tsx's require hook. Tests may
// switch to 'inline' (same code, in-process) to keep unit tests quick.
import { ImportFileError, type FileReason } from './fileErrors';
import { IMPORT_LIMITS } from './limits';
import { runWorkerTask, type WorkerProgress, type WorkerTask } from './workerTask';
import { startWorker } from '../../platform/appWorkers';

let mode: 'worker' | 'inline' = 'worker';
/** Tests only: run tasks in-process instead of in a worker thread. */
export function setTaskMode(m: 'worker' | 'inline'): void {
  mode = m;
}

export interface RunningTask<T> {
  result: Promise<T>;
  cancel(): void;
  /** the safety snapshot's copy ended (its read transaction no longer pins the file): commit.ts checkpoints again */
  pinReleased(): void;
}

export interface RunOptions {
  onProgress?: (p: WorkerProgress) => void;
  /** a commit is about to write (its file was read and checked): resolve to let it, reject to stop it */
  onReady?: () => Promise<void>;
  timeoutMs: number;
  heapMb?: number;
  /** the app whose close() waits for the thread (appWorkers.ts) */
  owner?: object;
}

export function runTask<T>(task: WorkerTask, opts: RunOptions): RunningTask<T> {
  // [0] cancel, [1] the safety snapshot's copy ended
  const cancelBuf = new SharedArrayBuffer(8);
  const flag = new Int32Array(cancelBuf);
  const cancel = () => Atomics.store(flag, 0, 1);
  const pinReleased = () => Atomics.store(flag, 1, 1);
  if (mode === 'inline') {
    const result = runWorkerTask(task, opts.onProgress ?? (() => {}), () => Atomics.load(flag, 0) === 1, opts.onReady, () => Atomics.load(flag, 1) === 0);
    return { result: result as Promise<T>, cancel, pinReleased };
  }
  const worker = startWorker(opts.owner, 'import', {
    workerData: { task, cancel: cancelBuf },
    resourceLimits: { maxOldGenerationSizeMb: opts.heapMb ?? IMPORT_LIMITS.workerHeapMb, maxYoungGenerationSizeMb: IMPORT_LIMITS.workerYoungMb },
  });
  let settled = false;
  const result = new Promise<T>((resolve, reject) => {
    const done = (f: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      f();
    };
    const timer = setTimeout(() => {
      done(() => reject(new ImportFileError('timeout', { seconds: Math.round(opts.timeoutMs / 1000) })));
      void worker.terminate();
    }, opts.timeoutMs);
    worker.on('message', (m: { type: string; progress?: WorkerProgress; value?: unknown; error?: { reason: FileReason | null; params?: Record<string, string | number>; message: string; code?: string } }) => {
      if (m.type === 'progress' && m.progress) opts.onProgress?.(m.progress);
      else if (m.type === 'ready')
        (opts.onReady ?? (async () => {}))().then(
          () => worker.postMessage({ type: 'go' }),
          (e: unknown) => {
            done(() => reject(e));
            void worker.terminate();
          },
        );
      else if (m.type === 'result') done(() => resolve(m.value as T));
      else if (m.type === 'error' && m.error) {
        const e = m.error;
        done(() => reject(e.reason ? new ImportFileError(e.reason, e.params) : Object.assign(new Error(e.message), { code: e.code })));
      }
    });
    worker.on('error', (e: Error & { code?: string }) =>
      done(() => reject(e.code === 'ERR_WORKER_OUT_OF_MEMORY' ? new ImportFileError('memory') : e)),
    );
    worker.on('exit', (code) => done(() => reject(new ImportFileError(code === 1 ? 'memory' : 'corrupt'))));
  });
  return { result, cancel, pinReleased };
}
