// The big 变更所属人 on its own connection, in a worker thread (main/workers/transfer.worker.ts, started by
// transferRunner.ts). Why not steps on main: main's steps had to stay near 30 ms (main's event loop is blocked
// while one runs), and at 1M customers a 30 ms step moves ~40 customers; every step's COMMIT then rewrites the
// same owner-index and rollup pages again (18 covering indexes hold the owner), and the steps waited for the
// checkpointer to keep the log short. 10,000 customers: ~230 steps, 2.5× the work of one transaction.
// Here chunks aim at `budgetMs` (as an import's chunks: main's own writes wait at most that long for the lock)
// and main is never blocked at all.
//
// Each chunk is one IMMEDIATE transaction, whole: its customers (re-read: another window may have moved or
// deleted one since), their open deals and reminders, rollups, audit rows. After each chunk the worker hands
// main the chunk's result and waits for main's go, so main reports progress (and other windows' calls run)
// between chunks. A crash or a failing chunk leaves the chunks before it done (a prefix of the batch, which
// audit:undoBatch undoes), never a half-moved customer.
import Database from 'better-sqlite3';
import { applyPragmas } from '../../../db/connection';
import { Db } from '../../../db/sql';
import { StepSizer } from '../../platform/inSteps';
import { currentTargets, moveOwners, type TransferScope, type TransferStepInput, type TransferTarget } from './transferStep';

export interface TransferTask {
  dbFile: string;
  nativeBinding?: string;
  /** the customers to move, in the order they go */
  ids: number[];
  scope: TransferScope;
  step: TransferStepInput;
  /** main's WAL checkpointer runs (PASSIVE checkpoints on its own thread): leave checkpoints to it */
  walCheckpointer: boolean;
  limits?: Partial<TransferLimits>;
}

export interface TransferLimits {
  /** a chunk's transaction aims at this long (main's writes may wait that long for the lock) */
  budgetMs: number;
  firstRows: number;
  minRows: number;
  maxRows: number;
}

export const TRANSFER_LIMITS: TransferLimits = { budgetMs: 250, firstRows: 50, minRows: 20, maxRows: 5000 };

/** What one chunk did; `done` of `total` customers have been through a chunk. */
export interface TransferChunk {
  moved: TransferTarget[];
  deals: number;
  reminders: number;
  done: number;
  total: number;
}

/** Pages of log past which this connection checkpoints by itself while main's checkpointer runs (as an import's). */
const CHECKPOINTER_WAL_PAGES = 16384;

/**
 * Move every customer of the task in chunks on `db` (the worker's connection; tests may pass their own).
 * `afterChunk` is awaited after each chunk's COMMIT: the worker posts the chunk to main there and waits for its go.
 */
export async function runTransferChunks(db: Db, task: TransferTask, afterChunk: (c: TransferChunk) => Promise<void>): Promise<void> {
  const limits = { ...TRANSFER_LIMITS, ...task.limits };
  const sizer = new StepSizer({ first: limits.firstRows, aimMs: limits.budgetMs, min: limits.minRows, max: limits.maxRows, growth: 2 });
  const raw = db.raw;
  raw.pragma(`wal_autocheckpoint = ${task.walCheckpointer ? CHECKPOINTER_WAL_PAGES : 1000}`);
  try {
    for (let done = 0; done < task.ids.length; ) {
      const part = task.ids.slice(done, done + sizer.size);
      const last = done + part.length >= task.ids.length;
      // chunks before the last commit without an fsync of the log; the last one's (FULL) makes them all durable
      raw.pragma(`synchronous = ${last ? 'FULL' : 'NORMAL'}`);
      const t = performance.now();
      const r = db.tx(() => moveOwners(db, currentTargets(db, task.scope, part, task.step.to), task.step));
      sizer.next(part.length, performance.now() - t);
      done += part.length;
      await afterChunk({ moved: r.moved, deals: r.deals, reminders: r.reminders, done, total: task.ids.length });
    }
  } finally {
    if (raw.open) {
      raw.pragma('synchronous = FULL');
      raw.pragma('wal_autocheckpoint = 1000');
    }
  }
}

/** The worker's whole job: open its own connection, move the customers chunk by chunk, close. */
export async function runTransferTask(task: TransferTask, afterChunk: (c: TransferChunk) => Promise<void>): Promise<void> {
  const raw = new Database(task.dbFile, { fileMustExist: true, nativeBinding: task.nativeBinding });
  try {
    applyPragmas(raw);
    await runTransferChunks(new Db(raw), task, afterChunk);
  } finally {
    raw.close();
  }
}
