// Screenshots of the deals UI for review: node scripts/deals-screens.mjs <harness url> <outDir> <itemsDealId> <wonDealId>
import { chromium } from '@playwright/test';

const [url, out, itemsId, wonId] = process.argv.slice(2);
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
const page = await browser.newPage({ viewport: { width: 1360, height: 900 } });
// a review script, not a test: let open/close animations finish before each picture
const settle = () => page.waitForTimeout(700);
const go = async (hash, sel) => {
  await page.goto(`${url}#${hash}`);
  await page.reload();
  await page.waitForSelector(sel);
};
await go(`/deals/${itemsId}`, '[data-testid="deal-fields"]');
await settle();
await page.screenshot({ path: `${out}/deal-detail.png`, fullPage: true });
await page.getByTestId('tab-terms-history').click();
await settle();
await page.screenshot({ path: `${out}/deal-terms.png`, fullPage: true });
await page.getByTestId('deal-edit').click();
await page.waitForSelector('[data-testid="deal-save"]');
await settle();
await page.screenshot({ path: `${out}/deal-edit.png`, fullPage: true });
await go(`/deals/${itemsId}`, '[data-testid="deal-fields"]');
await page.getByTestId('deal-close').click();
await page.waitForSelector('[data-testid="close-dialog"]');
await settle();
await page.screenshot({ path: `${out}/deal-close-dialog.png` });
await page.getByTestId('close-result-lost').click();
await page.waitForSelector('[data-testid="close-loss-reason"]');
await settle();
await page.screenshot({ path: `${out}/deal-close-lost.png` });
await go(`/deals/${wonId}`, '[data-testid="deal-locked-banner"]');
await page.getByTestId('tab-history').click();
await settle();
await page.screenshot({ path: `${out}/deal-locked.png`, fullPage: true });
await go('/deals/stages', '[data-testid="stage-settings"]');
await settle();
await page.screenshot({ path: `${out}/deal-stages.png`, fullPage: true });
await browser.close();
