// FTS5 merges in bounded statements: the scrub after a purge (a deleted row's tokens stay in old segments until
// merged) and the app's background merger (main/workers/ftsMerge.worker.ts) both go a statement at a time, so
// neither holds the write lock long.
import type Database from 'better-sqlite3';

/**
 * One `INSERT INTO fts(fts, rank) VALUES('merge', pages)` for `table` (pages > 0: merge when a level has enough
 * segments; < 0: merge whatever there is); the returned function runs it once and says whether it merged
 * anything. The INSERT itself always counts one change, so work was done only when total_changes() moved by 2 or
 * more (https://sqlite.org/fts5.html#the_merge_command). Counting a move of 1 as work ran the scrub's loop to its
 * cap: 100,000 autocommit writes per table after every purge.
 */
export function ftsMergeStep(db: Database.Database, table: string, pages: number): () => boolean {
  // an integer literal: FTS5 reads the page count from the value as it is given
  const step = db.prepare(`INSERT INTO ${table} (${table}, rank) VALUES ('merge', ${Math.trunc(pages)})`);
  const total = db.prepare('SELECT total_changes()').pluck();
  return () => {
    const before = total.get() as number;
    step.run();
    return (total.get() as number) - before >= 2;
  };
}

/** Runs merge statements of at most `pages` pages (any level) until one does no work; returns how many ran. */
export function mergeFtsSegments(db: Database.Database, table: string, pages: number, maxStatements = 100_000): number {
  const merge = ftsMergeStep(db, table, -pages);
  let n = 0;
  while (n < maxStatements) {
    n++;
    if (!merge()) break;
  }
  return n;
}
