// Search finds customers by the text of their custom text / long text / phone / email / URL fields
// (issue 13). Every writer keeps the index in step: create, update, batch edit, import (create and
// update), revert, field delete; rebuildSearchIndex includes them. Select/number fields are not searched.
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../../helpers/testApp';
import type { ChannelInput } from '../../../main/contract';
import { adminApp, tempDir, writeXlsx } from '../import/helpers';
import { rebuildSearchIndex } from '../../../main/services/customers/searchIndex';
import { customerSearchFields } from '../../../main/services/customers/searchFields';

let t: TestApp;
let dir: string;
const f: Record<string, { id: number; key: string }> = {};
const add = async (name: string, input: Omit<ChannelInput<'fields:create'>, 'entity'>) => (f[name] = await t.ok('admin', 'fields:create', { entity: 'customer', ...input }));
const find = async (query: string) => (await t.ok('admin', 'customers:list', { query })).rows.map((r) => r.name).sort();

beforeAll(async () => {
  t = await adminApp();
  dir = tempDir();
  await add('wechat', { label: { zh: '微信号', en: 'WeChat' }, type: 'text' });
  await add('memo', { label: { zh: '兴趣备忘', en: 'Memo' }, type: 'longText' });
  await add('tel2', { label: { zh: '备用电话', en: 'Phone 2' }, type: 'phone' });
  await add('mail2', { label: { zh: '财务邮箱', en: 'Finance mail' }, type: 'email' });
  await add('site', { label: { zh: '官网', en: 'Website' }, type: 'url' });
  await add('kind', { label: { zh: '客户类型', en: 'Type' }, type: 'singleSelect', options: ['经销商', '终端客户'] });
});
afterAll(() => t.close());

describe('search over custom text fields', () => {
  it('finds by text (3+ chars and 1-2 chars), long text, phone digits, email and URL; not by select options', async () => {
    await t.ok('admin', 'customers:create', {
      name: '杭州甲公司',
      custom: {
        [f.wechat.key]: 'wx_zhangsan88',
        [f.memo.key]: '喜欢钓鱼和普洱茶',
        [f.tel2.key]: '0571-88889999',
        [f.mail2.key]: 'caiwu@jiagongsi.cn',
        [f.site.key]: 'www.jiagongsi-demo.cn',
        [f.kind.key]: '经销商',
      },
    });
    await t.ok('admin', 'customers:create', { name: '宁波乙公司' });
    expect(await find('zhangsan88')).toEqual(['杭州甲公司']);
    expect(await find('普洱茶')).toEqual(['杭州甲公司']);
    expect(await find('普洱')).toEqual(['杭州甲公司']); // 2 chars: the grams table
    expect(await find('88889999')).toEqual(['杭州甲公司']);
    expect(await find('caiwu@jiagongsi')).toEqual(['杭州甲公司']);
    expect(await find('jiagongsi-demo')).toEqual(['杭州甲公司']);
    expect(await find('经销商')).toEqual([]);
  });

  it('update and batch edit re-index; clearing a value makes it unfindable', async () => {
    const c = await t.ok('admin', 'customers:create', { name: '温州丙公司', custom: { [f.wechat.key]: 'wx_oldname' } });
    const u = await t.ok('admin', 'customers:update', { id: c.id, version: c.version, patch: { custom: { [f.wechat.key]: 'wx_newname' } } });
    expect(await find('oldname')).toEqual([]);
    expect(await find('newname')).toEqual(['温州丙公司']);
    await t.ok('admin', 'customers:batchUpdate', { ids: [c.id], patch: { custom: { [f.memo.key]: '关注新能源车' } } } as never);
    expect(await find('新能源')).toEqual(['温州丙公司']);
    await t.ok('admin', 'customers:update', { id: c.id, version: u.version + 1, patch: { custom: { [f.wechat.key]: null } } });
    expect(await find('newname')).toEqual([]);
    expect(await find('新能源')).toEqual(['温州丙公司']);
  });

  it('import: created and updated rows are findable by their custom text', async () => {
    const file = writeXlsx(path.join(dir, 's.xlsx'), [
      ['客户名称', '微信号'],
      ['台州丁公司', 'wx_importing'],
      ['宁波乙公司', 'wx_updatedrow'],
    ]);
    const p = (await t.ok('admin', 'import:preview', { path: file })) as unknown as { sheet: string; headerRow: number; mapping: unknown };
    const r = await t.ok('admin', 'import:commit', { path: file, sheet: p.sheet, headerRow: p.headerRow, mapping: p.mapping as never, unmapped: 'ignore', onDuplicate: 'update', allOrNothing: false });
    expect(r).toMatchObject({ created: 1, updated: 1, failed: 0 });
    expect(await find('importing')).toEqual(['台州丁公司']);
    expect(await find('updatedrow')).toEqual(['宁波乙公司']);
  });

  it('rebuildSearchIndex keeps custom text; deleting the field removes it from the index', async () => {
    const db = t.app.context.db;
    db.tx(() => rebuildSearchIndex(db));
    expect(await find('zhangsan88')).toEqual(['杭州甲公司']);
    await t.ok('admin', 'fields:delete', { id: f.wechat.id, confirmKey: f.wechat.key });
    expect(await find('zhangsan88')).toEqual([]);
    expect(await find('普洱茶')).toEqual(['杭州甲公司']); // other fields stay
  });

  it('retired fields stay searchable (documented: retiring is a one-row write)', async () => {
    await t.ok('admin', 'fields:retire', { id: f.memo.id });
    expect(await find('普洱茶')).toEqual(['杭州甲公司']);
    await t.ok('admin', 'fields:restore', { id: f.memo.id });
  });

  it('customerSearchFields: custom text goes to names/grams, phones to digits, emails to email; long text is cut', () => {
    const s = customerSearchFields({ name: '甲', custom: { texts: ['Hello 世界', 'x'.repeat(5000)], phones: ['138 0013 8000'], emails: ['A@B.cn'] } });
    expect(s.fts.names).toContain('hello 世界');
    expect(s.fts.names.length).toBeLessThan(1100);
    expect(s.fts.digits).toBe('13800138000');
    expect(s.fts.email).toBe('a@b.cn');
    expect(s.grams.split(' ')).toContain('世界');
    // no custom values: the same fields as before
    expect(customerSearchFields({ name: '甲', custom: null })).toEqual(customerSearchFields({ name: '甲' }));
  });
});
