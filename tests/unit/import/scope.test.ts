// Permissions and data scope: a sales rep (no import/export permission) is refused; a role with import
// but scope 'own' can only own what it imports and cannot update customers it cannot see; exports stay
// within the caller's scope.
import path from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { makeCompany, login, PASSWORD, type Company } from '../permissions/fixture';
import { setTaskMode } from '../../../main/services/import/runner';
import { readBack, tempDir, writeXlsx } from './helpers';

let c: Company;
let dir: string;
beforeEach(async () => {
  setTaskMode('inline');
  c = await makeCompany();
  dir = tempDir();
});
afterEach(() => c.t.close());

it('a sales rep may neither import nor export', async () => {
  const file = writeXlsx(path.join(dir, 'a.xlsx'), [['客户名称'], ['甲']]);
  const r = await c.t.call(c.callers.repA, 'import:preview', { path: file });
  expect(r.ok ? 'ok' : r.error.code).toBe('FORBIDDEN');
  const e = await c.t.call(c.callers.repA, 'export:run', { entity: 'customers', format: 'csv', path: path.join(dir, 'x.csv') });
  expect(e.ok ? 'ok' : e.error.code).toBe('FORBIDDEN');
  expect(e.ok ? '' : e.error.message).toBe('您的角色没有导出客户的权限。');
});

it("an 'own'-scope importer owns what it imports and cannot update others' customers", async () => {
  const { t } = c;
  const role = await t.ok('admin', 'roles:create', { name: '导入员', scope: 'own', permissions: ['customers.view', 'customers.import', 'customers.export'] } as never);
  await t.ok('admin', 'users:create', { username: 'importer', displayName: '导入员小王', password: PASSWORD, roleId: (role as { id: number }).id });
  await login(t, 'imp', 'importer');
  const file = writeXlsx(path.join(dir, 'b.xlsx'), [
    ['客户名称', '负责人'],
    ['新客户', '张三'],
    ['甲一贸易', ''],
  ]);
  const p = await t.ok('imp', 'import:preview', { path: file });
  expect(p.sample[0].issues.map((i) => i.code)).toEqual(['ownerScope']);
  expect(p.sample[1].duplicate).toMatchObject({ source: 'db', by: 'name', hidden: true });
  expect(p.sample[1].duplicate?.name).toBeUndefined(); // no data of a customer outside the scope
  const r = await t.ok('imp', 'import:commit', { path: file, sheet: p.sheet, headerRow: p.headerRow, mapping: p.mapping, unmapped: 'ignore', onDuplicate: 'update', allOrNothing: false });
  expect(r).toMatchObject({ created: 1, updated: 0, failed: 1 });
  const mine = await t.ok('imp', 'customers:list', {});
  expect(mine.rows.filter((x) => x.name === '新客户').map((x) => x.ownerName)).toEqual(['导入员小王']);

  // export as the importer: only its own customers and the pool
  const out = path.join(dir, 'mine.xlsx');
  const e = await t.ok('imp', 'export:run', { entity: 'customers', format: 'xlsx', path: out, columns: ['name'] });
  const names = readBack(out).slice(1).map((r) => r[0]);
  expect(names.sort()).toEqual(['公海一号', '公海二号', '新客户'].sort());
  expect(e.rows).toBe(3);
});
