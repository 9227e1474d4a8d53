// Renderer benchmark (not part of npm test): opens the customer list of a seeded database in Chromium
// through the browser harness and reports time to first rows after navigation, frame times while
// flinging the list, and how long rows stay blank after a jump to the middle and to the end.
// Usage: CRM_DIST=/tmp/dist-x node scripts/build.mjs && npx tsx bench/renderer.ts --data DIR [--runs 5]
//   (DIR seeded by `npm run bench -- --data DIR` or `npm run seed`; the owner is owner / owner-pass-1)
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Page } from '@playwright/test';

const args = process.argv.slice(2);
const arg = (k: string, d?: string) => {
  const i = args.indexOf(`--${k}`);
  return i >= 0 ? args[i + 1] : d;
};
const dataDir = arg('data');
if (!dataDir) throw new Error('usage: renderer.ts --data DIR [--runs N]');
const runs = Number(arg('runs', '5'));
const root = path.resolve(__dirname, '..');
const dist = path.resolve(root, process.env.CRM_DIST ?? 'dist');

function startHarness(): Promise<{ url: string; stop: () => void }> {
  const child = spawn(process.execPath, [path.join(dist, 'web', 'server.js'), '--port', '0', '--data', dataDir!], { stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((resolve, reject) => {
    let buf = '';
    child.stdout.on('data', (d: Buffer) => {
      buf += d.toString();
      const m = /READY (\S+)/.exec(buf);
      if (m) resolve({ url: m[1], stop: () => child.kill('SIGTERM') });
    });
    child.once('exit', (code) => reject(new Error(`harness exited ${code}`)));
  });
}

const pct = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))];
};

/** Records frame intervals and, per frame, whether skeleton (blank) rows are on screen. */
async function recordFrames(page: Page, during: () => Promise<void>) {
  // plain JS text: tsx's keepNames helpers (__name) do not exist inside the page
  await page.evaluate(`(() => {
    window.__frames = [];
    window.__rec = true;
    const tick = (t) => {
      window.__frames.push({ t, blank: document.querySelectorAll('[data-testid=skeleton-row]').length });
      if (window.__rec) requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  })()`);
  await during();
  const frames = (await page.evaluate(() => {
    const w = window as unknown as { __frames: { t: number; blank: number }[]; __rec: boolean };
    w.__rec = false;
    return w.__frames;
  })) as { t: number; blank: number }[];
  const dts = frames.slice(1).map((f, i) => f.t - frames[i].t);
  // longest stretch with blank rows on screen
  let blankSince: number | null = null;
  let longestBlank = 0;
  for (const f of frames) {
    if (f.blank > 0) blankSince ??= f.t;
    else if (blankSince !== null) {
      longestBlank = Math.max(longestBlank, f.t - blankSince);
      blankSince = null;
    }
  }
  if (blankSince !== null) longestBlank = Math.max(longestBlank, frames[frames.length - 1].t - blankSince);
  const span = frames.length > 1 ? frames[frames.length - 1].t - frames[0].t : 0;
  return {
    frames: frames.length,
    fps: span ? ((frames.length - 1) / span) * 1000 : 0,
    frameP50: pct(dts, 0.5),
    frameP95: pct(dts, 0.95),
    longestFrame: Math.max(...dts),
    longestBlankMs: longestBlank,
  };
}

