// Text search on the 跟进 page over 120,000 follow-ups (data from the seed CLI).
// With the follow-up text index (migration 0018) one call answers over every follow-up: a word found nowhere
// says 0 at once, a rare word gives its exact total. Before the index is filled (an upgraded database whose
// worker has not finished; held back here with CRM_TEXT_FILL=off) followUps:list reads a bounded stretch
// per call: the page looks further back on its own a few times, shows how far it got, and goes on when asked.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { test as base, expect, type Page } from '@playwright/test';
import { seedDataDir, startHarness, type RunningHarness } from './support/harness';
import { loginViaUi } from './support/fixtures';

const FOLLOW_UPS = 120_000;

const seeded = () => seedDataDir('fusearch', { customers: 2000, deals: 0, followups: FOLLOW_UPS, users: 2 });

const test = base.extend<{ big: RunningHarness & { dir: string }; walking: RunningHarness }>({
  big: async ({}, use) => {
    const dir = seeded();
    const h = await startHarness({ dataDir: dir });
    await use({ ...h, dir });
    await h.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  },
  walking: async ({}, use) => {
    const dir = seeded();
    // as right after the upgrade to schema 18: every follow-up pending for the fill worker, which is held back
    const db = new Database(path.join(dir, 'zhanggui.db'));
    db.exec('UPDATE follow_up_text_fill SET next_id = (SELECT min(id) FROM follow_ups), end_id = (SELECT max(id) + 1 FROM follow_ups)');
    db.close();
    const h = await startHarness({ dataDir: dir, env: { CRM_TEXT_FILL: 'off' } });
    await use(h);
    await h.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  },
});
test.describe.configure({ timeout: 180_000 });

async function openFollowUps(page: Page, url: string) {
  await page.goto(url);
  await page.waitForSelector('#root[data-app-state="login"]');
  await loginViaUi(page);
  await page.getByTestId('nav-follow-ups').click();
  await expect(page.getByTestId('follow-ups-table')).toBeVisible();
  await expect(page.getByTestId('follow-ups-total')).toHaveText('超过 1,000 条');
}

async function search(page: Page, q: string) {
  await page.getByTestId('filter-query').locator('input').fill(q);
  await page.getByTestId('filter-query').locator('input').press('Enter');
}

test('with the text index: a word in none of 120,000 follow-ups is 0 at once; a rare word has its exact total', async ({ page, big }) => {
  // a customer's full name: the follow-ups that mention it (LIKE over content, result, next step and the name)
  const db = new Database(path.join(big.dir, 'zhanggui.db'), { readonly: true });
  const name = db.prepare('SELECT c.name FROM customers c WHERE EXISTS (SELECT 1 FROM follow_ups f WHERE f.customer_id = c.id) ORDER BY c.id LIMIT 1 OFFSET 700').pluck().get() as string;
  const like = `%${name.replace(/[\\%_]/g, (m) => '\\' + m)}%`;
  const expected = db
    .prepare(
      `SELECT count(*) FROM follow_ups f JOIN customers c ON c.id = f.customer_id WHERE f.deleted_at IS NULL AND c.deleted_at IS NULL
       AND (f.content LIKE ? ESCAPE '\\' OR f.result LIKE ? ESCAPE '\\' OR f.next_step LIKE ? ESCAPE '\\' OR c.name LIKE ? ESCAPE '\\')`,
    )
    .pluck()
    .get(like, like, like, like) as number;
  db.close();
  expect(expected).toBeGreaterThan(0);

  await openFollowUps(page, big.url);
  await search(page, '不存在的词语');
  await expect(page.getByTestId('follow-ups-total')).toHaveText('共 0 条');
  await expect(page.getByTestId('follow-ups-table')).toContainText('没有符合条件的跟进记录');
  await expect(page.getByTestId('follow-ups-searched-to')).toHaveCount(0);
  await expect(page.getByTestId('follow-ups-load-more')).toHaveCount(0);

  await search(page, name);
  await expect(page.getByTestId('follow-ups-total')).toHaveText(`共 ${expected.toLocaleString('en-US')} 条`);
  await expect(page.getByTestId('follow-ups-table').locator('.ant-table-row')).toHaveCount(Math.min(expected, 50));
  await expect(page.getByTestId('follow-ups-table').locator('.ant-table-row').first()).toContainText(name);
  await expect(page.getByTestId('follow-ups-searched-to')).toHaveCount(0);
  await page.screenshot({ path: path.join(os.tmpdir(), 'zg-fusearch-indexed.png') });

  // a word that is in the seeded text fills the page at once: an ordinary list
  await search(page, '交付时间');
  await expect(page.getByTestId('follow-ups-table').locator('.ant-table-row').first()).toContainText('交付时间');
  await expect(page.getByTestId('follow-ups-load-more')).toHaveText('加载更多');
  await expect(page.getByTestId('follow-ups-searched-to')).toHaveCount(0);
});

test('before the index is filled: a word in none of 120,000 follow-ups is searched back step by step, saying how far', async ({ page, walking }) => {
  await openFollowUps(page, walking.url);
  await search(page, '不存在的词语');
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
  await search(page, '交付时间');
  await expect(page.getByTestId('follow-ups-table').locator('.ant-table-row').first()).toContainText('交付时间');
  await expect(page.getByTestId('follow-ups-load-more')).toHaveText('加载更多');
  await expect(searchedTo).toHaveCount(0);
});
