// Reports page end to end in Chromium against the harness, on seeded demo data: each report opens,
// switches table ⇄ chart, reacts to the time range, and exports to xlsx and PDF.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as XLSX from 'xlsx';
import { test as base, expect, type Page } from '@playwright/test';
import { startHarness, type RunningHarness } from './support/harness';
import { loginViaUi } from './support/fixtures';

const dist = path.resolve(__dirname, '..', '..', process.env.CRM_DIST ?? 'dist');

const test = base.extend<{ seeded: RunningHarness }>({
  seeded: async ({}, use) => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'zg-e2e-reports-'));
    // demo data around today (the seed's default "now" is today's midnight), owner/owner-pass-1
    execFileSync(process.execPath, [path.join(dist, 'seed', 'cli.js'), '--customers', '600', '--users', '5', '--seed', '7', '--data', dataDir], { stdio: 'ignore' });
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
  const now = new Date();
  const ym = (d: Date) => `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}`;
  const before = ym(new Date(now.getFullYear(), now.getMonth() - 2, 1));
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
