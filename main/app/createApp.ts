// Builds the application core (database, sessions, dispatch) without anything Electron-specific,
// so the Electron shell, the browser harness and the tests all run the same thing.
import path from 'node:path';
import { openDatabaseFile, databaseFileIn } from '../../db/connection';
import type { Db } from '../../db/sql';
import { createDispatch, type Dispatch } from '../ipc/dispatch';
import { handlers } from '../ipc/handlers';
import { systemClock, type AppContext, type Clock, type EventSink, type Logger } from '../ipc/context';
import { SessionStore } from '../session/sessions';
import type { Platform } from '../platform/types';
import { ensureBuiltinRoles } from '../services/auth/roles';
import { getSetting, settingsVersion } from '../services/settings/store';
import { DEFAULT_LOCALE, isLocale, type Locale } from '../i18n';
import { fileLogger } from './logger';
import { startScheduler, type Scheduler } from './scheduler';
import { runPoolReturn } from '../services/pool/returnRule';
import { recycleBinRetentionJob, startRetentionOnLaunch } from '../services/recycleBin/retention';
import { APP_VERSION } from './version';
import { startCheckpoints, stopCheckpoints } from './walCheckpointer';
import { startFtsMerges, stopFtsMerges } from './ftsMerger';
import { ensureNameIndexFill, stopNameIndexFill } from '../services/deals/nameIndex';
import { startReminderScheduler, type SchedulerOptions as ReminderSchedulerOptions } from '../services/reminders/scheduler';
import { pinBeforeMigration, recoverInterruptedRestore, startBackups, stopBackups } from '../services/backup';
import { startTextFill, stopTextFill } from '../services/followUps/textFill';
import { cancelRunningJobs } from '../services/import/jobs';
import { workersExited } from '../platform/appWorkers';

export interface CreateAppOptions {
  dataDir: string;
  platform: Platform;
  events?: EventSink;
  clock?: Clock;
  log?: Logger;
  nativeBinding?: string;
  /** daily jobs (pool return rule); default on. Tests may switch the timer off and call scheduler.tick() */
  scheduler?: boolean;
  /** reminder scheduler (injectable timers, tick interval); with scheduler: false it fires once at start and then only on tick() */
  reminders?: ReminderSchedulerOptions;
}

export interface CrmApp {
  context: AppContext;
  dispatch: Dispatch;
  scheduler: Scheduler;
  /**
   * Stops every background service, tells running imports / backups to stop, resolves once every worker thread
   * the app started has exited and main's connection is closed (no -wal / -shm of an open connection is left).
   * Idempotent: a second call returns the same promise.
   */
  close(): Promise<void>;
}

/** how long close() lets threads that were told to stop end by themselves before it terminates them */
const CLOSE_GRACE_MS = 2000;

export function createApp(opts: CreateAppOptions): CrmApp {
  const dataDir = path.resolve(opts.dataDir);
  const dbFile = databaseFileIn(dataDir);
  const log = opts.log ?? fileLogger(dataDir);
  const clock = opts.clock ?? systemClock;
  // finish (or discard) a restore that a crash interrupted, before anything opens the file
  const restore = recoverInterruptedRestore(dbFile);
  const db: Db = openDatabaseFile(dbFile, {
    nativeBinding: opts.nativeBinding,
    // a pinned copy of the data before every schema upgrade (kept until the user deletes it)
    onBeforeMigrate: (file, from, to) => pinBeforeMigration(dataDir, file, from, to, { now: clock.now(), appVersion: APP_VERSION, nativeBinding: opts.nativeBinding }),
  });
  ensureBuiltinRoles(db, clock.now().toISOString());

  let locale: Locale = DEFAULT_LOCALE;
  const stored = getSetting<unknown>(db, 'locale', DEFAULT_LOCALE);
  if (isLocale(stored)) locale = stored;

  let localeCache: { db: Db | null; version: number; value: Locale } = { db: null, version: -1, value: locale };
  const context: AppContext = {
    db,
    dataDir,
    dbFile,
    nativeBinding: opts.nativeBinding,
    version: APP_VERSION,
    sessions: new SessionStore(),
    clock,
    platform: opts.platform,
    events: opts.events ?? { send: () => {} },
    log,
    locale: () => {
      // read on every call: cached until a setting is written or the database swapped (a restore swaps the
      // database of this running app, so context.db, not db); the read cost ~5–9 µs a call
      const key = settingsVersion(context.db);
      if (localeCache.db !== context.db || localeCache.version !== key) {
        const v = getSetting<unknown>(context.db, 'locale', locale);
        localeCache = { db: context.db, version: key, value: isLocale(v) ? v : DEFAULT_LOCALE };
      }
      return localeCache.value;
    },
  };
  const dispatch = createDispatch(context, handlers);
  const scheduler = startScheduler(context, [{ name: 'poolReturn', run: runPoolReturn }, recycleBinRetentionJob], { autoStart: opts.scheduler !== false });
  // expired recycle-bin items go at start-up too (the daily job then runs once a day)
  const retention = startRetentionOnLaunch(context, { autoStart: opts.scheduler !== false });
  startBackups(context, { nativeBinding: opts.nativeBinding, schedule: opts.scheduler !== false });
  // checkpoints of the write-ahead log run in a worker, not inside users' requests
  startCheckpoints(context, { nativeBinding: opts.nativeBinding });
  // search-index segment merges run in a worker too (migration 0020 turned them off in the writers)
  startFtsMerges(context, { nativeBinding: opts.nativeBinding });
  // fires the reminders that came due while the app was closed, then keeps firing them on time
  const reminders = startReminderScheduler(context, { arm: opts.scheduler !== false, ...opts.reminders });
  // deals that predate the name search index (migration 0017) are indexed in bounded steps
  void ensureNameIndexFill(context);
  // follow-ups that predate the text index (migration 0018) are indexed by a worker; the list walks until then
  startTextFill(context);
  log.info('app started', { dataDir, version: APP_VERSION, ...(restore !== 'none' ? { interruptedRestore: restore } : {}) });
  let closing: Promise<void> | null = null;
  const closeNow = async (): Promise<void> => {
    // no new requests from signed-in windows; then every timer and background service stops
    context.sessions.clearAll();
    scheduler.stop();
    retention.stop();
    reminders.stop();
    const backups = stopBackups(context);
    cancelRunningJobs(context);
    stopCheckpoints(context);
    stopFtsMerges(context);
    const nameFill = stopNameIndexFill(context);
    void stopTextFill(context);
    // every worker thread (its connection closes with it) before main's connection: the last connection to
    // close checkpoints and removes -wal / -shm, and that must be main's, not a worker's after close() returned
    await workersExited(context, CLOSE_GRACE_MS);
    // a backup job's last steps on main (its audit row) once its worker has ended; bounded, close must end
    await Promise.race([Promise.all([backups.settled(), nameFill]), new Promise<void>((r) => setTimeout(r, CLOSE_GRACE_MS).unref())]);
    // a request that was already in a handler may have started a task meanwhile
    await workersExited(context, CLOSE_GRACE_MS);
    if (context.db.raw.open) context.db.close();
    backups.releaseLiveFile();
  };
  return {
    context,
    dispatch,
    scheduler,
    close() {
      closing ??= closeNow();
      return closing;
    },
  };
}
