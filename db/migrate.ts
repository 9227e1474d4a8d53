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

/** The fields of SQLite's 100-byte file header that tell whose database a file is, read without SQLite. */
export interface FileHeader {
  walMode: boolean;
  schemaCookie: number;
  userVersion: number;
  applicationId: number;
}

const SQLITE_MAGIC = Buffer.from('SQLite format 3\0', 'latin1');
const NOT_OURS = 'This file is a SQLite database of another application, not a 掌柜 CRM database.';
const CORRUPT = 'This file is not a readable SQLite database (damaged or not a database).';

/** null when the file is too short or lacks the SQLite magic. */
export function parseFileHeader(head: Buffer): FileHeader | null {
  if (head.length < 100 || !head.subarray(0, 16).equals(SQLITE_MAGIC)) return null;
  return {
    walMode: head[18] === 2 && head[19] === 2,
    schemaCookie: head.readUInt32BE(40),
    userVersion: head.readInt32BE(60),
    applicationId: head.readInt32BE(68),
  };
}

/**
 * Refuse a file by its header alone (no SQLite connection, so not even a -wal/-shm file appears).
 * Only valid when no write-ahead log is pending, since the log may hold a newer page 1.
 */
export function checkHeader(header: FileHeader | null, migrations: readonly Migration[] = MIGRATIONS): void {
  if (!header) throw new DatabaseOpenError('corrupt', CORRUPT);
  if (header.applicationId === 0 && header.userVersion === 0) {
    // schema cookie 0 = no table was ever created in this file: we may claim it
    if (header.schemaCookie !== 0) throw new DatabaseOpenError('not-ours', NOT_OURS);
    return;
  }
  if (header.applicationId !== APPLICATION_ID) {
    throw new DatabaseOpenError('not-ours', NOT_OURS, { applicationId: header.applicationId });
  }
  if (header.userVersion > migrations.length) throw newerSchema(header.userVersion, migrations.length);
}

function newerSchema(found: number, latest: number): DatabaseOpenError {
  return new DatabaseOpenError(
    'newer-schema',
    `This database was written by a newer version of 掌柜 CRM (schema ${found}; this app knows up to ${latest}). Please update the app; nothing was changed.`,
    { schemaVersion: found, appSchemaVersion: latest },
  );
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
    if (!isBlank(db)) throw new DatabaseOpenError('not-ours', NOT_OURS);
    return state;
  }
  if (state.applicationId !== APPLICATION_ID) {
    throw new DatabaseOpenError('not-ours', NOT_OURS, { applicationId: state.applicationId });
  }
  if (state.userVersion > latest) throw newerSchema(state.userVersion, latest);
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
