// Custom fields on deals and follow-ups end to end (issue 13): add a single-select 合同类型 on deals in
// settings, fill it when creating a deal, see it on the deal page, filter the deal list by it; add a text
// field 拜访地点 on follow-ups, fill it in the follow-up form on the deal page and see it in the timeline,
// on the customer page's 联系历史 too, and filter the 跟进 page by follow-up fields. A second test: the
// recycle bin refuses to restore a customer whose unique custom value was taken meanwhile.
import type { Page } from '@playwright/test';
import type { RunningHarness } from './support/harness';
import { test, expect, openAsAdmin } from './support/fixtures';
import { chooseOption } from './support/antd';

test.describe.configure({ timeout: 150_000 });

/** Add a field through 设置 › 自定义字段与表单 for an entity; returns its key. */
async function addField(page: Page, h: RunningHarness, entity: 'deal' | 'followUp', label: string, type: string, options: string[] = []): Promise<string> {
  await page.evaluate(() => (window.location.hash = '#/settings/fields'));
  await expect(page.getByTestId('fields-settings')).toBeVisible();
  await page.getByTestId(`fields-entity-${entity}`).click();
  await page.getByTestId('field-add').click();
  await page.getByTestId('field-label-zh').fill(label);
  await chooseOption(page, 'field-type', type);
  for (const o of options) {
    await page.getByTestId('field-option-input').fill(o);
    await page.getByTestId('field-option-input').press('Enter');
    await expect(page.getByTestId(`field-option-${o}`)).toBeVisible();
  }
  await page.getByTestId('field-dialog-save').click();
  await expect(page.getByTestId('field-dialog')).toBeHidden();
  const list = await h.invoke<{ fields: { key: string; label: { zh: string } }[] }>('fields:list', { entity });
  const key = list.ok ? (list.value.fields.find((f) => f.label.zh === label)?.key ?? '') : '';
  expect(key, `field ${label} on ${entity}`).not.toBe('');
  await expect(page.getByTestId(`field-label-${key}`)).toHaveText(label);
  return key;
}

