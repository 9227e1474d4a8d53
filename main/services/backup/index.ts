// The backup domain's entry points for the rest of the app: createApp starts and stops it, the
// Electron shell calls backupOnQuit, other domains call pinSnapshot before big changes (import).
import type { AppContext } from '../../ipc/context';
import { BackupService, type BackupServiceOptions } from './service';
import { BackupScheduler, type Timers } from './scheduler';
import { recoverInterruptedRestore } from './swap';
import { pinBeforeMigration } from './migrationPin';
import type { BackupEntry } from './catalog';

interface Running {
  service: BackupService;
  scheduler: BackupScheduler;
}
const running = new WeakMap<AppContext, Running>();

export function startBackups(app: AppContext, opts: BackupServiceOptions & { timers?: Timers; schedule?: boolean } = {}): Running {
  let r = running.get(app);
  if (r) return r;
  const service = new BackupService(app, opts);
  service.cleanLeftovers();
  const scheduler = new BackupScheduler(service, opts.timers);
  if (opts.schedule !== false) scheduler.start();
  r = { service, scheduler };
  running.set(app, r);
  return r;
}

/**
 * Stop the scheduler and the background check (app close). Then the caller waits for the app's workers,
 * `settled()` (a job's last steps on main) and closes main's connection; only after that `releaseLiveFile()`
 * (BackupService.releaseLiveFile: closing the descriptor earlier would drop the connection's locks).
 */
export function stopBackups(app: AppContext): { settled(): Promise<void>; releaseLiveFile(): void } {
  const r = running.get(app);
  if (!r) return { settled: () => Promise.resolve(), releaseLiveFile: () => {} };
  r.scheduler.stop();
  r.service.dispose();
  running.delete(app);
  return { settled: () => r.service.settled(), releaseLiveFile: () => r.service.releaseLiveFile() };
}

export function backupService(app: AppContext): BackupService {
  return (running.get(app) ?? startBackups(app, { schedule: false })).service;
}

export function backupScheduler(app: AppContext): BackupScheduler {
  return (running.get(app) ?? startBackups(app, { schedule: false })).scheduler;
}

/**
 * Keep a pinned copy of the current database (kept until the user deletes it). The import engineer
 * calls this before an import: `await pinSnapshot(ctx.app, 'import')`.
 */
export function pinSnapshot(app: AppContext, reason: string, actor: { userId: number; userName: string } | null = null): Promise<BackupEntry> {
  return backupService(app).create({ kind: 'pinned', reason, actor });
}

export interface PinWhileWriting {
  /** resolves once the snapshot's content is fixed: the caller may write from then on (rejects if it never was) */
  pinned: Promise<void>;
  /** the finished, listed backup; rejects if the copy failed (then nothing half-written is listed) */
  done: Promise<BackupEntry>;
}

/**
 * A pinned snapshot the caller writes alongside (import): `pinned` resolves as soon as the copy's read
 * transaction holds the file as it is now, `done` when the copy is hashed, renamed into place and
 * listed. The caller must report a failed `done` to the user — its writes are then unprotected.
 * `after`: the backup's audit row (a write on main) and its background check wait for it (the
 * caller's writes are over). docs/backup-format.md, "Pinned snapshots while an import writes".
 */
export function pinSnapshotWhileWriting(
  app: AppContext,
  reason: string,
  actor: { userId: number; userName: string } | null,
  after: Promise<unknown>,
  onCopied?: () => void,
): PinWhileWriting {
  let onPinned!: () => void;
  const pinned = new Promise<void>((r) => (onPinned = r));
  const done = backupService(app).create({ kind: 'pinned', reason, actor, onPinned, after, onCopied });
  return { pinned: Promise.race([pinned, done.then(() => {})]), done };
}

/** For the Electron shell's before-quit: one last automatic backup if data changed. */
export async function backupOnQuit(app: AppContext): Promise<void> {
  const r = running.get(app);
  if (r) await r.scheduler.beforeQuit();
}

export { recoverInterruptedRestore, pinBeforeMigration };
