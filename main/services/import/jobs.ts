// Running and finished import jobs of this app (in memory): the cancel handle while running, and the
// failed rows afterwards for import:errorReport. Only the user who started a job may touch it.
import type { AppContext } from '../../ipc/context';
import type { ErrorRow } from './commit';

export interface ImportJob {
  id: string;
  userId: number;
  running: boolean;
  cancel(): void;
  headers: string[];
  errors: ErrorRow[];
  fileName: string;
}

const KEEP_FINISHED = 20;
const registry = new WeakMap<AppContext, Map<string, ImportJob>>();

export function jobsOf(app: AppContext): Map<string, ImportJob> {
  let m = registry.get(app);
  if (!m) registry.set(app, (m = new Map()));
  return m;
}

/** Tell every running import of the app to stop (app close): the commit ends at its next row, as on import:cancel. */
export function cancelRunningJobs(app: AppContext): void {
  for (const j of jobsOf(app).values()) if (j.running) j.cancel();
}

/** Forget the oldest finished jobs beyond the last few (their error rows can be large). */
export function pruneJobs(app: AppContext): void {
  const m = jobsOf(app);
  const finished = [...m.values()].filter((j) => !j.running);
  for (const j of finished.slice(0, Math.max(0, finished.length - KEEP_FINISHED))) m.delete(j.id);
}

/** The last preview of each user whose rows were staged for the commit (staged.ts): one per user. */
export interface StagedPreview {
  previewId: string;
  /** the granted path the preview read */
  path: string;
  /** the staging file */
  file: string;
}

const staged = new WeakMap<AppContext, Map<number, StagedPreview>>();

export function stagedPreviews(app: AppContext): Map<number, StagedPreview> {
  let m = staged.get(app);
  if (!m) staged.set(app, (m = new Map()));
  return m;
}
