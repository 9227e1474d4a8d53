// Yields the seed's customer chunks in order. A worker thread generates up to AHEAD chunks in advance
// while the caller writes the current one (and the caller makes chunks too when it would otherwise wait);
// without a worker (or for a few rows) they are made inline.
// Either way the chunks are identical (customerChunk is pure and seeded per chunk).
import fs from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { CUSTOMER_CHUNK, customerChunk, type ChunkRequest, type CustomerChunk } from './customerChunk';
import { CustomerRollupCounter, type RollupCounts } from './customerRollups';
import type { SideFtsTarget } from './sideFts';
import type { FollowUpJob } from './followUps';

// chunks requested ahead of the writer
const AHEAD = 4;

export interface CustomerPlan {
  seed: number | string;
  total: number;
  baseCustomerId: number;
  startSec: number;
  adminId: number | null;
  /** count the report rollups in this time zone (customerRollups.ts); null = do not count */
  rollupOffsetMin: number | null;
  created: Int32Array;
  owner: Int32Array;
  status: Uint8Array;
  lastAt: Int32Array;
  nextAt: Int32Array;
}

function request(plan: CustomerPlan, index: number): ChunkRequest {
  const a = index * CUSTOMER_CHUNK;
  const b = Math.min(plan.total, a + CUSTOMER_CHUNK);
  return {
    seed: plan.seed,
    index,
    count: b - a,
    baseCustomerId: plan.baseCustomerId,
    startSec: plan.startSec,
    adminId: plan.adminId,
    rollupOffsetMin: plan.rollupOffsetMin,
    created: plan.created.slice(a, b),
    owner: plan.owner.slice(a, b),
    status: plan.status.slice(a, b),
    lastAt: plan.lastAt.slice(a, b),
    nextAt: plan.nextAt.slice(a, b),
  };
}

/** The built worker (dist/workers, beside dist/seed and dist/bench) or the TypeScript source via tsx. */
function workerScript(): { file: string; eval: boolean } | null {
  for (const built of [path.join(__dirname, '..', 'workers', 'seedCustomers.worker.js'), path.join(__dirname, 'workers', 'seedCustomers.worker.js')]) {
    if (fs.existsSync(built)) return { file: built, eval: false };
  }
  const source = path.resolve(__dirname, '..', '..', 'main', 'workers', 'seedCustomers.worker.ts');
  if (!fs.existsSync(source)) return null;
  return { file: `require('tsx/cjs'); require(${JSON.stringify(source)});`, eval: true };
}

export interface ChunkOptions {
  inline?: boolean;
  /**
   * Receives the rollup counts of all generated customers after the last chunk (when plan.rollupOffsetMin
   * is set): one part per thread that made chunks, to be added up; null = not counted.
   */
  onCounts?: (counts: RollupCounts[] | null) => void;
  /**
   * Build the search tables in this side database in the worker (sideFts.ts): the chunks then come
   * without search rows. Ignored when the chunks are made inline (they carry their search rows then).
   */
  sideFts?: SideFtsTarget | null;
  /**
   * With sideFts: after the last chunk, receives the side build's completion (the worker finishes the
   * side database, then stops). Not called when the chunks are made inline.
   */
  onSideFts?: (build: SideFtsBuild) => void;
  /** With sideFts: after the search tables, the worker builds the follow-ups in the side database too. */
  followUps?: FollowUpJob | null;
}

export interface SideFtsBuild {
  /** settles when the worker has finished (and closed) the side database and stopped */
  done: Promise<SideFtsDone>;
  /** stop the worker now (the seed failed); `done` then rejects */
  stop: () => Promise<void>;
}

export interface SideFtsDone {
  /** CPU time of the worker thread, all of it (null off Linux) */
  workerCpuMs: number | null;
  /** the follow-ups were built in the side database */
  followUps: boolean;
}

