// The calling thread's own clock, on Linux: CPU time and run-queue wait from /proc/thread-self/schedstat
// (nanoseconds), and its task id. Node 20 has no per-thread CPU clock (process.threadCpuUsage is Node
// 23.9+); process.cpuUsage() adds up every thread, which hides the critical path of work split over threads
// (the seed, the import's writer and its helper, the bench's view of main's loop). Null where /proc is absent.
import fs from 'node:fs';

export interface ThreadSched {
  /** ms this thread ran on a CPU */
  cpuMs: number;
  /** ms it was runnable but waited for a CPU (other threads and processes had the cores) */
  waitMs: number;
}

export function threadSched(): ThreadSched | null {
  try {
    const [cpu, wait] = fs.readFileSync('/proc/thread-self/schedstat', 'utf8').split(' ').map(Number);
    return Number.isFinite(cpu) && Number.isFinite(wait) ? { cpuMs: cpu / 1e6, waitMs: wait / 1e6 } : null;
  } catch {
    return null;
  }
}

/** CPU ms of the calling thread, or null. */
export function threadCpuMs(): number | null {
  const s = threadSched();
  return s ? Math.round(s.cpuMs) : null;
}

/** The calling thread's task id (for os.setPriority on one thread), or null. */
export function threadTaskId(): number | null {
  try {
    const tid = Number(fs.readlinkSync('/proc/thread-self').split('/').pop());
    return Number.isInteger(tid) && tid > 0 ? tid : null;
  } catch {
    return null;
  }
}
