// Frozen in time: this migration never imports application code. Later changes go in new migrations.
//
// customers_sort_created gains last_follow_up_at as a trailing column (same name, so every INDEXED BY
// keeps working). The list filter "no follow-up for N days" (last_follow_up_at IS NULL OR < cutoff) newest
// first is then answered from the index alone: before, every entry in scope cost a row lookup to read
// last_follow_up_at (a rep's first page at 1M: 7-11 ms, because the newest customers were all followed up
// recently and are skipped), and its budgeted total read the table. One more column in one index: a
// follow-up that moves a customer's last_follow_up_at rewrites this entry too. Built once at upgrade
// (about 1 s for 1M customers).
import type { Migration } from './types';

export const m0014_customers_created_last_fu: Migration = {
  version: 14,
  name: 'last follow-up time in the newest-first customer index (no-follow-up filter from the index)',
  up(db) {
    db.exec(`
      DROP INDEX IF EXISTS customers_sort_created;
      CREATE INDEX customers_sort_created ON customers(created_at, id, owner_id, deleted_at, last_follow_up_at) WHERE deleted_at IS NULL;
    `);
  },
};
