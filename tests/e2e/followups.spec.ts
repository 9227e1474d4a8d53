// Follow-ups, reminders and automation in the browser against the harness (real scheduler, real clock):
// a follow-up with a next time becomes a reminder that fires into the bell and a toast, and is completed;
// a rule "deal moved to 方案报价 → reminder in 2 days" made in the editor works on a real stage move.
import { test, expect, openAsAdmin, ADMIN, apiAsAdmin } from './support/fixtures';
import { chooseOption } from './support/antd';
import { startHarness, type RunningHarness } from './support/harness';
import type { Page } from '@playwright/test';

// The scheduler sleeps until the next due reminder anyway; a short maximum tick only makes the test robust.
const harnessEnv = { CRM_REMINDER_TICK_MS: '500' };
// each test waits on the real clock for reminders and restarts or builds data on a shared, busy machine
test.describe.configure({ timeout: 150_000 });


async function pickInSelect(page: Page, testId: string, text: string, type?: string) {
  await chooseOption(page, testId, text, { type });
}

test.describe('follow-ups and reminders', () => {
  let h: RunningHarness;
  test.beforeEach(async () => {
    h = await startHarness({ env: harnessEnv });
  });
  test.afterEach(async () => {
    await h.stop();
  });

  test('a follow-up with a next time reminds in the bell when due, and the reminder is completed', async ({ page }) => {
    await openAsAdmin(page, h);
    const api = await apiAsAdmin(h);
    await api('customers:create', { name: '杭州西湖茶业有限公司' });

    await page.getByTestId('nav-follow-ups').click();
    await expect(page.getByTestId('follow-ups-page')).toBeVisible();
    await page.getByTestId('follow-up-add').click();
    const dialog = page.getByTestId('follow-up-dialog');
    await pickInSelect(page, 'customer-picker', '杭州西湖茶业有限公司', '杭州');
    await dialog.getByTestId('follow-up-content').fill('介绍新一季报价，对龙井礼盒有兴趣');
    await dialog.getByTestId('follow-up-next-step').fill('寄送样品并电话确认');
    await dialog.getByTestId('follow-up-next-at-text').fill('8秒后');
    await dialog.getByTestId('follow-up-next-at-text').press('Enter');
    await expect(dialog.locator('input[data-testid="follow-up-next-at"], [data-testid="follow-up-next-at"] input').first()).not.toHaveValue('');
    await page.getByTestId('follow-up-save').click();
    await expect(dialog).toBeHidden();

    const row = page.getByTestId('follow-ups-table').locator('tr', { hasText: '杭州西湖茶业有限公司' });
    await expect(row).toContainText('寄送样品并电话确认');
    await expect(row).toContainText('待提醒');
    await expect(page.getByTestId('follow-ups-total')).toHaveText('共 1 条');

    // not yet due: the bell is quiet
    await expect(page.getByTestId('notification-badge').locator('.ant-badge-count')).toHaveCount(0);
    // due: the scheduler fires it — a toast with actions and a count on the bell
    await expect(page.getByTestId('reminder-toast-title')).toContainText('寄送样品并电话确认', { timeout: 30_000 });
    await expect(page.getByTestId('notification-badge')).toContainText('1');
    await page.getByTestId('notification-bell').click();
    await expect(page.getByTestId('notification-item').first()).toContainText('杭州西湖茶业有限公司：寄送样品并电话确认');
    await page.keyboard.press('Escape');

    // the home page lists it as due today; complete it there
    await page.getByTestId('nav-home').click();
    const item = page.getByTestId('today-reminder').filter({ hasText: '寄送样品并电话确认' });
    await expect(item).toBeVisible();
    await item.getByRole('button', { name: /完成/ }).click();
    await expect(item).toHaveCount(0);
    const done = await api<{ rows: { status: string; content: string }[] }>('reminders:list', { status: 'done' });
    expect(done.rows.map((r) => r.content)).toEqual(['寄送样品并电话确认']);
    // the follow-up no longer shows a pending reminder
    await page.getByTestId('nav-follow-ups').click();
    await expect(row).not.toContainText('待提醒');
  });

  test('reminders that came due while the app was closed are reported at login', async ({ page }) => {
    await openAsAdmin(page, h);
    const api = await apiAsAdmin(h);
    // due a few seconds from now: enough to create them and close the app before they fire
    const due = Date.now() + 6000;
    for (const c of ['回电话 A', '回电话 B', '回电话 C']) await api('reminders:create', { dueAt: new Date(due).toISOString(), content: c });
    // close the app before they are due; open it again (same data folder) after they are due
    const dataDir = h.dataDir;
    await page.goto('about:blank');
    await h.stop({ keepData: true });
    expect(Date.now()).toBeLessThan(due); // closed before they were due (else the test proves nothing)
    // the harness runs on the real clock: wait (app closed) until they are due
    await expect.poll(() => Date.now(), { timeout: 10_000 }).toBeGreaterThan(due + 300);
    h = await startHarness({ dataDir, env: harnessEnv });
    await page.goto(h.url);
    await page.getByTestId('login-username').fill(ADMIN.username);
    await page.getByTestId('login-password').fill(ADMIN.password);
    await page.getByTestId('login-submit').click();
    // after the slow password check (see loginViaUi)
    await expect(page.getByTestId('missed-title')).toHaveText('您错过了 3 条提醒', { timeout: 20_000 });
    await expect(page.getByTestId('missed-reminders')).toContainText('回电话 B');
    await page.getByTestId('missed-ack').click();
    await expect(page.getByTestId('missed-reminders')).toBeHidden();
    await expect(page.getByTestId('today-reminder')).toHaveCount(3); // still open, none lost
    await page.reload();
    await expect(page.locator('#root')).toHaveAttribute('data-app-state', 'ready');
    await expect(page.getByTestId('today-reminder')).toHaveCount(3);
    await expect(page.getByTestId('missed-reminders')).toBeHidden();
  });
});

