// The fast snapshot path (checkpoint, read transaction on WAL read-lock 0, copy of the file's bytes)
// must give exactly the data at the start of the copy while the app keeps committing and trying to
// checkpoint, and fall back to the backup API when the WAL cannot be emptied.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { makeTestApp, type TestApp } from '../../helpers/testApp';
import { snapshotLive } from '../../../main/services/backup/snapshot';
import { inspectDatabase } from '../../../main/services/backup/checks';
import { addCustomers, customerCount, hashFile, sqliteShell } from './helpers';

let t: TestApp;
afterEach(() => t?.close());

describe('snapshotLive', { timeout: 120_000 }, () => {
  it.each([
    ['the OS copy (cp) + hashing here', true],
    ['the copy in this thread', false],
  ])('copies the file bytes (%s) while writes commit and checkpoints run: the copy is the data at the start, checkpoints cannot touch the main file', async (_name, kernelCopy) => {
    t = await makeTestApp();
    await t.setupAdmin();
    const db = t.app.context.db;
    addCustomers(db, 4000);
    const before = customerCount(db);
    const out = path.join(t.dataDir, 'snap.db');
    const ckpts: { log: number; checkpointed: number }[] = [];
    let chunks = 0;
    const r = await snapshotLive(t.app.context.dbFile, out, {
      kernelCopy,
      chunkBytes: 64 * 1024, // many chunks: a slow copy
      afterChunk: () => {
        chunks++;
        // a committed write (into the WAL), then a checkpoint that tries to move it into the main file
        // under the copy; auto-checkpoints (PASSIVE) run the same code
        addCustomers(db, 5, '写入中');
        const [ck] = db.raw.pragma('wal_checkpoint(PASSIVE)') as { log: number; checkpointed: number }[];
        ckpts.push(ck);
      },
    });
    expect(r.method).toBe('file-copy');
    expect(chunks).toBeGreaterThan(10);
    // every checkpoint during the copy found frames to move and could move none of them
    expect(ckpts.every((c) => c.log > 0 && c.checkpointed === 0)).toBe(true);
    // after the copy's read transaction ended, the checkpoint goes through
    const [after] = db.raw.pragma('wal_checkpoint(PASSIVE)') as { log: number; checkpointed: number }[];
    expect(after.checkpointed).toBe(after.log);
    expect(customerCount(db)).toBe(before + chunks * 5);

    // the copy: exactly the data at the start, sound, self-contained, hashed as written
    expect(r.counts.customers).toBe(before);
    expect(inspectDatabase(out, { readonly: true }).counts.customers).toBe(before);
    expect(sqliteShell(out, "SELECT count(*) FROM customers WHERE name LIKE '写入中%';")).toBe('0');
    expect(sqliteShell(out, 'PRAGMA integrity_check;')).toBe('ok');
    expect(sqliteShell(out, 'PRAGMA journal_mode;')).toBe('delete');
    expect(r.sha256).toBe(hashFile(out));
    expect(r.size).toBe(fs.statSync(out).size);
  });

  it('falls back to the backup API when a reader keeps the WAL from being emptied, and the copy is still consistent', async () => {
    t = await makeTestApp();
    await t.setupAdmin();
    const db = t.app.context.db;
    db.raw.pragma('wal_autocheckpoint = 0');
    addCustomers(db, 200);
    // another reader pins a snapshot that still needs WAL frames: TRUNCATE cannot finish
    const reader = new Database(t.app.context.dbFile, { readonly: true });
    reader.exec('BEGIN');
    reader.prepare('SELECT count(*) FROM customers').get();
    addCustomers(db, 10, '之后');
    try {
      const out = path.join(t.dataDir, 'snap.db');
      const r = await snapshotLive(t.app.context.dbFile, out, { attempts: 2 });
      expect(r.method).toBe('backup-api');
      expect(r.sha256).toBeNull();
      expect(r.counts.customers).toBe(customerCount(db));
      expect(inspectDatabase(out).counts.customers).toBe(customerCount(db));
    } finally {
      reader.exec('COMMIT');
      reader.close();
    }
  });

  it('a database in rollback-journal mode is copied with the backup API', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zg-snap-'));
    try {
      const file = path.join(dir, 'x.db');
      const d = new Database(file);
      d.exec('CREATE TABLE audit_log (id INTEGER PRIMARY KEY, action TEXT); CREATE TABLE a (x); INSERT INTO a VALUES (1), (2)');
      d.close();
      const out = path.join(dir, 'out.db');
      await expect(snapshotLive(file, out)).resolves.toMatchObject({ method: 'backup-api' });
      expect(sqliteShell(out, 'SELECT count(*) FROM a;')).toBe('2');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
