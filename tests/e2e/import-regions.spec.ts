// Region cells in an import: the preview shows what will be stored (浙江 -> 浙江省, a municipality's city
// left empty shows —, 义乌 stored as 金华市 with a warning, 火星省 an error on its cell), and the imported
// customers are found by the region filter like ones entered in the form.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as XLSX from 'xlsx';
import { test, expect, openAsAdmin } from './support/fixtures';
import { openImportPreview } from './support/importWizard';

test('province and city cells are previewed as stored and imported under the names the region filter uses', async ({ page, harness }) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zg-e2e-regions-'));
  const file = path.join(dir, '地区.xlsx');
  const rows = [
    ['客户名称', '省份', '城市'],
    ['杭州湖滨茶社', '浙江', '杭州'],
    ['北京前门文具', '北京', '北京'],
    ['义乌小商品城商行', '浙江', '义乌'],
    ['火星贸易公司', '火星省', ''],
  ];
  const wb = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet(rows), '客户');
  fs.writeFileSync(file, XLSX.write(wb, { type: 'buffer', bookType: 'xlsx' }) as Buffer);

  await openAsAdmin(page, harness);
  await openImportPreview(page, harness, file);
  await expect(page.getByTestId('cell-clean-2-1')).toHaveText('浙江省');
  await expect(page.getByTestId('cell-clean-2-2')).toHaveText('杭州市');
  await expect(page.getByTestId('cell-clean-3-1')).toHaveText('北京市');
  await expect(page.getByTestId('cell-clean-3-2')).toHaveText('—'); // a municipality: no city is stored
  await expect(page.getByTestId('cell-warning-4-2')).toHaveAttribute('data-message', '“义乌”属于金华市，城市已存为金华市');
  await expect(page.getByTestId('cell-error-5-1')).toHaveAttribute('data-message', /无法识别的省份“火星省”/);
  await expect(page.getByTestId('import-stat-errors')).toHaveAttribute('data-value', '1');
  await page.screenshot({ path: test.info().outputPath('regions-preview.png'), fullPage: true });
  await page.getByTestId('import-start').click();
  await expect(page.getByTestId('import-step-commit')).toHaveAttribute('data-state', 'done');
  await expect(page.getByTestId('import-result-created')).toHaveAttribute('data-value', '3');
  await expect(page.getByTestId('import-result-failed')).toHaveAttribute('data-value', '1');

  // the region filter finds them like customers entered in the form
  const byProvince = await harness.invoke<{ rows: { name: string; province: string | null; city: string | null }[] }>('customers:list', { filter: { provinces: ['浙江省'] } });
  expect(byProvince.ok && byProvince.value.rows.map((r) => [r.name, r.province, r.city]).sort()).toEqual([
    ['义乌小商品城商行', '浙江省', '金华市'],
    ['杭州湖滨茶社', '浙江省', '杭州市'],
  ]);
  const beijing = await harness.invoke<{ rows: { name: string; city: string | null }[] }>('customers:list', { filter: { provinces: ['北京市'] } });
  expect(beijing.ok && beijing.value.rows.map((r) => [r.name, r.city])).toEqual([['北京前门文具', null]]);
});
