// Import rows that create customers get custom defaults, and a required custom field without a value
// fails the row with an error naming the field (updates of existing customers are not held to it).
// Custom date / date-time columns take Excel serials and 2024年1月2日-style text like built-in dates.
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../../helpers/testApp';
import type { ChannelInput } from '../../../main/contract';
import { adminApp, readBack, tempDir, writeXlsx } from '../import/helpers';
import { parseDateTimeValue } from '../../../main/services/import/dates';

let t: TestApp;
let dir: string;
const keys: Record<string, string> = {};
const add = async (name: string, input: Omit<ChannelInput<'fields:create'>, 'entity'>) =>
  (keys[name] = (await t.ok('admin', 'fields:create', { entity: 'customer', ...input })).key);
type Preview = { sheet: string; headerRow: number; mapping: { column: number; field: string | null }[]; sample: { row: number; issues: { level: string; message: string }[] }[] };
const commit = async (file: string, extra: object = {}) => {
  const p = (await t.ok('admin', 'import:preview', { path: file })) as unknown as Preview;
  return { p, r: await t.ok('admin', 'import:commit', { path: file, sheet: p.sheet, headerRow: p.headerRow, mapping: p.mapping as never, unmapped: 'ignore', onDuplicate: 'skip', allOrNothing: false, ...extra }) };
};
const byName = async (name: string) => {
  const row = (await t.ok('admin', 'customers:list', { query: name })).rows.find((r) => r.name === name);
  return row ? (await t.ok('admin', 'customers:get', { id: row.id })).customer : null;
};

beforeAll(async () => {
  t = await adminApp();
  dir = tempDir();
  await add('signed', { label: { zh: '签约日期', en: 'Signed on' }, type: 'date' });
  await add('visit', { label: { zh: '拜访时间', en: 'Visited at' }, type: 'datetime' });
});
afterAll(() => t.close());

describe('import: custom dates', () => {
  it('Excel serials, 2024年1月2日, 2024/1/2 and 20240102 become dates; bad text is a cell error naming the field', async () => {
    const file = writeXlsx(path.join(dir, 'd.xlsx'), [
      ['客户名称', '签约日期', '拜访时间'],
      ['日期甲', 45293, 45293.5],
      ['日期乙', '2024年1月2日', '2024年1月2日 14:30'],
      ['日期丙', '2024/1/2', '2024-01-02T06:30:00Z'],
      ['日期丁', '20240102', ''],
      ['日期戊', '下周一', ''],
    ]);
    const { p, r } = await commit(file);
    const bad = p.sample.find((s) => s.row === 6)!;
    expect(bad.issues[0].message).toContain('签约日期');
    expect(r).toMatchObject({ created: 4, failed: 1 });
    for (const n of ['日期甲', '日期乙', '日期丙', '日期丁']) expect((await byName(n))?.custom[keys.signed]).toBe('2024-01-02');
    // wall-clock times of this machine (the sheet's), stored as ISO UTC
    expect((await byName('日期甲'))?.custom[keys.visit]).toBe(new Date(2024, 0, 2, 12, 0, 0).toISOString());
    expect((await byName('日期乙'))?.custom[keys.visit]).toBe(new Date(2024, 0, 2, 14, 30, 0).toISOString());
    expect((await byName('日期丙'))?.custom[keys.visit]).toBe('2024-01-02T06:30:00.000Z');
  });

  it('parseDateTimeValue: 1904 workbooks, seconds, invalid dates', () => {
    expect(parseDateTimeValue(43831.25, true)).toBe(new Date(2024, 0, 2, 6, 0, 0).toISOString());
    expect(parseDateTimeValue('2024/1/2 9:05:07', false)).toBe(new Date(2024, 0, 2, 9, 5, 7).toISOString());
    expect(parseDateTimeValue('2024-02-30 10:00', false)).toBeNull();
    expect(parseDateTimeValue('2024-01-02 25:00', false)).toBeNull();
    expect(parseDateTimeValue('', false)).toBeNull();
  });
});

describe('import: custom defaults and required on new rows', () => {
  it('a new row takes the default; a missing required value fails the row naming the field; an update is not held to it', async () => {
    await add('channel', { label: { zh: '来源渠道', en: 'Channel' }, type: 'singleSelect', options: ['门店', '网店'], default: '门店' });
    await add('region', { label: { zh: '所属区域', en: 'Region' }, type: 'text', required: true });
    const file = writeXlsx(path.join(dir, 'r.xlsx'), [
      ['客户名称', '所属区域', '来源渠道'],
      ['区域甲', '华东', ''],
      ['区域乙', '', '网店'],
      ['区域丙', '华南', '网店'],
      ['日期甲', '', ''], // exists: updated below, not created
    ]);
    const { p, r } = await commit(file, { onDuplicate: 'update' });
    // the preview already says which new row lacks the required value; the existing customer's row is fine
    const missing = p.sample.find((s) => s.row === 3)!;
    expect(missing.issues.filter((x) => x.level === 'error').map((x) => x.message)).toEqual([expect.stringContaining('所属区域')]);
    expect(p.sample.find((s) => s.row === 5)!.issues.filter((x) => x.level === 'error')).toEqual([]);
    expect(p.sample.find((s) => s.row === 2)!.issues.filter((x) => x.level === 'error')).toEqual([]);
    expect(r).toMatchObject({ created: 2, failed: 1 });
    const out = path.join(dir, 'errors.xlsx');
    await t.ok('admin', 'import:errorReport', { jobId: r.jobId, path: out });
    const text = JSON.stringify(readBack(out));
    expect(text).toContain('区域乙');
    expect(text).toContain('所属区域: 必填');
    expect((await byName('区域甲'))?.custom).toMatchObject({ [keys.region]: '华东', [keys.channel]: '门店' });
    expect((await byName('区域丙'))?.custom).toMatchObject({ [keys.region]: '华南', [keys.channel]: '网店' });
    expect(await byName('区域乙')).toBeNull();
    // the create audit entry carries the default too
    const c = (await byName('区域甲'))!;
    const audit = await t.ok('admin', 'audit:list', { entity: 'customer', entityId: c.id } as never);
    expect(JSON.stringify(audit.rows[0].changes)).toContain(`custom.${keys.channel}`);
  });

  it('all-or-nothing: a missing required value rolls the whole import back', async () => {
    const file = writeXlsx(path.join(dir, 'a.xlsx'), [
      ['客户名称', '所属区域'],
      ['整体甲', '华北'],
      ['整体乙', ''],
    ]);
    const { r } = await commit(file, { allOrNothing: true });
    expect(r).toMatchObject({ rolledBack: true, created: 0 });
    expect(await byName('整体甲')).toBeNull();
  });
});
