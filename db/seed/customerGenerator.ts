// Yields the seed's customer chunks in order. A worker thread generates up to AHEAD chunks in advance
// while the caller writes the current one; without a worker (or for a few rows) they are made inline.
// Either way the chunks are identical (customerChunk is pure and seeded per chunk).
import fs from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { CUSTOMER_CHUNK, customerChunk, type ChunkRequest, type CustomerChunk } from './customerChunk';
import { CustomerRollupCounter, type RollupCounts } from './customerRollups';

const AHEAD = 2;

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
  /** receives the rollup counts of all generated customers after the last chunk (when plan.rollupOffsetMin is set) */
  onCounts?: (counts: RollupCounts | null) => void;
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
    opts.onCounts?.(counter?.counts() ?? null);
    return;
  }
  const worker = new Worker(script.file, { eval: script.eval });
  type Reply = { ok: true; chunk?: CustomerChunk; counts?: RollupCounts | null } | { ok: false; message: string };
  // replies come in request order: one pending entry per posted message
  const pending: { resolve: (r: Reply & { ok: true }) => void; reject: (e: Error) => void }[] = [];
  const results: Promise<CustomerChunk>[] = [];
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
    results[i] = post(request(plan, i)).then((r) => r.chunk!);
    results[i].catch(() => {});
  };
  try {
    for (let i = 0; i < Math.min(AHEAD, chunks); i++) ask(i);
    for (let i = 0; i < chunks; i++) {
      const chunk = await results[i];
      if (i + AHEAD < chunks) ask(i + AHEAD);
      yield chunk;
    }
    if (opts.onCounts) opts.onCounts((await post({ counts: true })).counts ?? null);
  } finally {
    await worker.terminate();
  }
}
