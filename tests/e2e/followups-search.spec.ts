// Text search on the 跟进 page over more follow-ups than one call looks at (followUps:list reads a bounded
// stretch per call: there is no text index on follow-ups). The page looks further back on its own a few
// times, shows how far it got, and goes on when asked; a word that is there is found. Data from the seed CLI.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test as base, expect } from '@playwright/test';
import { startHarness, type RunningHarness } from './support/harness';
import { loginViaUi } from './support/fixtures';

const FOLLOW_UPS = 120_000;
const root = path.resolve(__dirname, '..', '..');
const dist = path.resolve(root, process.env.CRM_DIST ?? 'dist');

const test = base.extend<{ big: RunningHarness }>({
  big: async ({}, use) => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zg-e2e-fusearch-'));
    execFileSync(process.execPath, [path.join(dist, 'seed', 'cli.js'), '--customers', '2000', '--deals', '0', '--followups', String(FOLLOW_UPS), '--users', '2', '--data', dir], { stdio: 'ignore' });
    const h = await startHarness({ dataDir: dir });
    await use(h);
    await h.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  },
});
test.describe.configure({ timeout: 180_000 });

test('a word in none of 120,000 follow-ups: the page searches back step by step and says how far', async ({ page, big }) => {
  await page.goto(big.url);
  await page.waitForSelector('#root[data-app-state="login"]');
  await loginViaUi(page);
  await page.getByTestId('nav-follow-ups').click();
  await expect(page.getByTestId('follow-ups-table')).toBeVisible();
  await expect(page.getByTestId('follow-ups-total')).toHaveText('超过 1,000 条');

  await page.getByTestId('filter-query').locator('input').fill('不存在的词语');
  await page.getByTestId('filter-query').locator('input').press('Enter');
  // ten stretches of 10,000 by itself, then it asks
  const searchedTo = page.getByTestId('follow-ups-searched-to');
  await expect(searchedTo).toBeVisible();
  await expect(page.getByTestId('follow-ups-load-more')).toHaveText('继续查找更早的');
  await expect(page.getByTestId('follow-ups-load-more')).toBeEnabled();
  await expect(page.getByTestId('follow-ups-table').locator('.ant-table-row')).toHaveCount(0);
  await expect(page.getByTestId('follow-ups-table')).toContainText('没有符合条件的跟进记录');
  await expect(page.getByTestId('follow-ups-total')).toHaveText('已找到 0 条');
  const before = await searchedTo.textContent();
  await page.getByTestId('follow-ups-load-more').click();
  // one more stretch: further back, or the end (no button)
  await expect(async () => {
    const gone = (await page.getByTestId('follow-ups-load-more').count()) === 0;
    expect(gone || (await searchedTo.textContent()) !== before).toBe(true);
  }).toPass();
  await page.screenshot({ path: path.join(os.tmpdir(), 'zg-fusearch.png') });

  // a word that is in the seeded text fills the page at once: an ordinary list, no "searched back to"
  await page.getByTestId('filter-query').locator('input').fill('交付时间');
  await page.getByTestId('filter-query').locator('input').press('Enter');
  await expect(page.getByTestId('follow-ups-table').locator('.ant-table-row').first()).toContainText('交付时间');
  await expect(page.getByTestId('follow-ups-load-more')).toHaveText('加载更多');
  await expect(searchedTo).toHaveCount(0);
});
