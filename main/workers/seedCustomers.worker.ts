// Worker thread of the seed generator: builds customer chunks (rows + search columns) on request, so the
// seed's own thread only writes (db/seed/customerGenerator.ts). It also counts the generated customers
// into the report rollups (db/seed/customerRollups.ts) and hands the counts over when asked at the end.
//
// On a fresh seed it also builds the search tables in a side database (db/seed/sideFts.ts): the chunks
// go out without their search rows, which this thread writes to the side file whenever it has no chunk
// to make (so it uses the time it would otherwise wait for the writer), and all the rest after the last
// chunk, while the seed thread goes on with deals, follow-ups and indexes. On a fresh seed it then writes
// the follow-ups and their indexes there too (db/seed/followUps.ts).
import { parentPort } from 'node:worker_threads';
import { customerChunk, type ChunkRequest } from '../../db/seed/customerChunk';
import { CustomerRollupCounter } from '../../db/seed/customerRollups';
import { SideFtsBuilder, type SideFtsTarget } from '../../db/seed/sideFts';
import { threadCpuMs } from '../platform/threadClock';
import { buildFollowUpsAside, type FollowUpJob } from '../../db/seed/followUps';

type SearchRows = { fts: unknown[][]; grams: [number, string][] };
/**
 * a chunk to make | the rollup counts | start a side build | search rows of a chunk made by the seed thread |
 * finish the side build | build the follow-ups in the side database (db/seed/followUps.ts)
 */
type Message = ChunkRequest | { counts: true } | { side: SideFtsTarget } | { rows: SearchRows } | { buildFts: true } | { followUps: FollowUpJob };

let counter: CustomerRollupCounter | null = null;
let side: SideFtsBuilder | null = null;
/** search rows not yet in the side database, one entry per chunk (rowid order within a chunk; FTS5 needs no more) */
const backlog: SearchRows[] = [];
// rows per side-database transaction (one chunk): 5k-row steps cost ~15 % more FTS5 time, 50k-row ones
// ~8 % more (measured, 200k customers); a chunk request waits at most one step (~0.2 s), and the seed
// thread makes a chunk itself meanwhile (customerGenerator.ts)
const IDLE_STEP = 10_000;
let drainScheduled = false;
/** the first error: every later message fails with it (the seed stops and removes the side file) */
let failed: string | null = null;

function writeSome(): void {
  const b = backlog[0];
  const n = Math.min(IDLE_STEP, b.fts.length);
  side!.append(b.fts.splice(0, n), b.grams.splice(0, n));
  if (b.fts.length === 0) backlog.shift();
}

// setImmediate runs after the event loop has delivered waiting messages: a chunk request always goes first
function scheduleDrain(): void {
  if (drainScheduled || !side || backlog.length === 0) return;
  drainScheduled = true;
  setImmediate(() => {
    drainScheduled = false;
    try {
      if (side && backlog.length) writeSome();
      scheduleDrain();
    } catch (e) {
      failed = e instanceof Error ? e.message : String(e);
    }
  });
}
parentPort!.on('message', (req: Message) => {
  try {
    if (failed) throw new Error(failed);
    if ('side' in req) {
      side = new SideFtsBuilder(req.side);
      parentPort!.postMessage({ ok: true });
      return;
    }
    if ('counts' in req) {
      parentPort!.postMessage({ ok: true, counts: counter?.counts() ?? null, cpuMs: threadCpuMs() });
      return;
    }
    if ('rows' in req) {
      backlog.push(req.rows);
      parentPort!.postMessage({ ok: true });
      scheduleDrain();
      return;
    }
    if ('followUps' in req) {
      buildFollowUpsAside(req.followUps);
      parentPort!.postMessage({ ok: true, cpuMs: threadCpuMs() });
      return;
    }
    if ('buildFts' in req) {
      while (backlog.length) writeSome();
      side!.finish();
      side = null;
      parentPort!.postMessage({ ok: true, cpuMs: threadCpuMs() });
      return;
    }
    const chunk = customerChunk(req);
    if (req.rollupOffsetMin !== null) {
      counter ??= new CustomerRollupCounter(req.rollupOffsetMin);
      for (const p of chunk.params) counter.add(p);
    }
    if (side) {
      backlog.push({ fts: chunk.fts, grams: chunk.grams });
      chunk.fts = [];
      chunk.grams = [];
    }
    parentPort!.postMessage({ ok: true, chunk });
    scheduleDrain();
  } catch (e) {
    failed ??= e instanceof Error ? e.message : String(e);
    side?.close();
    side = null;
    parentPort!.postMessage({ ok: false, message: e instanceof Error ? e.message : String(e) });
  }
});
