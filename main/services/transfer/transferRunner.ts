// Runs a big transfer in a worker thread with its own connection (see transferTask.ts). The built app loads
// dist/workers/transfer.worker.js; from the TypeScript sources (vitest, tsx) the same worker file is loaded
// through tsx's require hook (platform/workerScript.ts).
import { startWorker } from '../../platform/appWorkers';
import type { TransferChunk, TransferTask } from './transferTask';

/**
 * `onChunk` runs on main after each chunk's COMMIT, before the worker may start the next one (the worker waits
 * for main's go, sent one event-loop turn later so other windows' calls get theirs). `owner`: the app whose
 * close() waits for the thread (appWorkers.ts).
 */
export function runTransferWorker(task: TransferTask, onChunk: (c: TransferChunk) => void, owner?: object): Promise<void> {
  const worker = startWorker(owner, 'transfer', { workerData: { task } }, { writes: true });
  return new Promise<void>((resolve, reject) => {
    let settled = false;
    const settle = (f: () => void) => {
      if (!settled) f();
      settled = true;
    };
    worker.on('message', (m: { type: string; chunk?: TransferChunk; error?: { message: string; code: string | null } }) => {
      if (m.type === 'chunk' && m.chunk) {
        try {
          onChunk(m.chunk);
        } catch (e) {
          // the chunk is committed; stop here (the chunks so far are a prefix of the batch, undoable by its id)
          settle(() => reject(e));
          void worker.terminate();
          return;
        }
        setImmediate(() => worker.postMessage({ type: 'go' }));
      } else if (m.type === 'done') settle(resolve);
      else if (m.type === 'error' && m.error) {
        const { message, code } = m.error;
        settle(() => reject(Object.assign(new Error(message), { code })));
      }
    });
    worker.on('error', (e) => settle(() => reject(e)));
    worker.on('exit', (code) => settle(() => reject(new Error(`transfer worker stopped (exit ${code})`))));
  });
}
