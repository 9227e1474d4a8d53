// Reliability findings 3–5 of docs/reliability.md, fixed: a file the app is asked to create in a folder that
// does not exist, or under a name the file system cannot hold, gets a specific INVALID_INPUT naming the path
// (not INTERNAL, not "the data folder is read-only"), for xlsx/csv/PDF exports and backups; and a restore
// refuses a plain file whose header is not ours before copying it into staging.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { makeTestApp, type TestApp } from '../../helpers/testApp';
import { runTask } from '../../../main/services/backup/tasks';

let t: TestApp;
afterEach(() => t?.close());
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));
const tmp = () => {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'zg-targets-'));
  dirs.push(d);
  return d;
};

async function app() {
  t = await makeTestApp();
  await t.setupAdmin();
  await t.ok('admin', 'customers:create', { name: '导出测试客户', mobile: '13800000003' });
}

describe('files the app is asked to create', { timeout: 60_000 }, () => {
  it.each(['xlsx', 'csv', 'pdf'] as const)('export to %s in a missing folder: INVALID_INPUT naming the folder, nothing written', async (format) => {
    await app();
    const folder = path.join(tmp(), 'no-such-folder');
    const r = await t.call('admin', 'export:run', { entity: 'customers', format, path: path.join(folder, `客户.${format}`) });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe('INVALID_INPUT');
    expect(r.error.message).toContain('文件夹不存在');
    expect(r.error.message).toContain(folder);
    expect((r.error.details as { fieldErrors: Record<string, string> }).fieldErrors.path).toBeTruthy();
    expect(fs.existsSync(folder)).toBe(false);
  });

  it('backup to a name longer than the file system allows: says the name is too long (not "read-only")', async () => {
    await app();
    const r = await t.call('admin', 'backup:create', { path: path.join(tmp(), `${'备'.repeat(100)}.zgbak`) });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe('INVALID_INPUT');
    expect(r.error.message).toContain('文件名或路径太长');
    expect(r.error.message).not.toContain('只读');
  });

  it('backup into a missing folder: INVALID_INPUT, no folder created', async () => {
    await app();
    const folder = path.join(tmp(), 'gone');
    const r = await t.call('admin', 'backup:create', { path: path.join(folder, 'b.zgbak') });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.code).toBe('INVALID_INPUT');
    expect(fs.existsSync(folder)).toBe(false);
  });
});

describe('restore staging', () => {
  it("refuses another application's SQLite file from its header, before any copy into staging", async () => {
    const dir = tmp();
    const other = path.join(dir, 'other.db');
    const db = new Database(other);
    db.exec('CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)');
    db.prepare('INSERT INTO notes (body) VALUES (?)').run('x'.repeat(5000));
    db.close();
    // staging below a regular file: any attempt to copy first would fail with ENOTDIR, not 'not-backup'
    const blocker = path.join(dir, 'blocker');
    fs.writeFileSync(blocker, 'x');
    await expect(runTask({ op: 'stage', file: other, stagingFile: path.join(blocker, 'staging', 'restore.db') }, () => {})).rejects.toMatchObject({
      reason: 'not-backup',
    });
  });

  it('refuses a header from a newer schema before the copy', async () => {
    const dir = tmp();
    const newer = path.join(dir, 'newer.db');
    const db = new Database(newer);
    db.exec('CREATE TABLE x (id INTEGER PRIMARY KEY)');
    db.pragma(`application_id = ${0x5a47434d}`); // 'ZGCM'
    db.pragma('user_version = 9999');
    db.close();
    const blocker = path.join(dir, 'blocker');
    fs.writeFileSync(blocker, 'x');
    await expect(runTask({ op: 'stage', file: newer, stagingFile: path.join(blocker, 'restore.db') }, () => {})).rejects.toMatchObject({ reason: 'newer-schema' });
  });
});
