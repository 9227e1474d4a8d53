// Worker thread for backup, verify and restore staging: SQLite and file work that must not run on
// the main thread (better-sqlite3 is synchronous). Started by main/services/backup/runner.ts.
import { parentPort, workerData } from 'node:worker_threads';
import { runTask, type BackupTask } from '../services/backup/tasks';
import { BackupError } from '../services/backup/errors';
import { lowerThreadPriority } from '../platform/threadClock';

const port = parentPort!;
const task = (workerData as { task: BackupTask }).task;
// Copies (automatic, manual, and the pinned snapshot an import writes beside) and the checks that follow
// them are background work: when the cores are busy, main's event loop and an import's writer go first.
// A verify or a restore the user waits on keeps its priority.
if (task.op === 'create' || task.op === 'check') lowerThreadPriority(5);
let last = 0;
runTask(task, (p) => {
  // at most ~20 progress messages a second, plus the last one of each phase
  const now = Date.now();
  if (now - last < 50 && p.done < p.total) return;
  last = now;
  port.postMessage({ type: 'progress', progress: p });
}).then(
  (value) => port.postMessage({ type: 'result', value }),
  (e: unknown) =>
    port.postMessage({
      type: 'error',
      error:
        e instanceof BackupError
          ? { reason: e.reason, message: e.message, details: e.details }
          : { reason: null, message: String((e as Error)?.message ?? e), code: (e as { code?: unknown })?.code ?? null, stack: (e as Error)?.stack },
    }),
);
