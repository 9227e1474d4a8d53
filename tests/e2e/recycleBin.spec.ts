// Delete with confirmation, the recycle bin (restore, purge with a second confirmation) and the change
// history with a one-click revert, in Chromium against the browser harness.
// SHOT_DIR=<folder> also saves screenshots of the delete dialog, the bin, the history tab and the audit viewer.
import path from 'node:path';
import { expect, type Locator, type Page } from '@playwright/test';
import { openAsAdmin, test } from './support/fixtures';
import { CustomerList, createCustomerApi } from './support/customerPages';
import { confirmModal } from './support/antd';
import { holdAnswer } from './support/holdAnswer';
import type { RunningHarness } from './support/harness';

const shot = async (target: Page | Locator, name: string) => {
  if (process.env.SHOT_DIR) await target.screenshot({ path: path.join(process.env.SHOT_DIR, `${name}.png`) });
};

class RecycleBin {
  constructor(readonly page: Page) {}
  async open() {
    await this.page.getByTestId('nav-recycle-bin').click();
    await expect(this.page.getByTestId('recycle-bin-page')).toBeVisible();
  }
  row(key: string): Locator {
    return this.page.getByTestId(`bin-row-${key}`);
  }
  async restore(key: string) {
    await this.page.getByTestId(`bin-restore-${key}`).click();
  }
  async purge(key: string) {
    await this.page.getByTestId(`bin-purge-${key}`).click();
    await this.page.getByTestId('purge-next').click();
    const confirm = this.page.getByTestId('purge-confirm');
    await expect(confirm).toBeDisabled();
    await this.page.getByTestId('purge-type').fill('永久删除');
    await confirm.click();
  }
}

async function dealFor(h: RunningHarness, customerId: number, name: string) {
  const r = await h.invoke('deals:create', { name, customerId, amountFen: 880000 });
  if (!r.ok) throw new Error(JSON.stringify(r.error));
}

test('delete two customers with the dialog, find them in the bin, restore one, purge the other', async ({ page, harness }) => {
  await openAsAdmin(page, harness);
  const a = await createCustomerApi(harness, { name: '删除甲公司', mobile: '13711112222' });
  const b = await createCustomerApi(harness, { name: '删除乙商行' });
  await createCustomerApi(harness, { name: '保留丙工厂' });
  await dealFor(harness, a.id, '甲公司年单');

  const list = new CustomerList(page);
  await list.open();
  await list.expectTotal(3);
  for (const name of ['删除甲公司', '删除乙商行']) await list.row(name).getByRole('checkbox').check();
  await page.getByTestId('bulk-delete').click();
  const dialog = page.locator('.ant-modal').filter({ has: page.getByTestId('delete-preview') });
  await expect(page.getByTestId('delete-dialog-title')).toHaveText('删除 2 位客户？');
  await expect(dialog.getByTestId('delete-preview-customers')).toContainText('2 位客户');
  await expect(dialog.getByTestId('delete-preview-customers')).toContainText('删除甲公司、删除乙商行');
  await expect(dialog.getByTestId('delete-preview-deals')).toHaveText('1 个商机');
  await shot(dialog, 'delete-dialog');
  await page.getByTestId('delete-confirm').click();
  await list.expectTotal(1);
  await expect(list.row('删除甲公司')).toHaveCount(0);

  const bin = new RecycleBin(page);
  await bin.open();
  await expect(bin.row(`customer:${a.id}`)).toContainText('删除甲公司');
  await expect(bin.row(`customer:${a.id}`)).toContainText('商机 1');
  await expect(bin.row(`customer:${b.id}`)).toContainText('删除乙商行');
  await expect(bin.row(`customer:${a.id}`)).toContainText('90 天');
  await shot(page, 'recycle-bin');

  await bin.restore(`customer:${a.id}`);
  await expect(bin.row(`customer:${a.id}`)).toHaveCount(0);
  // The purge call returns after the scrub (FTS merge, VACUUM, log truncate) in a low-priority worker: on a
  // small database that is well under a second (at 1M customers ~45 s). Its answer is held here until the dialog
  // has said that the rows are gone and the file is being cleaned (main's last progress event comes before the scrub).
  const held = await holdAnswer(page, 'recycleBin:purge');
  await bin.purge(`customer:${b.id}`);
  await expect(page.getByTestId('purge-scrubbing')).toHaveText('记录已删除，正在从数据文件中彻底清除残留内容（数据较多时约需一分钟）…');
  await expect(page.getByTestId('purge-progress')).toHaveAttribute('data-done', '1');
  await shot(page.locator('.ant-modal').filter({ has: page.getByTestId('purge-progress') }), 'purge-scrubbing');
  held.release();
  await expect(page.getByTestId('bin-empty')).toBeVisible();
  await held.stop();
  await list.open();
  await list.expectTotal(2);
  await expect(list.row('删除甲公司')).toHaveCount(1);
  // the restored customer came back with its deal; the purged one is gone for good
  const got = await harness.invoke<{ deals: unknown[] }>('customers:get', { id: a.id });
  expect(got.ok && got.value.deals).toHaveLength(1);
  const gone = await harness.invoke('customers:get', { id: b.id });
  expect(!gone.ok && gone.error.code).toBe('NOT_FOUND');
});

test("open a customer's change history and revert a field", async ({ page, harness }) => {
  await openAsAdmin(page, harness);
  const c = await createCustomerApi(harness, { name: '历史客户', mobile: '13800138000', level: 'C' });
  const u = await harness.invoke('customers:update', { id: c.id, version: c.version, patch: { mobile: '13900139000', level: 'A' } });
  expect(u.ok).toBe(true);

  await page.goto(`${harness.url}#/customers/${c.id}`);
  await expect(page.getByTestId('customer-detail')).toBeVisible();
  await page.getByTestId('tab-history').click();
  const mobileChange = page.getByTestId('history-change').and(page.locator('[data-field="mobile"]'));
  await expect(mobileChange).toContainText('王老板 将 手机 从 13800138000 改为 13900139000');
  await expect(page.getByTestId('history-change').and(page.locator('[data-field="level"]'))).toContainText('将 意向等级 从 C 低意向 改为 A 高意向');
  await shot(page, 'history-tab');

  await page.getByTestId('history-revert-mobile').click();
  await confirmModal(page, 'revert-confirm', page.locator('[data-action="customer.revert"]'));
  await expect(page.locator('[data-action="customer.revert"]')).toContainText('撤销了修改');
  await expect(page.locator('[data-action="customer.revert"]')).toContainText('将 手机 从 13900139000 改为 13800138000');
  await page.getByTestId('tab-basic').click();
  await expect(page.getByTestId('customer-detail')).toContainText('13800138000');
  const now = await harness.invoke<{ customer: { mobile: string; level: string } }>('customers:get', { id: c.id });
  expect(now.ok && now.value.customer).toMatchObject({ mobile: '13800138000', level: 'A' });

  // the audit viewer lists the revert and offers undo on batch entries
  await page.goto(`${harness.url}#/audit`);
  await expect(page.getByTestId('audit-page')).toBeVisible();
  await expect(page.getByTestId('audit-row').first()).toBeVisible();
  await expect(page.locator('[data-testid="audit-row"][data-action="customer.revert"]')).toHaveCount(1);
  await shot(page, 'audit-viewer');
});
