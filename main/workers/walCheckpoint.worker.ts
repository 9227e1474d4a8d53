// Worker thread: folds the write-ahead log into the database file (PASSIVE checkpoint) when main asks.
// The main connection runs with wal_autocheckpoint = 0 (main/app/walCheckpointer.ts), so no user request
// pays for a checkpoint (~1,000 pages written and fsynced) on the main thread.
// A connection is opened per request and closed after it: between requests nothing here holds the file,
// which a restore swaps. PASSIVE never takes the write lock and never waits: writers go on meanwhile.
import { parentPort } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { lowerThreadPriority } from '../platform/threadClock';

// background work: when the cores are busy, main's event loop goes first (a checkpoint can wait)
lowerThreadPriority(5);

export interface CheckpointRequest {
  file: string;
  nativeBinding?: string;
}

export type CheckpointReply = { ok: true; log: number; checkpointed: number; busy: number } | { ok: false; error: string };

parentPort!.on('message', (m: CheckpointRequest) => {
  let reply: CheckpointReply;
  try {
    const db = new Database(m.file, { fileMustExist: true, nativeBinding: m.nativeBinding });
    try {
      const [r] = db.pragma('wal_checkpoint(PASSIVE)') as { busy: number; log: number; checkpointed: number }[];
      reply = { ok: true, log: r?.log ?? 0, checkpointed: r?.checkpointed ?? 0, busy: r?.busy ?? 0 };
    } finally {
      db.close();
    }
  } catch (e) {
    reply = { ok: false, error: e instanceof Error ? e.message : String(e) };
  }
  parentPort!.postMessage(reply);
});
