// Runs the post-purge scrub (FTS merge, VACUUM, WAL truncate) in a worker thread with its own
// connection. The built app loads dist/workers/scrub.worker.js; from the sources (vitest, tsx) the
// worker file is loaded through tsx's require hook (as the backup runner does).
import { startWorker } from '../../platform/appWorkers';

/**
 * A full VACUUM only below this size (a 64 MiB file rebuilds in well under a second; 5 GB took ~60 s with the
 * write lock held); FTS merge work per statement, in pages. An object so tests can reach the big-file path.
 */
export const SCRUB_LIMITS = { vacuumMaxBytes: 64 * 1024 * 1024, mergePages: 16 };

/** `merges`: FTS merge statements the scrub ran (a couple per index when there is little to merge) */
export interface ScrubResult {
  merges: number;
}

let queue: Promise<unknown> = Promise.resolve();

/** One scrub at a time per process; a request while one runs waits for it and then runs again. */
/** `owner`: the app whose close() waits for the thread (appWorkers.ts) */
export function runScrub(dbFile: string, nativeBinding?: string, owner?: object): Promise<ScrubResult> {
  const run = () =>
    new Promise<ScrubResult>((resolve, reject) => {
      const worker = startWorker(owner, 'scrub', { workerData: { dbFile, nativeBinding, ...SCRUB_LIMITS } });
      let done = false;
      worker.on('message', (m: { ok: boolean; error?: string; merges?: number }) => {
        done = true;
        if (m.ok) resolve({ merges: m.merges ?? 0 });
        else reject(new Error(m.error ?? 'scrub failed'));
      });
      worker.on('error', (e) => {
        if (!done) reject(e);
        done = true;
      });
      worker.on('exit', (code) => {
        if (!done) reject(new Error(`scrub worker stopped (exit ${code})`));
        done = true;
      });
    });
  const next = queue.then(run, run);
  queue = next.catch(() => {});
  return next;
}