test('automation: "deal moved to 方案报价 → reminder in 2 days" made in the editor works', async ({ page, harness }) => {
  await openAsAdmin(page, harness);
  const api = await apiAsAdmin(harness);
  await page.goto(harness.url + '#/automation');
  await expect(page.getByTestId('automation-page')).toBeVisible();
  await page.getByTestId('rule-add').click();
  const editor = page.getByTestId('rule-editor');
  await editor.getByTestId('rule-name').fill('报价后两天跟进');
  await pickInSelect(page, 'rule-trigger-stage', '方案报价');
  await editor.getByTestId('rule-action-content-0').fill('跟进{customer}的报价：{deal}');
  await page.getByTestId('rule-save').click();
  await expect(editor).toBeHidden();
  await expect(page.getByTestId('rule-item')).toContainText('商机进入阶段 方案报价');

  const customer = await api<{ id: number }>('customers:create', { name: '宁波港贸易' });
  const deal = await api<{ id: number; version: number }>('deals:create', { name: '年度物流合同', customerId: customer.id });
  const stages = await api<{ stages: { id: number; name: string }[] }>('automations:options');
  const quote = stages.stages.find((s) => s.name === '方案报价')!;
  const before = Date.now();
  await api('deals:moveStage', { id: deal.id, version: deal.version, stageId: quote.id });

  const pending = await api<{ rows: { content: string; dueAt: string; dealId: number; userName: string }[] }>('reminders:list', { status: 'pending' });
  expect(pending.rows.map((r) => [r.content, r.dealId, r.userName])).toEqual([['跟进宁波港贸易的报价：年度物流合同', deal.id, ADMIN.displayName]]);
  const due = Date.parse(pending.rows[0].dueAt) - before;
  expect(due).toBeGreaterThan(2 * 86_400_000 - 60_000);
  expect(due).toBeLessThan(2 * 86_400_000 + 60_000);
  await page.reload();
  await expect(page.getByTestId('rule-item')).toContainText('已执行 1 次');
});

test('an admin edits the follow-up methods; the form offers the new one', async ({ page, harness }) => {
  await openAsAdmin(page, harness);
  await page.getByTestId('nav-follow-ups').click();
  await page.getByTestId('follow-up-methods').click();
  const methods = page.getByTestId('follow-up-methods-select');
  await methods.click();
  await page.keyboard.type('抖音私信');
  // Enter makes the tag only once the select has taken the typed text (its option shows it)
  await expect(page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: '抖音私信' })).toBeVisible();
  await page.keyboard.press('Enter');
  await expect(methods.locator('.ant-select-selection-item')).toContainText(['抖音私信']);
  await page.locator('.ant-modal-title').click(); // closes the tag dropdown that covers the buttons
  await page.getByTestId('follow-up-methods-save').click();
  await expect(page.getByTestId('follow-up-methods-select')).toBeHidden();
  await page.getByTestId('follow-up-add').click();
  await page.getByTestId('follow-up-method').click();
  await expect(page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: '抖音私信' })).toBeVisible();
});
