// Starts the fill of the follow-up text index (main/workers/followUpText.worker.ts) when a database has
// follow-ups the index does not hold yet (an upgrade to schema 18 with data). Until it is done the list
// searches with its windowed walk (queries.ts); textFillProgress() says how far it is (bench, status).
import type { AppContext } from '../../ipc/context';
import { textFillState, type TextFillState } from './textIndex';
import type { TextFillJob, TextFillMessage } from '../../workers/followUpText.worker';
import { startWorker } from '../../platform/appWorkers';

export interface TextFill {
  /** resolves when the index is complete (or the worker stopped: then it rejects) */
  done: Promise<void>;
  stop(): Promise<void>;
}

const running = new WeakMap<AppContext, TextFill>();

/**
 * Step sizes: ~5 ms a transaction, 20 ms between them. A user's write on main waits in SQLite's busy handler
 * (main thread blocked) while a step holds the lock, and that handler sleeps in growing steps (1, 2, 5, 10 …
 * ms), so a busy worker costs far more than its step: creates during a fill of 200k follow-ups at 25 ms steps /
 * 5 ms pauses took p95 433 ms, max 1.6 s (load 6); at 10 / 25 p95 95 ms, max 586 ms; at 5 / 20 p95 84 ms, max
 * 274 ms (load 11; p95 14 ms after the fill at the same load). The fill takes longer (100k rows in 41 s at
 * load 11) — the list walks as before meanwhile.
 */
export const TEXT_FILL_PACE = { stepMs: 5, pauseMs: 20 };

export function startTextFill(ctx: AppContext): TextFill | null {
  const existing = running.get(ctx);
  if (existing) return existing;
  if (textFillState(ctx.db.raw).complete) return null;
  // CRM_TEXT_FILL=off holds the fill back: the e2e test of the page's windowed walk (before the fill) needs it
  if (process.env.CRM_TEXT_FILL === 'off') return null;
  const job: TextFillJob = { file: ctx.dbFile, nativeBinding: ctx.nativeBinding, ...TEXT_FILL_PACE };
  const worker = startWorker(ctx, 'followUpText', { workerData: job });
  worker.unref(); // never keeps the process alive
  let settled = false;
  const done = new Promise<void>((resolve, reject) => {
    worker.on('message', (m: TextFillMessage) => {
      if (m.type === 'done') {
        settled = true;
        ctx.log.info('follow-up text index filled');
        resolve();
      } else if (m.type === 'error') {
        settled = true;
        ctx.log.error('follow-up text index fill failed', { error: m.error });
        reject(new Error(m.error));
      }
    });
    worker.on('error', (e) => {
      if (!settled) reject(e);
      settled = true;
    });
    worker.on('exit', (code) => {
      if (!settled) reject(new Error(`follow-up text fill stopped (exit ${code})`));
      settled = true;
      running.delete(ctx);
    });
  });
  done.catch(() => {}); // a failure is logged; the list keeps its windowed walk and the next start resumes
  const fill: TextFill = {
    done,
    async stop() {
      await worker.terminate();
    },
  };
  running.set(ctx, fill);
  return fill;
}

export function textFillOf(ctx: AppContext): TextFill | undefined {
  return running.get(ctx);
}

export async function stopTextFill(ctx: AppContext): Promise<void> {
  await running.get(ctx)?.stop();
  running.delete(ctx);
}

/** How far the fill is: ids still to index (0 = complete). */
export function textFillProgress(ctx: AppContext): TextFillState & { remaining: number } {
  const s = textFillState(ctx.db.raw);
  return { ...s, remaining: Math.max(0, s.endId - s.nextId) };
}
