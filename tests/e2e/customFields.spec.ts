// Custom fields end to end (issue 13 "Must show"): add a single-select 客户类型 in settings, place it in
// a new form section by drag and drop, fill it on a new customer, filter the list by it, show it as a sortable list column, export the
// filtered customers (export:run API), retire the field and bring it back with the value intact.
import fs from 'node:fs';
import path from 'node:path';
import { test, expect, openAsAdmin } from './support/fixtures';
import { chooseOption, confirmModal } from './support/antd';
import { CustomerForm, CustomerList, createCustomerApi } from './support/customerPages';

test.describe.configure({ timeout: 150_000 });
const shots = process.env.CF_SHOTS; // set to a folder to keep screenshots of the pages

/** a file in this test's own output folder (Playwright empties it per run, so nothing piles up in /tmp) */
function outFile(dir: string, name: string): string {
  const p = test.info().outputPath(dir, name);
  fs.mkdirSync(path.dirname(p), { recursive: true });
  return p;
}

test('客户类型: define, place in the form, fill, filter, export, retire and restore', async ({ page, harness }) => {
  await openAsAdmin(page, harness);
  await page.evaluate(() => (window.location.hash = '#/settings/fields'));
  await expect(page.getByTestId('fields-settings')).toBeVisible();

  // 1. add the field with options
  await page.getByTestId('field-add').click();
  await page.getByTestId('field-label-zh').fill('客户类型');
  await page.getByTestId('field-label-en').fill('Customer type');
  await chooseOption(page, 'field-type', '单选');
  for (const o of ['经销商', '终端客户', '代理商']) {
    await page.getByTestId('field-option-input').fill(o);
    await page.getByTestId('field-option-input').press('Enter');
    await expect(page.getByTestId(`field-option-${o}`)).toBeVisible();
  }
  await page.getByTestId('field-dialog-save').click();
  await expect(page.getByTestId('field-dialog')).toBeHidden();
  const list = await harness.invoke<{ fields: { key: string; label: { zh: string } }[] }>('fields:list', { entity: 'customer' });
  const key = list.ok ? list.value.fields.find((f) => f.label.zh === '客户类型')!.key : '';
  await expect(page.getByTestId(`field-label-${key}`)).toHaveText('客户类型');
  if (shots) await page.screenshot({ path: path.join(shots, 'fields-settings.png') });

  // 2. form editor: a new section, drag the field into it, name it, save
  await page.getByTestId('fields-tab-form').click();
  await expect(page.getByTestId(`layout-field-${key}`)).toBeVisible();
  await page.getByTestId('layout-add-section').click();
  const newSection = page.locator('[data-testid^="layout-section-"]:not([data-testid="layout-section-custom"]):not([data-testid^="layout-section-title"])').last();
  await expect(newSection).toBeVisible();
  await newSection.locator('input').fill('客户分类');
  await page.getByTestId(`layout-field-${key}`).dragTo(newSection);
  await expect(newSection.getByTestId(`layout-field-${key}`)).toBeVisible();
  await expect(page.getByTestId('form-preview').getByText('客户分类')).toBeVisible();
  await expect(page.getByTestId('form-preview').getByText('客户类型')).toBeVisible();
  if (shots) await page.screenshot({ path: path.join(shots, 'form-editor.png') });
  await page.getByTestId('layout-save').click();
  await expect
    .poll(async () => {
      const r = await harness.invoke<{ layout: { sections: { title: { zh: string }; fields: string[] }[] } }>('forms:get', { entity: 'customer' });
      return r.ok ? r.value.layout.sections.find((s) => s.fields.includes(key))?.title.zh : null;
    })
    .toBe('客户分类');

  // 3. fill it on a new customer through the form
  const customers = new CustomerList(page);
  await customers.open();
  await page.getByTestId('customer-create').click();
  const form = new CustomerForm(page);
  await form.field('name').fill('杭州临安茶业');
  await expect(page.getByTestId('custom-field-inputs').getByText('客户分类')).toBeVisible();
  await page.getByTestId(`custom-input-${key}`).click();
  await page.locator('.ant-select-item-option').filter({ hasText: '经销商' }).click();
  if (shots) await page.screenshot({ path: path.join(shots, 'customer-form.png') });
  await form.save();
  await expect(page.getByTestId('customer-detail')).toBeVisible();
  await expect(page.getByTestId(`custom-value-${key}`)).toHaveText('经销商');
  const id = Number(page.url().split('/').pop());

  // 4. filter the list by it
  await createCustomerApi(harness, { name: '没有类型的客户' });
  await createCustomerApi(harness, { name: '终端的客户', custom: { [key]: '终端客户' } });
  await customers.open();
  await customers.expectTotal(3);
  await page.getByTestId('filters-button').click();
  await page.getByTestId(`custom-filter-${key}`).click();
  await page.locator('.ant-select-item-option').filter({ hasText: '经销商' }).click();
  await customers.expectTotal(1);
  await expect(customers.row('杭州临安茶业')).toBeVisible();

  // 4b. the field as a list column: pick it in the column picker, see the values, sort by it (customSort).
  // Leave and come back so the list starts without the filter above.
  await page.evaluate(() => (window.location.hash = '#/settings/fields'));
  await expect(page.getByTestId('fields-settings')).toBeVisible();
  await customers.open();
  await customers.expectTotal(3);
  await expect(page.getByTestId(`col-custom:${key}`)).toHaveCount(0);
  await page.getByTestId('columns-button').click();
  await page.getByTestId(`column-toggle-custom:${key}`).click();
  await page.getByTestId('columns-button').click();
  const typeHeader = page.getByTestId(`col-custom:${key}`);
  await expect(typeHeader).toHaveText('客户类型');
  await expect(customers.row('杭州临安茶业').locator(`[data-col="custom:${key}"]`)).toHaveText('经销商');
  await expect(customers.row('终端的客户').locator(`[data-col="custom:${key}"]`)).toHaveText('终端客户');
  // code-point order: 终 (U+7EC8) before 经 (U+7ECF); customers without a value come last either way
  await typeHeader.click();
  await expect(typeHeader).toHaveAttribute('data-sort', 'asc');
  await expect.poll(() => customers.names()).toEqual(['终端的客户', '杭州临安茶业', '没有类型的客户']);
  await typeHeader.click();
  await expect(typeHeader).toHaveAttribute('data-sort', 'desc');
  await expect.poll(() => customers.names()).toEqual(['杭州临安茶业', '终端的客户', '没有类型的客户']);
  if (shots) await page.screenshot({ path: path.join(shots, 'customer-list-custom-column.png') });

  // 4c. export through the dialog with the custom column (its own group) and read the file back
  await page.getByTestId('customer-export').click();
  await expect(page.getByTestId('export-dialog-body')).toBeVisible();
  await expect(page.getByTestId('export-custom-columns')).toBeVisible();
  await page.getByTestId(`export-column-custom.${key}`).click();
  await page.getByTestId('export-format-csv').click();
  if (shots) await page.screenshot({ path: path.join(shots, 'export-dialog.png') });
  const uiOut = outFile('ui', '客户.csv');
  await harness.scriptDialog({ saveFile: uiOut });
  await page.getByTestId('export-run').click();
  await expect(page.getByTestId('export-done')).toContainText('已导出 3 行');
  const csvLines = fs.readFileSync(uiOut, 'utf8').slice(1).trim().split('\r\n');
  const header = csvLines[0].split(',');
  const typeCol = header.indexOf('客户类型');
  expect(typeCol).toBeGreaterThan(0);
  const cells = Object.fromEntries(csvLines.slice(1).map((l) => l.split(',')).map((c) => [c[0], c[typeCol]]));
  expect(cells).toEqual({ 杭州临安茶业: '经销商', 终端的客户: '终端客户', 没有类型的客户: '' });
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('export-dialog-body')).toBeHidden();

  // 5. export the filtered customers (export:run API)
  const out = outFile('api', 'customers.csv');
  const exp = await harness.invoke<{ rows: number }>('export:run', { entity: 'customers', filter: { custom: { [key]: ['经销商'] } }, format: 'csv', path: out });
  expect(exp.ok && exp.value.rows).toBe(1);
  expect(fs.readFileSync(out, 'utf8')).toContain('杭州临安茶业');

  // 6. retire: gone from the form and detail, data kept; restore: back with the value
  await page.evaluate(() => (window.location.hash = '#/settings/fields'));
  await page.getByTestId(`field-retire-${key}`).click();
  await confirmModal(page, 'retire-confirm', page.getByTestId(`field-retired-${key}`));
  await page.evaluate((cid) => (window.location.hash = `#/customers/${cid}`), id);
  await expect(page.getByTestId('customer-detail')).toBeVisible();
  await expect(page.getByTestId(`custom-value-${key}`)).toHaveCount(0);
  await page.evaluate(() => (window.location.hash = '#/settings/fields'));
  await page.getByTestId(`field-restore-${key}`).click();
  await expect(page.getByTestId(`field-retired-${key}`)).toHaveCount(0);
  await page.evaluate((cid) => (window.location.hash = `#/customers/${cid}`), id);
  await expect(page.getByTestId(`custom-value-${key}`)).toHaveText('经销商');
});

