import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { DB_FILE_NAME } from './constants';
import { Db } from './sql';
import { checkCompatible, checkHeader, DatabaseOpenError, migrate, parseFileHeader } from './migrate';
import { MIGRATIONS, type Migration } from './migrations';

export interface OpenOptions {
  /** path to a better_sqlite3.node built for the running runtime (Electron), if not the default */
  nativeBinding?: string;
  readonly?: boolean;
  migrations?: readonly Migration[];
  /** called before migrating an existing database (the backup module pins a snapshot here) */
  onBeforeMigrate?: (file: string, from: number, to: number) => void;
}

export function applyPragmas(raw: Database.Database, readonly = false): void {
  if (!readonly) raw.pragma('journal_mode = WAL');
  raw.pragma('synchronous = FULL');
  raw.pragma('foreign_keys = ON');
  raw.pragma('busy_timeout = 5000');
  raw.pragma('cache_size = -65536'); // 64 MiB page cache
  raw.pragma('temp_store = MEMORY');
  raw.pragma('mmap_size = 268435456');
  // Freed cells and pages are zeroed as they are freed, so a purged record's old values (earlier versions
  // in free space included) leave the file without a VACUUM of the whole database (recycleBin/scrub.ts).
  if (!readonly) raw.pragma('secure_delete = ON');
}

/** Open (creating if needed) and migrate the database file. Refuses foreign or newer databases untouched. */
export function openDatabaseFile(file: string, opts: OpenOptions = {}): Db {
  const migrations = opts.migrations ?? MIGRATIONS;
  const exists = fs.existsSync(file) && fs.statSync(file).size > 0;
  if (exists) {
    // a read-only disk or folder must not be reported as a damaged file (the user might delete it)
    if (!opts.readonly) {
      const denied = [path.dirname(file), file].map((f) => { try { fs.accessSync(f, fs.constants.W_OK); return null; } catch (e) { return (e as { code?: string }).code ?? 'EACCES'; } }).find(Boolean);
      if (denied) throw new DatabaseOpenError('unreadable', `The data folder cannot be written (${denied}): it may be on a read-only disk, or you may lack permission to change it.`, { code: denied });
    }
    // Look before we write anything. First the header bytes (no SQLite connection at all, so a refused
    // file gets no -wal/-shm beside it); a pending write-ahead log may hold a newer header, so then
    // only the read-only probe below decides.
    if (!hasPendingWal(file)) checkHeader(parseFileHeader(readHead(file)), migrations);
    const sideFiles = ['-wal', '-shm'].filter((s) => !fs.existsSync(file + s));
    let probe: Database.Database | undefined;
    try {
      // a read-only handle cannot change the file (not even the journal mode)
      probe = new Database(file, { readonly: true, fileMustExist: true, nativeBinding: opts.nativeBinding });
      checkCompatible(probe, migrations);
      probe.prepare('SELECT count(*) FROM sqlite_schema').get(); // reads the schema pages: catches truncation
    } catch (e) {
      if (e instanceof DatabaseOpenError) throw e;
      throw new DatabaseOpenError('corrupt', 'This file is not a readable SQLite database (damaged or not a database).', {
        cause: String((e as Error).message),
      });
    } finally {
      probe?.close();
      // a read-only WAL reader creates empty -wal/-shm files; remove the ones it made (the app holds the
      // single-instance lock, so no other connection can be using them)
      for (const s of sideFiles) if (fs.existsSync(file + s) && (s === '-shm' || fs.statSync(file + s).size === 0)) fs.rmSync(file + s);
    }
  } else {
    fs.mkdirSync(path.dirname(file), { recursive: true });
  }
  const raw = new Database(file, { readonly: !!opts.readonly, nativeBinding: opts.nativeBinding });
  try {
    applyPragmas(raw, opts.readonly);
    if (!opts.readonly) {
      migrate(raw, migrations, (from, to) => opts.onBeforeMigrate?.(file, from, to));
    }
  } catch (e) {
    raw.close();
    throw e;
  }
  return new Db(raw);
}

function readHead(file: string): Buffer {
  const fd = fs.openSync(file, 'r');
  try {
    const buf = Buffer.alloc(100);
    const n = fs.readSync(fd, buf, 0, 100, 0);
    return buf.subarray(0, n);
  } finally {
    fs.closeSync(fd);
  }
}

function hasPendingWal(file: string): boolean {
  return fs.existsSync(file + '-wal') && fs.statSync(file + '-wal').size > 0;
}

export function databaseFileIn(dataDir: string): string {
  return path.join(dataDir, DB_FILE_NAME);
}
