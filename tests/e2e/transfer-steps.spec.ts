// Transferring many customers (变更所属人): a worker thread moves them in chunks and the transfer dialog shows the
// progress while the call is in flight (noted by a MutationObserver: the chunks may end within a second) (the
// chunks themselves are proven in tests/unit/transfer/transferSteps). Data from
// the seed CLI. SHOT_DIR=<folder> saves screenshots of the progress bar and of the result message.
import path from 'node:path';
import { test as base, expect } from '@playwright/test';
import { seededHarness, type RunningHarness } from './support/harness';
import { loginViaUi } from './support/fixtures';
import { CustomerList } from './support/customerPages';
import { chooseOption } from './support/antd';

const CUSTOMERS = 2500;

const test = base.extend<{ big: RunningHarness }>({ big: seededHarness('transfer', { customers: CUSTOMERS, deals: CUSTOMERS, followups: CUSTOMERS, users: 2 }) });
test.describe.configure({ timeout: 180_000 });

test('transfer 2,500 customers from the list: progress while the chunks run, then every customer has the new owner', async ({ page, big }) => {
  await page.goto(big.url);
  await page.waitForSelector('#root[data-app-state="login"]');
  await loginViaUi(page);
  const users = await big.invoke<{ users: { id: number; displayName: string; active: boolean; roleName: string }[] }>('users:options', {});
  if (!users.ok) throw new Error(`users:options ${JSON.stringify(users.error)}`);
  // the last active user (the seed's sales reps come after the owner)
  const to = users.value.users.filter((u) => u.active).at(-1)!;
  // some of the customers belong to the new owner already (300 more given through the API): main moves only the
  // rest, and the progress and the result say how many were left unchanged (counted by main, not the window)
  const first = await big.invoke<{ rows: { id: number }[] }>('customers:list', { limit: 300 });
  if (!first.ok) throw new Error('customers:list failed');
  await big.invoke('customers:transfer', { ids: first.value.rows.map((r) => r.id), toUserId: to.id });
  const owned = await big.invoke<{ total: number }>('customers:list', { filter: { ownerIds: [to.id] }, withTotal: true });
  const already = owned.ok ? owned.value.total : -1;
  expect(already).toBeGreaterThanOrEqual(300);
  expect(already).toBeLessThan(CUSTOMERS - 200); // the rest still goes in chunks
  const list = new CustomerList(page);
  await list.open();
  await list.expectTotal(CUSTOMERS);
  await page.getByTestId('select-menu').click();
  await page.getByTestId('select-all-matching').click();
  await page.getByTestId('bulk-transfer').click();
  await expect(page.getByTestId('transfer-user')).toBeVisible();
  await chooseOption(page, 'transfer-user', to.displayName);
  // the chunks of 2,500 customers can end within a second on a quiet machine: a MutationObserver notes the
  // progress bar the first time React renders it (each progress event is its own render)
  await page.evaluate(() => {
    const w = window as unknown as { __bar?: { text: string; total: string | null; already: string | null; cancelDisabled: boolean; closeShown: boolean } };
    new MutationObserver(() => {
      const el = document.querySelector('[data-testid="transfer-progress"]');
      if (el && !w.__bar) {
        const cancel = document.querySelector<HTMLButtonElement>('[data-testid="transfer-cancel"]');
        const dialog = el.closest('.ant-modal');
        const line = el.querySelector('[data-testid="transfer-already-owned"]');
        w.__bar = { text: el.textContent ?? '', total: el.getAttribute('data-total'), already: line?.textContent ?? null, cancelDisabled: !!cancel?.disabled, closeShown: !!dialog?.querySelector('.ant-modal-close') };
      }
    }).observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true });
  });
  await page.getByTestId('transfer-submit').click();
  if (process.env.SHOT_DIR) {
    await page.getByTestId('transfer-progress').waitFor({ timeout: 10_000 }).then(
      () => page.screenshot({ path: path.join(process.env.SHOT_DIR!, 'transfer-progress.png') }),
      () => undefined, // ended before a screenshot could be taken
    );
  }
  await expect(page.locator('.ant-message-success')).toBeVisible({ timeout: 60_000 });
  const n = (x: number) => x.toLocaleString('en-US');
  if (process.env.SHOT_DIR) await page.screenshot({ path: path.join(process.env.SHOT_DIR, 'transfer-result.png') });
  await expect(page.getByTestId('transfer-result')).toHaveText(new RegExp(`^已转移 ${n(CUSTOMERS - already)} 位客户.*；${n(already)} 位原本就属于 ${to.displayName}，未改动$`));
  await expect(page.getByTestId('transfer-submit')).toHaveCount(0);
  const bar = await page.evaluate(() => (window as unknown as { __bar?: { text: string; total: string | null; already: string | null; cancelDisabled: boolean; closeShown: boolean } }).__bar ?? null);
  expect(bar).not.toBeNull();
  expect(Number(bar!.total)).toBe(CUSTOMERS - already);
  expect(bar!.already).toBe(`另有 ${n(already)} 位原本就属于 ${to.displayName}，不需转移`);
  expect(bar!.text).toContain('正在转移客户');
  // while the worker runs the chunks the dialog offers no cancel that would not cancel
  expect(bar!.cancelDisabled).toBe(true);
  expect(bar!.closeShown).toBe(false);
  const after = await big.invoke<{ rows: unknown[]; total: number }>('customers:list', { filter: { ownerIds: [to.id] }, withTotal: true });
  expect(after.ok && after.value.total).toBe(CUSTOMERS);
});
