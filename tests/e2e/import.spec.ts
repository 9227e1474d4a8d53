// Import a messy .xlsx through the wizard (title rows, unknown headers fixed by hand, bad cells, a
// duplicate), commit, download the error report, undo the import; then export the filtered customer
// list and read the file back. IMPEX_SHOTS=<folder> also saves a screenshot of each step.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as XLSX from 'xlsx';
import type { Page } from '@playwright/test';
import { test, expect, openAsAdmin } from './support/fixtures';
import { chooseOption } from './support/antd';

const shots = process.env.IMPEX_SHOTS;
const shot = async (page: Page, name: string) => {
  if (shots) await page.screenshot({ path: path.join(shots, `${name}.png`), fullPage: true });
};

function messyFile(dir: string): string {
  const rows = [
    ['2024 年展会客户（整理中）'],
    [],
    ['公司全称', '联系号码', '邮箱', '城市', '行业', '跟进备注'],
    ['杭州云端科技有限公司', '１３８００１３８００１', 'Ops@Yunduan.CN', '杭州市', 'IT', '展会认识'],
    ['宁波海港贸易', '139-0013-9002', 'bad-email', '宁波市', '贸易', ''],
    ['温州鞋业', '13700137003', '', '温州市', '制造', ''],
    ['', '13600136004', '', '', '', '没有名字'],
    ['杭州云端科技有限公司', '13800138001', '', '', '', '重复'],
  ];
  const wb = XLSX.utils.book_new();
  const ws = XLSX.utils.aoa_to_sheet(rows);
  ws['!merges'] = [{ s: { r: 0, c: 0 }, e: { r: 0, c: 5 } }];
  XLSX.utils.book_append_sheet(wb, ws, '展会客户');
  const file = path.join(dir, '展会客户.xlsx');
  fs.writeFileSync(file, XLSX.write(wb, { type: 'buffer', bookType: 'xlsx' }) as Buffer);
  return file;
}

