// Checks that a plain SQLite file is a sound 掌柜 CRM database this app can open, and summarises it.
// Used on fresh backups (before they are renamed into place), on demand (backup:verify) and on the
// staging copy of a restore (which is also migrated here when its schema is older).
import fs from 'node:fs';
import Database from 'better-sqlite3';
import { APPLICATION_ID } from '../../../db/constants';
import { migrate } from '../../../db/migrate';
import { MIGRATIONS, type Migration } from '../../../db/migrations';
import { BackupError } from './errors';
import { quickCheckTables } from './quickCheck';

const SQLITE_MAGIC = Buffer.from('SQLite format 3\0', 'latin1');

export interface BackupCounts {
  customers: number;
  deals: number;
  followUps: number;
  users: number;
}

export interface DbSummary {
  schemaVersion: number;
  counts: BackupCounts;
}

export function readFirstBytes(file: string, n: number): Buffer {
  const fd = fs.openSync(file, 'r');
  try {
    const b = Buffer.alloc(n);
    const got = fs.readSync(fd, b, 0, n, 0);
    return b.subarray(0, got);
  } finally {
    fs.closeSync(fd);
  }
}

/** The first 100 bytes must be a SQLite header; anything else (empty, text, zip...) is not a backup. */
export function checkSqliteHeader(file: string): void {
  const size = fs.statSync(file).size;
  if (size < 512) throw new BackupError('not-backup', 'file too small to be a SQLite database', { size });
  const head = readFirstBytes(file, 100);
  if (!head.subarray(0, 16).equals(SQLITE_MAGIC)) throw new BackupError('not-backup', 'no SQLite header');
  const pageSize = head.readUInt16BE(16) === 1 ? 65536 : head.readUInt16BE(16);
  const pages = head.readUInt32BE(28);
  // A truncated file is shorter than the page count its header promises (valid when the change counters agree).
  if (head.readUInt32BE(24) === head.readUInt32BE(92) && pages > 0 && size < pages * pageSize) {
    throw new BackupError('damaged', 'file is shorter than its header says (truncated)', { size, expected: pages * pageSize });
  }
}

/**
 * Before a plain backup file is copied anywhere (a restore stages a full copy): refuse it from its first
 * 100 bytes when they already say it is not ours or too new, so a 2 GB file of something else is turned
 * away at once instead of after a 2 GB copy. A file in WAL mode may hold a newer page 1 in its -wal, so
 * its header is only trusted for the SQLite magic; the full check after the copy decides.
 */
export function precheckPlainHeader(file: string, latest: number): void {
  checkSqliteHeader(file);
  const head = readFirstBytes(file, 100);
  const walMode = head[18] === 2 && head[19] === 2;
  if (walMode) return;
  const applicationId = head.readInt32BE(68);
  const version = head.readInt32BE(60);
  if (applicationId !== APPLICATION_ID || version < 1) throw new BackupError('not-backup', 'application_id is not ours', { applicationId });
  if (version > latest) throw new BackupError('newer-schema', 'schema is newer than this app', { schemaVersion: version, appSchemaVersion: latest });
}

function sqliteFailure(e: unknown): BackupError {
  if (e instanceof BackupError) return e;
  const code = String((e as { code?: unknown }).code ?? '');
  if (code === 'SQLITE_NOTADB') return new BackupError('not-backup', 'not a SQLite database');
  return new BackupError('damaged', `SQLite reports: ${(e as Error).message}`, { sqliteCode: code });
}

function tableExists(db: Database.Database, name: string): boolean {
  return !!db.prepare("SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = ?").get(name);
}

function countRows(db: Database.Database, table: string): number {
  if (!tableExists(db, table)) return 0;
  const cols = db.prepare(`SELECT name FROM pragma_table_info(?)`).all(table) as { name: string }[];
  const live = cols.some((c) => c.name === 'deleted_at') ? ' WHERE deleted_at IS NULL' : '';
  return (db.prepare(`SELECT count(*) AS n FROM "${table}"${live}`).get() as { n: number }).n;
}

export function readCounts(db: Database.Database): BackupCounts {
  return {
    customers: countRows(db, 'customers'),
    deals: countRows(db, 'deals'),
    followUps: countRows(db, 'follow_ups'),
    users: countRows(db, 'users'),
  };
}

/** Ours and not newer than this app: else 'not-backup' / 'newer-schema'. */
export function checkIdentity(db: Database.Database, latest: number): number {
  const appId = db.pragma('application_id', { simple: true }) as number;
  const version = db.pragma('user_version', { simple: true }) as number;
  if (appId !== APPLICATION_ID || version < 1) throw new BackupError('not-backup', 'application_id is not ours', { applicationId: appId });
  if (version > latest) throw new BackupError('newer-schema', 'schema is newer than this app', { schemaVersion: version, appSchemaVersion: latest });
  return version;
}

/**
 * The tables, triggers and views a database of schema `version` must have: those a fresh database gets
 * from the migrations up to that version (built once per version in memory, ~0.1 s). Indexes are not
 * required: a missing one makes queries slower, not data wrong (the 1M bench database lacks one).
 */
