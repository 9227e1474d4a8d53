// Merges an FTS5 table's segments a bounded number of pages per statement until nothing is left to merge, so a
// deleted row's tokens (which stay in old segments until merged) leave the file without one long write lock.
import type Database from 'better-sqlite3';

/**
 * Runs `INSERT INTO fts(fts, rank) VALUES('merge', -pages)` until a statement does no work; returns how many
 * statements ran. The INSERT itself always counts one change, so work was done only when total_changes() moved
 * by 2 or more (https://sqlite.org/fts5.html#the_merge_command). Counting a move of 1 as work ran the loop to
 * its cap: 100,000 autocommit writes per table after every purge.
 */
export function mergeFtsSegments(db: Database.Database, table: string, pages: number, maxStatements = 100_000): number {
  const step = db.prepare(`INSERT INTO ${table} (${table}, rank) VALUES ('merge', ?)`);
  const total = db.prepare('SELECT total_changes()').pluck();
  let n = 0;
  while (n < maxStatements) {
    const before = total.get() as number;
    step.run(-pages);
    n++;
    if ((total.get() as number) - before < 2) break;
  }
  return n;
}
