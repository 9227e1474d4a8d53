// Import and export of 100k customers end to end (dispatch -> worker -> SQLite with search index, dedupe,
// audit) against raw baselines measured in the same run: raw SheetJS parse + raw better-sqlite3 insert of
// the same rows, and raw SheetJS write (TARGETS.md).
// Usage: npx tsx bench/importExport.ts [rows=100000]
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import * as XLSX from 'xlsx';
import { openDatabaseFile, databaseFileIn } from '../db/connection';
import { createApp } from '../main/app/createApp';
import { harnessPlatform } from '../main/platform/harness';
import { setScryptCostForTests } from '../main/services/auth/password';

const N = Number(process.argv[2] ?? 100_000);
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zg-bench-impex-'));
const ms = (t: bigint) => Number(process.hrtime.bigint() - t) / 1e6;
const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗';
const CITIES: [string, string][] = [['浙江', '杭州市'], ['广东', '深圳市'], ['上海', '上海市'], ['北京', '北京市'], ['江苏', '南京市'], ['四川', '成都市']];
const INDUSTRIES = ['贸易', 'IT', '制造', '零售', '餐饮', '教育'];

function makeRows(): unknown[][] {
  const rows: unknown[][] = [['客户名称', '联系人', '手机', '邮箱', '省份', '城市', '行业', '来源', '级别', '标签']];
  for (let i = 0; i < N; i++) {
    const [p, c] = CITIES[i % CITIES.length];
    rows.push([`${c.slice(0, 2)}${SURNAMES[i % 20]}氏${i}号贸易有限公司`, `${SURNAMES[(i * 7) % 20]}${'伟芳娜敏静'[i % 5]}`, `1${3 + (i % 7)}${String(10_000_000 + i).padStart(9, '0')}`, `c${i}@example.com`, p, c, INDUSTRIES[i % 6], '展会', 'ABC'[i % 3], i % 4 ? '' : '重点']);
  }
  return rows;
}

async function main() {
  setScryptCostForTests(2 ** 10);
  const rows = makeRows();
  const file = path.join(dir, 'customers.xlsx');
  fs.writeFileSync(file, XLSX.write(Object.assign(XLSX.utils.book_new(), { SheetNames: ['客户'], Sheets: { 客户: XLSX.utils.aoa_to_sheet(rows) } }), { type: 'buffer', bookType: 'xlsx', compression: true }) as Buffer);
  console.log(`${N} rows, file ${(fs.statSync(file).size / 1048576).toFixed(1)} MiB`);

  // raw baselines: SheetJS parse; better-sqlite3 insert of the same values in one transaction
  let t = process.hrtime.bigint();
  const wb = XLSX.read(fs.readFileSync(file), { type: 'buffer', dense: true });
  const parsed = XLSX.utils.sheet_to_json<unknown[]>(wb.Sheets[wb.SheetNames[0]], { header: 1, raw: true });
  const rawParse = ms(t);
  const rawDir = fs.mkdtempSync(path.join(os.tmpdir(), 'zg-bench-raw-'));
  const rawDb = openDatabaseFile(databaseFileIn(rawDir));
  const ins = rawDb.raw.prepare('INSERT INTO customers (name, contact_name, mobile, email, province, city, industry, source, level, created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?)');
  const now = new Date().toISOString();
  t = process.hrtime.bigint();
  rawDb.raw.transaction(() => {
    for (let i = 1; i < parsed.length; i++) {
      const r = parsed[i] as string[];
      ins.run(r[0], r[1], String(r[2]), r[3], r[4], r[5], r[6], r[7], r[8], now, now);
    }
  })();
  const rawInsert = ms(t);
  rawDb.close();

  // end to end through dispatch (preview + commit run in the worker thread, as in the app)
  const sink = { send: () => {} };
  const app = createApp({ dataDir: dir, platform: harnessPlatform(dir, sink).platform, events: sink, scheduler: false });
  await app.dispatch('b', 'auth:setup', { username: 'owner', password: 'owner-pass-1', displayName: '王老板' });
  const lag = monitorEventLoopDelay({ resolution: 5 });
  lag.enable();
  t = process.hrtime.bigint();
  const p = await app.dispatch('b', 'import:preview', { path: file });
  const previewMs = ms(t);
  if (!p.ok) throw new Error(JSON.stringify(p.error));
  const pv = p.value as { sheet: string; headerRow: number; mapping: unknown };
  t = process.hrtime.bigint();
  const c = await app.dispatch('b', 'import:commit', { path: file, sheet: pv.sheet, headerRow: pv.headerRow, mapping: pv.mapping, unmapped: 'ignore', onDuplicate: 'skip', allOrNothing: false });
  const commitMs = ms(t);
  lag.disable();
  if (!c.ok) throw new Error(JSON.stringify(c.error));
  const res = c.value as { created: number; failed: number };

  // export: raw SheetJS write of the same rows vs export:run (query, cells, escaping, write, in the worker)
  t = process.hrtime.bigint();
  const ws = XLSX.utils.aoa_to_sheet(rows, { dense: true } as XLSX.AOA2SheetOpts);
  const wbOut = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(wbOut, ws, 'S');
  fs.writeFileSync(path.join(dir, 'raw.xlsx'), XLSX.write(wbOut, { type: 'buffer', bookType: 'xlsx', compression: true }) as Buffer);
  const rawWrite = ms(t);
  const columns = ['name', 'contactName', 'mobile', 'email', 'province', 'city', 'industry', 'source', 'level', 'tags'];
  t = process.hrtime.bigint();
  const e = await app.dispatch('b', 'export:run', { entity: 'customers', columns, format: 'xlsx', path: path.join(dir, 'export.xlsx') });
  const exportMs = ms(t);
  if (!e.ok) throw new Error(JSON.stringify(e.error));
  t = process.hrtime.bigint();
  const ec = await app.dispatch('b', 'export:run', { entity: 'customers', columns, format: 'csv', path: path.join(dir, 'export.csv') });
  const exportCsvMs = ms(t);
  if (!ec.ok) throw new Error(JSON.stringify(ec.error));
  app.close();

  const f = (x: number) => `${(x / 1000).toFixed(2)} s`;
  console.log(`raw SheetJS parse            ${f(rawParse)}`);
  console.log(`raw insert (customers only)  ${f(rawInsert)}`);
  console.log(`import:preview (worker)      ${f(previewMs)}`);
  console.log(`import:commit (worker)       ${f(commitMs)}  created=${res.created} failed=${res.failed}`);
  console.log(`  ratio commit / (raw parse + raw insert) = ${(commitMs / (rawParse + rawInsert)).toFixed(2)}x`);
  console.log(`  main event loop delay during import: p99 ${(lag.percentile(99) / 1e6).toFixed(1)} ms, max ${(lag.max / 1e6).toFixed(1)} ms`);
  console.log(`raw SheetJS write            ${f(rawWrite)}`);
  console.log(`export:run xlsx (worker)     ${f(exportMs)}  ratio ${(exportMs / rawWrite).toFixed(2)}x`);
  console.log(`export:run csv (worker)      ${f(exportCsvMs)}`);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.rmSync(rawDir, { recursive: true, force: true });
}

void main();
