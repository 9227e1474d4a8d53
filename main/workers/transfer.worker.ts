// Worker thread for a big 变更所属人 (more customers than one quick transaction on main): moving 10,000
// customers with their deals, rollups and audit rows takes seconds at 1M, and better-sqlite3 is synchronous, so
// it must not run on main's event loop. Started by main/services/transfer/transferRunner.ts; the work itself is
// main/services/transfer/transferTask.ts. After each chunk it posts the chunk and waits for main's go.
import { parentPort, workerData } from 'node:worker_threads';
import { runTransferTask, type TransferChunk, type TransferTask } from '../services/transfer/transferTask';

const port = parentPort!;
const afterChunk = (chunk: TransferChunk) =>
  new Promise<void>((resolve) => {
    port.once('message', () => resolve());
    port.postMessage({ type: 'chunk', chunk });
  });
runTransferTask((workerData as { task: TransferTask }).task, afterChunk).then(
  () => port.postMessage({ type: 'done' }),
  (e: unknown) => port.postMessage({ type: 'error', error: { message: String((e as Error)?.message ?? e), code: (e as { code?: unknown })?.code ?? null } }),
);
