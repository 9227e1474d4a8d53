// The restore gate (backup:inspect) and backup:verify say what they checked: a file whose checksum
// matches the one recorded when it was written and checked is not checked again before the restore
// (header, identity and schema are); the full integrity_check runs after the restore in the background
// and reports what the gate could not see.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { makeTestApp, ADMIN, type TestApp } from '../../helpers/testApp';
import { backupService } from '../../../main/services/backup';
import { addCustomers, customerCount, hashFile, sqliteShellWrite } from './helpers';

let t: TestApp;
afterEach(() => t?.close());

async function appWithCheckedBackup(customers = 30) {
  t = await makeTestApp();
  await t.setupAdmin();
  addCustomers(t.app.context.db, customers);
  const b = await t.ok('admin', 'backup:create', {});
  await backupService(t.app.context).settled();
  return b;
}

/** A copy of `src` in the backup folder, changed by `sql`, with a sidecar that matches its bytes. */
function listedCopy(src: string, name: string, sql: string, meta: Record<string, unknown> = {}): string {
  const p = path.join(path.dirname(src), name);
  fs.copyFileSync(src, p);
  if (sql) sqliteShellWrite(p, sql);
  const side = JSON.parse(fs.readFileSync(`${src}.json`, 'utf8'));
  fs.writeFileSync(`${p}.json`, JSON.stringify({ ...side, file: name, size: fs.statSync(p).size, sha256: hashFile(p), ...meta }));
  return p;
}

describe('restore gate and verify levels', { timeout: 180_000 }, () => {
  it('a checked backup passes the gate by its checksum; unchecked: quick_check; no sidecar: the full check', async () => {
    const b = await appWithCheckedBackup();
    expect((await t.ok('admin', 'backup:inspect', { path: b.path })).checked).toBe('checksum');
    const unchecked = listedCopy(b.path, 'unchecked.db', '', { verified: false, verifiedAt: null, checks: null });
    expect((await t.ok('admin', 'backup:inspect', { path: unchecked })).checked).toBe('quick');
    const loose = path.join(t.dataDir, 'loose.db');
    fs.copyFileSync(b.path, loose);
    expect((await t.ok('admin', 'backup:inspect', { path: loose })).checked).toBe('full');

    // verify: quick_check by default, the full check on request; the sidecar records which
    const quick = await t.ok('admin', 'backup:verify', { path: b.path });
    expect(quick).toMatchObject({ level: 'quick', checksum: true, counts: { customers: 30 } });
    const deep = await t.ok('admin', 'backup:verify', { path: b.path, deep: true });
    expect(deep).toMatchObject({ level: 'full', checksum: true });
    const listed = (await t.ok('admin', 'backup:list')).backups.find((x) => x.path === b.path)!;
    expect(listed).toMatchObject({ verified: true, checks: 'full' });
  });

  it('a backup missing a table or trigger is refused by the schema check, whatever its checksum says', async () => {
    const b = await appWithCheckedBackup();
    const noTable = listedCopy(b.path, 'no-table.db', 'DROP TABLE follow_ups;');
    const r = await t.call('admin', 'backup:inspect', { path: noTable });
    expect(!r.ok && r.error.message).toBe('备份文件已损坏（完整性检查未通过），无法使用。');
    const trig = sqliteShellWrite(b.path, "SELECT name FROM sqlite_schema WHERE type = 'trigger' LIMIT 1;");
    expect(trig).not.toBe('');
    const noTrigger = listedCopy(b.path, 'no-trigger.db', `DROP TRIGGER "${trig}";`);
    const r2 = await t.call('admin', 'backup:inspect', { path: noTrigger });
    expect(!r2.ok && r2.error.message).toBe('备份文件已损坏（完整性检查未通过），无法使用。');
  });

  it('restoring a checked backup: the full check runs afterwards in the background; when it finds an index that does not match its table the user is notified', async () => {
    const b = await appWithCheckedBackup();
    // good: restore, then the background full check passes and is audited
    let s = await t.ok('admin', 'backup:inspect', { path: b.path });
    await t.ok('admin', 'backup:restore', { stagingId: s.stagingId });
    await backupService(t.app.context).settled();
    const audits = () => t.app.context.db.prepare("SELECT summary FROM audit_log WHERE action = 'backup.restore-check' ORDER BY id").pluck().all() as string[];
    expect(audits()).toHaveLength(1);
    expect(audits()[0]).toBe(`恢复后的完整检查通过（来源 ${b.path}）`);

    // an index whose entries do not match its table: quick_check does not see it, so the file's own
    // check passed and its checksum matches — the state of a live database that was already damaged
    await t.ok('admin', 'auth:login', { username: ADMIN.username, password: ADMIN.password }); // the restore logged everyone out
    const bad = listedCopy(
      b.path,
      'bad-index.db',
      "CREATE TABLE zz (a, b); CREATE INDEX zz_x ON zz (a); INSERT INTO zz VALUES (1, 100), (2, 99), (3, 98); PRAGMA writable_schema = ON; UPDATE sqlite_schema SET sql = 'CREATE INDEX zz_x ON zz (b)' WHERE name = 'zz_x';",
    );
    expect(sqliteShellWrite(bad, 'PRAGMA quick_check;')).toBe('ok');
    s = await t.ok('admin', 'backup:inspect', { path: bad });
    expect(s.checked).toBe('checksum');
    await t.ok('admin', 'backup:restore', { stagingId: s.stagingId });
    await backupService(t.app.context).settled();
    expect(customerCount(t.app.context.db)).toBe(30);
    const last = audits().at(-1)!;
    expect(last).toMatch(/^恢复后的完整检查未通过（来源 .*bad-index\.db）：.*zz_x/);
    const note = t.app.context.db.prepare("SELECT user_id, title, body FROM notifications WHERE kind = 'backupCheck'").all() as { user_id: number; title: string; body: string }[];
    expect(note).toHaveLength(1);
    expect(note[0].title).toBe('恢复后的完整性检查发现问题');
    expect(note[0].body).toContain('zz_x');
  });
});
