// One BackupService per running app: it owns the "one backup job at a time" lock, the staged restores,
// and the state the scheduler compares against. Handlers, the scheduler, the quit hook and other
// domains (import's pinSnapshot) all go through it.
import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import type { AppContext } from '../../ipc/context';
import { openDatabaseFile } from '../../../db/connection';
import { recordAudit } from '../audit/record';
import { ensureBuiltinRoles } from '../auth/roles';
import { BackupError } from './errors';
import { backupFileName, freeName, listBackups, removePartials, rememberExternal, type BackupEntry, type BackupKind } from './catalog';
import { runInWorker, type RunningTask } from './runner';
import { backupFolder, readBackupSettings, stagingFolder, type BackupSettings } from './settings';
import { DATA_MARK_SQL, type Progress, type StageResult, type VerifyResult } from './tasks';
import { recoverInterruptedRestore, swapInDatabase, type SwapStep } from './swap';
import { selectRotation } from './rotation';
import { pinBeforeMigration } from './migrationPin';
import { checkpointerOf } from '../../app/walCheckpointer';
import { quiesceWriters } from '../../platform/appWorkers';
import { nextTurn } from '../../platform/inSteps';
import { ftsMergerOf } from '../../app/ftsMerger';
import { startTextFill, stopTextFill } from '../followUps/textFill';
import { removeQuietly } from './fsutil';
import { bytesForCopyOf, bytesForFile, ensureSpace, noSpaceParams } from './space';
import type { KdfParams } from './format';
import { notifyUser, pushNotification } from '../notifications/notify';
import { tFor } from '../../i18n';
import { autoFailedText, checkProblemsText, createdText, restoreCheckText, restoredText, verifiedText } from './auditText';

export interface BackupServiceOptions {
  nativeBinding?: string;
  /** cheaper scrypt for tests; the app uses the default (docs/backup-format.md) */
  kdf?: KdfParams;
  /** test seam for the crash tests */
  onSwapStep?: (step: SwapStep) => void;
  /** test seams of pinned snapshots (snapshot.ts: holdAfterPin, failAfterPin) */
  pinSeams?: { holdAfterPin?: string; failAfterPin?: boolean };
  /** free bytes of a folder's file system (space.ts freeBytes); tests give a full disk */
  freeBytes?: (dir: string) => number | null;
}

interface Staged {
  caller: string;
  file: string;
  source: string;
  summary: StageResult;
}

export interface CreateRequest {
  kind: BackupKind;
  reason?: string | null;
  /** a granted path outside the backup folder (manual "save as"); default: the backup folder */
  target?: string;
  passphrase?: string;
  /** window that gets progress events */
  caller?: string;
  /** audit actor; null = the system (automatic backups) */
  actor?: { userId: number; userName: string } | null;
  /**
   * The snapshot's content is fixed (snapshot.ts, SnapshotOptions.onPinned): the caller may write from
   * now on, while the copy goes on. The backup exists only once create() resolves; it can still fail.
   */
  onPinned?: () => void;
  /**
   * Main writes the backup's audit row and starts its background check only once this settles: the
   * caller (an import) is writing meanwhile, and main's write would wait for the caller's transaction
   * on main's loop; the check would take a core from the caller's writer.
   */
  after?: Promise<unknown>;
  /** the copy is complete and listed (before `after` is waited for; logs) */
  onCopied?: () => void;
}

const STAGE_TTL_MS = 30 * 60_000;

export class BackupService {
  private busy: string | null = null;
  /** automatic backups are failing and the managers were told (reportAutoFailure) */
  private autoFailing = false;
  private idle: Promise<void> = Promise.resolve();
  private readonly staged = new Map<string, Staged & { at: number }>();
  /** background checks (quick_check after a plain backup, full check after a restore), one at a time */
  private checks: Promise<void> = Promise.resolve();
  /**
   * One read descriptor of the live file, kept open while the database is: the backup worker copies
   * through it, because closing any descriptor of the file would drop this process's POSIX locks on it
   * (SQLite's too). Closed only after the connection is (restore swap, dispose).
   */
  private liveFd: number | null = null;
  /** data mark of the newest backup and time of the newest automatic one (scheduler state) */
  lastMark: number | null = null;
  lastAutoAt: number | null = null;