test('import a messy spreadsheet through the wizard, download errors, undo; export the filtered list', async ({ page, harness }) => {
  test.slow();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zg-e2e-impex-'));
  const file = messyFile(dir);
  await openAsAdmin(page, harness);
  const existing = await harness.invoke<{ id: number }>('customers:create', { name: '台州老客户', mobile: '13700137003', city: '台州市' });
  expect(existing.ok).toBe(true);

  // the 导入 button in the customer list opens the wizard
  await page.goto(`${harness.url}#/customers`);
  await page.getByTestId('customer-import').click();
  await expect(page.getByTestId('import-step-file')).toBeVisible();
  // the wizard belongs to 客户 in the sidebar
  await expect(page.locator('[data-testid="sidebar"] .ant-menu-item-selected')).toContainText('客户');
  await shot(page, '1-file');
  await harness.scriptDialog({ openFile: file });
  await page.getByTestId('import-choose').click();

  // sheet + header row: the title rows are skipped
  await expect(page.getByTestId('import-step-sheet')).toBeVisible();
  await expect(page.getByTestId('import-header-row')).toHaveValue('3');
  await shot(page, '2-sheet');
  await page.getByTestId('import-next').click();

  // mapping: 公司全称 and 联系号码 are not recognised; map them by hand
  await expect(page.getByTestId('import-step-mapping')).toBeVisible();
  await expect(page.getByTestId('import-need-name')).toBeVisible();
  await chooseOption(page, 'import-map-0', /^客户名称$/, { shows: '客户名称' });
  await chooseOption(page, 'import-map-1', /^手机$/, { shows: '手机' });
  await page.getByTestId('import-unmapped').getByText('放入备注').click();
  await page.getByTestId('import-mapping-name').fill('展会名单');
  await page.getByTestId('import-mapping-save').click();
  await expect(page.getByText('已保存“展会名单”')).toBeVisible();
  await shot(page, '3-mapping');
  await page.getByTestId('import-next').click();

  // preview: the bad email and the missing name are errors, the duplicates are shown
  await expect(page.getByTestId('import-step-preview')).toBeVisible();
  await expect(page.getByTestId('import-stat-rows')).toHaveAttribute('data-value', '5');
  await expect(page.getByTestId('import-stat-errors')).toHaveAttribute('data-value', '2');
  await expect(page.getByTestId('import-stat-dupFile')).toHaveAttribute('data-value', '1');
  await expect(page.getByTestId('import-stat-dupDb')).toHaveAttribute('data-value', '1');
  await expect(page.getByTestId('cell-error-5-2')).toHaveAttribute('data-message', '邮箱格式不正确：bad-email');
  await expect(page.getByTestId('dup-6')).toContainText('台州老客户');
  await expect(page.getByTestId('cell-clean-4-1')).toHaveText('13800138001'); // full-width digits cleansed
  await shot(page, '4-preview');
  await page.getByTestId('import-start').click();

  // result: 2 created (杭州, 宁波 has a bad email -> failed), 温州 duplicates 台州老客户 -> skipped, the repeat -> skipped
  await expect(page.getByTestId('import-step-commit')).toHaveAttribute('data-state', 'done');
  await expect(page.getByTestId('import-result-created')).toHaveAttribute('data-value', '1');
  await expect(page.getByTestId('import-result-skipped')).toHaveAttribute('data-value', '2');
  await expect(page.getByTestId('import-result-failed')).toHaveAttribute('data-value', '2');
  // the safety snapshot (copied while the rows were written) completed: no warning
  await expect(page.getByTestId('import-snapshot-lost')).toHaveCount(0);
  await shot(page, '5-result');
  const list = await harness.invoke<{ rows: { name: string; mobile: string; notes?: string }[] }>('customers:list', { query: '云端' });
  expect(list.ok && list.value.rows.map((r) => [r.name, r.mobile])).toEqual([['杭州云端科技有限公司', '13800138001']]);

  // the error report: row, column, reason, original cells
  const report = path.join(dir, '导入错误报告.xlsx');
  await harness.scriptDialog({ saveFile: report });
  await page.getByTestId('import-error-report').click();
  await expect(page.getByText(`错误报告已保存：${report}`)).toBeVisible();
  const rows = XLSX.utils.sheet_to_json<unknown[]>(XLSX.read(fs.readFileSync(report)).Sheets['导入错误'], { header: 1, defval: null });
  expect(rows[0].slice(0, 4)).toEqual(['行号', '出错列', '原因', '公司全称']);
  expect(rows.slice(1).map((r) => r.slice(0, 3))).toEqual([
    [5, '邮箱', '邮箱格式不正确：bad-email'],
    [7, '公司全称', '缺少客户名称'],
  ]);

  // undo the import
  await page.getByTestId('import-undo').click();
  await page.getByTestId('import-undo-confirm').click();
  await expect(page.getByTestId('import-undone')).toContainText('移除 1 个客户');
  const after = await harness.invoke<{ total: number }>('customers:list', {});
  expect(after.ok && after.value.total).toBe(1);

  // export the filtered list (search "台州") to CSV and read it back
  for (const [name, city] of [['台州二号', '台州市'], ['台州三号', '台州市'], ['绍兴客户', '绍兴市']]) await harness.invoke('customers:create', { name, city });
  await page.getByTestId('import-view-customers').click();
  await page.getByTestId('customer-search').fill('台州');
  await expect(page.getByTestId('customer-total')).toHaveAttribute('data-total', '3');
  // sorted by name (pinyin): neither the id order nor the default newest-first order
  await page.getByTestId('col-name').click();
  await expect(page.getByTestId('col-name')).toHaveAttribute('data-sort', 'asc');
  await expect(page.getByTestId('customer-link')).toHaveText(['台州二号', '台州老客户', '台州三号']);
  await page.getByTestId('customer-export').click();
  await expect(page.getByTestId('export-dialog-body')).toBeVisible();
  await page.getByTestId('export-format-csv').click();
  await shot(page, '6-export');
  const out = path.join(dir, '客户.csv');
  await harness.scriptDialog({ saveFile: out });
  await page.getByTestId('export-run').click();
  await expect(page.getByTestId('export-done')).toContainText('已导出 3 行');
  const csv = fs.readFileSync(out, 'utf8');
  expect(csv.charCodeAt(0)).toBe(0xfeff);
  const lines = csv.slice(1).trim().split('\r\n');
  expect(lines[0].split(',')[0]).toBe('客户名称');
  // the file has the rows in the order the list shows them
  expect(lines.slice(1).map((l) => l.split(',')[0])).toEqual(['台州二号', '台州老客户', '台州三号']);
  fs.rmSync(dir, { recursive: true, force: true });
});
