// FTS5 segment merges off the main thread. Every commit that touches a search index writes a new small
// segment; with FTS5's default (automerge = 4) the commit that crosses each 64 leaf pages written also merges
// segments, on the main thread inside a user's request (at 1M customers: 36-52 ms every 64th create).
// Migration 0020 sets automerge = 0 on every FTS5 table the app writes, and this module has a worker
// (main/workers/ftsMerge.worker.ts) merge them in short, paced steps whenever something was written.
// crisismerge stays at FTS5's 16: if the worker cannot keep up (or cannot run), the writer itself merges a
// level once it holds 16 segments, so the index never degrades without bound.
import fs from 'node:fs';
import type { Worker } from 'node:worker_threads';
import type { AppContext } from '../ipc/context';
import { perApp } from './perApp';
import type { MergeReply, MergeRequest } from '../workers/ftsMerge.worker';
import { startWorker } from '../platform/appWorkers';
import { askWorker } from '../platform/askWorker';

/** every FTS5 table the app writes (grep "USING fts5" db/migrations) */
export const FTS_TABLES = ['customer_fts', 'customer_grams', 'deal_name_tri', 'deal_name_grams', 'follow_up_text', 'follow_up_grams'] as const;

export interface FtsMerger {
  /** waits for a round in flight and starts no new one until resume() (a restore swaps the file) */
  pause(): Promise<void>;
  resume(): void;
  /** one round now if anything was written since the last one (tests); resolves when it has finished */
  tick(force?: boolean): Promise<void>;
  stop(): void;
  readonly stats: { rounds: number; steps: number; worked: number; mergeMs: number; maxStepMs: number; busy: number; yielded: number; cpuMs: number; failures: number; fallback: boolean };
}

export interface FtsMergerOptions {
  /** how often main looks for new writes (default 1,000 ms) */
  intervalMs?: number;
  /** leaf pages per merge step (default 32: ~2-4 ms at 1M) */
  pages?: number;
  /** pause between steps (default 20 ms) */
  gapMs?: number;
  /** a step waits until no other connection has committed for this long (default 250 ms) */
  quietMs?: number;
  /** longest round (default 2,000 ms; the next one goes on) */
  budgetMs?: number;
  nativeBinding?: string;
  /** timer on (default); tests call tick() */
  autoStart?: boolean;
}

export function startFtsMerger(ctx: AppContext, opts: FtsMergerOptions = {}): FtsMerger {
  const stats = { rounds: 0, steps: 0, worked: 0, mergeMs: 0, maxStepMs: 0, busy: 0, yielded: 0, cpuMs: 0, failures: 0, fallback: false };
  let worker: Worker | null = null;
  let inFlight: Promise<void> | null = null;
  let paused = false;
  let stopped = false;
  /** main's own writes (total_changes) and the log file's size and time (any connection's commit) at the last round's end */
  let seen = '';
  let unfinished = false;
  let failedInARow = 0;
  /** shared with the worker: 1 = end the round now */
  const cancel = new Int32Array(new SharedArrayBuffer(4));
  const cancelRound = () => {
    Atomics.store(cancel, 0, 1);
    Atomics.notify(cancel, 0);
  };

  const fallBack = (why: string) => {
    if (stats.fallback) return;
    stats.fallback = true;
    // the indexes stay correct: the writers' crisis merges (16 segments a level) bound the segment count
    ctx.log.warn('FTS merge worker unavailable: search indexes merge only when a level fills up', { error: why });
  };

  const getWorker = (): Worker => {
    if (worker) return worker;
    const w = startWorker(ctx, 'ftsMerge');
    w.unref(); // never keeps the process alive
    w.on('error', (e) => {
      ctx.log.error('FTS merge worker failed', { error: e.message });
      worker = null;
      fallBack(e.message);
    });
    w.on('exit', () => {
      if (worker === w) worker = null;
    });
    worker = w;
    return w;
  };

  // What was written since the last round, without a lock: main's own changes (a counter of the connection)
  // and the log file's size and time (every connection's commit appends to it). Not PRAGMA data_version: it
  // opens a read transaction, which waited 20–50 ms on main while a backup's worker checkpointed the log (the
  // bench's backup row saw main blocked 51–70 ms, all of it in this pragma on the 1 s timer).
  const writeMark = (): string | null => {
    const raw = ctx.db.raw;
    if (!raw.open) return null;
    const n = raw.prepare('SELECT total_changes()').pluck().get() as number;
    let log = '-';
    try {
      const st = fs.statSync(`${ctx.dbFile}-wal`);
      log = `${st.size}:${st.mtimeMs}`;
    } catch {
      // no log file (between a checkpoint's truncation and the next write): nothing written since
    }
    return `${log}:${n}`;
  };

  const round = async (): Promise<void> => {
    const req: MergeRequest = {
      file: ctx.dbFile,
      nativeBinding: opts.nativeBinding ?? ctx.nativeBinding,
      tables: FTS_TABLES,
      pages: opts.pages ?? 32,
      gapMs: opts.gapMs ?? 20,
      quietMs: opts.quietMs ?? 250,
      budgetMs: opts.budgetMs ?? 2000,
      cancel: cancel.buffer as SharedArrayBuffer,
    };
    Atomics.store(cancel, 0, 0);
    const reply = await askWorker<MergeReply>(getWorker(), req);
    if (!reply) {
      stats.failures++;
      return;
    }
    stats.rounds++;
    if (reply.ok) {
      stats.steps += reply.steps;
      stats.worked += reply.worked;
      stats.mergeMs += reply.mergeMs;
      stats.cpuMs += reply.cpuMs;
      stats.busy += reply.busy;
      stats.yielded += reply.yielded;
      stats.maxStepMs = Math.max(stats.maxStepMs, reply.maxStepMs);
      unfinished = reply.unfinished.length > 0;
      failedInARow = 0;
    } else {
      stats.failures++;
      ctx.log.warn('FTS merge failed', { error: reply.error });
      // the same error every second helps no one: stop, the writers' crisis merges bound the indexes
      if (++failedInARow >= 3) fallBack(reply.error);
    }
  };

  const tick = async (force = false): Promise<void> => {
    if (stopped || paused || stats.fallback) return;
    if (inFlight) return inFlight;
    const mark = writeMark();
    if (mark === null) return; // closed (a restore reopens it)
    if (!force && !unfinished && mark === seen) return;
    inFlight = round().finally(() => {
      inFlight = null;
      seen = writeMark() ?? '';
    });
    return inFlight;
  };

  const timer = opts.autoStart === false ? null : setInterval(() => void tick(), opts.intervalMs ?? 1000);
  timer?.unref();

  return {
    stats,
    tick,
    async pause() {
      paused = true;
      cancelRound();
      await inFlight;
    },
    resume() {
      paused = false;
    },
    stop() {
      stopped = true;
      if (timer) clearInterval(timer);
      cancelRound();
      // the round ends after its current step (and closes its connection), then the thread goes
      const w = worker;
      worker = null;
      if (w) void (inFlight ?? Promise.resolve()).then(() => w.terminate());
    },
  };
}

/** the running app's FtsMerger (started by createApp, stopped on close) */
export const { start: startFtsMerges, of: ftsMergerOf, stop: stopFtsMerges } = perApp(startFtsMerger);
