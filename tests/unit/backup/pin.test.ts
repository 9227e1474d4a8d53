import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { openDatabaseFile, databaseFileIn } from '../../../db/connection';
import { MIGRATIONS, SCHEMA_VERSION } from '../../../db/migrations';
import { createApp } from '../../../main/app/createApp';
import { harnessPlatform } from '../../../main/platform/harness';
import { backupService, pinBeforeMigration, pinSnapshot } from '../../../main/services/backup';
import { listBackups } from '../../../main/services/backup/catalog';
import { makeTestApp, silentLog, type TestApp } from '../../helpers/testApp';
import { addCustomers, sqliteShell } from './helpers';

let t: TestApp | null = null;
afterEach(() => t?.close());

describe('pinned snapshots', { timeout: 180_000 }, () => {
  it('opening an older database pins a copy of it before migrating; its content check runs in the background after start', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'zg-pin-'));
    const old = openDatabaseFile(databaseFileIn(dataDir), { migrations: MIGRATIONS.slice(0, -1) });
    addCustomers(old, 4);
    old.close();
    const sink = { send: () => {} };
    const app = createApp({ dataDir, platform: harnessPlatform(dataDir, sink).platform, events: sink, log: silentLog, scheduler: false });
    try {
      const pins = listBackups(path.join(dataDir, 'backups'));
      expect(pins).toHaveLength(1);
      expect(pins[0]).toMatchObject({ kind: 'pinned', reason: `migration ${SCHEMA_VERSION - 1}→${SCHEMA_VERSION}`, schemaVersion: SCHEMA_VERSION - 1, counts: { customers: 4 } });
      expect(sqliteShell(pins[0].path, 'PRAGMA integrity_check;')).toBe('ok');
      expect(app.context.db.raw.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
      // start-up only waited for the copy; the backup service checks it in its worker and records the result
      await backupService(app.context).settled();
      expect(JSON.parse(fs.readFileSync(`${pins[0].path}.json`, 'utf8'))).toMatchObject({ verified: true, checks: 'quick', problem: null });
    } finally {
      await app.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
    // an up-to-date database is opened without a copy
    const again = fs.mkdtempSync(path.join(os.tmpdir(), 'zg-pin-'));
    const app2 = createApp({ dataDir: again, platform: harnessPlatform(again, sink).platform, events: sink, log: silentLog, scheduler: false });
    await app2.close();
    expect(fs.existsSync(path.join(again, 'backups')) ? fs.readdirSync(path.join(again, 'backups')) : []).toEqual([]);
    fs.rmSync(again, { recursive: true, force: true });
  });

  it('the pre-migration pin is a file copy after a checkpoint: changes still in the write-ahead log are in it', () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'zg-pin-'));
    const file = databaseFileIn(dataDir);
    const old = openDatabaseFile(file, { migrations: MIGRATIONS.slice(0, -1) });
    try {
      old.raw.pragma('wal_autocheckpoint = 0');
      addCustomers(old, 3);
      expect(fs.statSync(`${file}-wal`).size).toBeGreaterThan(0); // the customers are only in the log
      const pinned = pinBeforeMigration(dataDir, file, SCHEMA_VERSION - 1, SCHEMA_VERSION, { now: new Date('2026-11-29T06:00:00Z'), appVersion: 'test' });
      const [pin] = listBackups(path.join(dataDir, 'backups'));
      expect(pin.path).toBe(pinned);
      // identity and counts only: the content check is left to the backup service's background worker
      expect(pin).toMatchObject({ kind: 'pinned', schemaVersion: SCHEMA_VERSION - 1, counts: { customers: 3 }, verified: false, checks: null, problem: null });
      expect(sqliteShell(pinned, 'PRAGMA integrity_check;')).toBe('ok');
      expect(sqliteShell(pinned, 'SELECT count(*) FROM customers;')).toBe('3');
    } finally {
      old.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('pinSnapshot (for import) is kept by rotation and deleted only by the user', async () => {
    t = await makeTestApp();
    await t.setupAdmin();
    addCustomers(t.app.context.db, 2);
    const pin = await pinSnapshot(t.app.context, 'import');
    expect(pin).toMatchObject({ kind: 'pinned', reason: 'import' });
    await backupService(t.app.context).settled();
    expect(JSON.parse(fs.readFileSync(`${pin.path}.json`, 'utf8'))).toMatchObject({ verified: true, checks: 'quick' });
    fs.writeFileSync(path.join(t.dataDir, 'backup-settings.json'), JSON.stringify({ keepHourly: 0, keepDaily: 0, keepWeekly: 0 }));
    expect(backupService(t.app.context).rotate()).toEqual([]);
    const del = await t.ok('admin', 'backup:delete', { path: pin.path });
    expect(del.deleted).toBe(true);
    expect(fs.existsSync(pin.path)).toBe(false);
    expect(fs.existsSync(`${pin.path}.json`)).toBe(false);
    // only listed backups can be deleted
    const other = await t.call('admin', 'backup:delete', { path: t.app.context.dbFile });
    expect(!other.ok && other.error.code).toBe('NOT_FOUND');
    expect(fs.existsSync(t.app.context.dbFile)).toBe(true);
  });

  it('settings: folder, schedule and retention are stored outside the database and audited', async () => {
    t = await makeTestApp();
    await t.setupAdmin();
    const usb = path.join(t.dataDir, 'usb-disk', 'crm-backups');
    const s = await t.ok('admin', 'backup:settings', { set: { folder: usb, keepDaily: 30, schedule: false } });
    expect(s).toMatchObject({ folder: usb, keepDaily: 30, schedule: false, keepHourly: 24 });
    expect(fs.statSync(usb).isDirectory()).toBe(true);
    const b = await t.ok('admin', 'backup:create', {});
    expect(path.dirname(b.path)).toBe(usb);
    expect(t.app.context.db.prepare("SELECT count(*) FROM audit_log WHERE action = 'settings.update' AND changes LIKE '%backup.keepDaily%'").pluck().get()).toBe(1);
    const bad = await t.call('admin', 'backup:settings', { set: { keepDaily: -1 } });
    expect(!bad.ok && bad.error.code).toBe('INVALID_INPUT');
    expect((await t.ok('admin', 'backup:settings', { set: { folder: null } })).folder).toBe(path.join(t.dataDir, 'backups'));
  });
});