const expectedCache = new Map<string, string[]>();
export function expectedObjects(version: number, migrations: readonly Migration[] = MIGRATIONS): string[] {
  const key = `${migrations.length}:${version}`;
  let names = expectedCache.get(key);
  if (!names) {
    const mem = new Database(':memory:');
    try {
      migrate(mem, migrations.slice(0, version));
      names = schemaObjects(mem);
    } finally {
      mem.close();
    }
    expectedCache.set(key, names);
  }
  return names;
}

function schemaObjects(db: Database.Database): string[] {
  return (db.prepare("SELECT type || ' ' || name AS o FROM sqlite_schema WHERE type <> 'index' AND name NOT LIKE 'sqlite_%' ORDER BY 1").pluck().all() as string[]);
}

/** Schema check: every object the migrations create for this schema version is there ('damaged' if not). */
export function checkSchemaObjects(db: Database.Database, version: number, migrations: readonly Migration[] = MIGRATIONS): void {
  const have = new Set(schemaObjects(db));
  const missing = expectedObjects(version, migrations).filter((o) => !have.has(o));
  if (missing.length) throw new BackupError('damaged', 'tables, triggers or views are missing', { missing: missing.slice(0, 10) });
}

/**
 * quick: quickCheckTables (every ordinary table's quick_check, the freelist, the page census; not the
 * FTS5 tables' own index-against-content check). Otherwise the whole-database integrity_check (every
 * index against its table, FTS5's own check included), with foreign_key_check when asked.
 */
export function checkIntegrity(db: Database.Database, withForeignKeys: boolean, quick = false): void {
  if (quick) {
    const problems = quickCheckTables(db);
    if (problems.length) throw new BackupError('damaged', `quick_check failed: ${problems[0]}`, { problems });
  } else {
    const rows = db.prepare('PRAGMA integrity_check').pluck().all() as string[];
    if (rows.length !== 1 || rows[0] !== 'ok') throw new BackupError('damaged', 'integrity_check failed', { problems: rows.slice(0, 5) });
  }
  if (withForeignKeys) {
    const fk = db.prepare('PRAGMA foreign_key_check').all();
    if (fk.length) throw new BackupError('damaged', 'foreign_key_check found orphans', { orphans: fk.length });
  }
}

export interface InspectOptions {
  nativeBinding?: string;
  migrations?: readonly Migration[];
  /** open read-only and leave the file as it is (verifying a backup in place) */
  readonly?: boolean;
  /** migrate an older schema to the current one (restore staging copies only) */
  migrate?: boolean;
  /**
   * The quick check (quickCheck.ts: quick_check of each ordinary table, freelist, page census) instead of
   * integrity_check (pages, records and constraints, but not whether every index matches its table nor
   * the FTS5 tables' own check; several times faster). For byte copies of the app's own, consistent
   * file, where an index/table mismatch cannot come from the copy.
   */
  quick?: boolean;
  /**
   * Which content checks run: 'full' = integrity_check + foreign_key_check (default), 'quick' =
   * quick_check only, 'none' = identity and schema only (a file whose checksum matched the one
   * recorded when it was written and checked). `quick: true` is 'quick'.
   */
  level?: CheckLevel;
  /** also check that the tables, triggers and views of its schema version are there (backups; not the live file's pre-migration pin) */
  schema?: boolean;
}

export type CheckLevel = 'full' | 'quick' | 'none';

/**
 * Full check of a plain database file. Writable opens also switch the file to rollback-journal mode
 * so it is one self-contained file (no -wal/-shm beside it) for the copy, the shell or the swap.
 */
export function inspectDatabase(file: string, opts: InspectOptions = {}): DbSummary & { migratedFrom?: number } {
  const migrations = opts.migrations ?? MIGRATIONS;
  checkSqliteHeader(file);
  let db: Database.Database | undefined;
  try {
    db = new Database(file, { readonly: !!opts.readonly, fileMustExist: true, nativeBinding: opts.nativeBinding });
    if (!opts.readonly) db.pragma('journal_mode = DELETE');
    const version = checkIdentity(db, migrations.length);
    const level: CheckLevel = opts.level ?? (opts.quick ? 'quick' : 'full');
    if (level !== 'none') checkIntegrity(db, level === 'full', level === 'quick');
    if (opts.schema) checkSchemaObjects(db, version, migrations);
    let migratedFrom: number | undefined;
    if (opts.migrate && version < migrations.length) {
      db.pragma('foreign_keys = ON');
      migrate(db, migrations);
      migratedFrom = version;
      // the migration rewrote pages: check what it wrote (quick_check unless a full check was asked for)
      checkIntegrity(db, level === 'full', level !== 'full');
      if (opts.schema) checkSchemaObjects(db, migrations.length, migrations);
    }
    return { schemaVersion: db.pragma('user_version', { simple: true }) as number, counts: readCounts(db), migratedFrom };
  } catch (e) {
    throw sqliteFailure(e);
  } finally {
    db?.close();
  }
}
