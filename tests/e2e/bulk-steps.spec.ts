// Bulk writes that run in chunks (a writer thread: more than 200 customers) show their progress in the window
// that asked: deleting 2,500 customers (with their deals and follow-ups) from the list, then undoing that delete
// from the audit log.
// Data from the seed CLI; the progress bar is read while the call is in flight (the steps take seconds).
// SHOT_DIR=<folder> saves screenshots of both progress bars.
import path from 'node:path';
import { test as base, expect, type Locator, type Page } from '@playwright/test';
import { seededHarness, type RunningHarness } from './support/harness';
import { loginViaUi } from './support/fixtures';
import { CustomerList } from './support/customerPages';
import { holdAnswer } from './support/holdAnswer';

const CUSTOMERS = 2500;
const shot = async (target: Page | Locator, name: string) => {
  if (process.env.SHOT_DIR) await target.screenshot({ path: path.join(process.env.SHOT_DIR, `${name}.png`) });
};

const test = base.extend<{ big: RunningHarness }>({ big: seededHarness('steps', { customers: CUSTOMERS, deals: CUSTOMERS, followups: CUSTOMERS * 4, users: 2 }) });
test.describe.configure({ timeout: 180_000 });

test('delete 2,500 customers with progress, then undo the batch from the audit log with progress', async ({ page, big }) => {
  await page.goto(big.url);
  await page.waitForSelector('#root[data-app-state="login"]');
  await loginViaUi(page);
  const list = new CustomerList(page);
  await list.open();
  await list.expectTotal(CUSTOMERS);
  await page.getByTestId('select-menu').click();
  await page.getByTestId('select-all-matching').click();
  await page.getByTestId('bulk-delete').click();
  await expect(page.getByTestId('delete-preview')).toHaveAttribute('data-count', String(CUSTOMERS));
  await page.getByTestId('delete-type-confirm').fill(String(CUSTOMERS));
  // the delete's answer is held until the progress has been read: on a quick machine the chunks of 2,500 end
  // within a second, and the dialog (with its progress) closes as the answer arrives
  const heldDelete = await holdAnswer(page, 'customers:delete');
  await page.getByTestId('delete-confirm').click();
  // in flight: main reports its steps to this window
  const progress = page.getByTestId('delete-progress');
  await expect(progress).toBeVisible();
  await expect(progress).toHaveAttribute('data-total', String(CUSTOMERS));
  await expect(progress).toContainText(`/ ${CUSTOMERS.toLocaleString('zh-CN')}`);
  await shot(page, 'delete-progress');
  heldDelete.release();
  await expect(page.getByTestId('delete-dialog-title')).toHaveCount(0, { timeout: 60_000 });
  await heldDelete.stop();
  await list.expectTotal(0);
  // the deleted customers are no longer selected: no "已选全部 0 位" bar over the empty list
  await expect(page.getByTestId('bulk-bar')).toHaveCount(0);

  await page.goto(`${big.url}#/audit`);
  await expect(page.getByTestId('audit-page')).toBeVisible();
  // the newest entries are the delete's (follow-ups, deals, customers under one batch); the time reads as a time
  const del = page.getByTestId('audit-row').first();
  await expect(del).toContainText('删除时间');
  await expect(del).not.toContainText(/\d{4}-\d{2}-\d{2}T/);
  // the undo's answer is held here until the page has been looked at in flight: the confirmation closed at once,
  // the progress on the page, every undo button disabled (one bulk write per window at a time)
  const held = await holdAnswer(page, 'audit:undoBatch');
  await del.locator('[data-testid^="undo-batch-"]').click();
  await page.getByTestId('undo-confirm').click();
  const undo = page.getByTestId('undo-progress');
  await expect(undo).toBeVisible();
  await expect(undo).toContainText('正在恢复');
  await expect(page.getByTestId('undo-confirm')).toHaveCount(0);
  await expect(del.locator('[data-testid^="undo-batch-"]')).toBeDisabled();
  await shot(page, 'undo-progress');
  held.release();
  await expect(undo).toHaveCount(0, { timeout: 60_000 });
  await held.stop();
  await expect(page.locator('[data-testid="audit-row"][data-action="audit.undoBatch"]')).toHaveCount(1);
  await list.open();
  await list.expectTotal(CUSTOMERS);
});
