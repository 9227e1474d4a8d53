// What the bin's bulk writes (a delete of customers, a restore) need of a call, without the call itself: the
// connection they write through (main's, or a writer thread's: binTask.ts), who does it (scope checks), the
// caller's language (audit summaries) and the actor stamped on every row and audit entry of the operation.
import type { TFunction } from 'i18next';
import type { Db } from '../../../db/sql';
import type { SessionUser } from '../../contract/auth';
import type { UserCallContext } from '../../ipc/context';
import { AppError } from '../../ipc/errors';
import { actor } from '../audit/actor';
import { runChunkedWorker } from '../../platform/chunkedWrites';
import { writersHeld } from '../../platform/appWorkers';
import { checkpointerOf } from '../../app/walCheckpointer';
import type { BinChunk, BinTask, BinWork } from './binTask';

export type Actor = ReturnType<typeof actor>;

export interface BinWriter {
  db: Db;
  user: SessionUser;
  t: TFunction;
  who: Actor;
}

/** The call's own writer on main's connection; `who` fixed once, so every step of one operation has the same time. */
export function binWriterOf(ctx: UserCallContext, who: Actor = actor(ctx)): BinWriter {
  return { db: ctx.app.db, user: ctx.user, t: ctx.t, who };
}

/** Above this many items a delete / restore runs in a writer thread (binTask.ts); up to it, in steps on main. */
export const BIN_WORKER_ABOVE = 200;

/**
 * Run a delete / restore's chunks in the bin's writer thread (main/workers/binWrite.worker.ts) for this call;
 * `onChunk` runs on main after each chunk's COMMIT. Refused (CONFLICT, nothing written) while a restore from
 * backup swaps the database file: no worker connection may open the old one.
 */
export function runBinWorker(ctx: UserCallContext, work: BinWork, batchId: string, who: Actor, onChunk: (c: BinChunk) => void): Promise<void> {
  if (writersHeld(ctx.app)) throw new AppError('CONFLICT', ctx.t('recycleBin.errors.restoreRunning'));
  const task: BinTask = {
    ...work,
    batchId,
    user: ctx.user,
    locale: ctx.locale,
    who,
    dbFile: ctx.app.dbFile,
    nativeBinding: ctx.app.nativeBinding,
    walCheckpointer: checkpointerOf(ctx.app)?.stats.fallback === false,
  };
  return runChunkedWorker<BinTask, BinChunk>('binWrite', task, onChunk, ctx.app);
}
