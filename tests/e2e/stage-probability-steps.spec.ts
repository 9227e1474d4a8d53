// Changing a stage's default probability with many deals: main updates the deals that follow the default in
// steps and the stage settings page shows the progress (the steps themselves are proven in
// tests/unit/deals/stageProbabilitySteps). Data from the seed CLI; the bar is read while the call is in flight.
// SHOT_DIR=<folder> saves a screenshot of the progress bar.
import path from 'node:path';
import { test as base, expect } from '@playwright/test';
import { seededHarness, type RunningHarness } from './support/harness';
import { loginViaUi } from './support/fixtures';
import { holdAnswer } from './support/holdAnswer';

const DEALS = 60_000;

const test = base.extend<{ big: RunningHarness }>({ big: seededHarness('stageprob', { customers: 6000, deals: DEALS, followups: 6000, users: 2 }) });
test.describe.configure({ timeout: 180_000 });

test('a new default probability for a stage with many deals: progress while the deals follow, then saved', async ({ page, big }) => {
  await page.goto(big.url);
  await page.waitForSelector('#root[data-app-state="login"]');
  await loginViaUi(page);
  const before = await big.invoke<{ stages: { id: number; name: string; probability: number; dealCount: number }[] }>('stages:list', {});
  if (!before.ok) throw new Error(`stages:list ${JSON.stringify(before.error)}`);
  const won = before.value.stages.findIndex((s) => s.name === '赢单');
  const stage = before.value.stages[won];
  expect(stage.dealCount).toBeGreaterThan(5000);
  const next = stage.probability === 90 ? 95 : 90;
  await page.evaluate(() => (location.hash = '#/deals/stages'));
  await expect(page.getByTestId('stage-settings')).toBeVisible();
  await expect(page.getByTestId(`stage-name-${won}`)).toHaveValue('赢单');
  await page.getByTestId(`stage-probability-${won}`).fill(String(next));
  // the save's answer is held until the progress has been read: on a quick machine the steps may end within a
  // second, and the progress goes when the answer arrives
  const held = await holdAnswer(page, 'stages:update');
  await page.getByTestId('stages-save').click();
  // in flight: main reports its steps to this window
  const seen = await page.waitForFunction(() => {
    const el = document.querySelector('[data-testid="stages-move-progress"]');
    return el ? { text: el.textContent ?? '', total: el.getAttribute('data-total') } : null;
  });
  const bar = (await seen.jsonValue())!;
  expect(bar.total).toBe(String(stage.dealCount));
  expect(bar.text).toContain('正在更新商机赢单率');
  if (process.env.SHOT_DIR) await page.screenshot({ path: path.join(process.env.SHOT_DIR, 'stage-probability-progress.png') });
  const progress = page.getByTestId('stages-move-progress');
  held.release();
  await expect(page.locator('.ant-message-success')).toContainText('阶段已保存', { timeout: 60_000 });
  await expect(progress).toHaveCount(0);
  await held.stop();
  const after = await big.invoke<{ stages: { id: number; probability: number }[] }>('stages:list', {});
  expect(after.ok && after.value.stages.find((s) => s.id === stage.id)!.probability).toBe(next);
});
