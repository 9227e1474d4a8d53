// Worker thread of the seed generator: builds customer chunks (rows + search columns) on request, so the
// seed's own thread only writes (db/seed/customerGenerator.ts). It also counts the generated customers
// into the report rollups (db/seed/customerRollups.ts) and hands the counts over when asked at the end.
import { parentPort } from 'node:worker_threads';
import { customerChunk, type ChunkRequest } from '../../db/seed/customerChunk';
import { CustomerRollupCounter } from '../../db/seed/customerRollups';

let counter: CustomerRollupCounter | null = null;

parentPort!.on('message', (req: ChunkRequest | { counts: true }) => {
  try {
    if ('counts' in req) {
      parentPort!.postMessage({ ok: true, counts: counter?.counts() ?? null });
      return;
    }
    const chunk = customerChunk(req);
    if (req.rollupOffsetMin !== null) {
      counter ??= new CustomerRollupCounter(req.rollupOffsetMin);
      for (const p of chunk.params) counter.add(p);
    }
    parentPort!.postMessage({ ok: true, chunk });
  } catch (e) {
    parentPort!.postMessage({ ok: false, message: e instanceof Error ? e.message : String(e) });
  }
});