describe('unchecked backups at start', { timeout: 180_000 }, () => {
  it('a damaged pre-migration pin is found by the background check after start and marked, not silently trusted', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'zg-pin-'));
    const file = databaseFileIn(dataDir);
    const old = openDatabaseFile(file, { migrations: MIGRATIONS.slice(0, -1) });
    addCustomers(old, 3);
    old.close();
    const pinned = pinBeforeMigration(dataDir, file, SCHEMA_VERSION - 1, SCHEMA_VERSION, { now: new Date('2026-11-29T06:00:00Z'), appVersion: 'test' });
    // damage a page of the copy that the check reads (a leaf of the customers table, where the rows are),
    // as a failing disk would (the file's last page, used before, can be an empty index leaf whose bytes
    // after the header no check reads)
    const probe = new Database(pinned, { readonly: true });
    const leaf = probe.prepare("SELECT pageno FROM dbstat WHERE name = 'customers' AND ncell > 0 ORDER BY pageno DESC LIMIT 1").pluck().get() as number;
    const pageSize = probe.pragma('page_size', { simple: true }) as number;
    probe.close();
    const fd = fs.openSync(pinned, 'r+');
    fs.writeSync(fd, Buffer.alloc(512, 0xa5), 0, 512, (leaf - 1) * pageSize + 8);
    fs.closeSync(fd);
    const sink = { send: () => {} };
    const app = createApp({ dataDir, platform: harnessPlatform(dataDir, sink).platform, events: sink, log: silentLog, scheduler: false });
    try {
      await backupService(app.context).settled();
      const meta = JSON.parse(fs.readFileSync(`${pinned}.json`, 'utf8')) as { verified: boolean; problem: string | null };
      expect(meta.verified).toBe(false);
      expect(meta.problem).toBeTruthy();
    } finally {
      await app.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
