// Background worker threads lower their own scheduling priority (nice + 5): when the two cores are busy, main's
// event loop (and an import's writer) run first and the background work waits. On Linux a thread is a task
// with its own nice value in /proc/self/task/<tid>/stat; a started worker shows up there as a new task.
import fs from 'node:fs';
import os from 'node:os';
import { afterEach, describe, expect, it } from 'vitest';
import type { Worker } from 'node:worker_threads';
import { startWorker } from '../../../main/platform/appWorkers';

/** nice value of each task (thread) of this process */
function niceByTask(): Map<string, number> {
  const out = new Map<string, number>();
  for (const tid of fs.readdirSync('/proc/self/task')) {
    try {
      const st = fs.readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
      const f = st.slice(st.lastIndexOf(')') + 2).split(' ');
      out.set(tid, Number(f[16])); // field 19 of stat: nice
    } catch {
      // the task ended meanwhile
    }
  }
  return out;
}

/** Waits (polling /proc, no fixed sleep) until a task not in `before` appears; its nice value. */
async function newTaskNice(before: Map<string, number>, want: number): Promise<number | null> {
  const until = Date.now() + 20_000;
  let seen: number | null = null;
  while (Date.now() < until) {
    for (const [tid, nice] of niceByTask()) {
      if (before.has(tid)) continue;
      seen = nice;
      if (nice === want) return nice;
    }
    await new Promise((r) => setImmediate(r));
  }
  return seen;
}

let worker: Worker | undefined;
afterEach(async () => {
  await worker?.terminate();
  worker = undefined;
});

describe.runIf(process.platform === 'linux')('background workers run at a lower priority', { timeout: 60_000 }, () => {
  it.each(['walCheckpoint', 'ftsMerge'])('%s: its thread runs at nice + 5', async (name) => {
    const own = os.getPriority(0);
    const before = niceByTask();
    worker = startWorker(undefined, name);
    expect(await newTaskNice(before, Math.min(19, own + 5))).toBe(Math.min(19, own + 5));
  });
});
