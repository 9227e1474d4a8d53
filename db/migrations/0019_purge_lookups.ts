// Frozen in time: this migration never imports application code. Later changes go in new migrations.
//
// Lookups the recycle bin's purge makes for every step of 10–50 purged customers: the automation runs and the
// notifications that name the purged records, and the pool claims of each deleted customer (the foreign key
// check of `DELETE FROM customers` looks for child rows in pool_claims, which had no index on customer_id:
// one scan of the whole claims history per purged customer). Without these indexes a purge of 10,000
// customers scanned tables that grow for ever (one automation run per customer per rule run, one claim per
// pool claim) tens of thousands of times. Small tables at upgrade time (built once; the seed writes none).
import type { Migration } from './types';

export const m0019_purge_lookups: Migration = {
  version: 19,
  name: 'indexes for the purge: automation runs by entity, notifications by link, pool claims by customer',
  up(db) {
    db.exec(`
      CREATE INDEX IF NOT EXISTS automation_runs_entity ON automation_runs(entity, entity_id);
      CREATE INDEX IF NOT EXISTS notifications_link ON notifications(link);
      CREATE INDEX IF NOT EXISTS pool_claims_customer ON pool_claims(customer_id);
    `);
  },
};
