// Which indexes this database has, and their definitions, read once per connection: a speed path that
// needs a particular index (rpt_customers_created, customers_owner_created, customers_sort_created with
// last_follow_up_at) checks it here and keeps the plain path otherwise (e.g. a test database migrated part way).
import type { Db } from '../../../db/sql';

const cache = new WeakMap<Db, Map<string, string | null>>();

/** The CREATE INDEX statement of `name`, or null when there is no such index. */
export function indexDefinition(db: Db, name: string): string | null {
  let known = cache.get(db);
  if (!known) cache.set(db, (known = new Map()));
  if (!known.has(name)) {
    const row = db.prepare("SELECT sql FROM sqlite_master WHERE type = 'index' AND name = ?").get(name) as { sql: string | null } | undefined;
    known.set(name, row ? (row.sql ?? '') : null);
  }
  return known.get(name)!;
}
