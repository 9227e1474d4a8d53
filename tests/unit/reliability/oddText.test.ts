// Text no search box or file dialog should send, but a renderer can: a NUL inside a search query ended the
// FTS5 expression early ("unterminated string" → INTERNAL in customers:list, pool:list and deals:list), and a
// lone surrogate as a backup path reached the backup worker (INTERNAL). Both found by the long fuzz run
// (`npm run test:long`); here as fixed cases in the normal suite.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestApp, type TestApp } from '../../helpers/testApp';

let t: TestApp;
beforeAll(async () => {
  t = await makeTestApp();
  await t.setupAdmin();
  const c = await t.ok('admin', 'customers:create', { name: 'abcd 贸易有限公司' });
  await t.ok('admin', 'deals:create', { customerId: c.id, name: 'abcd 年度服务', amountFen: 100 });
});
afterAll(() => t.close());

describe('a NUL inside a search query', () => {
  const queries = ['a\u0000b', '\u0000', 'ab\u0000cd', '"a\u0000"', '贸易\u0000有限'];
  it.each(['customers:list', 'pool:list', 'deals:list', 'followUps:list'] as const)('%s answers, never INTERNAL', async (channel) => {
    for (const query of queries) {
      const input = channel === 'followUps:list' ? { filter: { query }, limit: 20 } : { query, limit: 20 };
      const r = await t.call('admin', channel, input as never);
      expect(r.ok, `${channel} ${JSON.stringify(query)}: ${JSON.stringify(r)}`).toBe(true);
    }
  });

  it('is dropped from the phrase: "ab\\u0000cd" finds what "abcd" finds', async () => {
    const plain = (await t.ok('admin', 'customers:list', { query: 'abcd', limit: 20 })).rows.map((c) => c.id);
    const odd = (await t.ok('admin', 'customers:list', { query: 'ab\u0000cd', limit: 20 })).rows.map((c) => c.id);
    expect(plain.length).toBe(1);
    expect(odd).toEqual(plain);
    const deals = (await t.ok('admin', 'deals:list', { query: 'ab\u0000cd', limit: 20 })).rows.map((d) => d.name);
    expect(deals).toEqual(['abcd 年度服务']);
  });
});

describe('a path no file can have', () => {
  it.each([
    ['a lone surrogate', '\ud800'],
    ['a trailing lone surrogate', '/tmp/x\udc00.db'],
    ['a NUL', '/tmp/a\u0000b.db'],
  ])('%s: backup:create and import:preview answer a field error', async (_what, path) => {
    const b = await t.call('admin', 'backup:create', { path });
    expect(b).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', details: { fieldErrors: { path: '文件路径无效：含有文件名不能使用的字符' } } } });
    const i = await t.call('admin', 'import:preview', { path });
    expect(i).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
  });

  it('a well-formed path with a pair of surrogates (an emoji) is not refused for that', async () => {
    const b = await t.call('admin', 'backup:create', { path: '/nonexistent-zg-dir/备份😀.db' });
    expect(b.ok ? 'ok' : b.error.code).not.toBe('INTERNAL');
    if (!b.ok) expect(JSON.stringify(b.error.details ?? {})).not.toContain('文件路径无效');
  });
});
