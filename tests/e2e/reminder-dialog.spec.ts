// 新建提醒 from the home page: a spoken time (明天中午1点) is read as 13:00, and saving says 提醒已保存 —
// not the follow-up message 跟进已保存 — and the reminder is stored.
import { expect, openAsAdmin, apiAsAdmin, test } from './support/fixtures';
import { browserToday } from './support/browserToday';

test('a new reminder from the home page saves with its own message and the time typed as 明天中午1点', async ({ page, harness }) => {
  await openAsAdmin(page, harness);
  await expect(page.getByTestId('today-panel')).toBeVisible();
  await page.getByTestId('today-add-reminder').click();
  const dialog = page.getByTestId('reminder-dialog');
  await expect(dialog.getByTestId('reminder-content')).toBeVisible();

  await dialog.getByTestId('reminder-due-text').fill('明天中午1点');
  await dialog.getByTestId('reminder-due-text').press('Enter');
  // tomorrow as the page sees it (the browser's time zone, not the runner's)
  const tomorrow = browserToday(test.info()).add(1, 'day').format('YYYY-MM-DD');
  await expect(dialog.getByTestId('reminder-due')).toHaveValue(`${tomorrow} 13:00`);
  await dialog.getByTestId('reminder-content').fill('给张总回电话，确认报价');
  await page.getByTestId('reminder-save').click();

  await expect(page.locator('.ant-message-success')).toContainText('提醒已保存');
  await expect(page.locator('.ant-message')).not.toContainText('跟进已保存');
  await expect(dialog.getByTestId('reminder-content')).toBeHidden();

  const api = await apiAsAdmin(harness);
  const pending = await api<{ rows: { content: string; dueAt: string }[] }>('reminders:list', { status: 'pending' });
  const saved = pending.rows.find((r) => r.content === '给张总回电话，确认报价');
  expect(saved).toBeDefined();
  // stored as that instant: 13:00 tomorrow in the page's time zone
  const local = await page.evaluate((iso) => {
    const d = new Date(iso);
    const p = (n: number) => String(n).padStart(2, '0');
    return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}`;
  }, saved!.dueAt);
  expect(local).toBe(`${tomorrow} 13:00`);
});
