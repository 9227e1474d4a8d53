// A custom field's audit rows name it in words, in the app's language when written: "客户字段「规模」（size）", not
// "customer.size" (also the order of the fields and the delete with its count of values).
import { afterEach, expect, it } from 'vitest';
import { makeTestApp, type TestApp } from '../../helpers/testApp';

let t: TestApp;
afterEach(() => t?.close());

const summaries = () => t.app.context.db.prepare("SELECT action, summary FROM audit_log WHERE action LIKE 'field.%' ORDER BY id").all() as { action: string; summary: string }[];

async function fieldLife(): Promise<void> {
  const size = await t.ok('admin', 'fields:create', { entity: 'customer', label: { zh: '规模', en: 'Size' }, type: 'text' });
  const region = await t.ok('admin', 'fields:create', { entity: 'deal', label: { zh: '区域' }, type: 'text' });
  await t.ok('admin', 'fields:update', { id: size.id, label: { zh: '公司规模', en: 'Company size' } });
  await t.ok('admin', 'fields:reorder', { entity: 'customer', ids: [size.id] });
  const c = await t.ok('admin', 'customers:create', { name: '规模测试贸易', custom: { [size.key]: '50 人' } });
  expect(c.id).toBeGreaterThan(0);
  await t.ok('admin', 'fields:delete', { id: size.id, confirmKey: size.key });
  expect(region.key).toBeTruthy();
}

it('zh-CN', async () => {
  t = await makeTestApp();
  await t.setupAdmin();
  await fieldLife();
  const key = summaries()[0].summary.match(/（(.+)）/)![1];
  expect(summaries()).toEqual([
    { action: 'field.create', summary: `客户字段「规模」（${key}）` },
    { action: 'field.create', summary: expect.stringMatching(/^商机字段「区域」（.+）$/) },
    { action: 'field.update', summary: `客户字段「公司规模」（${key}）` },
    { action: 'field.reorder', summary: '客户字段的顺序' },
    { action: 'field.delete', summary: `客户字段「公司规模」（${key}），删除了 1 个值` },
  ]);
});

it('en', async () => {
  t = await makeTestApp();
  await t.setupAdmin();
  await t.ok('admin', 'app:setLocale', { locale: 'en' });
  await fieldLife();
  const key = summaries()[0].summary.match(/\((.+)\)/)![1];
  expect(summaries().map((s) => s.summary)).toEqual([
    `customer field “Size” (${key})`,
    expect.stringMatching(/^deal field “区域” \(.+\)$/),
    `customer field “Company size” (${key})`,
    'order of the customer fields',
    `customer field “Company size” (${key}), values deleted: 1`,
  ]);
});
