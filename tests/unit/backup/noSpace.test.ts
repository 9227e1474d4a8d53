// Free space is checked before a copy (space.ts): a backup, an import's safety snapshot or a restore's staging
// copy that would not fit is refused at once with the sizes in the user's language, and nothing is written
// (at 1M a copy is 6-7 GB; one that fills the disk half-way fails late and fails the app's writes too). A
// failing automatic backup is told to the users who manage backups, once per run of failures.
// The file system's free space is real in the first test; the others give the service a full disk.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as XLSX from 'xlsx';
import { afterEach, describe, expect, it } from 'vitest';
import { makeTestApp, type TestApp } from '../../helpers/testApp';
import { startBackups, stopBackups } from '../../../main/services/backup';
import { bytesForCopyOf, ensureSpace, formatSize, freeBytes } from '../../../main/services/backup/space';
import { BackupError } from '../../../main/services/backup/errors';
import { pinBeforeMigration } from '../../../main/services/backup';
import { databaseFileIn, openDatabaseFile } from '../../../db/connection';
import { MIGRATIONS, SCHEMA_VERSION } from '../../../db/migrations';

let t: TestApp | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

/** restart the backup service with a disk that has `free` bytes left */
function diskWith(app: TestApp, free: number | null): void {
  stopBackups(app.app.context);
  startBackups(app.app.context, { schedule: false, freeBytes: () => free });
}

const files = (dir: string) => (fs.existsSync(dir) ? fs.readdirSync(dir) : []);
const count = (app: TestApp, sql: string) => app.app.context.db.prepare(sql).pluck().get() as number;

