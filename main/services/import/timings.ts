// Dev-only: with ZG_IMPORT_TIMINGS=1 in the environment, a commit prints its phases to stderr with the CPU
// time of the thread that ran them (the writer thread, and the search helper thread) — the critical path
// of an import, which process.cpuUsage (all threads) does not show. Linux only (/proc/thread-self);
// Node 20 has no per-thread CPU clock (process.threadCpuUsage is Node 23.9+).
import fs from 'node:fs';

export const timingsOn = (): boolean => !!process.env.ZG_IMPORT_TIMINGS;

/** CPU time of the calling thread in ms (10 ms resolution), 0 where /proc/thread-self is missing. */
export function threadCpuMs(): number {
  try {
    const f = fs.readFileSync('/proc/thread-self/stat', 'utf8').split(') ')[1].split(' ');
    return (Number(f[11]) + Number(f[12])) * 10;
  } catch {
    return 0;
  }
}

/** ms this thread was runnable but waiting for a CPU (other threads and processes had the cores) */
export function threadRunqueueMs(): number {
  try {
    return Number(fs.readFileSync('/proc/thread-self/schedstat', 'utf8').split(' ')[1]) / 1e6;
  } catch {
    return 0;
  }
}

/**
 * A logger of phases since its creation: wall ms, this thread's CPU ms and the ms it waited for a CPU
 * (wall - cpu - runqueue = waiting for I/O, locks or the helper). A no-op unless timingsOn().
 */
export function phaseLog(label: string): (phase: string) => void {
  if (!timingsOn()) return () => {};
  const t0 = performance.now();
  const c0 = threadCpuMs();
  const q0 = threadRunqueueMs();
  return (phase) =>
    console.error(`[import ${label}] ${phase}: ${(performance.now() - t0).toFixed(0)} ms wall, thread cpu ${threadCpuMs() - c0} ms, waited for a cpu ${(threadRunqueueMs() - q0).toFixed(0)} ms`);
}
