// Frozen in time: this migration never imports application code. Later changes go in new migrations.
//
// Customer index diet (issue 11): every customer insert, owner change and attribute edit wrote 25 indexes.
// Two of them answer nothing another index does not answer as well:
// - customers_owner (owner_id, id): no statement chose it at 1M (EXPLAIN QUERY PLAN of every customers
//   statement the unit tests prepare) except the transfer "everything matching an owner filter", which
//   now reads the same range of customers_owner_created (also led by owner_id) and sorts the ids.
// - rpt_customers_next_fu (next_follow_up_at, owner_id): read only by the overdue count of the reports;
//   that count now reads the same range of customers_sort_next_fu (coalesce(next_follow_up_at, '~') < now
//   is next_follow_up_at < now; owner_id is in that index too).
// Kept on purpose (measured, see docs/benchmarks.md issue 11): rpt_customers_created next to
// customers_sort_created (merged, the wider index made the offset jump of the default list ~60% slower),
// the four rpt_customers_attr_* (the filtered customer analysis), owner_id in the sort indexes (a rep's
// sorted lists from the index alone).
// Dropping an index also drops its sqlite_stat1 row; the other indexes' statistics are untouched.
import type { Migration } from './types';

export const m0015_customer_index_diet: Migration = {
  version: 15,
  name: 'customer index diet (two redundant customer indexes dropped)',
  up(db) {
    db.exec(`
      DROP INDEX IF EXISTS customers_owner;
      DROP INDEX IF EXISTS rpt_customers_next_fu;
    `);
  },
};
