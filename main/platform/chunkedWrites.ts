// Long writes in a worker thread with its own connection, chunk by chunk (the big 变更所属人, and a delete or
// restore of many customers). better-sqlite3 is synchronous: a write run on main blocks every window while it
// runs, so main's bulk writes had to go in ~30 ms steps, and at 1M customers those steps still blocked main
// 100–160 ms now and then (a step meeting pages the cache does not hold, plus a garbage collection), and took
// 2–2.5× the work of bigger transactions (every step's COMMIT rewrote the same index pages). In a worker, chunks
// aim at `budgetMs` (main's own writes wait at most that long for the lock, as for an import's chunks) and main
// is never blocked at all.
//
// Protocol: each chunk is one IMMEDIATE transaction, whole. After its COMMIT the worker posts the chunk's result
// and waits for main's go, which main sends one event-loop turn later: main reports progress (and other windows'
// calls run) between chunks. A crash or a failing chunk leaves the chunks before it done, never a part of one.
//
// Worker side: writeInChunks (tests may pass their own connection), withWriterConnection, serveChunks (the
// worker file's body). Main side: runChunkedWorker.
import Database from 'better-sqlite3';
import { parentPort, workerData } from 'node:worker_threads';
import { applyPragmas } from '../../db/connection';
import { Db } from '../../db/sql';
import { StepSizer } from './inSteps';
import { startWorker } from './appWorkers';
import { releasePageCache } from './pageCache';

export interface ChunkLimits {
  /** a chunk's transaction aims at this long (main's writes may wait that long for the lock) */
  budgetMs: number;
  firstRows: number;
  minRows: number;
  maxRows: number;
}

export const CHUNK_LIMITS: ChunkLimits = { budgetMs: 250, firstRows: 50, minRows: 20, maxRows: 5000 };

/** Where a writer thread writes: the live database file, and whether main's WAL checkpointer runs. */
export interface WriterTarget {
  dbFile: string;
  nativeBinding?: string;
  /** main's WAL checkpointer runs (PASSIVE checkpoints on its own thread): leave checkpoints to it */
  walCheckpointer: boolean;
  limits?: Partial<ChunkLimits>;
}

/** Pages of log past which this connection checkpoints by itself while main's checkpointer runs (as an import's). */
const CHECKPOINTER_WAL_PAGES = 16384;

/**
 * `chunk` each slice of `items` in its own transaction on `db`, slices sized so one takes about budgetMs;
 * `after` is awaited after each COMMIT with the chunk's result and how many items have been through a chunk.
 */
export async function writeInChunks<T, R>(
  db: Db,
  items: readonly T[],
  target: Pick<WriterTarget, 'walCheckpointer' | 'limits'>,
  chunk: (part: readonly T[]) => R,
  after: (result: R, done: number, total: number) => Promise<void>,
): Promise<void> {
  const limits = { ...CHUNK_LIMITS, ...target.limits };
  const sizer = new StepSizer({ first: limits.firstRows, aimMs: limits.budgetMs, min: limits.minRows, max: limits.maxRows, growth: 2 });
  const raw = db.raw;
  raw.pragma(`wal_autocheckpoint = ${target.walCheckpointer ? CHECKPOINTER_WAL_PAGES : 1000}`);
  try {
    for (let done = 0; done < items.length; ) {
      const part = items.slice(done, done + sizer.size);
      const last = done + part.length >= items.length;
      // chunks before the last commit without an fsync of the log; the last one's (FULL) makes them all durable
      raw.pragma(`synchronous = ${last ? 'FULL' : 'NORMAL'}`);
      const t = performance.now();
      const r = db.tx(() => chunk(part));
      sizer.next(part.length, performance.now() - t);
      done += part.length;
      await after(r, done, items.length);
    }
  } finally {
    if (raw.open) {
      raw.pragma('synchronous = FULL');
      raw.pragma('wal_autocheckpoint = 1000');
    }
  }
}

/** Open the worker's own connection to the live file, run, close. */
export async function withWriterConnection<T>(target: WriterTarget, run: (db: Db) => Promise<T>): Promise<T> {
  const raw = new Database(target.dbFile, { fileMustExist: true, nativeBinding: target.nativeBinding });
  try {
    applyPragmas(raw);
    return await run(new Db(raw));
  } finally {
    raw.close();
  }
}

/**
 * A worker file's whole body: run the task it was started with; after each chunk post it to main and wait for
 * main's go; then 'done', or 'error' with the message and code (an AppError's code survives the thread).
 */
export function serveChunks<Task, C>(run: (task: Task, afterChunk: (c: C) => Promise<void>) => Promise<void>): void {
  const port = parentPort!;
  const afterChunk = (chunk: C) =>
    new Promise<void>((resolve) => {
      port.once('message', () => resolve());
      port.postMessage({ type: 'chunk', chunk });
    });
  run((workerData as { task: Task }).task, afterChunk).then(
    () => port.postMessage({ type: 'done' }),
    (e: unknown) => port.postMessage({ type: 'error', error: { message: String((e as Error)?.message ?? e), code: (e as { code?: unknown })?.code ?? null } }),
  );
}

/**
 * Main's side: start worker `name` (main/workers/<name>.worker.ts) with `task`; `onChunk` runs on main after each
 * chunk's COMMIT, before the worker may start the next one. `owner`: the app whose close() and restore wait for
 * the thread (appWorkers.ts); the owner's connection lets its page cache go meanwhile (pageCache.ts). If onChunk
 * throws, the worker is stopped there (the chunks so far stay done).
 */
export function runChunkedWorker<Task, C>(name: string, task: Task, onChunk: (c: C) => void, owner?: { db: Db }): Promise<void> {
  const worker = startWorker(owner, name, { workerData: { task } }, { writes: true });
  // the worker's first commit makes main's cached pages stale: let them go now, in steps (pageCache.ts)
  if (owner) void releasePageCache(owner.db);
  return new Promise<void>((resolve, reject) => {
    let settled = false;
    const settle = (f: () => void) => {
      if (!settled) f();
      settled = true;
    };
    worker.on('message', (m: { type: string; chunk?: C; error?: { message: string; code: string | null } }) => {
      if (m.type === 'chunk' && m.chunk) {
        try {
          onChunk(m.chunk);
        } catch (e) {
          settle(() => reject(e));
          void worker.terminate();
          return;
        }
        setImmediate(() => worker.postMessage({ type: 'go' }));
      } else if (m.type === 'done') settle(resolve);
      else if (m.type === 'error' && m.error) {
        const { message, code } = m.error;
        settle(() => reject(Object.assign(new Error(message), { code })));
      }
    });
    worker.on('error', (e) => settle(() => reject(e)));
    worker.on('exit', (code) => settle(() => reject(new Error(`${name} worker stopped (exit ${code})`))));
  });
}
