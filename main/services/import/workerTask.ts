// What the import/export worker thread runs: open this thread's own connection, do the task, close.
// Plain functions, so tests can also run them in-process (runner.ts, mode 'inline').
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { applyPragmas } from '../../../db/connection';
import { Db } from '../../../db/sql';
import { previewImport, type PreviewTask } from './preview';
import { commitImport, type CommitResult, type CommitTask } from './commit';
import { precomputeRows, prepareCommit, willWrite } from './commitPrep';
import { runExport, type ExportTask } from '../export/task';
import { startSearchFeed } from './searchFeed';
import { IMPORT_LIMITS } from './limits';
import { phaseLog, timingsOn } from './timings';
import { tFor, type Locale } from '../../i18n';
import { writeErrorReport } from './errorReport';

export type WorkerTask = PreviewTask | CommitTask | ExportTask;
export type WorkerProgress = { phase: string; done: number; total: number };

/** The error report of a finished commit, kept for a later download (reportStore.ts); best effort. */
function storeErrorReport(file: string, res: CommitResult, locale: Locale): boolean {
  try {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    writeErrorReport(file, res.headers, res.errors, tFor(locale));
    return true;
  } catch {
    fs.rmSync(file, { force: true });
    return false;
  }
}

/** size of a file, 0 if it is missing */
const stagedBytes = (file: string) => {
  try {
    return fs.statSync(file).size;
  } catch {
    return 0;
  }
};

export function openTaskDb(file: string, nativeBinding: string | undefined, readonly: boolean): Db {
  const raw = new Database(file, { readonly, fileMustExist: true, nativeBinding });
  applyPragmas(raw, readonly);
  return new Db(raw);
}

/**
 * `ready`: a commit has read and checked its rows and is about to write; resolves when main may let it
 * (main takes the safety snapshot meanwhile — so a refused file, or an import that would write nothing,
 * costs no snapshot). The worker computes search fields while it waits.
 */
export async function runWorkerTask(
  task: WorkerTask,
  onProgress: (p: WorkerProgress) => void,
  cancelled: () => boolean,
  ready: () => Promise<void> = async () => {},
  /** after ready(): the safety snapshot still pins the file (its copy runs while this commit writes) */
  pinHeld: () => boolean = () => false,
): Promise<unknown> {
  const db = openTaskDb(task.dbFile, task.nativeBinding, task.op !== 'commit');
  try {
    switch (task.op) {
      case 'preview':
        return previewImport(db, task);
      case 'commit': {
        const hooks = { onProgress, cancelled, pinHeld };
        const lg = phaseLog('writer');
        // the search fields from a helper thread on the other core: it reads the preview's staging file
        // itself, at once, while this thread reads and checks it too (a small import is not worth a thread)
        const feed =
          task.stagedFrom && stagedBytes(task.stagedFrom) >= IMPORT_LIMITS.searchHelperMinBytes
            ? startSearchFeed(task.stagedFrom, task.actor.id, { heapMb: IMPORT_LIMITS.workerHeapMb, youngMb: IMPORT_LIMITS.workerYoungMb })
            : undefined;
        try {
          const prepared = prepareCommit(db, task, hooks);
          lg('prepared');
          const writes = willWrite(prepared, task);
          if (feed && writes && prepared.reused && prepared.stageKey) {
            feed.expect(prepared.stageKey, prepared.rows.length);
            prepared.feed = feed;
          } else feed?.close(); // not used (the file was read again, or nothing will be written)
          if (writes) {
            const go = ready();
            precomputeRows(prepared, cancelled);
            lg('precomputed');
            await go;
            lg('go');
          }
          const res = commitImport(db, task, hooks, undefined, prepared);
          if (timingsOn()) {
            const f = prepared.feed;
            lg(`committed (rows from the helper ${f?.received ?? 0}, waited for it ${f?.waitMs.toFixed(0) ?? 0} ms, taking its batches ${f?.takeMs.toFixed(0) ?? 0} ms; -wal file ${(stagedBytes(`${task.dbFile}-wal`) / 2 ** 20).toFixed(0)} MiB)`);
            lg(`by kind: ${res.timings ?? ''}`);
          }
          if (res.errors.length && task.errorReportFile) res.reportStored = storeErrorReport(task.errorReportFile, res, task.locale);
          return res;
        } finally {
          feed?.close();
        }
      }
      case 'export':
        return await runExport(db, task, { onProgress, cancelled });
    }
  } finally {
    db.close();
  }
}
