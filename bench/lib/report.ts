// Writes the run as JSON (bench/results/<date>-<size>.json) and as markdown tables into
// docs/benchmarks.md between <!-- bench:<size>:start --> and <!-- bench:<size>:end --> (hand-written
// analysis outside the markers is kept).
import fs from 'node:fs';
import path from 'node:path';
import { fmt } from './measure';
import type { Figure } from './types';

export interface RunReport {
  size: string;
  startedAt: string;
  machine: Record<string, unknown>;
  data: Record<string, unknown>;
  figures: Figure[];
  process: { peakRssMiB: number; longestLoopBlockMs: number; longestLoopBlockNote: string };
  errors: string[];
}

const yes = (m: boolean | null | undefined) => (m === null || m === undefined ? '—' : m ? 'yes' : '**no**');

function table(figs: Figure[]): string {
  const timed = figs.filter((f) => f.stats);
  const once = figs.filter((f) => !f.stats);
  const out: string[] = [];
  if (timed.length) {
    out.push('| work | who | p50 ms | p95 ms | cpu p95 ms | raw p50 ms | ratio p50 | target | meets |', '|---|---|---:|---:|---:|---:|---:|---|---|');
    for (const f of timed) {
      const raw = f.raw && 'p50' in f.raw ? fmt(f.raw.p50, 3) : '—';
      out.push(`| ${f.name} | ${f.who ?? ''} | ${fmt(f.stats!.p50)} | ${fmt(f.stats!.p95)} | ${fmt(f.stats!.cpuP95)} | ${raw} | ${fmt(f.ratio)} | ${f.target ?? ''} | ${yes(f.meets)} |`);
    }
  }
  if (once.length) {
    out.push('', '| work | who | total ms | rows/s | raw ms | ratio | target | meets | note |', '|---|---|---:|---:|---:|---:|---|---|---|');
    for (const f of once) {
      const raw = f.raw && 'totalMs' in f.raw ? fmt(f.raw.totalMs, 0) : '—';
      out.push(`| ${f.name} | ${f.who ?? ''} | ${fmt(f.totalMs, 0)} | ${f.rowsPerSec ? Math.round(f.rowsPerSec).toLocaleString('en') : '—'} | ${raw} | ${fmt(f.ratio)} | ${f.target ?? ''} | ${yes(f.meets)} | ${f.note ?? ''} |`);
    }
  }
  return out.join('\n');
}

export function markdown(r: RunReport): string {
  const m = r.machine;
  const lines = [
    `### Run ${r.startedAt} — ${r.size}`,
    '',
    `Machine: ${m.cpus} × ${m.cpuModel}, ${m.ramGiB} GiB RAM, ${m.os}, Node ${m.node}, SQLite ${m.sqlite}, load average at start ${m.loadAvg} ` +
      `(shared with other engineers' builds and tests: wall times include waiting for a CPU; the cpu p95 column is this process's CPU time per call).`,
    '',
    `Data: ${Object.entries(r.data)
      .map(([k, v]) => `${k} ${typeof v === 'object' ? JSON.stringify(v) : v}`)
      .join('; ')}`,
    '',
    `Process: peak RSS ${r.process.peakRssMiB} MiB; longest main-event-loop block ${r.process.longestLoopBlockMs} ms (${r.process.longestLoopBlockNote}).`,
    '',
  ];
  const sections = [...new Set(r.figures.map((f) => f.section))];
  for (const s of sections) {
    const figs = r.figures.filter((f) => f.section === s);
    const bad = figs.filter((f) => f.meets === false).length;
    lines.push(`#### ${s} (${figs.length - bad}/${figs.length} meet the target)`, '', table(figs), '');
  }
  if (r.errors.length) lines.push('#### Errors', '', ...r.errors.map((e) => `- ${e}`), '');
  return lines.join('\n');
}

export function writeOutputs(root: string, r: RunReport): { json: string; md: string } {
  const dir = path.join(root, 'bench', 'results');
  fs.mkdirSync(dir, { recursive: true });
  const json = path.join(dir, `${r.startedAt.slice(0, 10)}-${r.size}.json`);
  fs.writeFileSync(json, JSON.stringify(r, null, 2));
  const md = path.join(root, 'docs', 'benchmarks.md');
  const start = `<!-- bench:${r.size}:start -->`;
  const end = `<!-- bench:${r.size}:end -->`;
  const block = `${start}\n${markdown(r)}\n${end}`;
  let text = fs.existsSync(md) ? fs.readFileSync(md, 'utf8') : '# Benchmarks\n\n';
  const a = text.indexOf(start);
  const b = text.indexOf(end);
  text = a >= 0 && b > a ? text.slice(0, a) + block + text.slice(b + end.length) : `${text.trimEnd()}\n\n${block}\n`;
  fs.writeFileSync(md, text);
  return { json, md };
}