async function main() {
  const h = await startHarness();
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
  const page = await browser.newPage({ viewport: { width: 1360, height: 860 }, locale: 'zh-CN' });
  try {
    await page.goto(h.url);
    await page.waitForSelector('#root[data-app-state="login"]');
    await page.getByTestId('login-username').fill('owner');
    await page.getByTestId('login-password').fill('owner-pass-1');
    await page.getByTestId('login-submit').click();
    await page.waitForSelector('#root[data-app-state="ready"]');

    // time to first rows after navigation (away to the dashboard and back each run)
    const firstRows: number[] = [];
    for (let i = 0; i < runs; i++) {
      await page.goto(`${h.url}#/`);
      await page.waitForSelector('#root[data-app-state="ready"]');
      const t0 = Date.now();
      await page.getByTestId('nav-customers').click();
      await page.waitForSelector('[data-testid=customer-row][data-index="0"]', { timeout: 30_000 });
      firstRows.push(Date.now() - t0);
    }
    const table = page.getByTestId('customer-table');
    const total = Number(await page.getByTestId('customer-total').getAttribute('data-total'));

    // fling: a fast wheel/touchpad fling, 400 px of wheel delta per frame for 2 s (10 rows per frame at
    // 60 fps). The events are dispatched on the scroller like the browser's own; on a 1M-row list the
    // wheel moves the real offset 1:1 (ScaledVirtualTable), so this is what a user's fling does.
    const fling = await recordFrames(page, () =>
      page.evaluate(`new Promise((done) => {
        const el = document.querySelector('[data-testid=customer-table]');
        const end = performance.now() + 2000;
        const step = () => {
          el.dispatchEvent(new WheelEvent('wheel', { deltaY: 400, deltaMode: 0, bubbles: true, cancelable: true }));
          if (performance.now() < end) requestAnimationFrame(step);
          else setTimeout(done, 400);
        };
        requestAnimationFrame(step);
      })`),
    );
    const flungTo = Number(await table.locator('[data-testid=customer-row]').first().getAttribute('data-index'));
    // thumb drag: scrollTop moved 400 px per frame for 2 s. On 1M rows the scrollbar is scaled (2M px for
    // 40M px of rows), so each frame moves ~200 rows: a fast drag of the thumb, not a fling; rows stay
    // blank until the drag slows down (pages are fetched for where the thumb is, not for every row passed).
    const thumbDrag = await recordFrames(page, () =>
      page.evaluate(`new Promise((done) => {
        const el = document.querySelector('[data-testid=customer-table]');
        const end = performance.now() + 2000;
        const step = () => {
          el.scrollTop += 400;
          if (performance.now() < end) requestAnimationFrame(step);
          else setTimeout(done, 400);
        };
        requestAnimationFrame(step);
      })`),
    );
    // jumps: the thumb dragged to the middle, then to the end; wait until no row is blank
    const jump = async (where: 'middle' | 'end') =>
      recordFrames(page, async () => {
        await table.evaluate((el, w) => (el.scrollTop = w === 'end' ? el.scrollHeight : (el.scrollHeight - el.clientHeight) / 2), where);
        await page.waitForFunction(() => document.querySelectorAll('[data-testid=skeleton-row]').length === 0, undefined, { timeout: 30_000 });
        await page.waitForTimeout(300); // frames after the rows arrived (how smooth the settled list is)
      });
    const middle = await jump('middle');
    const end = await jump('end');
    const lastVisible = await table.locator(`[data-testid=customer-row][data-index="${total - 1}"]`).count();
    const result = {
      at: new Date().toISOString(),
      dataDir,
      total,
      timeToFirstRowsMs: { runs: firstRows, p50: pct(firstRows, 0.5), max: Math.max(...firstRows), target: '≤ 1000' },
      fling: { ...fling, rowsPassed: flungTo },
      thumbDrag,
      jumpMiddle: middle,
      jumpEnd: { ...end, lastRowShown: lastVisible > 0 },
      targets: 'first rows ≤ 1 s; ≥ 55 fps; no blank rows after 100 ms',
    };
    console.log(JSON.stringify(result, null, 2));
    const out = path.join(root, 'bench', 'results', `${result.at.slice(0, 10)}-renderer-${total}.json`);
    fs.mkdirSync(path.dirname(out), { recursive: true });
    fs.writeFileSync(out, JSON.stringify(result, null, 2));
  } finally {
    await browser.close();
    h.stop();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
