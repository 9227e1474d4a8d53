// Every worker thread an app starts (checkpoints, FTS merges, text fill, backup and import tasks, scrub, report
// time zone) is started here with the app as its owner, so that the app's close() can wait until each one has
// exited: a worker's connection still closing after close() returned kept or deleted -wal / -shm files under a
// caller that walked or removed the data folder (CI saw -shm vanish mid-walk), and a quitting Electron shell
// could end the process with a worker's transaction open.
import { Worker, type WorkerOptions } from 'node:worker_threads';
import { workerScript } from './workerScript';

const threads = new WeakMap<object, Set<Worker>>();
/** threads that write to the live database on their own connection (a big transfer), per owner */
const writers = new WeakMap<object, Set<Worker>>();
/** owners whose database file is being replaced (a restore): no new writer thread may start */
const held = new WeakSet<object>();

/**
 * Start main/workers/<name>.worker.ts. `owner` is the app (its AppContext); without one (a test running a task
 * alone) nothing waits for the thread.
 */
export function startWorker(owner: object | undefined, name: string, options: Omit<WorkerOptions, 'eval'> = {}, role: { writes?: boolean } = {}): Worker {
  if (role.writes && owner && held.has(owner)) throw new Error(`${name}: the database is being replaced by a restore; try again when it has finished`);
  const s = workerScript(name);
  const w = new Worker(s.file, { ...options, eval: s.eval });
  if (role.writes && owner) {
    let own = writers.get(owner);
    if (!own) writers.set(owner, (own = new Set()));
    const set = own;
    set.add(w);
    w.once('exit', () => set.delete(w));
  }
  if (owner) {
    let set = threads.get(owner);
    if (!set) threads.set(owner, (set = new Set()));
    const own = set;
    own.add(w);
    w.once('exit', () => own.delete(w));
  }
  return w;
}

/**
 * Before the owner's database file is swapped (a restore): no new writer thread may start, and this resolves once
 * every running one has exited (a writer's connection kept across the swap would write to the old file and, when
 * it closes, delete the live file's -wal by its name). Returns the release, to call after the swap.
 */
export async function quiesceWriters(owner: object): Promise<() => void> {
  held.add(owner);
  const running = [...(writers.get(owner) ?? [])];
  await Promise.all(running.map((w) => new Promise<void>((r) => (writers.get(owner)?.has(w) ? w.once('exit', () => r()) : r()))));
  return () => held.delete(owner);
}

/** True while a restore holds the owner's writer threads back (quiesceWriters): a writer would be refused. */
export function writersHeld(owner: object): boolean {
  return held.has(owner);
}

/** The owner's threads that have not exited yet. */
export function liveWorkers(owner: object): Worker[] {
  return [...(threads.get(owner) ?? [])];
}

/**
 * Resolves once every thread of `owner` has exited. Threads told to stop (a cancel flag) get `graceMs` to end
 * by themselves (closing their connections); the rest are terminated then: a terminated thread's
 * better-sqlite3 connections are closed by the addon's cleanup hook, an open transaction rolled back.
 */
export async function workersExited(owner: object, graceMs: number): Promise<void> {
  const live = liveWorkers(owner);
  if (live.length === 0) return;
  const exited = Promise.all(live.map((w) => new Promise<void>((r) => (threads.get(owner)?.has(w) ? w.once('exit', () => r()) : r()))));
  let timer: NodeJS.Timeout | undefined;
  const grace = new Promise<'late'>((r) => (timer = setTimeout(() => r('late'), graceMs)));
  const first = await Promise.race([exited, grace]);
  clearTimeout(timer);
  if (first === 'late') await Promise.all(liveWorkers(owner).map((w) => w.terminate()));
  await exited;
}
