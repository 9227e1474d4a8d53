// Minimal auth: scrypt at production cost, first-run setup, login, lockout, disabled users, audit rows,
// and the password hash never leaving main.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { hashPassword, parseHashParams, SCRYPT_PARAMS, setScryptCostForTests, verifyPassword } from '../../../main/services/auth/password';
import { lockSecondsAfter, LOCKOUT_THRESHOLD } from '../../../main/services/auth/lockout';
import { verifyAuditChain } from '../../../main/services/audit/record';
import { ADMIN, FakeClock, makeTestApp, type TestApp } from '../../helpers/testApp';

let t: TestApp;
beforeEach(async () => {
  t = await makeTestApp();
});
afterEach(() => t.close());

const auditRows = () =>
  t.app.context.db.raw.prepare('SELECT action, user_id, user_name, summary, changes FROM audit_log ORDER BY id').all() as {
    action: string;
    user_id: number | null;
    user_name: string | null;
    summary: string | null;
    changes: string | null;
  }[];
const storedHash = () => (t.app.context.db.raw.prepare('SELECT password_hash FROM users WHERE username = ?').pluck().get(ADMIN.username) as string);

describe('password hashing', () => {
  it('uses scrypt N=2^17, r=8, p=1 by default (a real hash, off the main thread)', async () => {
    setScryptCostForTests(SCRYPT_PARAMS.N); // the production cost; makeTestApp lowered it
    try {
      expect(SCRYPT_PARAMS).toMatchObject({ N: 2 ** 17, r: 8, p: 1 });
      let ticks = 0;
      const timer = setInterval(() => ticks++, 1);
      const hash = await hashPassword('correct horse battery');
      clearInterval(timer);
      expect(parseHashParams(hash)).toEqual({ N: 131072, r: 8, p: 1 });
      expect(hash).toMatch(/^scrypt\$131072\$8\$1\$[A-Za-z0-9+/=]{24}\$[A-Za-z0-9+/=]{44}$/);
      // hashing ran on libuv's pool: the event loop kept turning meanwhile
      expect(ticks).toBeGreaterThan(0);
      expect(await verifyPassword('correct horse battery', hash)).toBe(true);
      expect(await verifyPassword('correct horse batterY', hash)).toBe(false);
    } finally {
      setScryptCostForTests(2 ** 10);
    }
  });

  it('salts every hash and refuses malformed stored values', async () => {
    const [a, b] = [await hashPassword('same'), await hashPassword('same')];
    expect(a).not.toBe(b);
    expect(await verifyPassword('same', 'not-a-hash')).toBe(false);
    expect(await verifyPassword('same', 'bcrypt$1$2$3$4$5')).toBe(false);
  });
});

describe('first-run setup', () => {
  it('creates the owner as administrator, logs in that window, and only once', async () => {
    expect(await t.ok('w', 'auth:status')).toEqual({ needsSetup: true, user: null });
    const user = await t.setupAdmin();
    expect(user).toMatchObject({ username: ADMIN.username, displayName: ADMIN.displayName, roleName: '管理员', scope: 'all' });
    expect(user.permissions).toContain('users.manage');
    expect((await t.ok('admin', 'auth:status')).user?.id).toBe(user.id);
    expect((await t.ok('w', 'auth:status')).needsSetup).toBe(false);

    const again = await t.call('w', 'auth:setup', { username: 'intruder', password: 'intruder-pass', displayName: 'X' });
    expect(again).toEqual({ ok: false, error: { code: 'CONFLICT', message: '已经完成初始设置，请直接登录。' } });
    expect(t.app.context.db.raw.prepare('SELECT count(*) FROM users').pluck().get()).toBe(1);
  });

  it('two windows racing through setup create one owner', async () => {
    const input = (n: string) => ({ username: n, password: 'race-pass-1', displayName: n });
    const results = await Promise.all([t.call('a', 'auth:setup', input('first')), t.call('b', 'auth:setup', input('second'))]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.filter((r) => !r.ok && r.error.code === 'CONFLICT')).toHaveLength(1);
    expect(t.app.context.db.raw.prepare('SELECT count(*) FROM users').pluck().get()).toBe(1);
  });
});

