// Worker thread of the seed generator: builds customer chunks (rows + search columns) on request, so the
// seed's own thread only writes (db/seed/customerGenerator.ts).
import { parentPort } from 'node:worker_threads';
import { customerChunk, type ChunkRequest } from '../../db/seed/customerChunk';

parentPort!.on('message', (req: ChunkRequest) => {
  try {
    parentPort!.postMessage({ ok: true, chunk: customerChunk(req) });
  } catch (e) {
    parentPort!.postMessage({ ok: false, message: e instanceof Error ? e.message : String(e) });
  }
});
