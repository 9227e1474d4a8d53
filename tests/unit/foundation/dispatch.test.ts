// The dispatch pipeline: allow-list -> zod -> session -> permission -> handler -> envelope,
// every error code path, in both languages.
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { channel, LIMITS, type ChannelDef } from '../../../main/contract/define';
import { createDispatch, type Dispatch } from '../../../main/ipc/dispatch';
import type { Handlers } from '../../../main/ipc/context';
import { AppError } from '../../../main/ipc/errors';
import type { SessionUser } from '../../../main/contract/auth';
import { makeTestApp, silentLog, ADMIN, type TestApp } from '../../helpers/testApp';

let t: TestApp;
beforeEach(async () => {
  t = await makeTestApp();
  silentLog.errors.length = 0;
});
afterEach(() => t.close());

const sessionUser = (permissions: SessionUser['permissions']): SessionUser => ({
  id: 999,
  username: 'probe',
  displayName: '探针',
  roleId: 1,
  roleName: 'test',
  scope: 'own',
  permissions,
});

// A small contract exercising each branch without depending on any domain's channels.
const testContract = {
  'test:public': channel({
    summary: 'public echo',
    input: z.object({ text: z.string().max(LIMITS.shortText) }).strict(),
    output: z.object({ text: z.string() }),
    access: 'public',
    permission: null,
    mutates: false,
  }),
  'test:guarded': channel({
    summary: 'needs users.manage',
    input: z.object({}).strict().optional(),
    output: z.object({ done: z.boolean() }),
    access: 'session',
    permission: 'users.manage',
    mutates: false,
  }),
  'test:boom': channel({
    summary: 'throws whatever the test sets',
    input: z.object({}).strict().optional(),
    output: z.null(),
    access: 'public',
    permission: null,
    mutates: false,
  }),
} satisfies Record<string, ChannelDef>;

function testDispatch(throwWhat: () => unknown): Dispatch {
  const handlers = {
    'test:public': (input: { text: string }) => ({ text: input.text }),
    'test:guarded': () => ({ done: true }),
    'test:boom': () => {
      throw throwWhat();
    },
  };
  return createDispatch(t.app.context, handlers as unknown as Handlers, { contract: testContract });
}

describe('allow-list', () => {
  it('answers UNKNOWN_CHANNEL with the name for a channel not in the contract', async () => {
    const r = await t.app.dispatch('w1', 'customers:dropTable', {});
    expect(r).toEqual({ ok: false, error: { code: 'UNKNOWN_CHANNEL', message: expect.stringContaining('customers:dropTable') } });
  });

  it('refuses non-string and prototype names', async () => {
    for (const name of [42, null, undefined, { a: 1 }, '__proto__', 'constructor', 'toString', 'hasOwnProperty']) {
      const r = await t.app.dispatch('w1', name, {});
      expect(r.ok, String(name)).toBe(false);
      if (!r.ok) expect(r.error.code).toBe('UNKNOWN_CHANNEL');
    }
  });

  it('a test contract replaces the app contract entirely', async () => {
    const d = testDispatch(() => new Error('x'));
    expect((await d('w1', 'auth:status', undefined)).ok).toBe(false);
    expect(await d('w1', 'test:public', { text: 'hi' })).toEqual({ ok: true, value: { text: 'hi' } });
  });
});

