// Bulk writes on the main thread in steps: one call of `step` per slice (the caller opens its transaction
// there), each slice sized so a step takes about `aimMs`, with the event loop turning in between so every
// window stays responsive. Used where thousands of records change at once on main's connection (delete and
// restore of many customers, an import's undo, a purge, a stage's deals): one transaction for 10,000
// customers froze the app 9–14 s at 1M customers.
//
// Sizing (measured at 1M, docs/benchmarks.md "Bulk writes in steps"): a step's time is its body plus its
// COMMIT, and the COMMIT grows with the step (it writes every page the step dirtied to the log: ~1 ms per
// customer with its deals and follow-ups, 40% of the step). The same step size took 3–5× longer from one step
// to the next on a busy machine, so a step sized on the last step's pace alone overshot after a fast one (16
// customers in 18 ms, then 32 in 187 ms); and a step that merged FTS5 segments took 0.3–1 s whatever its size,
// so shrinking every step after one only made more commits and more merges. StepSizer below.
import type { Db } from '../../db/sql';
import type { AppContext } from '../ipc/context';
import { checkpointerOf } from '../app/walCheckpointer';

const turn = () => new Promise<void>((r) => setImmediate(r));

/**
 * Let one whole event-loop iteration pass (timers, the poll phase with other windows' calls): from the poll
 * phase a single setImmediate runs in the same iteration, so it takes two.
 */
export async function nextTurn(): Promise<void> {
  await turn();
  await turn();
}

/** The next step's size: scaled so it takes about `aimMs` at the pace of the last one, at most doubled. */
export function nextStepSize(size: number, ms: number, opts: { aimMs: number; min: number; max: number }): number {
  return Math.max(opts.min, Math.min(opts.max, size * 2, Math.round((size * opts.aimMs) / Math.max(1, ms))));
}

/**
 * Steps sizing themselves on the median pace (ms per item) of the last five steps, so one slow step (an FTS5
 * segment merge inside it: a fixed 150–1,000 ms whatever the step's size) does not set the pace; a step over
 * twice the aim still halves the next one (the slowness may be per item); sizes grow at most ×1.5 a step, so one
 * fast step cannot make the next one many times longer.
 */
export class StepSizer {
  private readonly paces: number[] = [];
  size: number;
  constructor(private readonly opts: { first: number; aimMs: number; min: number; max: number; growth?: number }) {
    this.size = opts.first;
  }

  /** Record a step of `n` items that took `ms`; returns the next step's size. */
  next(n: number, ms: number): number {
    this.paces.push(ms / Math.max(1, n));
    if (this.paces.length > 5) this.paces.shift();
    const sorted = [...this.paces].sort((a, b) => a - b);
    const pace = sorted[Math.floor(sorted.length / 2)];
    let size = Math.min(this.opts.max, Math.ceil(n * (this.opts.growth ?? 1.5)), Math.floor(this.opts.aimMs / Math.max(1e-3, pace)));
    // a step over twice the aim halves the next: a purge's steps went from 34 ms to 0.5, 1.3 and 1.6 s at the
    // same size while the median still said fast
    if (ms > 2 * this.opts.aimMs) size = Math.min(size, Math.ceil(n / 2));
    this.size = Math.max(this.opts.min, size);
    return this.size;
  }
}

/**
 * Steps of customers / bin items with everything that belongs to them (~2 ms each at 1M, body and COMMIT, with a
 * fixed ~10 ms per step). Single steps still take 1.5–2.5× the aim (a cold page, a long COMMIT): at a 40 ms aim a
 * delete of 10,000 at 1M had its longest block at 74–109 ms in eight runs (session 10); at 30 ms 68–78 ms, with the
 * same totals within the runs' noise (delete 17.4–18.0 s, restore 18.6–19.7 s, transfer 3.3–3.9 s).
 */
export const BULK_STEPS = { first: 10, aimMs: 30, min: 5 };

export interface StepOptions {
  first: number;
  aimMs: number;
  min: number;
  max?: number;
  onStep?: (done: number, total: number) => void;
  /**
   * The connection the steps write through: every step but the last commits with synchronous = NORMAL (no
   * fsync of the log per COMMIT: 30–40% of a step's COMMIT at 1M, and its slowest part while the checkpointer
   * or another process writes), the last with FULL, which makes every step before it durable too (as an
   * import's chunks, main/services/import/commit.ts). A power cut can lose the latest steps, never a part of one.
   */
  db?: Db;
  /**
   * Awaited between steps at most every `settleEveryMs` (default 500): walSettle(app) waits for the checkpoint
   * worker to copy the log back. Steps commit back to back, so a checkpoint never caught up with the newest
   * frame and the log never restarted: at 1M it grew to 4.7 GB over a delete of 10,000 customers and 9.9 GB
   * with the restore after it (HEAD as well), and late COMMITs of 5 customers took 0.2–0.9 s.
   */
  settle?: () => Promise<unknown> | undefined;
  settleEveryMs?: number;
}

/** A `settle` for StepOptions: the next step starts the log over once the checkpointer has copied it all back. */
export function walSettle(app: AppContext): () => Promise<void> {
  return async () => {
    const c = checkpointerOf(app);
    if (!c) return;
    await c.tick(); // joins a checkpoint in flight (it may predate the last step's frames) or runs one
    await c.tick(); // one that covers every frame written so far
  };
}

export async function inSteps<T>(items: readonly T[], step: (part: readonly T[]) => void, opts: StepOptions): Promise<void> {
  const sizer = new StepSizer({ first: opts.first, aimMs: opts.aimMs, min: opts.min, max: opts.max ?? 5000 });
  const raw = opts.db?.raw;
  // The caller's checks (read before this) end the current event-loop turn before the first step: a call that
  // arrives as I/O runs in the poll phase, and one setImmediate from there runs in the same loop iteration, so
  // the checks, the first step and the second were one block (116 ms for a stage's probability at 1M). Two
  // turns put the timers and the poll phase (other windows' calls) between the checks and the first step.
  if (items.length) await nextTurn();
  let settled = performance.now();
  for (let i = 0; i < items.length; ) {
    const part = items.slice(i, i + sizer.size);
    const last = i + part.length >= items.length;
    const t = performance.now();
    const was = raw && !last && raw.open && !raw.inTransaction ? (raw.pragma('synchronous', { simple: true }) as number) : null;
    if (was !== null) raw!.pragma('synchronous = NORMAL');
    try {
      step(part);
    } finally {
      if (was !== null && raw!.open) raw!.pragma(`synchronous = ${was}`);
    }
    const ms = performance.now() - t;
    i += part.length;
    if (i >= items.length) return;
    opts.onStep?.(i, items.length);
    sizer.next(part.length, ms);
    if (opts.settle && performance.now() - settled >= (opts.settleEveryMs ?? 500)) {
      await opts.settle();
      settled = performance.now();
    }
    await turn();
  }
}
