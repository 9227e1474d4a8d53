// Values a compromised renderer can send over Electron IPC (structured clone) but JSON cannot: dispatch
// refuses them before any schema or handler sees them (the fuzz found BigInt in a saved view's custom
// filter reaching JSON.stringify -> INTERNAL). And a JSON object whose toString is not a function, sent as
// a custom field's default, is a field error, not INTERNAL (found by the fuzz in fields:create).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestApp, type TestApp } from '../../helpers/testApp';
import { isJsonShaped } from '../../../main/ipc/jsonInput';

let t: TestApp;
beforeAll(async () => {
  t = await makeTestApp();
  await t.setupAdmin();
});
afterAll(() => t.close());

const view = (custom: unknown) => ({ name: '视图', filter: { custom: { level: custom } }, columns: ['name'] });
let deep: unknown = 'x';
for (let i = 0; i < 200; i++) deep = { a: deep };

describe('dispatch refuses what JSON could not carry', () => {
  it.each([
    ['a BigInt', 10n],
    ['a Date', new Date()],
    ['a Map', new Map([['a', 1]])],
    ['a Set', new Set([1])],
    ['a typed array', new Uint8Array([1, 2])],
    ['NaN', NaN],
    ['Infinity', Infinity],
    ['200 levels of nesting', deep],
  ])('%s inside a z.unknown() hole is INVALID_INPUT, and nothing is saved', async (_what, value) => {
    const r = await t.call('admin', 'views:save', view(value) as never);
    expect(r).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', message: '请求不是有效的 JSON。' } });
    expect(t.app.context.db.prepare('SELECT count(*) FROM saved_views').pluck().get()).toBe(0);
  });

  it('plain JSON still passes', async () => {
    expect((await t.call('admin', 'views:save', view(['A', 'B']) as never)).ok).toBe(true);
    expect(isJsonShaped({ a: [1, 'x', null, true, { b: undefined }], c: Object.create(null) })).toBe(true);
  });
});

describe('custom field values that are objects', () => {
  it.each([
    ['singleSelect', { toString: 'x' }],
    ['multiSelect', [{ toString: 'x' }]],
  ])('a %s default of %j is a field error', async (type, value) => {
    const r = await t.call('admin', 'fields:create', { entity: 'customer', label: { zh: `字段${type}`, en: `Field ${type}` }, type, options: ['甲', '乙'], default: value } as never);
    expect(r.ok ? 'OK' : r.error.code).toBe('INVALID_INPUT');
  });
});