  constructor(
    readonly app: AppContext,
    readonly opts: BackupServiceOptions = {},
  ) {
    const newest = listBackups(this.folder());
    this.lastMark = newest[0]?.dataMark ?? null;
    const auto = newest.find((b) => b.kind === 'auto');
    this.lastAutoAt = auto ? Date.parse(auto.createdAt) : null;
    // plain backups whose content check never reported: the pin taken before a migration (it only checks
    // identity, the app waits for it), or a check cut short by a quit or crash
    for (const b of newest) if (!b.encrypted && !b.verified && !b.problem && b.checks == null) this.checkAfterBackup(b.path);
  }

  settings(): BackupSettings {
    return readBackupSettings(this.app.dataDir);
  }
  folder(): string {
    return backupFolder(this.app.dataDir, this.settings());
  }
  isBusy(): boolean {
    return this.busy !== null;
  }

  /** Resolves when no job and no background check runs (tests, the bench, quit). */
  async settled(): Promise<void> {
    for (;;) {
      const [idle, checks] = [this.idle, this.checks];
      await idle;
      await checks;
      if (!this.busy && idle === this.idle && checks === this.checks) return;
    }
  }

  private fdOfLive(): number {
    if (this.liveFd === null) this.liveFd = fs.openSync(this.app.dbFile, 'r');
    return this.liveFd;
  }

  private closeLiveFd(): void {
    if (this.liveFd === null) return;
    try {
      fs.closeSync(this.liveFd);
    } catch {
      // already closed
    }
    this.liveFd = null;
  }

  /** the background check running now (stopped by dispose: nothing writes into the data folder after close) */
  private checking: RunningTask<unknown> | null = null;
  private disposed = false;

  private background(fn: () => Promise<void>): void {
    this.checks = this.checks.then(() => (this.disposed ? undefined : fn())).catch(() => {});
  }

  /** Run a check task in a worker that dispose() can stop. */
  private runCheck<T>(task: Parameters<typeof runInWorker>[0]): Promise<T> {
    const running = runInWorker<T>(task, undefined, this.app);
    this.checking = running;
    return running.result.finally(() => {
      if (this.checking === running) this.checking = null;
    });
  }

  /** quick_check of a plain backup that is already in place; the worker records the outcome in the sidecar. */
  private checkAfterBackup(file: string): void {
    this.background(async () => {
      const { problem } = await this.runCheck<{ problem: string | null }>({ op: 'check', file, at: this.app.clock.now().toISOString(), nativeBinding: this.opts.nativeBinding });
      if (problem && problem !== 'missing') this.audit('backup.check', checkProblemsText(this.t(), file, problem), null);
    });
  }

  /** Full integrity_check + foreign_key_check of the restored database (read-only, in a worker). */
  private deepCheckAfterRestore(source: string, pinned: string, actor: { userId: number; userName: string }): void {
    this.background(async () => {
      let problem: string | null = null;
      try {
        await this.runCheck({ op: 'deep-live', file: this.app.dbFile, nativeBinding: this.opts.nativeBinding });
      } catch (e) {
        problem = e instanceof BackupError && e.details?.problems ? (e.details.problems as string[]).join('; ') : (e as Error).message;
      }
      if (this.disposed) return; // stopped by close(), not a finding
      const db = this.app.db;
      const at = this.app.clock.now().toISOString();
      if (!problem) {
        this.audit('backup.restore-check', restoreCheckText(this.t(), source, null), null);
        return;
      }
      const t = tFor(this.app.locale());
      const title = t('backup.deepCheckFailedTitle');
      let id = 0;
      db.tx(() => {
        recordAudit(db, { at, userId: null, userName: null, action: 'backup.restore-check', entity: 'backup', summary: restoreCheckText(t, source, problem) });
        id = notifyUser(db, { userId: actor.userId, kind: 'backupCheck', title, body: t('backup.deepCheckFailedBody', { detail: problem, pinned }), link: '/backup' }, at);
      });
      pushNotification(this.app, actor.userId, id, title);
    });
  }

