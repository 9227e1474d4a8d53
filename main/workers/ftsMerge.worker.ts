// Worker thread: merges the FTS5 search indexes' segments in small, paced transactions when main asks.
// The indexes run with automerge = 0 (migration 0020), so a commit on main only writes its own new segment
// and never merges (at 1M, every 64th customer commit used to merge for 36-52 ms on the main thread).
// Each step here is one `INSERT INTO t(t, rank) VALUES('merge', pages)` in its own transaction: it holds
// the write lock for a few ms, then the worker sleeps `gapMs` so a write on main waits at most one step.
// A connection is opened per request and closed after it (as the checkpoint worker does): between requests
// nothing here holds the file, which a restore swaps.
import fs from 'node:fs';
import { parentPort } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { lowerThreadPriority } from '../platform/threadClock';
import { ftsMergeStep } from '../services/recycleBin/ftsMerge';

// background work: when the cores are busy, main's event loop goes first (merges can wait)
lowerThreadPriority(5);

export interface MergeRequest {
  file: string;
  nativeBinding?: string;
  tables: readonly string[];
  /** leaf pages written per step ('merge', N) */
  pages: number;
  /** pause between two steps, so main's writes get the lock */
  gapMs: number;
  /** a step goes only when no other connection has committed for this long */
  quietMs: number;
  /** stop after this long (the next request goes on where this one stopped) */
  budgetMs: number;
  /** Int32Array cell set to 1 by main to end the round at once (pause for a restore, app closing) */
  cancel?: SharedArrayBuffer;
}

export interface MergeStats {
  steps: number;
  /** steps that did work (a step that finds nothing to merge changes fewer than 2 rows) */
  worked: number;
  /** time holding the write lock (merge + commit), and the longest hold (what a write on main may wait for) */
  mergeMs: number;
  maxStepMs: number;
  /** steps put off because the write lock was taken (someone was writing) */
  busy: number;
  /** pauses because another connection had committed less than quietMs before */
  yielded: number;
  /** tables that still had work when the budget ran out */
  unfinished: string[];
  /** this thread's CPU time for the round (Linux /proc; 10 ms ticks), 0 elsewhere */
  cpuMs: number;
}

export type MergeReply = ({ ok: true } & MergeStats) | { ok: false; error: string };

/** CPU time of the calling thread in ms (utime + stime of /proc/thread-self/stat), or 0 */
function threadCpuMs(): number {
  try {
    const f = fs.readFileSync('/proc/thread-self/stat', 'utf8');
    const parts = f.slice(f.lastIndexOf(')') + 2).split(' ');
    return ((Number(parts[11]) + Number(parts[12])) * 1000) / 100; // fields 14, 15; USER_HZ = 100
  } catch {
    return 0;
  }
}

export function mergeRound(db: Database.Database, m: Omit<MergeRequest, 'file' | 'nativeBinding'>): MergeStats {
  const stats: MergeStats = { steps: 0, worked: 0, mergeMs: 0, maxStepMs: 0, busy: 0, yielded: 0, unfinished: [], cpuMs: 0 };
  const cpu0 = threadCpuMs();
  const flag = new Int32Array(m.cancel ?? new SharedArrayBuffer(4));
  // sleeps on the cancel cell: main's Atomics.notify ends the pause at once
  const sleep = (ms: number) => {
    if (ms > 0) Atomics.wait(flag, 0, 0, ms);
  };
  const deadline = performance.now() + m.budgetMs;
  const pages = Math.max(1, Math.floor(m.pages));
  // data_version moves when another connection (main, an import) commits. A step goes only after `quietMs`
  // without such a commit and only if the lock is free at that moment (no busy wait here): a worker that
  // queued for the lock would take it between two steps of main's bulk work, and main — whose busy handler
  // sleeps 1, 2, 5 … 100 ms between tries — would then wait much longer than the step itself.
  const version = () => db.pragma('data_version', { simple: true }) as number;
  let seen = version();
  // main asks for a round right after it wrote: count from now
  let lastChange = performance.now();
  const quiet = (): boolean => {
    const v = version();
    if (v !== seen) {
      seen = v;
      lastChange = performance.now();
    }
    return performance.now() - lastChange >= m.quietMs;
  };
  for (const t of m.tables) {
    const merge = ftsMergeStep(db, t, pages);
    for (;;) {
      if (Atomics.load(flag, 0) !== 0 || performance.now() >= deadline) {
        stats.unfinished.push(t);
        break;
      }
      if (!quiet()) {
        stats.yielded++;
        sleep(Math.min(m.gapMs || m.quietMs, m.quietMs - (performance.now() - lastChange)));
        continue;
      }
      try {
        db.exec('BEGIN IMMEDIATE');
      } catch (e) {
        if (!String((e as { code?: string }).code).startsWith('SQLITE_BUSY')) throw e;
        // someone is writing right now: wait for the next quiet gap
        lastChange = performance.now();
        stats.busy++;
        continue;
      }
      const t0 = performance.now();
      let worked: boolean;
      try {
        worked = merge();
        db.exec('COMMIT');
      } finally {
        if (db.inTransaction) db.exec('ROLLBACK');
      }
      const ms = performance.now() - t0;
      stats.steps++;
      stats.mergeMs += ms;
      if (ms > stats.maxStepMs) stats.maxStepMs = ms;
      if (!worked) break; // nothing left to merge
      stats.worked++;
      sleep(m.gapMs);
    }
  }
  stats.cpuMs = threadCpuMs() - cpu0;
  return stats;
}

parentPort?.on('message', (m: MergeRequest) => {
  let reply: MergeReply;
  try {
    const db = new Database(m.file, { fileMustExist: true, nativeBinding: m.nativeBinding });
    try {
      // never queue for the lock (see mergeRound); a step that finds it taken waits for the next quiet gap
      db.pragma('busy_timeout = 0');
      // as on main (db/connection.ts): merged-away pages are zeroed, so purged text leaves the file
      db.pragma('secure_delete = ON');
      // a merge lost to a power cut is merged again later, and the next commit on main (synchronous = FULL)
      // syncs the log with it: no fsync inside the write lock here, so main waits less
      db.pragma('synchronous = NORMAL');
      reply = { ok: true, ...mergeRound(db, m) };
    } finally {
      db.close();
    }
  } catch (e) {
    reply = { ok: false, error: e instanceof Error ? e.message : String(e) };
  }
  parentPort!.postMessage(reply);
});
