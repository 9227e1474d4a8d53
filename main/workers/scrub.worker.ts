// Worker thread: after a purge, make the deleted bytes unrecoverable from the database file.
// secure_delete zeroes what this connection frees; 'optimize' rewrites the FTS indexes without the
// tokens of deleted rows; VACUUM rebuilds the file (old free space and freed pages written before
// secure_delete was on); the TRUNCATE checkpoint empties the -wal, which still holds old page images.
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';

const { dbFile, nativeBinding } = workerData as { dbFile: string; nativeBinding?: string };
try {
  const db = new Database(dbFile, { fileMustExist: true, nativeBinding });
  try {
    db.pragma('busy_timeout = 10000');
    db.pragma('secure_delete = ON');
    db.exec("INSERT INTO customer_fts (customer_fts) VALUES ('optimize'); INSERT INTO customer_grams (customer_grams) VALUES ('optimize');");
    db.exec('VACUUM');
    db.pragma('wal_checkpoint(TRUNCATE)');
  } finally {
    db.close();
  }
  parentPort!.postMessage({ ok: true });
} catch (e) {
  parentPort!.postMessage({ ok: false, error: e instanceof Error ? e.message : String(e) });
}
