// Dev-only: time import:preview and import:commit (inline, in-process, CPU time) on a copy of a seeded
// bench folder, so commit changes can be compared without the whole bench section.
// npx tsx bench/importMeasure.ts <seeded dir> <rows> [chunkRows]
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as XLSX from 'xlsx';
import { createApp } from '../main/app/createApp';
import { harnessPlatform } from '../main/platform/harness';
import { setTaskMode } from '../main/services/import/runner';
import { OWNER } from './lib/seedData';
import { caller } from './lib/customerCases';
import { importRows } from './lib/importCase';

async function main() {
  const [src, n] = [process.argv[2], Number(process.argv[3] ?? 20000)];
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zg-impm-'));
  fs.cpSync(src, dir, { recursive: true });
  const file = path.join(dir, 'in.xlsx');
  fs.writeFileSync(file, XLSX.write(Object.assign(XLSX.utils.book_new(), { SheetNames: ['客户'], Sheets: { 客户: XLSX.utils.aoa_to_sheet(importRows(n)) } }), { type: 'buffer', bookType: 'xlsx', compression: true }) as Buffer);
  setTaskMode(process.env.MODE === 'worker' ? 'worker' : 'inline');
  const { platform } = harnessPlatform(dir, { send() {} });
  const app = createApp({ dataDir: dir, platform, log: { info() {}, warn() {}, error: (m, e) => console.error(m, e) }, scheduler: false });
  const call = caller(app);
  await call('admin', 'auth:login', { username: OWNER.username, password: OWNER.password });
  app.context.platform.paths.grant('admin', file, 'read');
  const cpu = () => { const c = process.cpuUsage(); return (c.user + c.system) / 1000; };
  let c0 = cpu(), t0 = performance.now();
  const pv = (await call('admin', 'import:preview', { path: file })) as { sheet: string; headerRow: number; mapping: unknown; previewId: string };
  console.log(`load average ${os.loadavg().map((x) => x.toFixed(1)).join(' / ')}`);
  console.log(`preview ${(performance.now() - t0).toFixed(0)} ms wall, ${(cpu() - c0).toFixed(0)} ms cpu`);
  c0 = cpu(); t0 = performance.now();
  const res = await call('admin', 'import:commit', { path: file, sheet: pv.sheet, headerRow: pv.headerRow, mapping: pv.mapping, unmapped: 'ignore', onDuplicate: 'skip', allOrNothing: false, ...(pv.previewId ? { previewId: pv.previewId } : {}) });
  console.log(`commit ${(performance.now() - t0).toFixed(0)} ms wall, ${(cpu() - c0).toFixed(0)} ms cpu`, JSON.stringify(res).slice(0, 160));
  app.close();
  fs.rmSync(dir, { recursive: true, force: true });
}
void main();