  /**
   * An automatic backup failed: tell every active user who manages backups, once per run of failures (the next
   * success ends it), with the reason in their language — a failing schedule must not stay silent (a full disk
   * fails every 15 minutes). Audit row and notifications in one transaction.
   */
  reportAutoFailure(e: unknown): void {
    if (this.autoFailing) return;
    this.autoFailing = true;
    const db = this.app.db;
    const at = this.app.clock.now().toISOString();
    const t = tFor(this.app.locale());
    const reason =
      e instanceof BackupError && e.reason === 'no-space'
        ? t('backup.noSpace', noSpaceParams(e, this.app.locale()))
        : t('backup.io', { detail: String((e as Error)?.message ?? e).slice(0, 200) });
    const title = t('backup.autoFailedTitle');
    const sent: { userId: number; id: number }[] = [];
    db.tx(() => {
      recordAudit(db, { at, userId: null, userName: null, action: 'backup.auto-failed', entity: 'backup', summary: autoFailedText(t, reason) });
      const managers = db
        .prepare(
          `SELECT u.id FROM users u JOIN roles r ON r.id = u.role_id
           WHERE u.disabled_at IS NULL AND EXISTS (SELECT 1 FROM json_each(r.permissions) WHERE value = 'backup.manage') ORDER BY u.id`,
        )
        .pluck()
        .all() as number[];
      for (const userId of managers) sent.push({ userId, id: notifyUser(db, { userId, kind: 'backupFailed', title, body: t('backup.autoFailedBody', { reason }), link: '/backup' }, at) });
    });
    for (const s of sent) pushNotification(this.app, s.userId, s.id, title);
  }

  /** An automatic backup succeeded: the next failure is reported again. */
  autoSucceeded(): void {
    this.autoFailing = false;
  }

  /** the current data mark of the live database (newest audit id of a data change) */
  currentMark(): number {
    return (this.app.db.prepare(DATA_MARK_SQL).get() as { id: number } | undefined)?.id ?? 0;
  }

  /** One job at a time. The user's own requests fail fast with 'busy'; internal ones (pins) wait their turn. */
  private async exclusive<T>(what: string, fn: () => Promise<T>, wait = false): Promise<T> {
    while (this.busy) {
      if (!wait) throw new BackupError('busy', `${this.busy} is running`, { running: this.busy });
      await this.idle;
    }
    this.busy = what;
    let release!: () => void;
    this.idle = new Promise((r) => (release = r));
    try {
      return await fn();
    } finally {
      this.busy = null;
      release();
    }
  }

  private progress(caller: string | undefined, task: string): Progress {
    return (p) => {
      if (caller) this.app.events.send(caller, 'progress', { task, phase: p.phase, done: p.done, total: p.total });
    };
  }

  private pinProgress(caller: string | undefined, onPinned: () => void): Progress {
    const rest = this.progress(caller, 'backup');
    return (p) => (p.phase === 'pinned' ? onPinned() : rest(p));
  }

  /** the app's language now (audit summaries are written in it) */
  private t() {
    return tFor(this.app.locale());
  }

  private audit(action: string, summary: string, actor: CreateRequest['actor']): void {
    const db = this.app.db;
    db.tx(() =>
      recordAudit(db, {
        at: this.app.clock.now().toISOString(),
        userId: actor?.userId ?? null,
        userName: actor?.userName ?? null,
        action,
        entity: 'backup',
        summary,
      }),
    );
  }

  create(req: CreateRequest): Promise<BackupEntry> {
    return this.exclusive('backup', () => this.createUnlocked(req), req.kind === 'pinned');
  }

