// The customer search tables (customer_fts, customer_grams) of a fresh seed, built in a side database.
//
// Why: their FTS5 inserts cost the seed's writing thread ~20 µs per customer, as much as everything else
// it does for a customer. When the seed starts with both tables empty, the generator worker writes the
// search rows into a throw-away database file beside the real one (same CREATE VIRTUAL TABLE statements,
// same rowids, no journal, no fsync), runs 'optimize' there while the seed thread writes deals, follow-ups
// and indexes, and at the end the seed copies the finished FTS5 shadow tables into the real database in
// one transaction. The copy carries the index as FTS5 stores it (segments, the rowid/term index and the
// per-row sizes), so queries give what the same rows inserted directly would give
// (tests/unit/db/seedSideFts.test.ts compares both paths).
import fs from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import Database from 'better-sqlite3';
import type { Db } from '../sql';

export const SEARCH_TABLES = ['customer_fts', 'customer_grams'] as const;
/** FTS5 shadow tables that hold the index; `_config` (options like automerge) stays the real database's own. */
const COPIED_SHADOWS = ['data', 'idx', 'docsize'];

export interface SideFtsTarget {
  /** the side database file: beside the real one (same file system), a name no other run can take */
  file: string;
  /** CREATE VIRTUAL TABLE statements of the search tables, read from the real database */
  tableSql: string[];
}

/**
 * A side-build target when the search tables are empty and the database is a file, else null (the seed
 * then writes the search rows directly, as before).
 */
export function sideFtsTarget(db: Db): SideFtsTarget | null {
  const file = db.raw.name;
  if (db.raw.memory || !file || !fs.existsSync(file)) return null;
  const tableSql: string[] = [];
  for (const t of SEARCH_TABLES) {
    const row = db.raw.prepare("SELECT sql FROM sqlite_schema WHERE type = 'table' AND name = ?").get(t) as { sql: string } | undefined;
    if (!row) return null;
    // the shadow tables must be the ones this module copies (a changed FTS5 layout falls back to the direct path)
    const shadows = (db.raw.prepare("SELECT name FROM sqlite_schema WHERE type = 'table' AND name LIKE ? ESCAPE '\\'").all(`${t.replace(/_/g, '\\_')}\\_%`) as { name: string }[])
      .map((r) => r.name.slice(t.length + 1))
      .sort();
    if (shadows.join(',') !== [...COPIED_SHADOWS, 'config'].sort().join(',')) return null;
    // empty: no row sizes and no index segments
    if (db.raw.prepare(`SELECT 1 FROM ${t}_docsize LIMIT 1`).get()) return null;
    if (db.raw.prepare(`SELECT 1 FROM ${t}_idx LIMIT 1`).get()) return null;
    tableSql.push(row.sql);
  }
  removeStaleSideFiles(file);
  return { file: `${path.resolve(file)}.seed-fts-${process.pid}-${randomUUID()}.tmp`, tableSql };
}

/** Writes search rows into the side database (runs in the generator worker). */
export class SideFtsBuilder {
  private readonly db: Database.Database;
  private readonly insFts: Database.Statement;
  private readonly insGrams: Database.Statement;
  private readonly write: (fts: unknown[][], grams: [number, string][]) => void;

  constructor(target: SideFtsTarget) {
    this.db = new Database(target.file);
    this.db.pragma('journal_mode = OFF');
    this.db.pragma('synchronous = OFF');
    this.db.pragma('cache_size = -65536');
    for (const sql of target.tableSql) this.db.exec(sql);
    // the same bulk-load merge settings as the direct path (bulkMode.ts suspendFtsMerges); 'optimize' merges
    // once. A 32 MiB term hash (default 1 MiB) flushes fewer, larger segments: measured on 200k customers in
    // 10k-row transactions, inserts + optimize 4.8 -> 4.0-4.4 s. These settings live in the side file's
    // `_config`, which is not copied.
    for (const t of SEARCH_TABLES) {
      this.db.exec(`INSERT INTO ${t} (${t}, rank) VALUES ('automerge', 0); INSERT INTO ${t} (${t}, rank) VALUES ('crisismerge', 64);`);
      this.db.exec(`INSERT INTO ${t} (${t}, rank) VALUES ('hashsize', ${32 << 20});`);
    }
    this.insFts = this.db.prepare('INSERT INTO customer_fts (rowid, names, py, ini, digits, email) VALUES (?, ?, ?, ?, ?, ?)');
    this.insGrams = this.db.prepare('INSERT INTO customer_grams (rowid, g) VALUES (?, ?)');
    this.write = this.db.transaction((fts: unknown[][], grams: [number, string][]) => {
      for (const f of fts) this.insFts.run(f);
      for (const g of grams) this.insGrams.run(g);
    });
  }

  append(fts: unknown[][], grams: [number, string][]): void {
    this.write(fts, grams);
  }

  /** Merge each index into one segment (as the direct path's final 'optimize' does) and close the file. */
  finish(): void {
    for (const t of SEARCH_TABLES) this.db.exec(`INSERT INTO ${t} (${t}) VALUES ('optimize')`);
    this.db.close();
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}

/**
 * Replace the (empty) search tables of the real database with the side-built ones, in one transaction.
 * It runs on a second connection: FTS5 caches an index's structure per connection and re-reads it when
 * another connection has committed (PRAGMA data_version), so the seed's own connection sees the copied
 * index on its next statement. Writing FTS5 shadow tables needs SQLite's defensive mode off (unsafeMode).
 */
export function copySideFts(db: Db, target: SideFtsTarget): void {
  const copy = new Database(db.raw.name);
  try {
    copy.pragma('busy_timeout = 5000');
    copy.pragma('synchronous = OFF'); // the seed makes its data durable with its final checkpoint
    copy.unsafeMode(true);
    copy.prepare('ATTACH DATABASE ? AS side').run(target.file);
    copy.transaction(() => {
      for (const t of SEARCH_TABLES) {
        for (const s of COPIED_SHADOWS) {
          copy.exec(`DELETE FROM main.${t}_${s}; INSERT INTO main.${t}_${s} SELECT * FROM side.${t}_${s};`);
        }
      }
    })();
    copy.exec('DETACH DATABASE side');
  } finally {
    copy.close();
  }
}

/**
 * Side files of seeds that were killed outright (their `finally` never ran) stay beside the database:
 * remove those whose process is gone. The name carries the pid: `<db>.seed-fts-<pid>-<uuid>.tmp`.
 */
export function removeStaleSideFiles(dbFile: string): string[] {
  const dir = path.dirname(path.resolve(dbFile));
  const prefix = `${path.basename(dbFile)}.seed-fts-`;
  const removed: string[] = [];
  for (const name of fs.readdirSync(dir)) {
    const m = name.startsWith(prefix) ? /^(\d+)-[0-9a-f-]+\.tmp(-journal|-wal|-shm)?$/.exec(name.slice(prefix.length)) : null;
    if (!m || processAlive(Number(m[1]))) continue;
    fs.rmSync(path.join(dir, name), { force: true });
    removed.push(name);
  }
  return removed;
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM'; // exists, owned by someone else
  }
}

export function removeSideFts(target: SideFtsTarget): void {
  for (const f of [target.file, `${target.file}-journal`, `${target.file}-wal`, `${target.file}-shm`]) fs.rmSync(f, { force: true });
}
