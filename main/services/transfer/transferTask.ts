// The big 变更所属人 on its own connection, in a worker thread (main/workers/transfer.worker.ts, started by
// transferCustomers.ts through platform/chunkedWrites.ts). Why not steps on main: main's steps had to stay near
// 30 ms (main's event loop is blocked while one runs), and at 1M customers a 30 ms step moves ~40 customers;
// every step's COMMIT then rewrote the same owner-index and rollup pages again (18 covering indexes hold the
// owner), and the steps waited for the checkpointer to keep the log short. 10,000 customers: ~230 steps, 2.5×
// the work of one transaction.
//
// Each chunk is one transaction, whole: its customers (re-read: another window may have moved or deleted one
// since), their open deals and reminders, rollups, audit rows. A crash or a failing chunk leaves the chunks
// before it done (a prefix of the batch, which audit:undoBatch undoes), never a half-moved customer.
import type { Db } from '../../../db/sql';
import { withWriterConnection, writeInChunks, type WriterTarget } from '../../platform/chunkedWrites';
import { currentTargets, moveOwners, type TransferScope, type TransferStepInput, type TransferTarget } from './transferStep';

export interface TransferTask extends WriterTarget {
  /** the customers to move, in the order they go */
  ids: number[];
  scope: TransferScope;
  step: TransferStepInput;
}

/** What one chunk did; `done` of `total` customers have been through a chunk. */
export interface TransferChunk {
  moved: TransferTarget[];
  deals: number;
  reminders: number;
  done: number;
  total: number;
}

/**
 * Move every customer of the task in chunks on `db` (the worker's connection; tests may pass their own).
 * `afterChunk` is awaited after each chunk's COMMIT: the worker posts the chunk to main there and waits for its go.
 */
export function runTransferChunks(db: Db, task: TransferTask, afterChunk: (c: TransferChunk) => Promise<void>): Promise<void> {
  return writeInChunks(
    db,
    task.ids,
    task,
    (part) => moveOwners(db, currentTargets(db, task.scope, part, task.step.to), task.step),
    (r, done, total) => afterChunk({ moved: r.moved, deals: r.deals, reminders: r.reminders, done, total }),
  );
}

/** The worker's whole job: open its own connection, move the customers chunk by chunk, close. */
export function runTransferTask(task: TransferTask, afterChunk: (c: TransferChunk) => Promise<void>): Promise<void> {
  return withWriterConnection(task, (db) => runTransferChunks(db, task, afterChunk));
}
