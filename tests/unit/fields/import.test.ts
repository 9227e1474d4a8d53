// Import into custom fields (issue 13): a 客户类型 / 爱好 / 预算 column auto-maps to the custom fields by
// their zh or en label (the user's own 客户类型 wins over the built-in 类型 alias), values are validated
// like the form (bad option -> a cell error, the row is not imported) and written with the customer in
// the same transaction, audited as custom.<key>; duplicates in update mode get the values too, and
// import:undo puts the previous custom values back.
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../../helpers/testApp';
import type { ChannelInput } from '../../../main/contract';
import { adminApp, tempDir, writeXlsx } from '../import/helpers';

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
});
afterAll(() => t.close());

type Preview = { sheet: string; headerRow: number; mapping: { column: number; field: string | null }[]; sample: { row: number; issues: { column: number | null; field: string | null; level: string; message: string }[] }[] };
const commitInput = (p: Preview, file: string, extra: object = {}) => ({
  path: file,
  sheet: p.sheet,
  headerRow: p.headerRow,
  mapping: p.mapping as never,
  unmapped: 'ignore' as const,
  onDuplicate: 'skip' as const,
  allOrNothing: false,
  ...extra,
});
const byName = async (name: string) => {
  const list = await t.ok('admin', 'customers:list', { query: name });
  const row = list.rows.find((r) => r.name === name);
  return row ? (await t.ok('admin', 'customers:get', { id: row.id })).customer : null;
};

describe('import into custom fields', () => {
  it('auto-maps by label, validates per type, writes the values with the customer', async () => {
    const file = writeXlsx(path.join(dir, 'a.xlsx'), [
      ['客户名称', '客户类型', 'Hobbies', '预算', '手机'],
      ['杭州甲科技', '经销商', '茶、篮球', 12345.5, '13800138000'],
      ['宁波乙贸易', '终端客户', '', '', ''],
      ['北京丙公司', '批发商', '', '', ''],
      ['上海丁公司', '', '高尔夫', '', ''],
    ]);
    const p = (await t.ok('admin', 'import:preview', { path: file })) as unknown as Preview;
    expect(p.mapping.map((m) => m.field)).toEqual(['name', `custom.${keys.type}`, `custom.${keys.hobby}`, `custom.${keys.budget}`, 'mobile']);
    const bad = p.sample.find((r) => r.row === 4)!;
    expect(bad.issues).toEqual([expect.objectContaining({ column: 1, field: `custom.${keys.type}`, level: 'error' })]);
    expect(bad.issues[0].message).toContain('客户类型');
    expect(bad.issues[0].message).toContain('批发商');
    expect(p.sample.find((r) => r.row === 5)!.issues[0]).toMatchObject({ column: 2, level: 'error' });

    const r = await t.ok('admin', 'import:commit', commitInput(p, file));
    expect(r).toMatchObject({ total: 4, created: 2, failed: 2 });
    const a = await byName('杭州甲科技');
    expect(a?.custom).toEqual({ [keys.type]: '经销商', [keys.hobby]: ['篮球', '茶'], [keys.budget]: 1234550 });
    expect((await byName('宁波乙贸易'))?.custom).toEqual({ [keys.type]: '终端客户' });
    expect(await byName('北京丙公司')).toBeNull();
    // the created customer's audit entry carries the custom values
    const audit = await t.ok('admin', 'audit:list', { entity: 'customer', entityId: a!.id } as never);
    expect(JSON.stringify(audit)).toContain(`custom.${keys.type}`);
    // and the list filter sees them (values are in the typed table, not only in the record)
    const filtered = await t.ok('admin', 'customers:list', { filter: { custom: { [keys.type]: ['经销商'] } } });
    expect(filtered.rows.map((x) => x.name)).toEqual(['杭州甲科技']);
  });

  it('an explicit mapping to a custom field works, and update-on-duplicate sets the value', async () => {
    const file = writeXlsx(path.join(dir, 'b.xlsx'), [
      ['客户名称', '分类'],
      ['宁波乙贸易', '经销商'],
    ]);
    const p = (await t.ok('admin', 'import:preview', { path: file })) as unknown as Preview;
    expect(p.mapping[1].field).toBeNull();
    const mapping = [{ column: 0, field: 'name' }, { column: 1, field: `custom.${keys.type}` }];
    const r = await t.ok('admin', 'import:commit', commitInput({ ...p, mapping }, file, { onDuplicate: 'update' }));
    expect(r).toMatchObject({ updated: 1, failed: 0 });
    expect((await byName('宁波乙贸易'))?.custom[keys.type]).toBe('经销商');
    // undo puts the previous value back
    await t.ok('admin', 'import:undo', { batchId: r.batchId });
    expect((await byName('宁波乙贸易'))?.custom[keys.type]).toBe('终端客户');
  });

  it('refuses a mapping to an unknown custom field (the column is left unmapped)', async () => {
    const file = writeXlsx(path.join(dir, 'c.xlsx'), [['客户名称', 'x'], ['广州戊己', '经销商']]);
    const p = (await t.ok('admin', 'import:preview', { path: file, mapping: [{ column: 0, field: 'name' }, { column: 1, field: 'custom.nope' }] } as never)) as unknown as Preview;
    expect(p.mapping[1].field).toBeNull();
  });
});
