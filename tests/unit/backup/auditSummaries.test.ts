// Backup audit summaries are written in the app's language at the time: the kind in words (manual / automatic /
// safety snapshot), why a snapshot was pinned in words, paths as they are, a problem the system reported as it gave it.
import { afterEach, describe, expect, it } from 'vitest';
import { makeTestApp, type TestApp } from '../../helpers/testApp';
import { backupService, pinSnapshot } from '../../../main/services/backup';
import { tFor } from '../../../main/i18n';
import { createdText, deletedText, reasonWords, checkProblemsText, verifiedText } from '../../../main/services/backup/auditText';
import { verifyAuditChain } from '../../../main/services/audit/record';
import { addCustomers } from './helpers';

let t: TestApp;
afterEach(() => t?.close());

const rows = () =>
  t.app.context.db.prepare("SELECT action, summary FROM audit_log WHERE action LIKE 'backup.%' ORDER BY id").all() as { action: string; summary: string }[];

async function appWithData(locale: 'zh-CN' | 'en') {
  t = await makeTestApp();
  await t.setupAdmin();
  if (locale === 'en') await t.ok('admin', 'app:setLocale', { locale: 'en' });
  addCustomers(t.app.context.db, 5);
}

describe('backup summaries in the app language', { timeout: 120_000 }, () => {
  it('zh-CN: create, verify, delete, automatic failure', async () => {
    await appWithData('zh-CN');
    const b = await t.ok('admin', 'backup:create', {});
    await t.ok('admin', 'backup:verify', { path: b.path });
    await t.ok('admin', 'backup:delete', { path: b.path });
    backupService(t.app.context).reportAutoFailure(new Error('disk gone'));
    await backupService(t.app.context).settled();
    expect(rows()).toEqual([
      { action: 'backup.create', summary: `创建了手动备份：${b.path}` },
      { action: 'backup.verify', summary: `校验了备份 ${b.path}：快速检查 quick_check` },
      { action: 'backup.delete', summary: `删除了手动备份 ${b.path}（创建于 ${b.createdAt}）` },
      { action: 'backup.auto-failed', summary: '自动备份失败：备份文件无法写入：disk gone' },
    ]);
    expect(verifyAuditChain(t.app.context.db).ok).toBe(true);
  });

  it('en: create (plain and encrypted), deep verify, a snapshot pinned before an import, restore and its full check', async () => {
    await appWithData('en');
    const b = await t.ok('admin', 'backup:create', {});
    const enc = await t.ok('admin', 'backup:create', { passphrase: 'a-long-passphrase-1' });
    await t.ok('admin', 'backup:verify', { path: b.path, deep: true });
    const pin = await pinSnapshot(t.app.context, 'import', { userId: 1, userName: '王老板' });
    await backupService(t.app.context).settled();
    expect(rows()).toEqual([
      { action: 'backup.create', summary: `manual backup created: ${b.path}` },
      { action: 'backup.create', summary: `manual backup created (encrypted): ${enc.path}` },
      { action: 'backup.verify', summary: `verified ${b.path} (integrity_check + foreign_key_check)` },
      { action: 'backup.create', summary: `safety snapshot created (before an import): ${pin.path}` },
    ]);
    const s = await t.ok('admin', 'backup:inspect', { path: enc.path, passphrase: 'a-long-passphrase-1' });
    const r = await t.ok('admin', 'backup:restore', { stagingId: s.stagingId });
    await backupService(t.app.context).settled();
    backupService(t.app.context).reportAutoFailure(new Error('disk gone'));
    // the log is now the restored one (the encrypted backup's copy of it: the first backup's row), in the language
    // the restored data has (en, set before that backup) — written after the swap
    expect(rows()).toEqual([
      { action: 'backup.create', summary: `manual backup created: ${b.path}` },
      { action: 'backup.restore', summary: `restored ${enc.path} (schema ${s.schemaVersion}); previous data pinned at ${r.pinned}` },
      { action: 'backup.restore-check', summary: `full check of the database restored from ${enc.path}: ok` },
      { action: 'backup.auto-failed', summary: 'automatic backup failed: The backup could not be written: disk gone' },
    ]);
    expect(verifyAuditChain(t.app.context.db).ok).toBe(true);
  });
});

describe('backup summary texts', () => {
  const zh = tFor('zh-CN');
  const en = tFor('en');
  it('pinned snapshots say why in words; a reason or kind this version does not know stays as stored', () => {
    expect(reasonWords(zh, 'migration 19→20')).toBe('升级前，数据结构 19→20');
    expect(reasonWords(en, 'migration 19→20')).toBe('before an upgrade, schema 19→20');
    expect(reasonWords(zh, 'import')).toBe('导入前');
    expect(reasonWords(en, 'something new')).toBe('something new');
    expect(createdText(zh, { kind: 'pinned', reason: 'import', encrypted: true, path: '/d/b.zgbak' })).toBe('创建了保护快照（导入前，已加密）：/d/b.zgbak');
    expect(createdText(en, { kind: 'auto', reason: null, encrypted: false, path: '/d/a.db' })).toBe('automatic backup created: /d/a.db');
    expect(deletedText(en, { kind: 'weekly', path: '/d/w.db', createdAt: '2026-11-01T00:00:00.000Z' })).toBe('deleted weekly /d/w.db (made 2026-11-01T00:00:00.000Z)');
    expect(verifiedText(zh, '/d/a.db', 'full')).toBe('校验了备份 /d/a.db：完整检查 integrity_check + foreign_key_check');
    expect(checkProblemsText(zh, '/d/a.db', 'row 3 missing from index x')).toBe('备份后的检查发现问题（/d/a.db）：row 3 missing from index x');
    expect(checkProblemsText(en, '/d/a.db', 'row 3 missing from index x')).toBe('check after backup found problems in /d/a.db: row 3 missing from index x');
  });
});