test('unique custom field: duplicate check in the create form, and search finds its text', async ({ page, harness }) => {
  await openAsAdmin(page, harness);
  const f = await harness.invoke<{ key: string }>('fields:create', { entity: 'customer', label: { zh: '合同编号', en: 'Contract no.' }, type: 'text', unique: true });
  const key = f.ok ? f.value.key : '';
  await createCustomerApi(harness, { name: '已签约的客户', custom: { [key]: 'HT-2024-001' } });
  await createCustomerApi(harness, { name: '另一个客户' });

  // search (list search box) finds the customer by the custom text
  const customers = new CustomerList(page);
  await customers.open();
  await customers.expectTotal(2);
  await customers.search('HT-2024-001');
  await customers.expectTotal(1);
  await expect(customers.row('已签约的客户')).toBeVisible();
  await customers.search('');
  await customers.expectTotal(2);

  // the create form: the same contract number is reported like a duplicate mobile, naming the field, and blocks the save
  await page.getByTestId('customer-create').click();
  const form = new CustomerForm(page);
  await form.field('name').fill('新客户丙');
  await page.getByTestId(`custom-input-${key}`).fill('HT-2024-001');
  await page.getByTestId(`custom-input-${key}`).blur();
  const alert = page.getByTestId('duplicate-alert');
  await expect(alert).toBeVisible();
  await expect(alert.getByTestId('duplicate-match')).toHaveCount(1);
  await expect(alert.getByTestId('duplicate-reason-custom')).toHaveText('自定义字段相同：合同编号');
  await expect(alert.getByTestId('duplicate-blocked-custom')).toContainText('合同编号必须唯一');
  await form.save();
  await expect(alert).toBeInViewport(); // the save scrolled the blocking alert into view
  if (shots) await page.screenshot({ path: path.join(shots, 'duplicate-unique-custom.png') });
  await expect(page.getByTestId('customer-form')).toBeVisible(); // not saved
  await customers.expectTotal(2);

  // another number: no duplicate, the save goes through
  await page.getByTestId(`custom-input-${key}`).fill('HT-2024-002');
  await form.save();
  await expect(page.getByTestId('customer-detail')).toBeVisible();
  await expect(page.getByTestId(`custom-value-${key}`)).toHaveText('HT-2024-002');

  // revert from the change history: the custom value goes back (audit:revert of `custom.<key>`)
  const id = Number(page.url().split('/').pop());
  const cur = await harness.invoke<{ customer: { version: number } }>('customers:get', { id });
  const upd = await harness.invoke('customers:update', { id, version: cur.ok ? cur.value.customer.version : 0, patch: { custom: { [key]: 'HT-2024-003' } } });
  expect(upd.ok).toBe(true);
  await page.reload();
  await expect(page.getByTestId(`custom-value-${key}`)).toHaveText('HT-2024-003');
  await page.getByTestId('tab-history').click();
  const change = page.locator(`[data-testid="history-change"][data-field="custom.${key}"]`);
  await expect(change.first()).toContainText('合同编号');
  await page.getByTestId(`history-revert-custom.${key}`).first().click();
  await confirmModal(page, 'revert-confirm', page.locator('[data-testid="history-entry"][data-action="customer.revert"]'));
  if (shots) await page.screenshot({ path: path.join(shots, 'history-revert-custom.png') });
  await expect(page.getByTestId(`custom-value-${key}`)).toHaveText('HT-2024-002');
});
