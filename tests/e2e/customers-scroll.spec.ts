// The scaled scrollbar of the customer list: with more rows than a native scrollbar can span
// (60,000 × 36 px > the 2,000,000 px cap), dragging the thumb anywhere shows the rows of that position,
// and the wheel still moves row by row. Data comes from the seed CLI (the API would take minutes).
import { test as base, expect } from '@playwright/test';
import { seededHarness, type RunningHarness } from './support/harness';
import { loginViaUi } from './support/fixtures';

const ROWS = 60_000;

const test = base.extend<{ big: RunningHarness }>({ big: seededHarness('scroll', { customers: ROWS, deals: 0, followups: 0, users: 2 }) });
test.describe.configure({ timeout: 180_000 });

test('drag the scrollbar to the middle and the end, then wheel: the right rows appear', async ({ page, big }) => {
  await page.goto(big.url);
  await page.waitForSelector('#root[data-app-state="login"]');
  await loginViaUi(page); // the seed's owner has the fixtures' admin password
  await page.getByTestId('nav-customers').click();
  const table = page.getByTestId('customer-table');
  await expect(page.getByTestId('customer-total')).toHaveAttribute('data-total', String(ROWS));
  await expect(table).toHaveAttribute('data-scaled', 'true');
  await expect(table.getByTestId('customer-row').first()).toHaveAttribute('data-index', '0');

  // a thumb drag is a native scroll the list did not cause: jump to the middle
  const firstIndex = async () => Number(await table.getByTestId('customer-row').first().getAttribute('data-index'));
  await table.evaluate((el) => (el.scrollTop = (el.scrollHeight - el.clientHeight) / 2));
  await expect(table.getByTestId('skeleton-row')).toHaveCount(0);
  const mid = await firstIndex();
  expect(mid).toBeGreaterThan(ROWS / 2 - 100);
  expect(mid).toBeLessThan(ROWS / 2 + 100);

  // the row at that index is the one main has at that offset of the default order
  const atOffset = await big.invoke<{ rows: { name: string }[] }>('customers:list', { offset: mid, limit: 1 });
  if (!atOffset.ok) throw new Error(atOffset.error.message);
  await expect(table.locator(`[data-testid=customer-row][data-index="${mid}"] [data-testid=customer-link]`)).toHaveText(atOffset.value.rows[0].name);

  // the wheel moves 1:1 (ten rows), not by the scale factor
  const before = Number(await table.getAttribute('data-first-row'));
  await table.hover();
  await page.mouse.wheel(0, 36 * 10);
  await expect.poll(async () => Number(await table.getAttribute('data-first-row'))).toBeGreaterThan(before);
  const after = Number(await table.getAttribute('data-first-row'));
  expect(after - before).toBeGreaterThanOrEqual(9);
  expect(after - before).toBeLessThanOrEqual(11);

  // the very end: the last row is reachable
  await table.evaluate((el) => (el.scrollTop = el.scrollHeight));
  await expect(table.locator(`[data-testid=customer-row][data-index="${ROWS - 1}"]`)).toBeVisible();
  await expect(table.getByTestId('skeleton-row')).toHaveCount(0);
});
