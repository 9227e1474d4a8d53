// Worker thread: after a purge, make the deleted bytes unrecoverable from the database file — in short steps,
// because this connection holds the write lock while it works and the app's own writes wait for it (a
// one-piece VACUUM of a 5 GB database held it ~60 s at 1M customers: every user write meanwhile failed after
// its 5 s busy wait).
// - secure_delete: every writable connection of the app runs with it on (db/connection.ts), so the purge's
//   DELETEs zeroed the rows' cells and freed pages as they went;
// - the FTS indexes keep a deleted row's tokens in old segments until those are merged: 'merge' with a
//   negative page count merges all segments (as 'optimize' does) a bounded number of pages per statement,
//   repeated until a statement finds nothing left to do;
// - VACUUM (free space from before secure_delete was on) only while the file is small enough to rebuild in a
//   moment (vacuumMaxBytes);
// - the TRUNCATE checkpoint empties the -wal, which still holds old page images.
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { lowerThreadPriority } from '../platform/threadClock';
import { mergeFtsSegments } from '../services/recycleBin/ftsMerge';

// background work: when the cores are busy, main's event loop goes first (the scrub can wait)
lowerThreadPriority(5);

const { dbFile, nativeBinding, vacuumMaxBytes, mergePages } = workerData as { dbFile: string; nativeBinding?: string; vacuumMaxBytes: number; mergePages: number };
let merges = 0;
try {
  const db = new Database(dbFile, { fileMustExist: true, nativeBinding });
  try {
    db.pragma('busy_timeout = 10000');
    db.pragma('secure_delete = ON');
    for (const fts of ['customer_fts', 'customer_grams']) merges += mergeFtsSegments(db, fts, mergePages);
    const bytes = (db.pragma('page_count', { simple: true }) as number) * (db.pragma('page_size', { simple: true }) as number);
    if (bytes <= vacuumMaxBytes) db.exec('VACUUM');
    db.pragma('wal_checkpoint(TRUNCATE)');
  } finally {
    db.close();
  }
  parentPort!.postMessage({ ok: true, merges });
} catch (e) {
  parentPort!.postMessage({ ok: false, error: e instanceof Error ? e.message : String(e) });
}