test('合同类型 on deals: define, fill on a new deal, see on the deal page, filter the list; 拜访地点 on follow-ups', async ({ page, harness }) => {
  await openAsAdmin(page, harness);
  const customer = await harness.invoke<{ id: number }>('customers:create', { name: '杭州西湖茶业有限公司' });
  expect(customer.ok, JSON.stringify(customer)).toBe(true);
  const customerId = customer.ok ? customer.value.id : 0;

  // 1. the field on deals, with options, after an existing one; moved to the top of the field order
  // (the follow-up entity's list stays empty)
  const other = await harness.invoke<{ id: number; key: string }>('fields:create', { entity: 'deal', label: { zh: '合同编号' }, type: 'text' });
  expect(other.ok, JSON.stringify(other)).toBe(true);
  const key = await addField(page, harness, 'deal', '合同类型', '单选', ['框架合同', '单次采购']);
  await page.getByTestId(`field-up-${key}`).click();
  await expect
    .poll(async () => {
      const r = await harness.invoke<{ fields: { key: string }[] }>('fields:list', { entity: 'deal' });
      return r.ok ? r.value.fields.map((f) => f.key) : [];
    })
    .toEqual([key, other.ok ? other.value.key : '']);
  await page.getByTestId('fields-entity-followUp').click();
  await expect(page.getByTestId(`field-row-${key}`)).toHaveCount(0);

  // 2. fill it on a new deal through the form
  await page.getByTestId('nav-deals').click();
  await page.getByTestId('view-list').click();
  await expect(page.getByTestId('deal-list')).toBeVisible();
  await page.getByTestId('deal-new').click();
  const dialog = page.getByRole('dialog', { name: '新建商机' });
  await dialog.getByTestId('deal-name').fill('年度茶叶采购');
  await dialog.getByTestId('deal-customer-picker').click();
  await page.keyboard.type('西湖');
  await page.locator('.ant-select-item-option').filter({ hasText: '杭州西湖茶业有限公司' }).click();
  await expect(dialog.getByTestId('custom-field-inputs').getByText('合同类型')).toBeVisible();
  await dialog.getByTestId(`custom-input-${key}`).click();
  await page.locator('.ant-select-item-option').filter({ hasText: '框架合同' }).click();
  await page.getByTestId('deal-create-submit').click();

  // 3. the deal page shows it
  await expect(page.getByTestId('deal-title')).toHaveText('年度茶叶采购');
  await expect(page.getByTestId(`custom-value-${key}`)).toHaveText('框架合同');
  const dealId = Number(page.url().split('/').pop());
  const stored = await harness.invoke<{ deal: { custom: Record<string, unknown> } }>('deals:get', { id: dealId });
  expect(stored.ok && stored.value.deal.custom[key]).toBe('框架合同');

  // 4. filter the deal list by it (another deal has the other option, a third has none)
  for (const [name, custom] of [
    ['门店收银系统', { [key]: '单次采购' }],
    ['没有类型的商机', {}],
  ] as const) {
    const r = await harness.invoke('deals:create', { name, customerId, custom });
    expect(r.ok, JSON.stringify(r)).toBe(true);
  }
  await page.getByTestId('nav-deals').click();
  // the kanban card shows the value too (the card without a value shows none)
  await expect(page.getByTestId(`deal-card-${dealId}`).getByTestId(`deal-card-custom-${key}`)).toHaveText('合同类型：框架合同');
  const plain = page.locator('[data-testid^="deal-card-"][data-deal-name="没有类型的商机"]');
  await expect(plain).toBeVisible();
  await expect(plain.getByTestId('deal-card-custom')).toHaveCount(0);
  await page.getByTestId('view-list').click();
  await expect(page.getByTestId('list-total')).toHaveText('共 3 个商机');
  await expect(page.getByRole('columnheader', { name: '合同类型' })).toBeVisible();
  await expect(page.getByTestId(`deal-row-${dealId}`)).toContainText('框架合同');
  await page.getByTestId(`custom-filter-${key}`).click();
  await page.locator('.ant-select-item-option').filter({ hasText: '框架合同' }).click();
  await expect(page.getByTestId('list-total')).toHaveText('共 1 个商机');
  await expect(page.getByTestId(`deal-row-${dealId}`)).toBeVisible();
  await expect(page.getByText('门店收银系统')).toHaveCount(0);

  // 5. edit it on the deal page: only the changed value is sent, the change history names the field
  await page.evaluate((id) => (window.location.hash = `#/deals/${id}`), dealId);
  await page.getByTestId('deal-edit').click();
  await page.getByTestId(`custom-input-${key}`).click();
  await page.locator('.ant-select-item-option').filter({ hasText: '单次采购' }).click();
  await page.getByTestId('deal-save').click();
  await expect(page.getByTestId(`custom-value-${key}`)).toHaveText('单次采购');
  await page.getByTestId('tab-history').click();
  await expect(page.locator('[data-testid="history-item"][data-action="deal.update"]').first()).toContainText('合同类型：框架合同 → 单次采购');

  // 6. a text field on follow-ups, filled in the follow-up form on the deal page, shown in the timeline
  const place = await addField(page, harness, 'followUp', '拜访地点', '单行文本');
  await page.evaluate((id) => (window.location.hash = `#/deals/${id}`), dealId);
  await expect(page.getByTestId('deal-follow-ups')).toBeVisible();
  await page.getByTestId('timeline-add-follow-up').click();
  await page.getByTestId('follow-up-content').fill('现场演示茶园溯源方案');
  await page.getByTestId(`custom-input-${place}`).fill('杭州西湖区龙井村');
  await page.getByTestId('follow-up-save').click();
  await expect(page.getByTestId('follow-up-content')).toBeHidden();
  const item = page.getByTestId('deal-follow-ups').getByTestId('timeline-item').filter({ hasText: '现场演示茶园溯源方案' });
  await expect(item.getByTestId(`follow-up-custom-${place}`)).toHaveText('拜访地点：杭州西湖区龙井村');
  const fu = await harness.invoke<{ rows: { content: string; custom: Record<string, unknown> }[] }>('followUps:list', { filter: { dealId } });
  expect(fu.ok && fu.value.rows[0].custom[place]).toBe('杭州西湖区龙井村');

  // 7. the customer page's 联系历史 shows the follow-up's custom value too
  const other2 = await harness.invoke('followUps:create', { customerId, method: '电话', content: '电话确认发货时间', custom: { [place]: '公司总部' } });
  expect(other2.ok, JSON.stringify(other2)).toBe(true);
  await page.evaluate((id) => (window.location.hash = `#/customers/${id}`), customerId);
  await page.getByTestId('tab-follow-ups').click();
  const custItem = page.getByTestId('follow-up-timeline').getByTestId('follow-up-item').filter({ hasText: '现场演示茶园溯源方案' });
  await expect(custItem.getByTestId(`follow-up-custom-${place}`)).toHaveText('拜访地点：杭州西湖区龙井村');

  // 8. the 跟进 page filters by follow-up custom fields (text: contains; select: options)
  // (added through settings, so the page's field definitions are refreshed)
  const topicKey = await addField(page, harness, 'followUp', '沟通主题', '单选', ['报价', '交期']);
  const third = await harness.invoke('followUps:create', { customerId, method: '电话', content: '催交期', custom: { [topicKey]: '交期' } });
  expect(third.ok, JSON.stringify(third)).toBe(true);
  await page.getByTestId('nav-follow-ups').click();
  await expect(page.getByTestId('follow-ups-page')).toBeVisible();
  await expect(page.getByTestId('follow-ups-total')).toHaveText('共 3 条');
  await expect(page.getByTestId(`filter-custom-${place}`)).toContainText('拜访地点');
  await page.getByTestId(`custom-filter-${place}`).fill('龙井');
  await expect(page.getByTestId('follow-ups-total')).toHaveText('共 1 条');
  await expect(page.getByTestId('follow-ups-table')).toContainText('现场演示茶园溯源方案');
  await expect(page.getByTestId('follow-ups-table')).not.toContainText('电话确认发货时间');
  await page.getByTestId(`custom-filter-${place}`).fill('');
  await page.getByTestId(`custom-filter-${topicKey}`).click();
  await page.locator('.ant-select-item-option').filter({ hasText: '交期' }).click();
  await expect(page.getByTestId('follow-ups-total')).toHaveText('共 1 条');
  await expect(page.getByTestId('follow-ups-table')).toContainText('催交期');
  await expect(page.getByTestId('follow-ups-table')).not.toContainText('现场演示茶园溯源方案');
});

