// Export of custom field columns (issue 13): export:columns lists `custom.<key>` with the label in the
// user's language; export:run writes the values — select text, multi-select joined with '、', money in
// yuan, yes/no as 是/否 — to xlsx and csv (read back with SheetJS); unknown custom keys are refused.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../../helpers/testApp';
import type { ChannelInput } from '../../../main/contract';
import { adminApp, readBack, tempDir } from '../import/helpers';

let t: TestApp;
let dir: string;
const keys: Record<string, string> = {};
beforeAll(async () => {
  t = await adminApp();
  dir = tempDir();
  const add = async (name: string, input: Omit<ChannelInput<'fields:create'>, 'entity'>) =>
    (keys[name] = (await t.ok('admin', 'fields:create', { entity: 'customer', ...input })).key);
  await add('type', { label: { zh: '客户类型', en: 'Customer type' }, type: 'singleSelect', options: ['经销商', '终端客户'] });
  await add('hobby', { label: { zh: '爱好', en: 'Hobbies' }, type: 'multiSelect', options: ['篮球', '钓鱼', '茶'] });
  await add('budget', { label: { zh: '预算', en: 'Budget' }, type: 'money' });
  await add('vip', { label: { zh: '重要', en: 'VIP' }, type: 'boolean' });
  await t.ok('admin', 'customers:create', {
    name: '杭州甲科技',
    custom: { [keys.type]: '经销商', [keys.hobby]: ['茶', '篮球'], [keys.budget]: 1234550, [keys.vip]: true },
  });
  await t.ok('admin', 'customers:create', { name: '宁波乙贸易', custom: { [keys.vip]: false } });
});
afterAll(() => t.close());

const cols = () => ['name', `custom.${keys.type}`, `custom.${keys.hobby}`, `custom.${keys.budget}`, `custom.${keys.vip}`];

describe('custom field columns in exports', () => {
  it('export:columns lists them after the built-in columns, labelled in the user language', async () => {
    const zh = (await t.ok('admin', 'export:columns', { entity: 'customers' })).columns;
    expect(zh.find((c) => c.key === `custom.${keys.type}`)).toEqual({ key: `custom.${keys.type}`, label: '客户类型', default: false });
    expect(zh.findIndex((c) => c.key === `custom.${keys.type}`)).toBeGreaterThan(zh.findIndex((c) => c.key === 'name'));
    await t.ok('admin', 'app:setLocale', { locale: 'en' });
    const en = (await t.ok('admin', 'export:columns', { entity: 'customers' })).columns;
    expect(en.find((c) => c.key === `custom.${keys.budget}`)?.label).toBe('Budget');
    await t.ok('admin', 'app:setLocale', { locale: 'zh-CN' });
    // other entities have no custom columns
    const deals = (await t.ok('admin', 'export:columns', { entity: 'deals' })).columns;
    expect(deals.some((c) => c.key.startsWith('custom.'))).toBe(false);
  });

  it('writes the values to xlsx', async () => {
    const out = path.join(dir, 'c.xlsx');
    const r = await t.ok('admin', 'export:run', { entity: 'customers', columns: cols(), format: 'xlsx', path: out });
    expect(r.rows).toBe(2);
    const rows = readBack(out);
    expect(rows[0]).toEqual(['客户名称', '客户类型', '爱好', '预算', '重要']);
    const first = rows[1] as unknown[];
    expect(first[0]).toBe('杭州甲科技');
    expect(first[1]).toBe('经销商');
    expect(String(first[2]).split('、').sort()).toEqual(['篮球', '茶'].sort());
    expect(first[3]).toBe(12345.5);
    expect(first[4]).toBe('是');
    expect(rows[2]).toEqual(['宁波乙贸易', null, null, null, '否']);
  });

  it('writes the values to csv, labels in English when the app is in English', async () => {
    const out = path.join(dir, 'c.csv');
    await t.ok('admin', 'app:setLocale', { locale: 'en' });
    try {
      await t.ok('admin', 'export:run', { entity: 'customers', columns: cols(), format: 'csv', path: out });
    } finally {
      await t.ok('admin', 'app:setLocale', { locale: 'zh-CN' });
    }
    const rows = readBack(out);
    expect(rows[0]).toEqual([expect.any(String), 'Customer type', 'Hobbies', 'Budget', 'VIP']);
    expect((rows[1] as unknown[]).slice(0, 2)).toEqual(['杭州甲科技', '经销商']);
    expect(String((rows[1] as unknown[])[3])).toBe('12345.5');
    expect((rows[1] as unknown[])[4]).toBe('Yes');
    expect(fs.readFileSync(out, 'utf8')).toMatch(/篮球、茶|茶、篮球/);
  });

  it('refuses a custom column that does not exist', async () => {
    const r = await t.call('admin', 'export:run', { entity: 'customers', columns: ['name', 'custom.nope'], format: 'csv', path: path.join(dir, 'x.csv') });
    expect(r.ok).toBe(false);
  });
});