describe('free space before a copy', { timeout: 60_000 }, () => {
  it('reads the real free space of a folder, and refuses a copy that does not fit with the sizes', () => {
    const free = freeBytes(os.tmpdir());
    expect(typeof free).toBe('number');
    expect(free!).toBeGreaterThan(0);
    expect(() => ensureSpace(os.tmpdir(), free! + 1e12)).toThrow(BackupError);
    expect(() => ensureSpace(os.tmpdir(), 1)).not.toThrow();
    expect(formatSize(6_449_950_720, 'zh-CN')).toBe('6.0 GB');
    expect(formatSize(512_000_000, 'en')).toBe('488 MB');
  });

  it('backup:list says how much the backup folder\'s disk has free and what the next backup needs there', async () => {
    t = await makeTestApp();
    await t.setupAdmin();
    const l = await t.ok('admin', 'backup:list');
    // the folder does not exist yet: its parent's disk (free space moves while other work writes: compare roughly)
    expect(l.freeBytes).toBeGreaterThan(0);
    expect(Math.abs(l.freeBytes! - freeBytes(t.dataDir)!)).toBeLessThan(2 ** 30);
    expect(l.needBytes).toBe(bytesForCopyOf(t.app.context.dbFile));
  });

  it('backup:create on a full disk: refused with what it needs and what is free, no file, no audit row', async () => {
    t = await makeTestApp();
    await t.setupAdmin();
    await t.ok('admin', 'customers:create', { name: '杭州西湖茶业有限公司' });
    diskWith(t, 5_000_000);
    const env = await t.call('admin', 'backup:create');
    expect(env.ok).toBe(false);
    if (env.ok) return;
    expect(env.error.details).toMatchObject({ reason: 'no-space', freeBytes: 5_000_000 });
    expect((env.error.details as { needBytes: number }).needBytes).toBe(bytesForCopyOf(t.app.context.dbFile));
    expect(env.error.message).toContain('磁盘空间不足');
    expect(env.error.message).toContain('4.8 MB');
    expect(files(path.join(t.dataDir, 'backups'))).toEqual([]);
    expect(count(t, "SELECT count(*) FROM audit_log WHERE action = 'backup.create'")).toBe(0);
    // with room again the same request works
    diskWith(t, null);
    await t.ok('admin', 'backup:create');
    expect(count(t, "SELECT count(*) FROM audit_log WHERE action = 'backup.create'")).toBe(1);
  });

  it('import:commit on a full disk: the safety snapshot does not fit, so nothing is imported or written', async () => {
    t = await makeTestApp();
    await t.setupAdmin();
    const file = path.join(t.dataDir, 'in.xlsx');
    const rows = [['客户名称', '手机'], ...Array.from({ length: 30 }, (_, i) => [`导入客户${i}`, `139${String(10_000_000 + i).slice(-8)}`])];
    fs.writeFileSync(file, XLSX.write(Object.assign(XLSX.utils.book_new(), { SheetNames: ['客户'], Sheets: { 客户: XLSX.utils.aoa_to_sheet(rows) } }), { type: 'buffer', bookType: 'xlsx' }) as Buffer);
    t.app.context.platform.paths.grant('admin', file, 'read');
    diskWith(t, 1_000_000);
    const p = await t.ok('admin', 'import:preview', { path: file });
    const before = count(t, 'SELECT count(*) FROM customers');
    const env = await t.call('admin', 'import:commit', { path: file, sheet: p.sheet, headerRow: p.headerRow, mapping: p.mapping as never, unmapped: 'ignore', onDuplicate: 'skip', allOrNothing: false });
    expect(env.ok).toBe(false);
    if (env.ok) return;
    expect(env.error.details).toMatchObject({ reason: 'no-space' });
    expect(env.error.message).toContain('导入前要先做一次安全快照');
    expect(env.error.message).toContain('1.0 MB');
    expect(count(t, 'SELECT count(*) FROM customers')).toBe(before);
    expect(count(t, "SELECT count(*) FROM audit_log WHERE action LIKE 'customer.%'")).toBe(0);
    expect(files(path.join(t.dataDir, 'backups'))).toEqual([]);
  });

  it('backup:inspect (a restore\'s first step) on a full disk is refused before copying anything to staging', async () => {
    t = await makeTestApp();
    await t.setupAdmin();
    const b = await t.ok('admin', 'backup:create');
    diskWith(t, 2_000_000);
    const env = await t.call('admin', 'backup:inspect', { path: b.path });
    expect(env.ok).toBe(false);
    if (env.ok) return;
    expect(env.error.details).toMatchObject({ reason: 'no-space' });
    expect(files(path.join(t.dataDir, 'staging')).filter((f) => f.startsWith('restore-'))).toEqual([]);
  });

  it('the pin before a migration at start-up on a full disk: refused in both languages before copying, nothing left', () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'zg-nospace-'));
    try {
      const file = databaseFileIn(dataDir);
      openDatabaseFile(file, { migrations: MIGRATIONS.slice(0, -1) }).close();
      const pin = () => pinBeforeMigration(dataDir, file, SCHEMA_VERSION - 1, SCHEMA_VERSION, { now: new Date('2026-11-29T06:00:00Z'), appVersion: 'test', freeBytes: () => 4_000_000 });
      expect(pin).toThrow(BackupError);
      expect(pin).toThrow(/磁盘空间不足：升级数据库前要先备份.*3\.8 MB[\s\S]*Not enough disk space/);
      expect(files(path.join(dataDir, 'backups'))).toEqual([]);
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('a failing automatic backup is told to the backup managers once per run of failures, with the reason', async () => {
    t = await makeTestApp();
    await t.setupAdmin();
    await t.ok('admin', 'customers:create', { name: '自动备份测试客户' });
    let free: number | null = 3_000_000;
    stopBackups(t.app.context);
    const { scheduler } = startBackups(t.app.context, { schedule: false, freeBytes: () => free });
    const told = async () => (await t!.ok('admin', 'notifications:list', {})).rows.filter((n) => n.kind === 'backupFailed');
    expect(await scheduler.tick()).toBe('failed');
    const first = await told();
    expect(first).toHaveLength(1);
    expect(first[0].title).toBe('自动备份失败');
    expect(first[0].body).toContain('磁盘空间不足');
    expect(first[0].link).toBe('/backup');
    expect(count(t, "SELECT count(*) FROM audit_log WHERE action = 'backup.auto-failed'")).toBe(1);
    // the next attempt a minute later fails again (a failed attempt does not count as a backup): not told twice
    expect(await scheduler.tick()).toBe('failed');
    expect(await told()).toHaveLength(1);
    expect(files(path.join(t.dataDir, 'backups'))).toEqual([]);
    // room again: it succeeds, which ends the run; a later failure is told again
    free = null;
    expect(await scheduler.tick()).toBe('done');
    await t.ok('admin', 'customers:create', { name: '之后的客户' });
    t.clock.advance(16 * 60_000);
    free = 3_000_000;
    expect(await scheduler.tick()).toBe('failed');
    expect(await told()).toHaveLength(2);
  });
});
