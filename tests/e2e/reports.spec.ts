// Reports page end to end in Chromium against the harness, on seeded demo data: each report opens,
// switches table ⇄ chart, reacts to the time range, and exports to xlsx and PDF.
import fs from 'node:fs';
import path from 'node:path';
import * as XLSX from 'xlsx';
import Database from 'better-sqlite3';
import { test as base, expect, type Page } from '@playwright/test';
import { seedDataDir, startHarness, type RunningHarness } from './support/harness';
import { loginViaUi } from './support/fixtures';
import { chooseOption } from './support/antd';
import { browserToday } from './support/browserToday';


const test = base.extend<{ seeded: RunningHarness }>({
  seeded: async ({}, use) => {
    // demo data around today (the seed's default "now" is today's midnight), owner/owner-pass-1
    const dataDir = seedDataDir('reports', { customers: 600, users: 5, seed: 7 });
    const h = await startHarness({ dataDir });
    await use(h);
    await h.stop();
  },
});

test.describe.configure({ timeout: 180_000 });

async function openReports(page: Page, h: RunningHarness) {
  await page.goto(h.url);
  await page.waitForSelector('#root[data-app-state="login"]');
  await loginViaUi(page);
  await page.getByTestId('nav-reports').click();
  await expect(page.getByTestId('reports-page')).toBeVisible();
}

const ready = (page: Page, report: string) => page.locator(`[data-testid="report-${report}"][data-state="ready"]`);

test('each report opens as a table and as a chart, and follows the time range', async ({ page, seeded }, info) => {
  await openReports(page, seeded);
  await page.getByTestId('report-preset').click();
  await page.getByTestId('preset-thisYear').click();
  for (const report of ['salesPerformance', 'customerAnalysis', 'salesTrend', 'funnel']) {
    await page.getByTestId(`tab-${report}`).click();
    const frame = ready(page, report);
    await expect(frame).toBeVisible();
    await expect(frame.getByTestId('report-table').locator('tbody tr.ant-table-row').first()).toBeVisible();
    await frame.getByTestId('view-chart').click();
    await expect(frame.locator('[data-testid="report-chart"] .recharts-wrapper').first()).toBeVisible();
    await expect(frame.locator('[data-testid="report-chart"] .recharts-bar-rectangle, [data-testid="report-chart"] .recharts-line-curve, [data-testid="report-chart"] .recharts-pie-sector').first()).toBeVisible();
    await page.screenshot({ path: info.outputPath(`chart-${report}.png`) });
    await frame.getByTestId('view-table').click();
    await expect(frame.getByTestId('report-table')).toBeVisible();
  }

  // the range drives the request: 上月 compares with the month before it, and the numbers are re-read
  await page.getByTestId('tab-salesPerformance').click();
  const perf = ready(page, 'salesPerformance');
  await expect(perf.locator('tbody tr.ant-table-row').first()).toBeVisible();
  const yearTotal = await perf.locator('tbody tr.ant-table-row').first().locator('td').nth(1).innerText();
  expect(yearTotal).not.toBe('¥0.00');
  await page.getByTestId('report-preset').click();
  await page.getByTestId('preset-lastMonth').click();
  // the month before last, counted from today in the reports' zone (UTC+8 by default, as the browser's Asia/Shanghai;
  // not the runner's zone)
  const before = browserToday(info).subtract(2, 'month').format('YYYY-MM');
  await expect(perf.getByText(new RegExp(`^对比 ${before}-01 – ${before}-\\d\\d$`))).toBeVisible();
  await expect(perf.locator('tbody tr.ant-table-row').first().locator('td').nth(1)).not.toHaveText(yearTotal);
});

test('the visible report table exports to xlsx and PDF', async ({ page, seeded }) => {
  await openReports(page, seeded);
  const perf = ready(page, 'salesPerformance');
  await expect(perf).toBeVisible();
  // hide one column: the export follows the visible columns
  await perf.getByTestId('columns-button').click();
  await page.getByTestId('col-followUps').click();
  await expect(perf.locator('thead')).not.toContainText('跟进次数');

  const xlsxPath = path.join(seeded.dataDir, 'out', '业绩.xlsx');
  fs.mkdirSync(path.dirname(xlsxPath), { recursive: true });
  await seeded.scriptDialog({ saveFile: xlsxPath });
  await perf.getByTestId('export-xlsx').click();
  await expect(page.getByTestId('export-done')).toContainText(xlsxPath);
  const wb = XLSX.read(fs.readFileSync(xlsxPath));
  const rows = XLSX.utils.sheet_to_json<unknown[]>(wb.Sheets[wb.SheetNames[0]], { header: 1 });
  expect(rows[0]).toEqual(['负责人', '赢单金额', '赢单数', '赢率', '平均成交额', '新增客户', '上期赢单金额', '赢单金额环比']);
  const uiRows = await perf.locator('tbody tr.ant-table-row').count();
  expect(rows.length - 1).toBe(uiRows);

  const pdfPath = path.join(seeded.dataDir, 'out', '业绩.pdf');
  await seeded.scriptDialog({ saveFile: pdfPath });
  await perf.getByTestId('export-pdf').click();
  await expect(page.getByTestId('export-done').last()).toContainText(pdfPath, { timeout: 30_000 });
  expect(fs.readFileSync(pdfPath).subarray(0, 5).toString()).toBe('%PDF-');
});

