// Summaries the app writes itself at login (unknown user name, locked, disabled account), for a changed password,
// the loss reason list, pool rules and security settings, and of a delete / restore / purge are in the app's language when written — zh-CN by default, en once it is chosen.
import { afterEach, describe, expect, it } from 'vitest';
import { ADMIN, makeTestApp, type TestApp } from '../../helpers/testApp';
import { hashPassword } from '../../../main/services/auth/password';
import { roleIdByKey } from '../../../main/services/auth/roles';
import { lockSecondsAfter, LOCKOUT_THRESHOLD } from '../../../main/services/auth/lockout';
import { verifyAuditChain } from '../../../main/services/audit/record';

let t: TestApp;
afterEach(() => t?.close());

const summaries = (action: string) =>
  t.app.context.db.prepare('SELECT summary FROM audit_log WHERE action = ? ORDER BY id').pluck().all(action) as string[];

/** what a session of login mistakes and settings writes; returns the seconds a lockout lasts */
async function loginMistakes(): Promise<number> {
  const db = t.app.context.db;
  const now = t.clock.now().toISOString();
  db.prepare('INSERT INTO users (username, display_name, password_hash, role_id, created_at, updated_at, disabled_at) VALUES (?, ?, ?, ?, ?, ?, ?)').run(
    'gone',
    '离职员工',
    await hashPassword('gone-pass-1'),
    roleIdByKey(db, 'sales'),
    now,
    now,
    now,
  );
  await t.call('x', 'auth:login', { username: 'nobody', password: 'whatever' });
  await t.call('x', 'auth:login', { username: 'gone', password: 'gone-pass-1' });
  await t.ok('admin', 'auth:changePassword', { oldPassword: ADMIN.password, newPassword: 'owner-pass-2' });
  await t.ok('admin', 'lossReasons:update', { reasons: [{ name: '价格太高' }, { name: '选了对手' }] });
  await t.ok('admin', 'pool:updateSettings', { claimCapPerDay: 20, returnEnabled: true, returnDays: 30, warnDays: 3 });
  await t.ok('admin', 'security:updateSettings', { idleMinutes: 15 });
  for (let i = 0; i < LOCKOUT_THRESHOLD; i++) await t.call('x', 'auth:login', { username: ADMIN.username, password: 'bad-password' });
  await t.call('x', 'auth:login', { username: ADMIN.username, password: 'owner-pass-2' });
  return lockSecondsAfter(LOCKOUT_THRESHOLD);
}

describe('summaries written at login and for settings', () => {
  it('zh-CN (the default)', async () => {
    t = await makeTestApp();
    await t.setupAdmin();
    const lock = await loginMistakes();
    expect(summaries('auth.loginFailed').slice(0, 2)).toEqual(['未知的用户名（6 个字符）', '账号已停用']);
    expect(summaries('auth.changePassword')).toEqual(['修改了自己的密码']);
    expect(summaries('lossReasons.update')).toEqual(['输单原因']);
    expect(summaries('settings.update')).toEqual(['公海规则', '安全设置']);
    expect(summaries('auth.loginBlocked')).toEqual([`账号锁定中，拒绝登录（还剩 ${lock} 秒）`]);
    expect(verifyAuditChain(t.app.context.db).ok).toBe(true);
  });

  it('en', async () => {
    t = await makeTestApp();
    await t.setupAdmin();
    await t.ok('admin', 'app:setLocale', { locale: 'en' });
    const lock = await loginMistakes();
    expect(summaries('auth.loginFailed').slice(0, 2)).toEqual(['unknown user name (6 characters)', 'account disabled']);
    expect(summaries('auth.changePassword')).toEqual(['changed own password']);
    expect(summaries('lossReasons.update')).toEqual(['loss reasons']);
    // the first: the language switch itself (no summary)
    expect(summaries('settings.update')).toEqual([null, 'pool rules', 'security settings']);
    expect(summaries('auth.loginBlocked')).toEqual([`login refused while locked (${lock}s left)`]);
  });
});

describe('summaries of a delete, restore and purge', () => {
  /** two customers, the first with a follow-up that has a next time (so a reminder): deleted, restored, deleted, purged */
  async function binRoundTrip() {
    const a = await t.ok('admin', 'customers:create', { name: '甲公司' });
    const b = await t.ok('admin', 'customers:create', { name: '乙公司' });
    const f = await t.ok('admin', 'followUps:create', { customerId: a.id, at: t.clock.now().toISOString(), method: '电话', content: '报价', nextAt: '2026-12-01T02:00:00.000Z' });
    const r = t.app.context.db.prepare('SELECT id FROM reminders WHERE follow_up_id = ?').pluck().get(f.id) as number;
    await t.ok('admin', 'customers:delete', { ids: [a.id, b.id] });
    await t.ok('admin', 'recycleBin:restore', { ids: [`customer:${a.id}`, `customer:${b.id}`] });
    await t.ok('admin', 'customers:delete', { ids: [a.id, b.id] });
    await t.ok('admin', 'recycleBin:purge', { ids: [`customer:${a.id}`, `customer:${b.id}`] });
    return { f: f.id, r };
  }

  it('zh-CN: follow-ups and reminders by number in words, the purged names joined with 、', async () => {
    t = await makeTestApp();
    await t.setupAdmin();
    const { f, r } = await binRoundTrip();
    expect(summaries('followUp.delete')).toEqual([`跟进记录 #${f}`, `跟进记录 #${f}`]);
    expect(summaries('reminder.delete')).toEqual([`提醒 #${r}`, `提醒 #${r}`]);
    expect(summaries('followUp.restore')).toEqual([`跟进记录 #${f}`]);
    expect(summaries('reminder.restore')).toEqual([`提醒 #${r}`]);
    expect(summaries('recycleBin.purge')).toEqual(['甲公司、乙公司']);
    expect(verifyAuditChain(t.app.context.db).ok).toBe(true);
  });

  it('en', async () => {
    t = await makeTestApp();
    await t.setupAdmin();
    await t.ok('admin', 'app:setLocale', { locale: 'en' });
    const { f, r } = await binRoundTrip();
    expect(summaries('followUp.delete')).toEqual([`follow-up #${f}`, `follow-up #${f}`]);
    expect(summaries('reminder.restore')).toEqual([`reminder #${r}`]);
    expect(summaries('recycleBin.purge')).toEqual(['甲公司, 乙公司']);
  });
});
