import type BetterSqlite3 from 'better-sqlite3';
import { APPLICATION_ID } from './constants';
import { MIGRATIONS, type Migration } from './migrations';

export class DatabaseOpenError extends Error {
  constructor(
    readonly reason: 'not-ours' | 'newer-schema' | 'corrupt' | 'unreadable',
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'DatabaseOpenError';
  }
}

export interface SchemaState {
  applicationId: number;
  userVersion: number;
}

export function readSchemaState(db: BetterSqlite3.Database): SchemaState {
  return {
    applicationId: db.pragma('application_id', { simple: true }) as number,
    userVersion: db.pragma('user_version', { simple: true }) as number,
  };
}

/** Is this an empty file we may claim as a new 掌柜 CRM database? */
function isBlank(db: BetterSqlite3.Database): boolean {
  const row = db.prepare("SELECT count(*) AS n FROM sqlite_schema WHERE name NOT LIKE 'sqlite_%'").get() as {
    n: number;
  };
  return row.n === 0;
}

/**
 * Check that the database is ours and not newer than this app, before touching anything.
 * Throws DatabaseOpenError with a sentence for the user.
 */
export function checkCompatible(db: BetterSqlite3.Database, migrations: readonly Migration[] = MIGRATIONS): SchemaState {
  const state = readSchemaState(db);
  const latest = migrations.length;
  if (state.applicationId === 0 && state.userVersion === 0) {
    if (!isBlank(db)) {
      throw new DatabaseOpenError('not-ours', 'This file is a SQLite database of another application, not a 掌柜 CRM database.');
    }
    return state;
  }
  if (state.applicationId !== APPLICATION_ID) {
    throw new DatabaseOpenError('not-ours', 'This file is a SQLite database of another application, not a 掌柜 CRM database.', {
      applicationId: state.applicationId,
    });
  }
  if (state.userVersion > latest) {
    throw new DatabaseOpenError(
      'newer-schema',
      `This database was written by a newer version of 掌柜 CRM (schema ${state.userVersion}; this app knows up to ${latest}). Please update the app; nothing was changed.`,
      { schemaVersion: state.userVersion, appSchemaVersion: latest },
    );
  }
  return state;
}

/**
 * Apply pending migrations, each in its own IMMEDIATE transaction together with its user_version bump,
 * so a crash leaves the database at a whole version. Returns the versions applied.
 */
export function migrate(
  db: BetterSqlite3.Database,
  migrations: readonly Migration[] = MIGRATIONS,
  onBeforeMigrate?: (from: number, to: number) => void,
): number[] {
  const state = checkCompatible(db, migrations);
  const applied: number[] = [];
  migrations.forEach((m, i) => {
    if (m.version !== i + 1) throw new Error(`migration list out of order at ${m.name}`);
  });
  const pending = migrations.filter((m) => m.version > state.userVersion);
  if (pending.length && state.userVersion > 0 && onBeforeMigrate) {
    onBeforeMigrate(state.userVersion, migrations.length);
  }
  for (const m of pending) {
    db.transaction(() => {
      if (m.version === 1) db.pragma(`application_id = ${APPLICATION_ID}`);
      m.up(db);
      db.pragma(`user_version = ${m.version}`);
    }).immediate();
    applied.push(m.version);
  }
  return applied;
}
