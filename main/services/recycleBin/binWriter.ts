// What the bin's bulk writes (a delete of customers, a restore) need of a call, without the call itself: the
// connection they write through (main's, or a writer thread's: binTask.ts), who does it (scope checks), the
// caller's language (audit summaries) and the actor stamped on every row and audit entry of the operation.
import type { TFunction } from 'i18next';
import type { Db } from '../../../db/sql';
import type { SessionUser } from '../../contract/auth';
import type { UserCallContext } from '../../ipc/context';
import { actor } from '../audit/actor';

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
