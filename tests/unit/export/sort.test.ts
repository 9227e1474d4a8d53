// export:run of customers follows the list's sort (same key and tie-break by id as customers:list), for
// the filtered list and for a selection; without a sort the rows come in id order.
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { TestApp } from '../../helpers/testApp';
import { adminApp, readBack, tempDir } from '../import/helpers';

let t: TestApp;
let dir: string;
const ids: number[] = [];
beforeAll(async () => {
  t = await adminApp();
  dir = tempDir();
  for (const [name, level, province] of [
    ['乙公司', 'B', '浙江'],
    ['甲公司', 'C', '浙江'],
    ['丙公司', 'A', '浙江'],
    ['丁公司', 'B', '北京'],
  ] as const)
    ids.push((await t.ok('admin', 'customers:create', { name, level, province })).id);
});
afterAll(() => t.close());

const names = (file: string) => readBack(file).slice(1).map((r) => r[0]);

it('exports the filtered list in the order the list shows it', async () => {
  const sort = { field: 'level' as const, dir: 'asc' as const };
  const list = await t.ok('admin', 'customers:list', { filter: { provinces: ['浙江省'] }, sort });
  const out = path.join(dir, 'by-level.xlsx');
  await t.ok('admin', 'export:run', { entity: 'customers', filter: { provinces: ['浙江省'] }, sort, columns: ['name'], format: 'xlsx', path: out });
  expect(names(out)).toEqual(['丙公司', '乙公司', '甲公司']);
  expect(names(out)).toEqual(list.rows.map((c) => c.name));

  const byName = path.join(dir, 'by-name.csv');
  await t.ok('admin', 'export:run', { entity: 'customers', sort: { field: 'name', dir: 'desc' }, columns: ['name'], format: 'csv', path: byName });
  const all = await t.ok('admin', 'customers:list', { sort: { field: 'name', dir: 'desc' } });
  expect(names(byName)).toEqual(all.rows.map((c) => c.name));
});

it('a selection follows the sort too; no sort keeps id order', async () => {
  const out = path.join(dir, 'sel.xlsx');
  await t.ok('admin', 'export:run', { entity: 'customers', ids: [ids[0], ids[2], ids[3]], sort: { field: 'level', dir: 'desc' }, columns: ['name'], format: 'xlsx', path: out });
  // level desc: B, B (tie: id desc, so 丁 before 乙), A
  expect(names(out)).toEqual(['丁公司', '乙公司', '丙公司']);
  const plain = path.join(dir, 'plain.xlsx');
  await t.ok('admin', 'export:run', { entity: 'customers', ids: [ids[2], ids[0]], columns: ['name'], format: 'xlsx', path: plain });
  expect(names(plain)).toEqual(['乙公司', '丙公司']);
});

it('refuses an unknown sort field', async () => {
  const r = await t.call('admin', 'export:run', { entity: 'customers', sort: { field: 'password', dir: 'asc' } as never, columns: ['name'], format: 'xlsx', path: path.join(dir, 'x.xlsx') });
  expect(r.ok).toBe(false);
  if (!r.ok) expect(r.error.code).toBe('INVALID_INPUT');
});

it("follows the list's custom-field sort: values in order, customers without one last (id order)", async () => {
  const f = await t.ok('admin', 'fields:create', { entity: 'customer', label: { zh: '排序号' }, type: 'number' });
  // 乙 3, 甲 1, 丙 (none), 丁 2
  for (const [i, v] of [[0, 3], [1, 1], [3, 2]] as const) {
    const { customer } = await t.ok('admin', 'customers:get', { id: ids[i] });
    await t.ok('admin', 'customers:update', { id: ids[i], version: customer.version, patch: { custom: { [f.key]: v } } });
  }
  for (const dir of ['asc', 'desc'] as const) {
    const customSort = { key: f.key, dir };
    const list = await t.ok('admin', 'customers:list', { customSort });
    const file = path.join(folder(), `custom-${dir}.xlsx`);
    await t.ok('admin', 'export:run', { entity: 'customers', customSort, sort: { field: 'name', dir: 'asc' }, columns: ['name'], format: 'xlsx', path: file });
    expect(names(file)).toEqual(list.rows.map((c) => c.name));
    expect(names(file)).toEqual(dir === 'asc' ? ['甲公司', '丁公司', '乙公司', '丙公司'] : ['乙公司', '丁公司', '甲公司', '丙公司']);
  }
  const bad = await t.call('admin', 'export:run', { entity: 'customers', customSort: { key: 'nope', dir: 'asc' }, columns: ['name'], format: 'xlsx', path: path.join(dir, 'bad.xlsx') });
  expect(bad.ok).toBe(false);
  if (!bad.ok) expect(bad.error.code).toBe('INVALID_INPUT');
});
const folder = () => dir;