export async function* customerChunks(plan: CustomerPlan, opts: ChunkOptions = {}): AsyncGenerator<CustomerChunk> {
  const chunks = Math.ceil(plan.total / CUSTOMER_CHUNK);
  const script = opts.inline || chunks < 2 ? null : workerScript();
  if (!script) {
    const counter = plan.rollupOffsetMin === null ? null : new CustomerRollupCounter(plan.rollupOffsetMin);
    for (let i = 0; i < chunks; i++) {
      const chunk = customerChunk(request(plan, i));
      if (counter) for (const p of chunk.params) counter.add(p);
      yield chunk;
    }
    opts.onCounts?.(counter ? [counter.counts()] : null);
    return;
  }
  const worker = new Worker(script.file, { eval: script.eval });
  type Reply = { ok: true; chunk?: CustomerChunk; counts?: RollupCounts | null; cpuMs?: number | null } | { ok: false; message: string };
  // replies come in request order: one pending entry per posted message
  const pending: { resolve: (r: Reply & { ok: true }) => void; reject: (e: Error) => void }[] = [];
  const results: (Promise<CustomerChunk> | undefined)[] = [];
  worker.on('message', (m: Reply) => {
    const p = pending.shift();
    if (!p) return;
    if (m.ok) p.resolve(m);
    else p.reject(new Error(`seed worker: ${m.message}`));
  });
  const fail = (e: Error) => {
    while (pending.length) pending.shift()!.reject(e);
  };
  worker.on('error', fail);
  worker.on('exit', (code) => fail(new Error(`seed worker stopped (exit ${code})`)));
  const post = (msg: unknown) => {
    const reply = new Promise<Reply & { ok: true }>((resolve, reject) => pending.push({ resolve, reject }));
    reply.catch(() => {}); // surfaced when awaited below
    worker.postMessage(msg);
    return reply;
  };
  const ask = (i: number) => {
    const result = post(request(plan, i)).then((r) => r.chunk!);
    result.catch(() => {});
    results[i] = result;
  };
  let sideDone: Promise<SideFtsDone> | null = null;
  // chunks this thread makes itself (below); their rollups are counted here
  const counter = plan.rollupOffsetMin !== null ? new CustomerRollupCounter(plan.rollupOffsetMin) : null;
  const makeHere = (i: number): CustomerChunk => {
    const chunk = customerChunk(request(plan, i));
    if (counter) for (const p of chunk.params) counter.add(p);
    if (opts.sideFts) {
      // the search rows go to the worker's side database like those of the chunks it made
      post({ rows: { fts: chunk.fts, grams: chunk.grams } }).catch(() => {}); // a failure surfaces on the next reply
      chunk.fts = [];
      chunk.grams = [];
    }
    return chunk;
  };
  try {
    if (opts.sideFts) await post({ side: opts.sideFts });
    // Chunks are handed out in order: up to AHEAD to the worker; when the chunk this thread must write
    // next is still in the worker, this thread makes the next unassigned one itself instead of waiting.
    // With a side build the writer has far less to do per customer than the worker, so the two threads
    // share the generating as their speeds (and the machine's load) allow. Chunks are written in order.
    const ready = new Set<number>();
    const madeHere = new Map<number, CustomerChunk>();
    let next = 0; // lowest chunk not handed out
    let outstanding = 0;
    const fill = () => {
      for (; outstanding < AHEAD && next < chunks; next++, outstanding++) {
        const i = next;
        ask(i);
        results[i]!.then(() => ready.add(i), () => ready.add(i));
      }
    };
    fill();
    for (let i = 0; i < chunks; i++) {
      let chunk = madeHere.get(i);
      const fromWorker = results[i];
      if (chunk) madeHere.delete(i);
      else if (fromWorker) {
        while (!ready.has(i) && next < chunks) {
          madeHere.set(next, makeHere(next));
          next++;
          await new Promise<void>((resolve) => setImmediate(resolve)); // lets the worker's replies in
        }
        chunk = await fromWorker;
        results[i] = undefined;
        ready.delete(i);
        outstanding--;
      } else {
        chunk = makeHere(i);
        next = Math.max(next, i + 1);
      }
      fill();
      yield chunk;
    }
    if (opts.onCounts) {
      const fromWorker = (await post({ counts: true })).counts ?? null; // null: it made no chunk
      opts.onCounts(counter ? [...(fromWorker ? [fromWorker] : []), counter.counts()] : null);
    }
    if (opts.sideFts) {
      const fts = post({ buildFts: true });
      const fu = opts.followUps ? post({ followUps: opts.followUps }) : null;
      sideDone = Promise.all([fts, fu]).then(([a, b]) => ({ workerCpuMs: (b ?? a).cpuMs ?? null, followUps: !!b }));
      const stop = () => worker.terminate().then(() => undefined);
      const done = sideDone;
      opts.onSideFts?.({ done: done.then((r) => stop().then(() => r), (e) => stop().then(() => Promise.reject(e))), stop });
    }
  } finally {
    // with a side build under way the worker stops when that is done (or failed)
    if (!sideDone) await worker.terminate();
  }
}
