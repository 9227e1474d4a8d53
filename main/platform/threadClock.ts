// The calling thread's own clock, on Linux: CPU time and run-queue wait from /proc/thread-self/schedstat
// (nanoseconds), and its task id. Node 20 has no per-thread CPU clock (process.threadCpuUsage is Node
// 23.9+); process.cpuUsage() adds up every thread, which hides the critical path of work split over threads
// (the seed, the import's writer and its helper, the bench's view of main's loop). Null where /proc is absent.
import fs from 'node:fs';
import os from 'node:os';

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

/**
 * Lower the calling thread's priority: its nice value + `by` (Linux: a thread is a task with its own id;
 * best effort elsewhere). For background threads that should be the ones waiting when the cores are busy;
 * main's event loop and the writers keep their priority.
 */
export function lowerThreadPriority(by = 5): void {
  try {
    const tid = threadTaskId();
    if (tid !== null) os.setPriority(tid, Math.min(19, os.getPriority(tid) + by));
  } catch {
    // not Linux, or not allowed: the thread keeps its priority
  }
}
