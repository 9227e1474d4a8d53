// Frozen in time: this migration never imports application code. Later changes go in new migrations.
//
// Covering indexes for reports filtered on TWO or more customer attributes at once (reports engineer,
// issue #10, session 2, round 2). Those filters cannot use the one-attribute rollups of 0009; reports start
// from the matching customers and reach their deals, stage entries and follow-ups by customer. The
// existing indexes (deals_customer, follow_ups_customer, deal_stage_history_deal) find the rows but then read
// each table row for owner / amount / status / stage: one random page read per row, 1.4 s for ~150k
// follow-ups at 1M customers. These indexes hold every column those reports read, so the probes never
// touch the tables. deleted_at is both the partial-index condition and the last column: SQLite counts an
// index as covering only when every column the query names is in it, and the queries say deleted_at IS NULL.
// Plain CREATE INDEX (no data rewrite): one sort per index.
import type { Migration } from './types';

export const m0010_report_customer_indexes: Migration = {
  version: 10,
  name: 'report_customer_indexes',
  up(db) {
    db.exec(`
      CREATE INDEX IF NOT EXISTS rpt_follow_ups_customer ON follow_ups(customer_id, at, owner_id, deleted_at) WHERE deleted_at IS NULL;
      CREATE INDEX IF NOT EXISTS rpt_deals_customer ON deals(customer_id, status, closed_at, owner_id, amount_fen, stage_id, probability, deleted_at) WHERE deleted_at IS NULL;
      CREATE INDEX IF NOT EXISTS rpt_stage_history_deal ON deal_stage_history(deal_id, at, to_stage_id);
    `);
  },
};
