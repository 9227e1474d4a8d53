// Worker thread for spreadsheet import (preview and commit) and big exports: parsing a file and writing
// thousands of rows must never block main's event loop (better-sqlite3 is synchronous). Started by
// main/services/import/runner.ts, which also enforces the time limit and the heap limit.
import { parentPort, workerData } from 'node:worker_threads';
import { runWorkerTask, type WorkerTask } from '../services/import/workerTask';
import { ImportFileError } from '../services/import/fileErrors';
import { helperMain, type SearchFeedJob } from '../services/import/searchFeed';

const port = parentPort!;
const { task, cancel, searchFeed } = workerData as { task: WorkerTask; cancel: SharedArrayBuffer; searchFeed?: SearchFeedJob };
const flag = new Int32Array(cancel ?? new SharedArrayBuffer(4));
let last = 0;
// a commit's helper thread (searchFeed.ts): computes search fields for the writer thread, then ends
if (searchFeed) helperMain(searchFeed);
else runWorkerTask(
  task,
  (p) => {
    const now = Date.now();
    if (now - last < 100 && p.done < p.total) return; // at most ~10 progress messages a second
    last = now;
    port.postMessage({ type: 'progress', progress: p });
  },
  () => Atomics.load(flag, 0) === 1,
  // a commit about to write: ask main (it takes the safety snapshot first) and wait for its go
  () =>
    new Promise<void>((resolve) => {
      port.once('message', () => resolve());
      port.postMessage({ type: 'ready' });
    }),
  () => Atomics.load(flag, 1) === 0,
).then(
  (value) => port.postMessage({ type: 'result', value }),
  (e: unknown) =>
    port.postMessage({
      type: 'error',
      error:
        e instanceof ImportFileError
          ? { reason: e.reason, params: e.params, message: e.message }
          : { reason: null, message: String((e as Error)?.message ?? e), code: (e as { code?: unknown })?.code ?? null, stack: (e as Error)?.stack },
    }),
);
