// A delete of many customers to the bin, or a restore of many records from it, in a writer thread with its own
// connection (main/workers/binWrite.worker.ts, started by softDelete.ts / restore.ts through
// platform/chunkedWrites.ts). The chunks run the same whole step as main's steps (deleteChunk / reviveItems):
// each re-reads its records (another window may have deleted or restored one meanwhile), writes them with
// everything that belongs to them, their rollups and audit rows, in one transaction. A crash or a failing chunk
// leaves the chunks before it done, never a half-deleted customer.
import type { Db } from '../../../db/sql';
import type { SessionUser } from '../../contract/auth';
import { tFor, type Locale } from '../../i18n';
import { withWriterConnection, writeInChunks, type WriterTarget } from '../../platform/chunkedWrites';
import { deleteChunk } from '../customers/softDelete';
import type { Actor, BinWriter } from './binWriter';
import { reviveItems, type Item } from './restore';

interface BinCall extends WriterTarget {
  batchId: string;
  user: SessionUser;
  /** the caller's language: audit summaries */
  locale: Locale;
  /** one time and one actor for every row of the operation */
  who: Actor;
}

/** What a bin task writes: customers to the bin (with `action` on their audit rows), or items back from it. */
export type BinWork = { kind: 'delete'; rows: { id: number; name: string }[]; action: string } | { kind: 'restore'; items: Item[] };

export type BinTask = BinCall & BinWork;

/** What one chunk did: `count` customers deleted / items restored; `done` of `total` have been through a chunk. */
export interface BinChunk {
  count: number;
  /** reminders came back (main wakes its reminder scheduler) */
  reminders: boolean;
  done: number;
  total: number;
}

/** Run the task's chunks on `db` (the worker's connection; tests may pass their own). */
export function runBinChunks(db: Db, task: BinTask, afterChunk: (c: BinChunk) => Promise<void>): Promise<void> {
  const w: BinWriter = { db, user: task.user, t: tFor(task.locale), who: task.who };
  if (task.kind === 'delete') {
    const { action } = task;
    return writeInChunks(db, task.rows, task, (part) => deleteChunk(w, part, task.batchId, action), (count, done, total) =>
      afterChunk({ count, reminders: false, done, total }),
    );
  }
  return writeInChunks(db, task.items, task, (part) => reviveItems(w, part, task.batchId), (r, done, total) =>
    afterChunk({ count: r.restored, reminders: r.reminders, done, total }),
  );
}

/** The worker's whole job: open its own connection, write chunk by chunk, close. */
export function runBinTask(task: BinTask, afterChunk: (c: BinChunk) => Promise<void>): Promise<void> {
  return withWriterConnection(task, (db) => runBinChunks(db, task, afterChunk));
}
