// The 'quick' content check of a backup: SQLite's quick_check, one ordinary table at a time, plus a
// census of the file's pages.
//
// Why not plain `PRAGMA quick_check`: since 3.44 it also runs every virtual table's own integrity
// method, and FTS5's (which ignores "quick") reads its whole inverted index and compares it with its
// content. At 1M customers / 5M follow-ups session 6 measured 32 s + 47.5 s for the two follow-up text
// tables (of 90 s for backup:verify); on the session-7 reference (indexes optimized by the seed) the six
// FTS5 tables cost ~11 s of CPU of the ~16.5 s quick_check, this check ~8.5 s, whatever state the
// indexes are in. The search tables are derived data (kept by triggers, rebuildable); their pages are still checked here,
// because their shadow tables (`*_data`, `*_idx`, `*_docsize`, `*_config`, `*_content`) are ordinary
// b-trees. What this check does not read: whether an FTS index agrees with the rows it indexes, and
// the bytes inside its blobs (the sidecar SHA-256 covers a backup's bytes; the 'full' level runs
// FTS5's own check). docs/backup-format.md "Checking a backup" lists both levels.
//
// What the one-table form leaves out (sqlite3.c, sqlite3BtreeIntegrityCheck: a "partial" check) is
// the freelist and "every page is used exactly once"; the freelist is checked by the form that names
// sqlite_schema, and pageCensus() counts pages: every page is in exactly one b-tree or the freelist.
import type Database from 'better-sqlite3';

/** Ordinary tables of the main schema, FTS shadow tables and sqlite_schema included; virtual tables not. */
export function ordinaryTables(db: Database.Database): string[] {
  return db.prepare("SELECT name FROM pragma_table_list WHERE schema = 'main' AND type IN ('table', 'shadow') ORDER BY name").pluck().all() as string[];
}

function quoted(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/**
 * Pages in b-trees (each counted once: dbstat lists every page of every tree, overflow pages included)
 * + freelist pages + the lock-byte page must be the file's page count. A page in two trees (cross-linked)
 * or in none (lost) breaks it. Returns the problems found.
 */
export function pageCensus(db: Database.Database): string[] {
  const { n, d } = db.prepare("SELECT count(*) AS n, count(DISTINCT pageno) AS d FROM dbstat('main')").get() as { n: number; d: number };
  const pageCount = db.pragma('page_count', { simple: true }) as number;
  const pageSize = db.pragma('page_size', { simple: true }) as number;
  const free = db.pragma('freelist_count', { simple: true }) as number;
  // the page holding the lock bytes at offset 2^30 belongs to nothing
  const lockPage = Math.floor(0x40000000 / pageSize) + 1;
  const expected = pageCount - (pageCount >= lockPage ? 1 : 0);
  const problems: string[] = [];
  if (n !== d) problems.push(`page census: ${n - d} page(s) belong to more than one b-tree`);
  if (d + free !== expected) problems.push(`page census: ${d} b-tree pages + ${free} free pages, the file has ${expected}`);
  return problems;
}

/**
 * quick_check of every ordinary table and its indexes (b-tree structure, records, NOT NULL / CHECK /
 * column types, index entry counts), of sqlite_schema with the freelist, then the page census.
 * Returns at most `max` problems; [] = ok.
 */
export function quickCheckTables(db: Database.Database, max = 5): string[] {
  const problems: string[] = [];
  for (const name of ordinaryTables(db)) {
    const rows = db.prepare(`PRAGMA main.quick_check(${quoted(name)})`).pluck().all() as string[];
    if (rows.length !== 1 || rows[0] !== 'ok') problems.push(...rows.map((r) => `${name}: ${r}`));
    if (problems.length >= max) return problems.slice(0, max);
  }
  // the census only means something over sound trees
  return problems.length ? problems : pageCensus(db).slice(0, max);
}
