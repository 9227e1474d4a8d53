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
import { getSetting } from '../services/settings/store';
import { DEFAULT_LOCALE, isLocale, type Locale } from '../i18n';
import { fileLogger } from './logger';
import { APP_VERSION } from './version';

export interface CreateAppOptions {
  dataDir: string;
  platform: Platform;
  events?: EventSink;
  clock?: Clock;
  log?: Logger;
  nativeBinding?: string;
}

export interface CrmApp {
  context: AppContext;
  dispatch: Dispatch;
  close(): void;
}

export function createApp(opts: CreateAppOptions): CrmApp {
  const dataDir = path.resolve(opts.dataDir);
  const dbFile = databaseFileIn(dataDir);
  const log = opts.log ?? fileLogger(dataDir);
  const clock = opts.clock ?? systemClock;
  const db: Db = openDatabaseFile(dbFile, { nativeBinding: opts.nativeBinding });
  ensureBuiltinRoles(db, clock.now().toISOString());

  let locale: Locale = DEFAULT_LOCALE;
  const stored = getSetting<unknown>(db, 'locale', DEFAULT_LOCALE);
  if (isLocale(stored)) locale = stored;

  const context: AppContext = {
    db,
    dataDir,
    dbFile,
    version: APP_VERSION,
    sessions: new SessionStore(),
    clock,
    platform: opts.platform,
    events: opts.events ?? { send: () => {} },
    log,
    locale: () => {
      const v = getSetting<unknown>(db, 'locale', locale);
      return isLocale(v) ? v : DEFAULT_LOCALE;
    },
  };
  const dispatch = createDispatch(context, handlers);
  log.info('app started', { dataDir, version: APP_VERSION });
  return {
    context,
    dispatch,
    close() {
      context.sessions.clearAll();
      db.close();
    },
  };
}
