// Checkpoints off the main thread. With SQLite's default (wal_autocheckpoint = 1000 pages) the commit that
// crosses the threshold runs the checkpoint itself — on the main thread, inside a user's request: at 1M
// customers that made one create in ~25 take 2-4 ms instead of ~1 ms (bench: create p95 2.4 → 1.5 ms with
// the checkpoint moved out). Here the main connection's automatic checkpoint is off and a small worker
// (main/workers/walCheckpoint.worker.ts) runs a PASSIVE checkpoint whenever the -wal file has grown past the
// same threshold. If the worker cannot run, the main connection gets its automatic checkpoint back, so the
// log never grows without bound. Workers' own connections (import, backup) keep SQLite's default.
import fs from 'node:fs';
import type { Worker } from 'node:worker_threads';
import type { AppContext } from '../ipc/context';
import { perApp } from './perApp';
import type { Db } from '../../db/sql';
import type { CheckpointReply } from '../workers/walCheckpoint.worker';
import { startWorker } from '../platform/appWorkers';
import { askWorker } from '../platform/askWorker';

export interface WalCheckpointer {
  /** waits for a checkpoint in flight and starts no new one until resume() (a restore swaps the file) */
  pause(): Promise<void>;
  resume(): void;
  /** one check now (tests); resolves when a checkpoint it started has finished */
  tick(): Promise<void>;
  stop(): void;
  readonly stats: { checkpoints: number; failures: number; fallback: boolean };
}

export interface WalCheckpointerOptions {
  /** how often the -wal size is looked at (default 200 ms) */
  intervalMs?: number;
  /** checkpoint once the -wal file is this big (default 1,000 pages of 4 KiB, SQLite's own threshold) */
  thresholdBytes?: number;
  nativeBinding?: string;
  /** timer on (default); tests call tick() */
  autoStart?: boolean;
}

const SQLITE_DEFAULT_AUTOCHECKPOINT = 1000;

export function startWalCheckpointer(ctx: AppContext, opts: WalCheckpointerOptions = {}): WalCheckpointer {
  const threshold = opts.thresholdBytes ?? 1000 * 4096;
  const walFile = `${ctx.dbFile}-wal`;
  const stats = { checkpoints: 0, failures: 0, fallback: false };
  let worker: Worker | null = null;
  let inFlight: Promise<void> | null = null;
  let paused = false;
  let stopped = false;
  /** the connection whose automatic checkpoint is switched off (a restore opens a new one) */
  let tuned: Db | null = null;

  const fallBack = () => {
    if (stats.fallback) return;
    stats.fallback = true;
    ctx.log.warn('checkpoint worker unavailable: the main connection checkpoints by itself again');
    if (ctx.db.raw.open) ctx.db.raw.pragma(`wal_autocheckpoint = ${SQLITE_DEFAULT_AUTOCHECKPOINT}`);
  };

  const getWorker = (): Worker => {
    if (worker) return worker;
    const w = startWorker(ctx, 'walCheckpoint');
    w.unref(); // never keeps the process alive
    w.on('error', (e) => {
      ctx.log.error('checkpoint worker failed', { error: e.message });
      worker = null;
      fallBack();
    });
    w.on('exit', () => {
      if (worker === w) worker = null;
    });
    worker = w;
    return w;
  };

  const checkpoint = async (): Promise<void> => {
    const reply = await askWorker<CheckpointReply>(getWorker(), { file: ctx.dbFile, nativeBinding: opts.nativeBinding ?? ctx.nativeBinding });
    if (reply?.ok) stats.checkpoints++;
    else {
      stats.failures++;
      if (reply) ctx.log.warn('checkpoint failed', { error: reply.error });
    }
  };

  const tick = async (): Promise<void> => {
    if (stopped || paused || stats.fallback) return;
    if (tuned !== ctx.db && ctx.db.raw.open) {
      ctx.db.raw.pragma('wal_autocheckpoint = 0');
      tuned = ctx.db;
    }
    if (inFlight) return inFlight;
    let size: number;
    try {
      size = fs.statSync(walFile).size;
    } catch {
      return; // no log file (yet)
    }
    if (size < threshold) return;
    inFlight = checkpoint().finally(() => {
      inFlight = null;
    });
    return inFlight;
  };

  const timer = opts.autoStart === false ? null : setInterval(() => void tick(), opts.intervalMs ?? 200);
  timer?.unref();
  void tick(); // switch the main connection's automatic checkpoint off now

  return {
    stats,
    tick,
    async pause() {
      paused = true;
      await inFlight;
    },
    resume() {
      paused = false;
    },
    stop() {
      stopped = true;
      if (timer) clearInterval(timer);
      // the connection may be closed by now; if not, SQLite checkpoints by itself again until it is
      if (ctx.db.raw.open) ctx.db.raw.pragma(`wal_autocheckpoint = ${SQLITE_DEFAULT_AUTOCHECKPOINT}`);
      void worker?.terminate();
      worker = null;
    },
  };
}

/** the running app's WalCheckpointer (started by createApp, stopped on close) */
export const { start: startCheckpoints, of: checkpointerOf, stop: stopCheckpoints } = perApp(startWalCheckpointer);