describe('INVALID_INPUT', () => {
  it('reports wrong types per field', async () => {
    const r = await t.call('w1', 'auth:setup', { username: 5, password: true, displayName: 'x' } as never);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe('INVALID_INPUT');
    const fe = (r.error.details as { fieldErrors: Record<string, string> }).fieldErrors;
    expect(Object.keys(fe).sort()).toEqual(['password', 'username']);
    expect(r.error.message).toMatch(/^输入有误：/);
  });

  it('reports oversized strings with the schema message in the user language', async () => {
    const r = await t.call('w1', 'auth:setup', { username: 'owner', password: 'p'.repeat(LIMITS.password + 1), displayName: '王' });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.details).toEqual({ fieldErrors: { password: '密码过长' } });
  });

  it('says a length or number limit in words, in the user language, with no type names', async () => {
    const limits = {
      'test:limits': channel({
        summary: 'limits',
        input: z.object({ industry: z.string().max(100), name: z.string().min(1), code: z.string().min(4), probability: z.number().max(100), qty: z.number().min(0), tags: z.array(z.string()).max(2) }).partial().strict(),
        output: z.null(),
        access: 'public',
        permission: null,
        mutates: false,
      }),
    };
    const d = createDispatch(t.app.context, { 'test:limits': () => null } as unknown as Handlers, { contract: limits });
    const bad = { industry: '行'.repeat(101), name: '', code: 'ab', probability: 150, qty: -1, tags: ['a', 'b', 'c'] };
    const zh = await d('w1', 'test:limits', bad);
    expect(!zh.ok && zh.error.details).toEqual({
      fieldErrors: { industry: '最多 100 个字符', name: '必填', code: '至少 4 个字符', probability: '不能大于 100', qty: '不能小于 0', tags: '最多 2 项' },
    });
    expect(!zh.ok && zh.error.message).toBe('输入有误：industry: 最多 100 个字符');
    await t.ok('w', 'app:setLocale', { locale: 'en' });
    const en = await d('w1', 'test:limits', bad);
    expect(!en.ok && en.error.details).toEqual({
      fieldErrors: { industry: 'At most 100 characters', name: 'Required', code: 'At least 4 characters', probability: 'At most 100', qty: 'At least 0', tags: 'At most 2 items' },
    });
    await t.ok('w', 'app:setLocale', { locale: 'zh-CN' });
  });

  it('a 1 MB string never reaches a handler', async () => {
    const d = testDispatch(() => new Error('x'));
    const r = await d('w1', 'test:public', { text: '字'.repeat(1_000_000) });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(Object.keys((r.error.details as { fieldErrors: object }).fieldErrors)).toEqual(['text']);
  });

  it('names each extra field', async () => {
    const r = await t.call('w1', 'auth:login', { username: 'a', password: 'b', isAdmin: true, role: 'admin' } as never);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe('INVALID_INPUT');
    expect(r.error.details).toEqual({ fieldErrors: { isAdmin: '不支持此字段', role: '不支持此字段' } });
  });

  it('a missing input object is a field error on the whole input, not a crash', async () => {
    const r = await t.call('w1', 'auth:login', undefined as never);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe('INVALID_INPUT');
      expect(r.error.details).toEqual({ fieldErrors: { _: expect.any(String) } });
    }
  });

  it('validation comes before the session check (no information leak about channels either way)', async () => {
    const r = await t.call('nobody', 'auth:logout', { extra: 1 } as never);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.code).toBe('INVALID_INPUT');
  });
});

describe('session and permission', () => {
  it('UNAUTHENTICATED for a session channel without a login', async () => {
    const r = await t.call('w-none', 'auth:logout');
    expect(r).toEqual({ ok: false, error: { code: 'UNAUTHENTICATED', message: '请先登录。' } });
  });

  it('public channels work without a session', async () => {
    const r = await t.call('w-none', 'auth:status');
    expect(r).toEqual({ ok: true, value: { needsSetup: true, user: null } });
  });

  it('FORBIDDEN names the missing permission; granted permission passes', async () => {
    const d = testDispatch(() => new Error('x'));
    expect((await d('w2', 'test:guarded', undefined)).ok).toBe(false);
    t.app.context.sessions.set('w2', sessionUser(['customers.view']), t.clock.now());
    const r = await d('w2', 'test:guarded', undefined);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe('FORBIDDEN');
    expect(r.error.message).toContain('用户管理');
    expect(r.error.details).toEqual({ permission: 'users.manage' });

    t.app.context.sessions.set('w3', sessionUser(['users.manage']), t.clock.now());
    expect(await d('w3', 'test:guarded', undefined)).toEqual({ ok: true, value: { done: true } });
  });

  it('sessions are per caller: one window logged in does not log in another', async () => {
    await t.setupAdmin();
    expect((await t.call('admin', 'auth:status')).ok && (await t.ok('admin', 'auth:status')).user?.username).toBe(ADMIN.username);
    expect((await t.ok('other', 'auth:status')).user).toBeNull();
    expect((await t.call('other', 'auth:logout')).ok).toBe(false);
  });
});

