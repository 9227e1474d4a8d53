import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { DB_FILE_NAME } from './constants';
import { Db } from './sql';
import { checkCompatible, DatabaseOpenError, migrate } from './migrate';
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
}

/** Open (creating if needed) and migrate the database file. Refuses foreign or newer databases untouched. */
export function openDatabaseFile(file: string, opts: OpenOptions = {}): Db {
  const migrations = opts.migrations ?? MIGRATIONS;
  const exists = fs.existsSync(file) && fs.statSync(file).size > 0;
  if (exists) {
    // Look before we write anything: a read-only handle cannot change the file (not even the WAL mode).
    let probe: Database.Database | undefined;
    try {
      probe = new Database(file, { readonly: true, fileMustExist: true, nativeBinding: opts.nativeBinding });
      checkCompatible(probe, migrations);
    } catch (e) {
      if (e instanceof DatabaseOpenError) throw e;
      throw new DatabaseOpenError('corrupt', 'This file is not a readable SQLite database (damaged or not a database).', {
        cause: String((e as Error).message),
      });
    } finally {
      probe?.close();
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

export function databaseFileIn(dataDir: string): string {
  return path.join(dataDir, DB_FILE_NAME);
}
