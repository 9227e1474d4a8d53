// The main connection never checkpoints inside a request: its automatic checkpoint is off and a worker
// folds the write-ahead log back into the file once it passes the threshold.
import fs from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { checkpointerOf } from '../../../main/app/walCheckpointer';
import { makeTestApp, type TestApp } from '../../helpers/testApp';
import { fileIntegrity } from '../../helpers/integrity';

let t: TestApp | null = null;
afterEach(() => t?.close());

const walSize = (t: TestApp) => fs.statSync(`${t.app.context.dbFile}-wal`).size;

/** ~1 MiB of writes through the main connection */
function writeMiB(t: TestApp, n = 1): void {
  const db = t.app.context.db.raw;
  db.exec('CREATE TABLE IF NOT EXISTS ckpt_test (b BLOB)');
  const ins = db.prepare('INSERT INTO ckpt_test (b) VALUES (?)');
  for (let i = 0; i < n * 16; i++) ins.run(Buffer.alloc(64 * 1024, i));
}

describe('write-ahead log checkpoints', { timeout: 60_000 }, () => {
  it('the main connection does not checkpoint by itself; the worker does once the log passes the threshold', async () => {
    t = await makeTestApp();
    await t.setupAdmin();
    const ck = checkpointerOf(t.app.context)!;
    expect(ck).toBeDefined();
    await ck.tick();
    expect(t.app.context.db.raw.pragma('wal_autocheckpoint', { simple: true })).toBe(0);

    // past SQLite's own threshold (1,000 pages): without the worker the log only grows
    writeMiB(t, 6);
    const grown = walSize(t);
    expect(grown).toBeGreaterThan(6 * 1024 * 1024);
    expect(ck.stats.checkpoints).toBe(0);

    await ck.tick();
    expect(ck.stats).toMatchObject({ checkpoints: 1, failures: 0, fallback: false });
    // every frame is back in the file: the next commit starts the log from its beginning again
    writeMiB(t, 1);
    expect(walSize(t)).toBeLessThanOrEqual(grown);
    expect(t.app.context.db.raw.prepare('SELECT count(*) FROM ckpt_test').pluck().get()).toBe(7 * 16);
    expect(fileIntegrity(t.app.context.dbFile, 'quick_check')).toBe('ok');
  });

  it('below the threshold nothing runs; while paused (a restore swapping the file) nothing runs', async () => {
    t = await makeTestApp();
    await t.setupAdmin();
    const ck = checkpointerOf(t.app.context)!;
    await ck.tick();
    expect(ck.stats.checkpoints).toBe(0);
    writeMiB(t, 6);
    await ck.pause();
    await ck.tick();
    expect(ck.stats.checkpoints).toBe(0);
    ck.resume();
    await ck.tick();
    expect(ck.stats.checkpoints).toBe(1);
  });
});