describe('handler errors', () => {
  it('AppError passes through with code, message and details', async () => {
    const d = testDispatch(() => new AppError('CONFLICT', '已存在', { id: 7 }));
    expect(await d('w', 'test:boom', undefined)).toEqual({ ok: false, error: { code: 'CONFLICT', message: '已存在', details: { id: 7 } } });
  });

  it('INTERNAL hides the error text from the caller and logs it with the stack', async () => {
    const d = testDispatch(() => new Error('secret table zz_private exploded'));
    const r = await d('w', 'test:boom', undefined);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe('INTERNAL');
    expect(JSON.stringify(r)).not.toContain('zz_private');
    expect(r.error.message).toBe('出现了意外错误，操作没有完成，数据未改动。详细信息已记入日志。');
    expect(silentLog.errors.join('\n')).toContain('secret table zz_private exploded');
    expect(silentLog.errors.join('\n')).toContain('test:boom');
  });

  it('a thrown non-Error value is INTERNAL too', async () => {
    const d = testDispatch(() => 'just a string');
    const r = await d('w', 'test:boom', undefined);
    expect(!r.ok && r.error.code).toBe('INTERNAL');
  });

  it('SQLITE_FULL becomes a disk-full sentence', async () => {
    const d = testDispatch(() => new Database.SqliteError('database or disk is full', 'SQLITE_FULL'));
    const r = await d('w', 'test:boom', undefined);
    expect(r).toEqual({
      ok: false,
      error: { code: 'INTERNAL', message: '磁盘空间不足，操作没有完成，数据未改动。请清理磁盘后重试。', details: { reason: 'disk-full' } },
    });
    expect(silentLog.errors.join('\n')).toContain('database or disk is full');
  });

  it('a real SQLITE_READONLY (write to a read-only connection) becomes a read-only sentence', async () => {
    const ro = new Database(t.app.context.dbFile, { readonly: true });
    try {
      const d = testDispatch(() => {
        try {
          ro.prepare("INSERT INTO settings (key, value) VALUES ('x', '1')").run();
        } catch (e) {
          return e;
        }
        return new Error('the write unexpectedly succeeded');
      });
      const r = await d('w', 'test:boom', undefined);
      expect(r.ok).toBe(false);
      if (r.ok) return;
      expect(r.error).toEqual({ code: 'INTERNAL', message: expect.stringContaining('只读'), details: { reason: 'read-only' } });
    } finally {
      ro.close();
    }
  });

  it('an undefined handler result is sent as null', async () => {
    const handlers = { 'test:boom': () => undefined } as unknown as Handlers;
    const d = createDispatch(t.app.context, handlers, { contract: { 'test:boom': testContract['test:boom'] } });
    expect(await d('w', 'test:boom', undefined)).toEqual({ ok: true, value: null });
  });
});

describe('language', () => {
  it('answers in English after app:setLocale en, and back in Chinese', async () => {
    await t.ok('w', 'app:setLocale', { locale: 'en' });
    let r = await t.call('w', 'auth:logout');
    expect(!r.ok && r.error.message).toBe('Please log in first.');
    r = await t.call('w', 'nope:nope' as never);
    expect(!r.ok && r.error.message).toBe('There is no channel named "nope:nope".');
    const bad = await t.call('w', 'auth:setup', { username: 'x', password: 'short', displayName: 'A' });
    expect(!bad.ok && bad.error.details).toEqual({
      fieldErrors: { username: 'At least 2 characters', password: 'At least 8 characters' },
    });
    const extra = await t.call('w', 'auth:status', { x: 1 } as never);
    expect(!extra.ok && extra.error.details).toEqual({ fieldErrors: { x: 'This field is not accepted' } });

    await t.ok('w', 'app:setLocale', { locale: 'zh-CN' });
    r = await t.call('w', 'auth:logout');
    expect(!r.ok && r.error.message).toBe('请先登录。');
  });

  it('zod built-in messages follow the language too', async () => {
    const zh = await t.call('w', 'auth:login', { username: 1, password: 'x' } as never);
    await t.ok('w', 'app:setLocale', { locale: 'en' });
    const en = await t.call('w', 'auth:login', { username: 1, password: 'x' } as never);
    const zhMsg = !zh.ok && (zh.error.details as { fieldErrors: Record<string, string> }).fieldErrors.username;
    const enMsg = !en.ok && (en.error.details as { fieldErrors: Record<string, string> }).fieldErrors.username;
    expect(zhMsg).toMatch(/[\u4e00-\u9fff]/);
    expect(enMsg).toMatch(/expected string/i);
  });
});