describe('login', () => {
  beforeEach(async () => {
    await t.setupAdmin();
  });

  it('logs in with the right password (username case and spaces do not matter) and out again', async () => {
    const { user } = await t.ok('w', 'auth:login', { username: ' OWNER ', password: ADMIN.password });
    expect(user.username).toBe(ADMIN.username);
    expect((await t.ok('w', 'auth:status')).user?.id).toBe(user.id);
    expect(await t.ok('w', 'auth:logout')).toEqual({ loggedOut: true });
    expect((await t.ok('w', 'auth:status')).user).toBeNull();
    expect((await t.call('w', 'auth:logout')).ok).toBe(false);
  });

  it('a wrong password is INVALID_INPUT with a sentence on the password field', async () => {
    const r = await t.call('w', 'auth:login', { username: ADMIN.username, password: 'nope-nope' });
    expect(r).toEqual({
      ok: false,
      error: { code: 'INVALID_INPUT', message: '用户名或密码错误。', details: { fieldErrors: { password: '用户名或密码错误。' } } },
    });
    expect((await t.ok('w', 'auth:status')).user).toBeNull();
  });

  it('an unknown username answers exactly like a wrong password', async () => {
    const unknown = await t.call('w', 'auth:login', { username: 'ghost', password: 'whatever-1' });
    const wrong = await t.call('w', 'auth:login', { username: ADMIN.username, password: 'whatever-1' });
    expect(unknown).toEqual(wrong);
  });

  it('locks after 5 failures with growing delays (FakeClock), and a good login resets the count', async () => {
    expect(LOCKOUT_THRESHOLD).toBe(5);
    const fail = () => t.call('w', 'auth:login', { username: ADMIN.username, password: 'bad-password' });
    for (let i = 1; i < LOCKOUT_THRESHOLD; i++) expect(!(await fail()).ok && 'INVALID_INPUT').toBe('INVALID_INPUT');

    const fifth = await fail();
    expect(fifth).toEqual({
      ok: false,
      error: { code: 'LOCKED', message: '密码错误次数过多，账号已锁定，请在 30 秒后重试。', details: { retryAfterSeconds: 30 } },
    });
    // while locked even the right password is refused, and says how long is left
    t.clock.advance(10_000);
    const blocked = await t.call('w', 'auth:login', { username: ADMIN.username, password: ADMIN.password });
    expect(!blocked.ok && blocked.error).toMatchObject({ code: 'LOCKED', details: { retryAfterSeconds: 20 } });

    t.clock.advance(20_000);
    const sixth = await fail();
    expect(!sixth.ok && sixth.error.details).toEqual({ retryAfterSeconds: 60 });
    t.clock.advance(60_000);
    const seventh = await fail();
    expect(!seventh.ok && seventh.error.details).toEqual({ retryAfterSeconds: 120 });
    expect([5, 6, 7, 8, 20].map(lockSecondsAfter)).toEqual([30, 60, 120, 240, 3600]);

    t.clock.advance(120_000);
    await t.ok('w', 'auth:login', { username: ADMIN.username, password: ADMIN.password });
    const row = t.app.context.db.raw.prepare('SELECT failed_logins, locked_until FROM users').get();
    expect(row).toEqual({ failed_logins: 0, locked_until: null });
  });

  it('a disabled user cannot log in, even with the right password', async () => {
    t.app.context.db.raw.prepare('UPDATE users SET disabled_at = ?').run(t.clock.now().toISOString());
    const r = await t.call('w', 'auth:login', { username: ADMIN.username, password: ADMIN.password });
    expect(r).toEqual({ ok: false, error: { code: 'FORBIDDEN', message: '该账号已停用，请联系管理员。' } });
    expect((await t.ok('w', 'auth:status')).user).toBeNull();
  });

  it('writes audit rows for setup, login, failures, lockout and logout, chained', async () => {
    await t.ok('w', 'auth:login', { username: ADMIN.username, password: ADMIN.password });
    await t.ok('w', 'auth:logout');
    await t.call('w', 'auth:login', { username: 'ghost', password: 'x-x-x-x-x' });
    for (let i = 0; i < LOCKOUT_THRESHOLD; i++) await t.call('w', 'auth:login', { username: ADMIN.username, password: 'bad-password' });
    await t.call('w', 'auth:login', { username: ADMIN.username, password: ADMIN.password });
    const actions = auditRows().map((r) => r.action);
    expect(actions).toEqual([
      'auth.setup',
      'auth.login',
      'auth.logout',
      'auth.loginFailed',
      ...Array(LOCKOUT_THRESHOLD).fill('auth.loginFailed'),
      'auth.lockout',
      'auth.loginBlocked',
    ]);
    const ghost = auditRows()[3];
    // the unknown name itself is not kept (it may be a password typed into the wrong field)
    expect(ghost).toMatchObject({ user_id: null, user_name: null, summary: '未知的用户名（5 个字符）' });
    expect(verifyAuditChain(t.app.context.db)).toEqual({ ok: true, checked: actions.length });
  });

  it('the password hash and the password never appear in any channel output or audit row', async () => {
    const hash = storedHash();
    const salt = hash.split('$')[4];
    const outputs = [
      await t.call('w', 'auth:login', { username: ADMIN.username, password: ADMIN.password }),
      await t.call('w', 'auth:status'),
      await t.call('w', 'app:info'),
      await t.call('w', 'auth:changePassword', { oldPassword: ADMIN.password, newPassword: 'brand-new-pass' }),
      await t.call('w', 'auth:changePassword', { oldPassword: 'wrong-old', newPassword: 'brand-new-pass2' }),
      await t.call('w', 'auth:logout'),
      await t.call('w', 'auth:login', { username: ADMIN.username, password: 'brand-new-pass' }),
      await t.call('x', 'auth:login', { username: ADMIN.username, password: 'bad-guess-1' }),
    ];
    const everything = JSON.stringify(outputs) + JSON.stringify(auditRows());
    for (const secret of [hash, salt, storedHash(), storedHash().split('$')[5], ADMIN.password, 'brand-new-pass', 'bad-guess-1']) {
      expect(everything).not.toContain(secret);
    }
    expect(everything).not.toMatch(/scrypt\$/);
    expect(outputs[0].ok && outputs[6].ok).toBe(true);
  });

  it('change password needs the current one and then only the new one works', async () => {
    await t.ok('w', 'auth:login', { username: ADMIN.username, password: ADMIN.password });
    const wrong = await t.call('w', 'auth:changePassword', { oldPassword: 'not-it-1', newPassword: 'another-pass-2' });
    expect(!wrong.ok && wrong.error).toMatchObject({ code: 'INVALID_INPUT', details: { fieldErrors: { oldPassword: '当前密码不正确。' } } });
    await t.ok('w', 'auth:changePassword', { oldPassword: ADMIN.password, newPassword: 'another-pass-2' });
    expect((await t.call('v', 'auth:login', { username: ADMIN.username, password: ADMIN.password })).ok).toBe(false);
    expect((await t.call('v', 'auth:login', { username: ADMIN.username, password: 'another-pass-2' })).ok).toBe(true);
  });
});

it('FakeClock drives lockout time, not the wall clock', async () => {
  const clock = new FakeClock(Date.parse('2030-01-01T00:00:00Z'));
  const u = await makeTestApp({ clock });
  try {
    await u.setupAdmin();
    for (let i = 0; i < LOCKOUT_THRESHOLD; i++) await u.call('w', 'auth:login', { username: ADMIN.username, password: 'bad-password' });
    const until = u.app.context.db.raw.prepare('SELECT locked_until FROM users').pluck().get();
    expect(until).toBe('2030-01-01T00:00:30.000Z');
  } finally {
    await u.close();
  }
});