  private async createUnlocked(req: CreateRequest): Promise<BackupEntry> {
    const now = this.app.clock.now();
    const folder = this.folder();
    let target = req.target;
    if (!target) {
      fs.mkdirSync(folder, { recursive: true });
      target = path.join(folder, freeName(folder, backupFileName(now, req.kind, !!req.passphrase)));
    }
    // before anything is written: a copy that fills the disk half-way fails late and fails the app's writes too
    ensureSpace(path.dirname(target), bytesForCopyOf(this.app.dbFile), this.opts.freeBytes);
    const entry = await runInWorker<BackupEntry>(
      {
        op: 'create',
        liveFile: this.app.dbFile,
        target,
        stagingDir: stagingFolder(this.app.dataDir),
        passphrase: req.passphrase,
        kind: req.kind,
        reason: req.reason ?? null,
        createdAt: now.toISOString(),
        appVersion: this.app.version,
        nativeBinding: this.opts.nativeBinding,
        kdf: this.opts.kdf,
        liveFd: this.fdOfLive(),
        reportPin: !!req.onPinned,
        ...(req.kind === 'pinned' ? this.opts.pinSeams : {}),
      },
      req.onPinned ? this.pinProgress(req.caller, req.onPinned) : this.progress(req.caller, 'backup'),
      this.app,
    ).result;
    req.onCopied?.();
    if (req.after) {
      await req.after.catch(() => {});
      // the writes `after` stood for just ended, and their caller carries on in this turn (an import's first
      // read then drops main's stale page cache): the listing and audit row go in a later turn
      await nextTurn();
    }
    if (!entry.encrypted) this.checkAfterBackup(entry.path);
    if (req.target) rememberExternal(folder, entry.path);
    this.lastMark = entry.dataMark;
    if (req.kind === 'auto') this.lastAutoAt = now.getTime();
    this.audit('backup.create', createdText(this.t(), { kind: req.kind, reason: entry.reason, encrypted: entry.encrypted, path: entry.path }), req.actor);
    return entry;
  }

  async verify(file: string, passphrase: string | undefined, caller: string, actor: CreateRequest['actor'], deep = false): Promise<VerifyResult & { verifiedAt: string }> {
    return this.exclusive('verify', async () => {
      const at = this.app.clock.now().toISOString();
      const result = await runInWorker<VerifyResult>(
        { op: 'verify', file, passphrase, stagingDir: stagingFolder(this.app.dataDir), nativeBinding: this.opts.nativeBinding, deep, at },
        this.progress(caller, 'verify'),
        this.app,
      ).result;
      this.audit('backup.verify', verifiedText(this.t(), file, result.level), actor);
      return { ...result, verifiedAt: at };
    });
  }

  /** Copy, decrypt, check and (if older) migrate a backup in staging; the restore confirms it later. */
  async stage(file: string, passphrase: string | undefined, caller: string): Promise<{ stagingId: string; summary: StageResult }> {
    return this.exclusive('restore-check', async () => {
      this.dropStaged((s) => s.caller === caller || Date.now() - s.at > STAGE_TTL_MS);
      // the staged copy (decrypted when encrypted) lives in the data folder until the restore or its expiry
      ensureSpace(this.app.dataDir, bytesForFile(file), this.opts.freeBytes);
      const stagingId = randomBytes(12).toString('hex');
      const stagingFile = path.join(stagingFolder(this.app.dataDir), `restore-${stagingId}.db`);
      const summary = await runInWorker<StageResult>(
        { op: 'stage', file, passphrase, stagingFile, nativeBinding: this.opts.nativeBinding },
        this.progress(caller, 'restore'),
        this.app,
      ).result;
      this.staged.set(stagingId, { caller, file: stagingFile, source: file, summary, at: Date.now() });
      return { stagingId, summary };
    });
  }

  private dropStaged(match: (s: Staged & { at: number }) => boolean): void {
    for (const [id, s] of this.staged) {
      if (!match(s)) continue;
      removeQuietly(s.file);
      this.staged.delete(id);
    }
  }

  stagedFor(stagingId: string, caller: string): Staged | null {
    const s = this.staged.get(stagingId);
    return s && s.caller === caller && fs.existsSync(s.file) ? s : null;
  }

