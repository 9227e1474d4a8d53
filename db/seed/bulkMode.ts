// Bulk mode for the seed generator: while millions of generated rows go in, the triggers that only keep
// derived data in step (report rollups, list counters, deal stage totals) are dropped, and the derived
// tables are recomputed once at the end with set-based GROUP BYs — the same SQL the migrations backfill
// with and the reports' rebuildRollups() uses. Per row that saves the trigger programs (measured: a
// customer INSERT went from ~90 µs to under 10 µs without them); the result is the same as if every
// trigger had fired (tests/unit/db/seedBulkMode.test.ts compares against a trigger-maintained database).
import type { Db } from '../sql';
import { rebuildRollups } from '../../main/services/reports/rollups';

/** Triggers that maintain derived data only; anything else (audit guards) stays in place. */
const DERIVED_TRIGGER = /^(rpt_|customers_counts_|customer_tags_counts_|deal_totals_)/;

export interface SuspendedDerived {
  triggers: { name: string; sql: string }[];
}

export function suspendDerivedTriggers(db: Db, tables: string[]): SuspendedDerived {
  const rows = db.raw
    .prepare(`SELECT name, sql FROM sqlite_schema WHERE type = 'trigger' AND tbl_name IN (${tables.map(() => '?').join(',')})`)
    .all(...tables) as { name: string; sql: string }[];
  const triggers = rows.filter((r) => DERIVED_TRIGGER.test(r.name));
  for (const t of triggers) db.raw.exec(`DROP TRIGGER "${t.name}"`);
  return { triggers };
}

/** Recompute every table the suspended triggers maintain, then put the triggers back (one transaction). */
export function rebuildDerivedAndRestore(db: Db, suspended: SuspendedDerived): void {
  db.tx(() => {
    db.raw.exec(`
      DELETE FROM customer_owner_counts;
      INSERT INTO customer_owner_counts (owner_key, n)
        SELECT coalesce(owner_id, 0), count(*) FROM customers WHERE deleted_at IS NULL GROUP BY 1;
      DELETE FROM customer_option_counts;
      INSERT INTO customer_option_counts (kind, value, n)
        SELECT 'industry', industry, count(*) FROM customers WHERE deleted_at IS NULL AND industry IS NOT NULL GROUP BY industry;
      INSERT INTO customer_option_counts (kind, value, n)
        SELECT 'source', source, count(*) FROM customers WHERE deleted_at IS NULL AND source IS NOT NULL GROUP BY source;
      INSERT INTO customer_option_counts (kind, value, n)
        SELECT 'tag', tag, count(*) FROM customer_tags GROUP BY tag;
      DELETE FROM deal_stage_totals;
      INSERT INTO deal_stage_totals (stage_id, owner_key, deal_count, amount_fen)
        SELECT stage_id, ifnull(owner_id, 0), count(*), sum(amount_fen) FROM deals
        WHERE deleted_at IS NULL GROUP BY stage_id, ifnull(owner_id, 0);
    `);
    rebuildRollups(db);
    for (const t of suspended.triggers) db.raw.exec(t.sql);
  });
}
