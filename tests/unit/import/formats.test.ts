// File formats and encodings: GBK CSV, UTF-8 CSV with BOM, .xls/.ods written by SheetJS, merged cells,
// Excel date serials in both date systems, full-width digits; the template round-trips through the
// auto-mapping; saved mappings are applied by header text.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { TestApp } from '../../helpers/testApp';
import { readBack, useImportApp, writeCsv, writeXlsx } from './helpers';
import { parseDateValue, serialToIso } from '../../../main/services/import/dates';
import { autoMap, headerKey } from '../../../main/services/import/fields';

let t: TestApp;
let dir: string;
useImportApp((w) => ({ t, dir } = w));

const ROWS = [
  ['客户名称', '联系电话', '电子邮箱', '所属人', '意向', '状态', '联系人', '职位', '出生日期'],
  ['杭州甲科技有限公司', '１３８ ００１３ ８０００', 'A@B.COM ', '王老板', '高', '跟进中', '张三', '经理', '1990/5/1'],
  ['宁波乙贸易', '0571-88886666', '', '', 'C', '已成交', '', '', '1985年12月31日'],
];

describe('encodings and formats', () => {
  it('reads a GBK CSV (Chinese Excel on Windows) with the same result as UTF-8 with BOM', async () => {
    const gbk = writeCsv(path.join(dir, 'gbk.csv'), ROWS, 'gbk');
    const bom = writeCsv(path.join(dir, 'bom.csv'), ROWS, 'utf8bom');
    const a = await t.ok('admin', 'import:preview', { path: gbk });
    const b = await t.ok('admin', 'import:preview', { path: bom });
    expect(a.headers).toEqual(ROWS[0]);
    expect(a.sample.map((s) => s.values)).toEqual(b.sample.map((s) => s.values));
    expect(a.sample[0].values).toMatchObject({ name: '杭州甲科技有限公司', mobile: '13800138000', email: 'a@b.com', level: 'A', status: 'following', contactName: '张三', position: '经理', birthday: '1990-05-01', ownerId: 1 });
    // a landline in the 联系电话 (mobile) column goes to phone, with a warning
    expect(a.sample[1].values).toMatchObject({ phone: '0571-88886666', level: 'C', status: 'won', birthday: '1985-12-31' });
    expect(a.sample[1].values.mobile).toBeUndefined();
    expect(a.sample[1].issues.map((i) => `${i.level}:${i.code}`)).toEqual(['warning:movedToPhone']);
  });

  it('reads .xls and .ods as well as .xlsx', async () => {
    for (const bookType of ['xls', 'ods', 'xlsb'] as const) {
      const file = writeXlsx(path.join(dir, `f.${bookType}`), ROWS, { bookType: bookType === 'xls' ? 'biff8' : bookType });
      const p = await t.ok('admin', 'import:preview', { path: file });
      expect(p.sample[0].values.name, bookType).toBe('杭州甲科技有限公司');
      expect(p.sample[0].values.mobile, bookType).toBe('13800138000');
    }
  });

  it('fills merged cells down (a company merged over its contacts) and keeps title rows out', async () => {
    const file = writeXlsx(
      path.join(dir, 'merged.xlsx'),
      [
        ['客户通讯录', null, null],
        ['客户名称', '联系人', '手机'],
        ['合并贸易公司', '张一', '13800000001'],
        [null, '张二', '13800000002'],
        [null, '张三', '13800000003'],
      ],
      { merges: [{ s: { r: 0, c: 0 }, e: { r: 0, c: 2 } }, { s: { r: 2, c: 0 }, e: { r: 4, c: 0 } }] },
    );
    const p = await t.ok('admin', 'import:preview', { path: file });
    expect(p.headerRow).toBe(2);
    expect(p.sample.map((s) => [s.values.name, s.values.contactName])).toEqual([
      ['合并贸易公司', '张一'],
      ['合并贸易公司', '张二'],
      ['合并贸易公司', '张三'],
    ]);
    // the same name three times: duplicates within the file (by name)
    expect(p.stats.duplicatesInFile).toBe(2);
  });

  it('converts Excel date serials in the 1900 and the 1904 date systems', async () => {
    expect(serialToIso(45293, false)).toBe('2024-01-02');
    expect(serialToIso(45293 - 1462, true)).toBe('2024-01-02');
    expect(serialToIso(59, false)).toBe('1900-02-28');
    expect(serialToIso(60, false)).toBeNull(); // Excel's phantom 1900-02-29 is not a date
    expect(serialToIso(61, false)).toBe('1900-03-01');
    expect(parseDateValue('2024-01-02', false)).toBe('2024-01-02');
    expect(parseDateValue('2024/1/2', false)).toBe('2024-01-02');
    expect(parseDateValue('2024年1月2日', false)).toBe('2024-01-02');
    expect(parseDateValue('２０２４．１．２', false)).toBe('2024-01-02');
    expect(parseDateValue('20240102', false)).toBe('2024-01-02');
    expect(parseDateValue('2024-02-30', false)).toBeNull();
    expect(parseDateValue('next tuesday', false)).toBeNull();
    const f1904 = writeXlsx(path.join(dir, 'd1904.xlsx'), [['客户名称', '生日'], ['甲', 45293 - 1462]], { date1904: true });
    const f1900 = writeXlsx(path.join(dir, 'd1900.xlsx'), [['客户名称', '生日'], ['甲', 45293]]);
    expect((await t.ok('admin', 'import:preview', { path: f1904 })).sample[0].values.birthday).toBe('2024-01-02');
    expect((await t.ok('admin', 'import:preview', { path: f1900 })).sample[0].values.birthday).toBe('2024-01-02');
  });

  it('reports a future or impossible birthday as a cell error', async () => {
    const file = writeXlsx(path.join(dir, 'b.xlsx'), [['客户名称', '生日'], ['甲', '2099-01-01'], ['乙', '2024-13-01']]);
    const p = await t.ok('admin', 'import:preview', { path: file });
    expect(p.sample.map((s) => s.issues.map((i) => i.code))).toEqual([['birthdayFuture'], ['date']]);
  });
});

