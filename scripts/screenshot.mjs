// Take a screenshot of a page in Debian's Chromium: node scripts/screenshot.mjs <url> <out.png> [waitForSelector]
import { chromium } from '@playwright/test';

const [url, out, waitFor] = process.argv.slice(2);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
});
const page = await browser.newPage({ viewport: { width: 1360, height: 860 } });
await page.goto(url);
if (waitFor) await page.waitForSelector(waitFor);
else await page.waitForSelector('#root:not([data-app-state="loading"])');
await page.screenshot({ path: out });
await browser.close();