  /**
   * Replace the live database with a staged restore: pin the current data, swap atomically, reopen
   * in the same AppContext, log everyone out and tell every window to reload.
   */
  async restore(stagingId: string, caller: string, actor: { userId: number; userName: string }): Promise<{ pinned: string; source: string }> {
    const s = this.stagedFor(stagingId, caller);
    if (!s) throw new BackupError('missing', 'staged restore not found or expired');
    return this.exclusive('restore', async () => {
      // Pin what is live now. Writes that land while the pin is being made would be in neither copy,
      // so pin again until the data mark did not move (the swap below is synchronous: nothing interleaves).
      let pinned: BackupEntry | null = null;
      for (let i = 0; i < 3; i++) {
        pinned = await this.createUnlocked({ kind: 'pinned', reason: 'restore', caller, actor });
        if (this.currentMark() === pinned.dataMark) break;
      }
      const callers = this.allCallers(caller);
      const app = this.app;
      const reopen = () => {
        app.db = openDatabaseFile(app.dbFile, {
          nativeBinding: this.opts.nativeBinding,
          onBeforeMigrate: (file, from, to) => pinBeforeMigration(app.dataDir, file, from, to, { now: app.clock.now(), appVersion: app.version, nativeBinding: this.opts.nativeBinding }),
        });
        ensureBuiltinRoles(app.db, app.clock.now().toISOString());
      };
      // no writer thread (a big transfer) may hold the old file across the swap: wait for the running ones, start none
      const releaseWriters = await quiesceWriters(app);
      // no checkpoint of the old file may run while it is swapped (walCheckpointer opens it per request)
      const checkpoints = checkpointerOf(app);
      // nor a search-index merge (a worker connection writing to the old file)
      const merges = ftsMergerOf(app);
      try {
        await checkpoints?.pause();
        await merges?.pause();
        // nor the follow-up text fill's connection (a worker writing to the old file); restarted on the new one below
        await stopTextFill(app);
      } catch (e) {
        checkpoints?.resume();
        merges?.resume();
        releaseWriters();
        throw e;
      }
      try {
        swapInDatabase({
          dbFile: app.dbFile,
          stagedFile: s.file,
          closeLive: () => {
            app.db.raw.pragma('wal_checkpoint(TRUNCATE)');
            app.db.close();
            this.closeLiveFd(); // after the connection: its locks must not be dropped while it is open
          },
          onStep: this.opts.onSwapStep,
        });
      } catch (e) {
        // whatever step failed, put a whole database back (old or new, by the journal) and reopen it
        if (app.db.raw.open) app.db.close();
        this.closeLiveFd();
        recoverInterruptedRestore(app.dbFile);
        reopen();
        throw e;
      } finally {
        this.staged.delete(stagingId);
        checkpoints?.resume();
        merges?.resume();
        releaseWriters();
      }
      reopen();
      startTextFill(app);
      this.audit('backup.restore', restoredText(this.t(), { source: s.source, schema: s.summary.schemaVersion, migratedFrom: s.summary.migratedFrom, pinned: pinned!.path }), actor);
      this.lastMark = null; // the restored data has not been backed up by the scheduler yet
      app.sessions.clearAll();
      for (const c of callers) app.events.send(c, 'app:reloaded', { reason: 'restore' });
      // the restore gate checked checksum, identity and schema (and quick_check when the file had not
      // been checked after its backup); the full check of every index runs now, off the main thread
      if (s.summary.checked !== 'full') this.deepCheckAfterRestore(s.source, pinned!.path, actor);
      return { pinned: pinned!.path, source: s.source };
    });
  }

  /** Every window with a session (the store is keyed by caller; we find them through the users). */
  private allCallers(extra: string): string[] {
    const ids = this.app.db.prepare('SELECT id FROM users').pluck().all() as number[];
    return [...new Set([extra, ...ids.flatMap((id) => this.app.sessions.callersOf(id))])];
  }

  /** Delete automatic backups the retention policy no longer keeps. */
  rotate(): string[] {
    const s = this.settings();
    const autos = listBackups(this.folder()).filter((b) => b.kind === 'auto');
    const { remove } = selectRotation(
      autos.map((b) => ({ id: b.path, at: b.createdAt })),
      { keepHourly: s.keepHourly, keepDaily: s.keepDaily, keepWeekly: s.keepWeekly },
    );
    for (const p of remove) {
      fs.rmSync(p, { force: true });
      removeQuietly(`${p}.json`);
    }
    return remove;
  }

  cleanLeftovers(): void {
    removePartials(this.folder());
    removeQuietly(stagingFolder(this.app.dataDir));
  }

  /** Stop the background check and drop staged restores (app close). Then releaseLiveFile(), once the connection is closed. */
  dispose(): void {
    this.disposed = true;
    void this.checking?.cancel(); // an unfinished check is re-queued at the next start (its sidecar says so)
    this.dropStaged(() => true);
    if (!this.app.db.raw.open) this.closeLiveFd();
  }

  /**
   * Close the live file's descriptor. Only after main's connection is closed: closing a descriptor of the file
   * drops this process's POSIX locks on it, SQLite's too (createApp's close() waits for the workers between
   * dispose() and closing the connection, so this can no longer be a microtask after dispose()).
   */
  releaseLiveFile(): void {
    this.closeLiveFd();
  }
}
