// 回收站 → 保留期限: the box takes whole days only (3.5 becomes 4 as it is typed out, no developer error from
// the server's int check), and after a failed save the box shows the saved setting again, like the label.
// SHOT_DIR=<folder> also saves a screenshot of the card.
import path from 'node:path';
import { expect, type Page } from '@playwright/test';
import { openAsAdmin, test } from './support/fixtures';

const card = (page: Page) => page.getByTestId('bin-retention');
const daysBox = (page: Page) => card(page).locator('input').first();

test('retention takes whole days only and the box agrees with the label after a failed save', async ({ page, harness }) => {
  await openAsAdmin(page, harness);
  await page.getByTestId('nav-recycle-bin').click();
  await expect(page.getByTestId('recycle-bin-page')).toBeVisible();
  await expect(card(page)).toContainText('删除后保留 90 天');
  await expect(daysBox(page)).toHaveValue('90');

  // a decimal is rounded to whole days as the box is left, and the server accepts what is sent
  await daysBox(page).fill('3.5');
  await page.getByTestId('bin-retention-save').click();
  await expect(page.locator('.ant-message-success')).toContainText('保留期限已保存');
  await expect(card(page)).toContainText('删除后保留 4 天');
  await expect(daysBox(page)).toHaveValue('4');
  await expect(page.locator('.ant-message-error')).toHaveCount(0);
  if (process.env.SHOT_DIR) await card(page).screenshot({ path: path.join(process.env.SHOT_DIR, 'bin-retention.png') });

  // the save fails (here: the server refuses it): the box goes back to the saved 4 days that the label shows
  await page.route('**/api/invoke', async (route) => {
    const body = route.request().postDataJSON() as { channel?: string } | null;
    if (body?.channel !== 'recycleBin:updateSettings') return route.continue();
    await route.fulfill({ contentType: 'application/json', body: JSON.stringify({ ok: false, error: { code: 'FORBIDDEN', message: '没有权限' } }) });
  });
  await daysBox(page).fill('30');
  await page.getByTestId('bin-retention-save').click();
  await expect(page.locator('.ant-message-error')).toContainText('没有权限');
  await expect(card(page)).toContainText('删除后保留 4 天');
  await expect(daysBox(page)).toHaveValue('4');
});
