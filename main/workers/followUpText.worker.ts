// Worker thread: fills the follow-up text index (migration 0018) for follow-ups that existed before it — at
// 5M follow-ups about 80–90 s of CPU, which must not run on main. Own connection; one short immediate
// transaction per step (sized to ~stepMs, with pauses: textFill.ts TEXT_FILL_PACE says why); the step
// moves follow_up_text_fill.next_id in the same transaction, so a stop (app closed, crash) loses nothing
// and the next start resumes where this one got.
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { fillTextStep, textFillState } from '../services/followUps/textIndex';
import { lowerThreadPriority } from '../platform/threadClock';

// background work: when the cores are busy, main's event loop goes first (the fill can wait)
lowerThreadPriority(5);

export interface TextFillJob {
  file: string;
  nativeBinding?: string;
  /** target wall time of one transaction (ms) */
  stepMs: number;
  /** pause between steps (ms): other connections take the write lock meanwhile */
  pauseMs: number;
}
export type TextFillMessage = { type: 'progress'; nextId: number; endId: number } | { type: 'done' } | { type: 'error'; error: string };

const job = workerData as TextFillJob;
const post = (m: TextFillMessage) => parentPort!.postMessage(m);

async function run(): Promise<void> {
  const db = new Database(job.file, { fileMustExist: true, nativeBinding: job.nativeBinding });
  try {
    db.pragma('busy_timeout = 2000');
    db.pragma('foreign_keys = ON');
    let span = 100;
    for (;;) {
      const t = performance.now();
      let s;
      try {
        s = fillTextStep(db, span);
      } catch (e) {
        // another connection kept the write lock past busy_timeout (a long user write, another fill): wait, retry
        if ((e as { code?: string }).code !== 'SQLITE_BUSY') throw e;
        await new Promise((r) => setTimeout(r, 200));
        continue;
      }
      const ms = performance.now() - t;
      post({ type: 'progress', nextId: s.nextId, endId: s.endId });
      if (s.complete) break;
      // keep a step near stepMs whatever the rows cost (ids can be sparse, texts long)
      span = Math.max(50, Math.min(20_000, Math.round(span * Math.min(2, Math.max(0.5, job.stepMs / Math.max(ms, 1))))));
      await new Promise((r) => setTimeout(r, job.pauseMs));
    }
    if (!textFillState(db).complete) throw new Error('fill stopped before the end');
  } finally {
    db.close();
  }
}

run().then(
  () => post({ type: 'done' }),
  (e: unknown) => post({ type: 'error', error: e instanceof Error ? e.message : String(e) }),
);