test('restoring a record whose unique custom value was taken meanwhile is refused, naming field, value and holder', async ({ page, harness }) => {
  await openAsAdmin(page, harness);
  const field = await harness.invoke<{ key: string }>('fields:create', { entity: 'customer', label: { zh: '合同编号' }, type: 'text', unique: true });
  expect(field.ok, JSON.stringify(field)).toBe(true);
  const key = field.ok ? field.value.key : '';
  const a = await harness.invoke<{ id: number }>('customers:create', { name: '旧合同客户', custom: { [key]: 'HT-7' } });
  expect(a.ok, JSON.stringify(a)).toBe(true);
  const aId = a.ok ? a.value.id : 0;
  expect((await harness.invoke('customers:delete', { ids: [aId] })).ok).toBe(true);
  expect((await harness.invoke('customers:create', { name: '新合同客户', custom: { [key]: 'HT-7' } })).ok).toBe(true);

  await page.getByTestId('nav-recycle-bin').click();
  await expect(page.getByTestId('recycle-bin-page')).toBeVisible();
  await page.getByTestId(`bin-restore-customer:${aId}`).click();
  const dialog = page.getByTestId('bin-clash-dialog');
  await expect(page.getByTestId('bin-clash-item')).toHaveText('旧合同客户：合同编号“HT-7”已被“新合同客户”使用（该字段要求唯一）');
  await expect(page.getByTestId('bin-clash-blocking')).toBeVisible();
  await expect(page.getByTestId('bin-clash-restore')).toBeDisabled();
  await page.getByTestId('bin-clash-skip').click();
  await expect(dialog).toBeHidden();
  await expect(page.getByTestId(`bin-row-customer:${aId}`)).toBeVisible();
  const still = await harness.invoke('customers:get', { id: aId });
  expect(still.ok ? 'restored' : still.error.code).toBe('NOT_FOUND');
});