test('the home page shows KPI cards and charts that click through to the lists', async ({ page, seeded }, info) => {
  await page.goto(seeded.url);
  await page.waitForSelector('#root[data-app-state="login"]');
  await loginViaUi(page);
  const panel = page.locator('[data-testid="dashboard-panel"][data-state="ready"]');
  await expect(panel).toBeVisible();
  await expect(panel.getByTestId('kpi-customers-value')).toHaveText('600');
  await expect(panel.getByTestId('kpi-pipeline-value')).toContainText('¥');
  await expect(panel.locator('[data-testid="dashboard-trend"] .recharts-line-curve').first()).toBeVisible();
  await expect(panel.locator('[data-testid="dashboard-pipeline"] .recharts-bar-rectangle').first()).toBeVisible();
  await page.screenshot({ path: info.outputPath('dashboard.png') });
  // the number on the card is the number the list shows after clicking through
  const newCustomers = (await panel.getByTestId('kpi-newCustomers-value').innerText()).replace(/\D/g, '');
  await panel.getByTestId('kpi-newCustomers').click();
  await expect(page).toHaveURL(/#\/customers\?filter=.*createdFrom/);
  await expect(page.getByTestId('chip-created')).toBeVisible();
  await expect(page.getByTestId('customer-total')).toHaveAttribute('data-total', newCustomers);
});

test('customer analysis groups by a custom single-select field', async ({ page, seeded }, info) => {
  const w = await seeded.newWindow();
  expect((await seeded.invoke('auth:login', { username: 'owner', password: 'owner-pass-1' }, w)).ok).toBe(true);
  const f = await seeded.invoke<{ id: number; key: string }>('fields:create', { entity: 'customer', label: { zh: '客户规模', en: 'Size' }, type: 'singleSelect', options: ['大型', '中小'] }, w);
  if (!f.ok) throw new Error(JSON.stringify(f.error));
  // values straight into the values table (the truth reports read): even ids 大型 or 中小, odd ids not set
  const db = new Database(path.join(seeded.dataDir, 'zhanggui.db'));
  db.pragma('busy_timeout = 5000');
  db.prepare(`INSERT INTO customer_field_values (field_id, customer_id, value) SELECT ?, id, CASE WHEN id % 4 = 0 THEN '中小' ELSE '大型' END FROM customers WHERE id % 2 = 0`).run(f.value.id);
  // expected: customers created this calendar year in the report time zone (UTC+8), counted here by hand-written SQL
  const y = browserToday(info).year();
  const count = (cond: string) =>
    db.prepare(`SELECT COUNT(*) FROM customers WHERE deleted_at IS NULL AND created_at >= ? AND created_at < ? AND ${cond}`).pluck().get(`${y - 1}-12-31T16:00:00.000Z`, `${y}-12-31T16:00:00.000Z`) as number;
  const big = count('id % 2 = 0 AND id % 4 <> 0');
  const small = count('id % 4 = 0');
  const unset = count('id % 2 = 1');
  db.close();
  expect(big * small * unset).toBeGreaterThan(0);

  await openReports(page, seeded);
  await page.getByTestId('report-preset').click();
  await page.getByTestId('preset-thisYear').click();
  await page.getByTestId('tab-customerAnalysis').click();
  const frame = ready(page, 'customerAnalysis');
  await expect(frame).toBeVisible();
  await frame.getByTestId('analysis-field').click();
  await page.getByTestId(`analysis-field-${f.value.key}`).click();
  await expect(frame.getByTestId('analysis-field')).toContainText('客户规模');
  const row = (label: string) => frame.locator('tbody tr.ant-table-row', { has: page.locator('td', { hasText: new RegExp(`^${label}$`) }) });
  await expect(row('大型').locator('td').nth(1)).toHaveText(big.toLocaleString('zh-CN'));
  await expect(row('中小').locator('td').nth(1)).toHaveText(small.toLocaleString('zh-CN'));
  await expect(row('（未填写）').locator('td').nth(1)).toHaveText(unset.toLocaleString('zh-CN'));
  await frame.getByTestId('view-chart').click();
  await expect(frame.locator('[data-testid="report-chart"] .recharts-bar-rectangle').first()).toBeVisible();
  await page.screenshot({ path: info.outputPath('chart-customerAnalysis-field.png') });
});

test('设置 → 报表: the report time zone changes, its rebuild finishes, persists, and moves a report day bucket', async ({ page, seeded }, info) => {
  // a customer created at 18:00 UTC is on the next day at UTC+8 and on the same day at UTC-5
  const db = new Database(path.join(seeded.dataDir, 'zhanggui.db'), { readonly: true });
  const late = db.prepare(`SELECT id, created_at FROM customers WHERE deleted_at IS NULL AND substr(created_at, 12, 2) BETWEEN '17' AND '18' ORDER BY id LIMIT 1`).get() as { id: number; created_at: string };
  expect(late).toBeTruthy();
  const utcDay = late.created_at.slice(0, 10);
  const nextDay = new Date(Date.parse(`${utcDay}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
  // customers of local day `nextDay`, counted by hand-written SQL for a zone `off` minutes east of UTC
  const count = (off: number) => {
    const start = new Date(Date.parse(`${nextDay}T00:00:00Z`) - off * 60_000).toISOString();
    const end = new Date(Date.parse(start) + 86_400_000).toISOString();
    return db.prepare(`SELECT COUNT(*) FROM customers WHERE deleted_at IS NULL AND created_at >= ? AND created_at < ?`).pluck().get(start, end) as number;
  };
  const [east, west] = [count(480), count(-300)];
  db.close();
  const w = await seeded.newWindow();
  expect((await seeded.invoke('auth:login', { username: 'owner', password: 'owner-pass-1' }, w)).ok).toBe(true);
  const day = async () => {
    const r = await seeded.invoke<{ total: number; tzOffsetMinutes: number }>('reports:customerAnalysis', { from: nextDay, to: nextDay }, w);
    if (!r.ok) throw new Error(JSON.stringify(r.error));
    return [r.value.tzOffsetMinutes, r.value.total];
  };
  expect(await day()).toEqual([480, east]);

  await page.goto(seeded.url);
  await page.waitForSelector('#root[data-app-state="login"]');
  await loginViaUi(page);
  await page.goto(`${seeded.url}#/settings/reports`);
  const tab = page.getByTestId('report-settings-tab');
  await expect(tab.getByTestId('report-timezone-current')).toHaveText('当前：UTC+08:00');
  await chooseOption(page, 'report-timezone', 'UTC-05:00', { type: '-05:00' });
  await tab.getByTestId('report-timezone-save').click();
  await expect(tab.getByTestId('report-timezone-done')).toContainText('UTC-05:00');
  await expect(tab.getByTestId('report-timezone-progress')).toHaveCount(0);
  await expect(tab.getByTestId('report-timezone-current')).toHaveText('当前：UTC-05:00');
  await page.screenshot({ path: info.outputPath('settings-report-timezone.png') });

  // the customer moved from local day nextDay (UTC+8) to utcDay (UTC-5); every count follows the new zone
  expect(await day()).toEqual([-300, west]);
  await page.reload();
  await page.waitForSelector('#root[data-app-state="login"], #root[data-app-state="ready"]');
  if (await page.locator('#root[data-app-state="login"]').count()) await loginViaUi(page);
  await page.goto(`${seeded.url}#/settings/reports`);
  await expect(page.getByTestId('report-timezone-current')).toHaveText('当前：UTC-05:00');

  // 本月 / 上月 count from today in the reports' zone, not the machine's: at 02:00 UTC on 1 Dec the browser
  // (Asia/Shanghai, 10:00) is in December, a UTC-5 report (21:00 on 30 Nov) still in November
  await page.clock.setFixedTime(new Date('2026-12-01T02:00:00Z'));
  await page.goto(`${seeded.url}#/reports`);
  const perf = ready(page, 'salesPerformance');
  await expect(perf).toBeVisible();
  const [start, end] = [page.getByRole('textbox', { name: '开始日期' }), page.getByRole('textbox', { name: '结束日期' })];
  await expect(start).toHaveValue('2026-11-01');
  await expect(end).toHaveValue('2026-11-30');
  await expect(perf.getByText(/^对比 2026-10-01 – 2026-10-\d\d$/)).toBeVisible();
  await page.getByTestId('report-preset').click();
  await page.getByTestId('preset-lastMonth').click();
  await expect(start).toHaveValue('2026-10-01');
  await expect(end).toHaveValue('2026-10-31');
  await expect(ready(page, 'salesPerformance').getByText(/^对比 2026-09-01 – 2026-09-\d\d$/)).toBeVisible();
  await page.screenshot({ path: info.outputPath('reports-last-month-in-report-zone.png') });
});
