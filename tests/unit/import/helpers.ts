// Spreadsheet fixtures written at test time (SheetJS, iconv-lite for GBK) and a test app with the owner
// logged in. Import tasks run in-process by default (setTaskMode('inline')); worker.test.ts runs the
// real worker thread.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as XLSX from 'xlsx';
import iconv from 'iconv-lite';
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import { makeTestApp, type TestApp } from '../../helpers/testApp';
import { setTaskMode } from '../../../main/services/import/runner';

export const repoRoot = path.resolve(__dirname, '..', '..', '..');
export const REAL_FIXTURES = path.resolve(repoRoot, '..', 'shared', 'fixtures', 'spreadsheets-real');

export function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'zg-impex-'));
}

export type Aoa = unknown[][];

export function writeXlsx(file: string, rows: Aoa, opts: { merges?: XLSX.Range[]; sheet?: string; bookType?: XLSX.BookType; date1904?: boolean; extraSheets?: [string, Aoa][] } = {}): string {
  const ws = XLSX.utils.aoa_to_sheet(rows);
  if (opts.merges) ws['!merges'] = opts.merges;
  const wb = XLSX.utils.book_new();
  for (const [n, r] of opts.extraSheets ?? []) XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet(r), n);
  XLSX.utils.book_append_sheet(wb, ws, opts.sheet ?? '客户');
  if (opts.date1904) wb.Workbook = { ...(wb.Workbook ?? {}), WBProps: { date1904: true } };
  fs.writeFileSync(file, XLSX.write(wb, { type: 'buffer', bookType: opts.bookType ?? 'xlsx' }) as Buffer);
  return file;
}

export function writeCsv(file: string, rows: string[][], encoding: 'utf8' | 'gbk' | 'utf8bom' = 'utf8'): string {
  const text = rows.map((r) => r.map((c) => (/[",\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c)).join(',')).join('\r\n') + '\r\n';
  const buf = encoding === 'gbk' ? iconv.encode(text, 'gbk') : Buffer.from((encoding === 'utf8bom' ? '\ufeff' : '') + text, 'utf8');
  fs.writeFileSync(file, buf);
  return file;
}

export function readBack(file: string): unknown[][] {
  const wb = XLSX.read(fs.readFileSync(file), { type: 'buffer', raw: true });
  return XLSX.utils.sheet_to_json(wb.Sheets[wb.SheetNames[0]], { header: 1, raw: true, defval: null });
}

/** A messy customer list: title rows, Chinese headers, full-width digits, a date serial, duplicates, bad cells. */
export const MESSY: Aoa = [
  ['2024年客户名单（内部）'],
  ['导出时间：2024-03-01'],
  [],
  ['客户名称', '手机号', '邮箱', '省份', '城市', '行业', '负责人', '生日', '级别', '标签', '备注', '微信群'],
  ['  上海甲乙贸易有限公司 ', '１３８００１３８０００', 'Buyer@Example.COM', '上海', '上海市', '贸易', '王老板', 45293, 'A', '老客户，重点', '年底回访', '群1'],
  ['北京丙丁科技', '+86 139-0013-9000', 'bj@example.com', '北京', '北京市', 'IT', 'owner', '2024/1/2', '中', '', '', ''],
  ['广州戊己', '12345', 'not-an-email', '广东', '广州市', '制造', '不存在的人', '1990年5月1日', 'X', '', '', ''],
  ['', '13700137000', '', '', '', '', '', '', '', '', '', ''],
  ['上海甲乙贸易有限公司', '13800138000', '', '', '', '', '', '', '', '', '重复行', ''],
  ['=HYPERLINK("http://evil")', '13600136000', '', '', '', '', '', '', '', '', '', ''],
];

export async function adminApp(): Promise<TestApp> {
  setTaskMode('inline');
  const t = await makeTestApp();
  await t.setupAdmin();
  return t;
}

export interface ImportWorld {
  /** the app, the owner logged in on caller 'admin' */
  t: TestApp;
  /** an empty temp folder for the test's spreadsheets */
  dir: string;
}

/**
 * The import tests' set-up: a fresh app and temp folder for every test (for the whole file with `once`),
 * import tasks in-process unless `worker`; afterwards the app is closed (its data folder removed), the temp
 * folder removed and the in-process mode restored. `use` receives them:
 * `useImportApp((w) => ({ t, dir } = w))` keeps the file's own `t` and `dir`.
 */
export function useImportApp(use: (w: ImportWorld) => void, opts: { once?: boolean; worker?: boolean } = {}): void {
  let w: ImportWorld | null = null;
  (opts.once ? beforeAll : beforeEach)(async () => {
    const t = await adminApp();
    if (opts.worker) setTaskMode('worker');
    w = { t, dir: tempDir() };
    use(w);
  });
  (opts.once ? afterAll : afterEach)(async () => {
    setTaskMode('inline');
    if (!w) return;
    await w.t.close();
    fs.rmSync(w.dir, { recursive: true, force: true });
    w = null;
  });
}

export { XLSX };
