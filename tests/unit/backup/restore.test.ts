import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { makeTestApp, ADMIN, type TestApp } from '../../helpers/testApp';
import { openDatabaseFile } from '../../../db/connection';
import { MIGRATIONS, SCHEMA_VERSION } from '../../../db/migrations';
import { ensureBuiltinRoles, roleIdByKey } from '../../../main/services/auth/roles';
import { hashPassword } from '../../../main/services/auth/password';
import { HEADER_SIZE, TAG_SIZE, DEFAULT_CHUNK_SIZE } from '../../../main/services/backup/format';
import { addCustomers, customerCount, hashLive } from './helpers';
import { fileIntegrity } from '../../helpers/integrity';

let t: TestApp;
afterEach(() => t?.close());

const PASS = '备份密码-correct-horse';

async function appWithBackup(customers = 10, opts: { passphrase?: string } = {}) {
  t = await makeTestApp();
  await t.setupAdmin();
  addCustomers(t.app.context.db, customers);
  const b = await t.ok('admin', 'backup:create', opts.passphrase ? { passphrase: opts.passphrase } : {});
  return b;
}

describe('restore', { timeout: 180_000 }, () => {
  it('inspect shows a summary; restore pins the current data, swaps, logs everyone out and reloads', async () => {
    const b = await appWithBackup(10, { passphrase: PASS });
    const db0 = t.app.context.db;
    t.app.context.db.prepare("UPDATE customers SET deleted_at = '2026-01-01T00:00:00Z' WHERE id <= 3").run();
    addCustomers(t.app.context.db, 5, '新');
    expect(customerCount(t.app.context.db)).toBe(12);
    const other = 'second-window';
    await t.ok(other, 'auth:login', { username: ADMIN.username, password: ADMIN.password });

    const summary = await t.ok('admin', 'backup:inspect', { path: b.path, passphrase: PASS });
    expect(summary).toMatchObject({ encrypted: true, schemaVersion: SCHEMA_VERSION, migratedFrom: null, counts: { customers: 10, users: 1 } });
    expect(customerCount(t.app.context.db)).toBe(12); // inspect does not touch the live data

    const r = await t.ok('admin', 'backup:restore', { stagingId: summary.stagingId });
    expect(t.app.context.db).not.toBe(db0); // the app now runs on the reopened database
    expect(customerCount(t.app.context.db)).toBe(10);
    expect(fileIntegrity(t.app.context.dbFile)).toBe('ok');
    // the restore is audited in the restored database
    expect(t.app.context.db.prepare("SELECT count(*) FROM audit_log WHERE action = 'backup.restore'").pluck().get()).toBe(1);
    // the data before the restore is pinned
    const pinned = (await (async () => {
      await t.ok('admin', 'auth:login', { username: ADMIN.username, password: ADMIN.password });
      return t.ok('admin', 'backup:list');
    })()).backups.find((x) => x.path === r.pinned)!;
    expect(pinned).toMatchObject({ kind: 'pinned', reason: 'restore', counts: { customers: 12 } });
    // both windows were logged out and told to reload
    expect(t.events.filter((e) => e.event === 'app:reloaded').map((e) => e.caller).sort()).toEqual(['admin', other]);
    const st = await t.ok(other, 'auth:status');
    expect(st.user).toBeNull();
    // no leftovers next to the database
    expect(fs.readdirSync(t.dataDir).filter((f) => /restore|staging/.test(f) && f !== 'staging')).toEqual([]);
  });

  it('restore of an older-schema backup migrates the staging copy, not the live database', async () => {
    t = await makeTestApp();
    await t.setupAdmin();
    expect(SCHEMA_VERSION).toBeGreaterThan(1);
    const old = path.join(t.dataDir, 'old-version.db');
    const db = openDatabaseFile(old, { migrations: MIGRATIONS.slice(0, -1) });
    const now = new Date().toISOString();
    ensureBuiltinRoles(db, now);
    db.prepare('INSERT INTO users (username, display_name, password_hash, role_id, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)').run(
      'oldboss',
      '老板',
      await hashPassword('old-pass-123'),
      roleIdByKey(db, 'admin'),
      now,
      now,
    );
    addCustomers(db, 7, '老客户');
    db.raw.pragma('journal_mode = DELETE');
    db.close();

    const s = await t.ok('admin', 'backup:inspect', { path: old });
    expect(s).toMatchObject({ schemaVersion: SCHEMA_VERSION, migratedFrom: SCHEMA_VERSION - 1, counts: { customers: 7, users: 1 } });
    expect(new Database(old, { readonly: true }).pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION - 1); // the file itself is untouched
    await t.ok('admin', 'backup:restore', { stagingId: s.stagingId });
    expect(t.app.context.db.raw.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    expect(customerCount(t.app.context.db)).toBe(7);
    await t.ok('w', 'auth:login', { username: 'oldboss', password: 'old-pass-123' });
  });

  it('a staged restore belongs to the window that checked it', async () => {
    const b = await appWithBackup(3);
    const s = await t.ok('admin', 'backup:inspect', { path: b.path });
    await t.ok('other', 'auth:login', { username: ADMIN.username, password: ADMIN.password });
    const r = await t.call('other', 'backup:restore', { stagingId: s.stagingId });
    expect(!r.ok && r.error.code).toBe('NOT_FOUND');
  });
});

describe('bad-file corpus: every file is rejected with the right message and the live database stays byte-identical', { timeout: 180_000 }, () => {
  it('rejects each bad file', async () => {
    const plain = await appWithBackup(20000); // > 1 chunk so truncation can hit a chunk boundary
    const enc = await t.ok('admin', 'backup:create', { passphrase: PASS });
    expect(enc.size).toBeGreaterThan(2 * DEFAULT_CHUNK_SIZE);
    const dir = path.join(t.dataDir, 'corpus');
    fs.mkdirSync(dir);
    const file = (name: string, data: Buffer | string) => {
      const p = path.join(dir, name);
      fs.writeFileSync(p, data);
      return p;
    };
    const plainBytes = fs.readFileSync(plain.path);
    const encBytes = fs.readFileSync(enc.path);
    const flip = (b: Buffer, at: number) => {
      const c = Buffer.from(b);
      c[at] ^= 0x01;
      return c;
    };
    // another application's SQLite database
    const foreign = path.join(dir, 'other-app.db');
    const f = new Database(foreign);
    f.exec('CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT); INSERT INTO notes (body) VALUES (\'hello\');');
    f.close();
    // a backup from a newer version
    const newer = file('newer.db', plainBytes);
    const n = new Database(newer);
    n.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
    n.close();
    // one flipped byte in a listed backup (its sidecar records the checksum)
    const flipped = path.join(path.dirname(plain.path), 'flipped.db');
    fs.writeFileSync(flipped, flip(plainBytes, Math.floor(plainBytes.length / 2)));
    fs.writeFileSync(`${flipped}.json`, fs.readFileSync(`${plain.path}.json`));

    const M = {
      notBackup: '这个文件不是掌柜 CRM 备份。',
      damaged: '备份文件已损坏（完整性检查未通过），无法使用。',
      bad: '备份密码错误，或文件已损坏。',
      newer: `这个备份由更新版本的掌柜 CRM 创建（数据结构 ${SCHEMA_VERSION + 1}），请先更新应用。`,
      needs: '这个备份已加密，请输入备份密码。',
    };
    const sealed = DEFAULT_CHUNK_SIZE + TAG_SIZE;
    const corpus: [string, string, string | undefined, string][] = [
      ['empty', file('empty.db', ''), undefined, M.notBackup],
      ['text renamed .db', file('notes.db', '客户名单\n张三,13800000000\n'.repeat(100)), undefined, M.notBackup],
      ['zip renamed .zgbak', file('x.zgbak', Buffer.concat([Buffer.from('PK\x03\x04'), Buffer.alloc(4000)])), PASS, M.notBackup],
      ['truncated (no sidecar)', file('truncated.db', plainBytes.subarray(0, Math.floor(plainBytes.length / 2))), undefined, M.damaged],
      ['one flipped byte (sidecar checksum)', flipped, undefined, M.damaged],
      ['flipped byte in the SQLite header', file('hdr.db', flip(plainBytes, 3)), undefined, M.notBackup],
      ["another app's SQLite db", foreign, undefined, M.notBackup],
      ['newer schema', newer, undefined, M.newer],
      ['encrypted without passphrase', enc.path, undefined, M.needs],
      ['wrong passphrase', enc.path, 'not-the-passphrase', M.bad],
      ['tampered ciphertext', file('tampered.zgbak', flip(encBytes, HEADER_SIZE + sealed + 100)), PASS, M.bad],
      ['tampered header (KDF salt)', file('tampered-hdr.zgbak', flip(encBytes, 25)), PASS, M.bad],
      ['truncated ciphertext (mid-chunk)', file('cut.zgbak', encBytes.subarray(0, encBytes.length - 1000)), PASS, M.bad],
      ['truncated ciphertext (chunk boundary)', file('cut2.zgbak', encBytes.subarray(0, HEADER_SIZE + 2 * sealed)), PASS, M.bad],
      ['data appended to ciphertext', file('longer.zgbak', Buffer.concat([encBytes, Buffer.alloc(sealed)])), PASS, M.bad],
    ];

    const live = t.app.context.dbFile;
    const before = hashLive(live);
    const failures: string[] = [];
    for (const [name, p, passphrase, message] of corpus) {
      for (const channel of ['backup:inspect', 'backup:restore'] as const) {
        const r = await t.call('admin', channel, { path: p, ...(passphrase ? { passphrase } : {}) });
        if (r.ok) failures.push(`${name}: ${channel} accepted it`);
        else if (r.error.message !== message) failures.push(`${name}: ${channel} said "${r.error.message}"`);
      }
    }
    expect(failures).toEqual([]);
    expect(hashLive(live)).toBe(before);
    expect(fs.existsSync(`${live}.restore-new`)).toBe(false);
    const staging = path.join(t.dataDir, 'staging');
    expect(fs.existsSync(staging) ? fs.readdirSync(staging) : []).toEqual([]);
    // the app still works on the untouched database
    expect(customerCount(t.app.context.db)).toBe(20000);
  });
});