describe('mapping', () => {
  it('auto-maps common Chinese and English headers, ignoring width, case, * and notes in brackets', () => {
    const headers = ['Name', 'Mobile', 'E-mail', 'Phone', '省份', '城市', '地址', '行业', '来源', 'Owner', '备注', 'Tags', '手机号（必填）', '公司名称*', 'Ｅｍａｉｌ'];
    const m = autoMap(headers).map((x) => x.field);
    expect(m).toEqual(['name', 'mobile', 'email', null, 'province', 'city', 'address', 'industry', 'source', 'owner', 'notes', 'tags', null, null, null]);
    expect(headerKey('手机号（必填）')).toBe('手机号');
    expect(autoMap(['客户', 'Phone'])[1].field).toBe('mobile');
  });

  it('the template round-trips: every column is recognised and the example row is valid', async () => {
    const file = path.join(dir, '客户导入模板.xlsx');
    expect(await t.ok('admin', 'import:template', { path: file })).toEqual({ path: file });
    const p = await t.ok('admin', 'import:preview', { path: file });
    expect(p.headerRow).toBe(1);
    expect(p.mapping.every((m) => m.field !== null)).toBe(true);
    expect(new Set(p.mapping.map((m) => m.field)).size).toBe(21);
    expect(p.stats).toMatchObject({ rows: 1, valid: 1, withErrors: 0 });
    expect(readBack(file)[0][0]).toBe('客户名称*');
  });

  it('saves a mapping and applies it to a file with the same headers', async () => {
    const file = writeXlsx(path.join(dir, 'm.xlsx'), [['公司', '号码', '地区'], ['甲公司', '13800138000', '浙江']]);
    const auto = await t.ok('admin', 'import:preview', { path: file });
    expect(auto.mapping.map((m) => m.field)).toEqual(['company', null, null]);
    await t.ok('admin', 'import:saveMapping', {
      name: '老系统导出',
      columns: [
        { header: '公司', field: 'name' },
        { header: '号码', field: 'mobile' },
        { header: '地区', field: 'province' },
      ],
    });
    const list = await t.ok('admin', 'import:mappings');
    expect(list.mappings.map((m) => m.name)).toEqual(['老系统导出']);
    const p = await t.ok('admin', 'import:preview', { path: file, savedMapping: '老系统导出' });
    expect(p.mapping.map((m) => m.field)).toEqual(['name', 'mobile', 'province']);
    expect(p.sample[0].values).toMatchObject({ name: '甲公司', mobile: '13800138000', province: '浙江省' }); // 浙江 as the region data names it
    // an explicit mapping from the wizard wins
    const q = await t.ok('admin', 'import:preview', { path: file, mapping: [{ column: 0, field: 'name' }, { column: 1, field: null }, { column: 2, field: 'city' }] });
    expect(q.mapping.map((m) => m.field)).toEqual(['name', null, 'city']);
  });
});
