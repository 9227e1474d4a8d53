import fs from 'node:fs';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { afterEach, describe, expect, it, vi } from 'vitest';
import Database from 'better-sqlite3';
import { makeTestApp, type TestApp } from '../../helpers/testApp';
import { backupService } from '../../../main/services/backup';
import { snapshotLive } from '../../../main/services/backup/snapshot';
import { inspectDatabase } from '../../../main/services/backup/checks';
import { SCHEMA_VERSION } from '../../../db/migrations';
import { APPLICATION_ID } from '../../../db/constants';
import { addCustomers, customerCount, hashFile, sqliteShell } from './helpers';

let t: TestApp;
afterEach(() => t?.close());

describe('backup:create', { timeout: 180_000 }, () => {
  it('writes a backup into the backup folder that the stock sqlite3 shell opens; its quick_check follows in the background', async () => {
    t = await makeTestApp();
    await t.setupAdmin();
    addCustomers(t.app.context.db, 50);
    const b = await t.ok('admin', 'backup:create', {});
    expect(path.dirname(b.path)).toBe(path.join(t.dataDir, 'backups'));
    // in place and usable at once; the content check (quick_check) runs after it, off the job lock
    expect(b).toMatchObject({ kind: 'manual', encrypted: false, verified: false, checks: null, schemaVersion: SCHEMA_VERSION });
    await backupService(t.app.context).settled();
    expect(b.counts).toMatchObject({ customers: 50, users: 1 });
    // no temp names left behind, the sidecar is there
    expect(fs.readdirSync(path.dirname(b.path)).sort()).toEqual([path.basename(b.path), `${path.basename(b.path)}.json`]);
    expect(sqliteShell(b.path, 'PRAGMA integrity_check;')).toBe('ok');
    expect(sqliteShell(b.path, 'PRAGMA application_id;')).toBe(String(APPLICATION_ID));
    expect(sqliteShell(b.path, 'SELECT count(*) FROM customers;')).toBe('50');
    expect(sqliteShell(b.path, 'PRAGMA journal_mode;')).toBe('delete'); // one self-contained file
    // progress went to the calling window, and the backup is in the audit log
    const progress = t.events.filter((e) => e.event === 'progress' && e.caller === 'admin');
    expect(progress.length).toBeGreaterThan(0);
    expect(progress.at(-1)!.payload).toMatchObject({ task: 'backup' });
    const audit = t.app.context.db.prepare("SELECT summary FROM audit_log WHERE action = 'backup.create'").pluck().all();
    expect(audit).toHaveLength(1);

    const list = await t.ok('admin', 'backup:list');
    expect(list.backups.map((x) => x.path)).toEqual([b.path]);
    expect(list.backups[0]).toMatchObject({ verified: true, checks: 'quick', problem: null });
    expect(hashFile(b.path)).toBe(list.backups[0] && JSON.parse(fs.readFileSync(`${b.path}.json`, 'utf8')).sha256);
  });

  it('saves to a chosen path, encrypted, and verify needs the passphrase', async () => {
    t = await makeTestApp();
    await t.setupAdmin();
    addCustomers(t.app.context.db, 10);
    const target = path.join(t.dataDir, 'usb', 'mine.zgbak');
    fs.mkdirSync(path.dirname(target));
    const b = await t.ok('admin', 'backup:create', { path: target, passphrase: '正确的密码-123' });
    expect(b).toMatchObject({ path: target, encrypted: true, verified: true });
    expect(fs.readFileSync(target).subarray(0, 8).toString('latin1')).toBe('ZGCRMBAK');
    // nothing unencrypted is left in the target folder or staging
    expect(fs.readdirSync(path.dirname(target)).sort()).toEqual(['mine.zgbak', 'mine.zgbak.json']);
    expect(fs.existsSync(path.join(t.dataDir, 'staging')) ? fs.readdirSync(path.join(t.dataDir, 'staging')) : []).toEqual([]);
    // listed although outside the folder
    expect((await t.ok('admin', 'backup:list')).backups.map((x) => x.path)).toContain(target);

    const noPass = await t.call('admin', 'backup:verify', { path: target });
    expect(noPass.ok).toBe(false);
    if (!noPass.ok) expect(noPass.error.message).toBe('这个备份已加密，请输入备份密码。');
    const wrong = await t.call('admin', 'backup:verify', { path: target, passphrase: 'wrong-pass-1' });
    expect(!wrong.ok && wrong.error.message).toBe('备份密码错误，或文件已损坏。');
    const v = await t.ok('admin', 'backup:verify', { path: target, passphrase: '正确的密码-123' });
    expect(v).toMatchObject({ encrypted: true, checksum: true, counts: { customers: 10 } });
  });

  it('refuses short passphrases, the live database as target, and users without backup.manage', async () => {
    t = await makeTestApp();
    await t.setupAdmin();
    const short = await t.call('admin', 'backup:create', { passphrase: 'short' });
    expect(!short.ok && short.error.details).toMatchObject({ fieldErrors: { passphrase: '备份密码至少 8 位' } });
    const live = await t.call('admin', 'backup:create', { path: t.app.context.dbFile });
    expect(!live.ok && live.error.code).toBe('INVALID_INPUT');
    const anon = await t.call('nobody', 'backup:list');
    expect(!anon.ok && anon.error.code).toBe('UNAUTHENTICATED');
  });

  it('the backup-API fallback is consistent while writes are interleaved between backup steps', async () => {
    t = await makeTestApp();
    await t.setupAdmin();
    const db = t.app.context.db;
    addCustomers(db, 3000); // enough pages for many 10-page steps
    const before = customerCount(db);
    const out = path.join(t.dataDir, 'snap.db');
    let steps = 0;
    await snapshotLive(t.app.context.dbFile, out, {
      attempts: 0, // the page-by-page fallback (the fast path has its own test in snapshot.test.ts)
      pagesPerStep: 10,
      onProgress: () => {
        steps++;
        addCustomers(db, 5, '写入中'); // a committed write between two steps of the copy
      },
    });
    expect(steps).toBeGreaterThan(10);
    expect(customerCount(db)).toBe(before + steps * 5);
    const s = inspectDatabase(out);
    expect(s.counts.customers).toBe(before); // exactly the data at the start: no restart, no mix
    const snap = new Database(out, { readonly: true });
    expect(snap.prepare("SELECT count(*) FROM customers WHERE name LIKE '写入中%'").pluck().get()).toBe(0);
    snap.close();
  });

  it('runs in a worker: the main thread keeps writing and its event loop is not blocked', async () => {
    t = await makeTestApp();
    await t.setupAdmin();
    const db = t.app.context.db;
    addCustomers(db, 20000);
    const backupSpy = vi.spyOn(Database.prototype, 'backup');
    const pragmaSpy = vi.spyOn(Database.prototype, 'pragma');
    const prepareSpy = vi.spyOn(Database.prototype, 'prepare');
    const h = monitorEventLoopDelay({ resolution: 5 });
    h.enable();
    const job = backupService(t.app.context).create({ kind: 'manual', actor: null });
    let done = false;
    void job.finally(() => (done = true));
    let writes = 0;
    while (!done) {
      addCustomers(db, 1, '并发');
      writes++;
      await new Promise((r) => setTimeout(r, 2));
    }
    h.disable();
    const b = await job;
    vi.restoreAllMocks();
    expect(writes).toBeGreaterThan(0);
    // a prefix of the committed inserts: ids 1..k with no gap, whatever k was when the snapshot began
    const snap = new Database(b.path, { readonly: true });
    const { n, m } = snap.prepare('SELECT count(*) AS n, max(id) AS m FROM customers').get() as { n: number; m: number };
    snap.close();
    expect(n).toBe(m);
    expect(n).toBeGreaterThanOrEqual(20000);
    expect(b.counts.customers).toBe(n);
    // Nothing heavy ran on this thread: no backup API, no integrity check on the main thread's
    // better-sqlite3 (the worker has its own module instance, which these spies do not see).
    expect(backupSpy).not.toHaveBeenCalled();
    expect(pragmaSpy.mock.calls.filter((c) => /integrity|quick_check/.test(String(c[0])))).toEqual([]);
    expect(prepareSpy.mock.calls.filter((c) => /integrity_check|VACUUM/i.test(String(c[0])))).toEqual([]);
    // The 50 ms target itself is reported by bench/backup.ts: on this shared 2-core machine (load
    // averages of 20-30) even an idle process sees 50+ ms scheduling gaps, so only a gross block fails here.
    expect(h.max / 1e6).toBeLessThan(1000);
    expect(hashFile(b.path)).toBe(JSON.parse(fs.readFileSync(`${b.path}.json`, 'utf8')).sha256);
  });
});
