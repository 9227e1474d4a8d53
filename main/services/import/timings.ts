// Dev-only: with ZG_IMPORT_TIMINGS=1 in the environment, a commit prints its phases to stderr with the CPU
// time of the thread that ran them (the writer thread, and the search helper thread) — the critical path
// of an import, which process.cpuUsage (all threads) does not show. Linux only (/proc/thread-self);
// Node 20 has no per-thread CPU clock (process.threadCpuUsage is Node 23.9+).
import { threadSched, type ThreadSched } from '../../platform/threadClock';

export const timingsOn = (): boolean => !!process.env.ZG_IMPORT_TIMINGS;

/**
 * A logger of phases since its creation: wall ms, this thread's CPU ms and the ms it waited for a CPU
 * (wall - cpu - runqueue = waiting for I/O, locks or the helper). A no-op unless timingsOn().
 */
export function phaseLog(label: string): (phase: string) => void {
  if (!timingsOn()) return () => {};
  const t0 = performance.now();
  const s0 = threadSched();
  return (phase) => console.error(`[import ${label}] ${phase}: ${(performance.now() - t0).toFixed(0)} ms wall${threadPart(s0)}`);
}

/** ", thread cpu N ms, waited for a cpu M ms" since `since` (the thread's totals when null), or '' without /proc */
export function threadPart(since: ThreadSched | null = null): string {
  const s = threadSched();
  if (!s) return '';
  const cpu = s.cpuMs - (since?.cpuMs ?? 0);
  const wait = s.waitMs - (since?.waitMs ?? 0);
  return `, thread cpu ${cpu.toFixed(0)} ms, waited for a cpu ${wait.toFixed(0)} ms`;
}

/**
 * Where a commit's writer spends its time, by kind of work (rows, rollups, search rows, audit, COMMIT):
 * `mark(kind)` charges the wall and thread CPU since the previous mark to `kind`. A no-op unless
 * timingsOn() (one /proc read per mark: a few hundred per 100k-row import).
 */
export class WorkClock {
  private readonly totals = new Map<string, { wallMs: number; cpuMs: number }>();
  private wall = 0;
  private cpu = 0;
  readonly on = timingsOn();
  constructor() {
    this.start();
  }
  /** restart the interval (time since the last mark is not charged) */
  start(): void {
    if (!this.on) return;
    this.wall = performance.now();
    this.cpu = threadSched()?.cpuMs ?? 0;
  }
  mark(kind: string): void {
    if (!this.on) return;
    const wall = performance.now();
    const cpu = threadSched()?.cpuMs ?? 0;
    const t = this.totals.get(kind) ?? { wallMs: 0, cpuMs: 0 };
    t.wallMs += wall - this.wall;
    t.cpuMs += cpu - this.cpu;
    this.totals.set(kind, t);
    this.wall = wall;
    this.cpu = cpu;
  }
  summary(): string {
    return [...this.totals].map(([k, t]) => `${k} ${t.cpuMs.toFixed(0)} cpu / ${t.wallMs.toFixed(0)} wall`).join('; ');
  }
}
