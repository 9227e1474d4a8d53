// Dev-only: time import:preview and import:commit (inline, in-process, CPU time) on a copy of a seeded
// bench folder, so commit changes can be compared without the whole bench section.
// npx tsx bench/importMeasure.ts <seeded dir> <rows> [chunkRows]
// MODE=worker runs the real worker threads; ZG_IMPORT_TIMINGS=1 prints the commit's phases with the CPU
// time and run-queue wait of the writer and helper threads (main/services/import/timings.ts) — the
// critical path, which process.cpuUsage (all threads) hides.
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
  // every thread of this process (main, workers, V8/libuv helpers): CPU during the commit, by thread
  const threads = () => new Map(fs.readdirSync('/proc/self/task').map((tid) => {
    try {
      const st = fs.readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
      const f = st.slice(st.lastIndexOf(')') + 2).split(' ');
      return [tid, { name: st.slice(st.indexOf('(') + 1, st.lastIndexOf(')')), cpu: (Number(f[11]) + Number(f[12])) * 10 }] as const;
    } catch { return [tid, { name: '?', cpu: 0 }] as const; }
  }));
  const before = process.platform === 'linux' ? threads() : null;
  c0 = cpu(); t0 = performance.now();
  const res = await call('admin', 'import:commit', { path: file, sheet: pv.sheet, headerRow: pv.headerRow, mapping: pv.mapping, unmapped: 'ignore', onDuplicate: 'skip', allOrNothing: false, ...(pv.previewId ? { previewId: pv.previewId } : {}) });
  console.log(`commit ${(performance.now() - t0).toFixed(0)} ms wall, ${(cpu() - c0).toFixed(0)} ms cpu`, JSON.stringify(res).slice(0, 160));
  if (before) {
    const after = threads();
    const rows = [...after].map(([tid, a]) => ({ tid, name: a.name, cpu: a.cpu - (before.get(tid)?.cpu ?? 0) })).filter((r) => r.cpu > 0).sort((a, b) => b.cpu - a.cpu);
    console.log(`threads alive after the commit (cpu during it; exited threads such as the commit worker not shown): ${rows.map((r) => `${r.name}#${r.tid} ${r.cpu} ms`).join(', ')}`);
  }
  await app.close();
  fs.rmSync(dir, { recursive: true, force: true });
}
void main();
