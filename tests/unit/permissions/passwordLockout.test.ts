// Password hashing parameters (production strength) and the login lockout timing with a FakeClock.
import { afterEach, describe, expect, it } from 'vitest';
import { hashPassword, parseHashParams, SCRYPT_PARAMS, setScryptCostForTests, verifyPassword } from '../../../main/services/auth/password';
import { lockSecondsAfter, LOCKOUT_THRESHOLD } from '../../../main/services/auth/lockout';
import { makeCompany, PASSWORD, type Company } from './fixture';

describe('password hashing', () => {
  it('uses scrypt N=2^17, r=8, p=1, a 16-byte salt and a 32-byte key by default', async () => {
    expect(SCRYPT_PARAMS).toMatchObject({ N: 131072, r: 8, p: 1, keyLen: 32, saltLen: 16 });
    setScryptCostForTests(SCRYPT_PARAMS.N);
    const h = await hashPassword('正确的密码-1');
    const [alg, , , , salt, key] = h.split('$');
    expect(alg).toBe('scrypt');
    expect(parseHashParams(h)).toEqual({ N: 131072, r: 8, p: 1 });
    expect(Buffer.from(salt, 'base64')).toHaveLength(16);
    expect(Buffer.from(key, 'base64')).toHaveLength(32);
    expect(await verifyPassword('正确的密码-1', h)).toBe(true);
    expect(await verifyPassword('正确的密码-2', h)).toBe(false);
    expect(await hashPassword('正确的密码-1')).not.toBe(h); // fresh salt each time
  });
});

describe('login lockout', () => {
  let c: Company | null = null;
  afterEach(() => c?.t.close());

  it('locks after 5 wrong passwords, doubling the wait, and says how long', async () => {
    expect([4, 5, 6, 7, 20].map(lockSecondsAfter)).toEqual([0, 30, 60, 120, 3600]);
    expect(LOCKOUT_THRESHOLD).toBe(5);
    c = await makeCompany();
    const { t } = c;
    const attempt = (password: string) => t.call('w', 'auth:login', { username: 'rep-a', password });
    for (let i = 1; i < 5; i++) expect((await attempt('wrong-pass')).ok).toBe(false);
    const fifth = await attempt('wrong-pass');
    expect(!fifth.ok && fifth.error.code).toBe('LOCKED');
    expect(!fifth.ok && fifth.error.details).toEqual({ retryAfterSeconds: 30 });
    // even the right password waits out the lock
    t.clock.advance(29_000);
    const early = await attempt(PASSWORD);
    expect(!early.ok && early.error.code).toBe('LOCKED');
    expect(!early.ok && early.error.message).toContain('1 秒');
    t.clock.advance(1_500);
    const sixth = await attempt('wrong-pass');
    expect(!sixth.ok && sixth.error.details).toEqual({ retryAfterSeconds: 60 });
    t.clock.advance(60_000);
    expect((await attempt(PASSWORD)).ok).toBe(true);
    // the counter starts over after a success
    expect((await attempt('wrong-pass')).ok).toBe(false);
    const row = t.app.context.db.prepare("SELECT failed_logins FROM users WHERE username = 'rep-a'").get() as { failed_logins: number };
    expect(row.failed_logins).toBe(1);
    const actions = (t.app.context.db.prepare("SELECT action FROM audit_log WHERE action LIKE 'auth.%' AND entity_id = ?").all(c.users.repA) as { action: string }[]).map((r) => r.action);
    expect(actions.filter((a) => a === 'auth.lockout')).toHaveLength(2);
    expect(actions).toContain('auth.loginBlocked');
  });
});
