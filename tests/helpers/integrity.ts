// PRAGMA integrity_check of a database FILE, on a connection of its own.
//
// Why not on the app's connection: FTS5 caches each index's segment structure per connection, and its own
// integrity check (which SQLite >= 3.44 runs inside integrity_check) reads that cache without first asking
// whether another connection has changed the index. After the FTS merge worker (main/app/ftsMerger.ts) or an
// import worker has merged or added segments, the app's connection then reports "fts5: corruption found
// reading blob …" for segments that were merged away, although the file is sound (a fresh connection says
// ok, and the app's own queries and writes re-read the structure and stay correct:
// tests/unit/ftsmerge/ftsMerger.test.ts). A check of what is on disk needs a connection that has no cache.
import Database from 'better-sqlite3';

export function fileIntegrity(file: string, pragma: 'integrity_check' | 'quick_check' = 'integrity_check'): string {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    return (db.prepare(`PRAGMA ${pragma}`).pluck().all() as string[]).join('; ');
  } finally {
    db.close();
  }
}
