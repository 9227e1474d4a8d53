// Bulk mode for the seed generator: while millions of generated rows go in, the triggers that only keep
// derived data in step (report rollups, list counters, deal stage totals) are dropped, and the derived
// tables are recomputed once at the end with set-based GROUP BYs — the same SQL the migrations backfill
// with and the reports' rebuildRollups() uses. Per row that saves the trigger programs (measured: a
// customer INSERT went from ~90 µs to under 10 µs without them); the result is the same as if every
// trigger had fired (tests/unit/db/seedBulkMode.test.ts compares against a trigger-maintained database).
import type { Db } from '../sql';
import { ROLLUPS } from '../../main/services/reports/rollups';

/** Rollup tables whose seeded rows were counted in JavaScript: their counts are added instead of a rebuild. */
export interface CountedRollups {
  tables: readonly string[];
  apply(db: Db): void;
}

/** Triggers that maintain derived data only; anything else (audit guards) stays in place. */
// follow_up_text_*: the follow-up text index (migration 0018); the seed indexes its follow-ups in one pass
const DERIVED_TRIGGER = /^(rpt_|customers_counts_|customer_tags_counts_|deal_totals_|follow_up_text_)/;

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

/**
 * Recompute every table the suspended triggers maintain, then put the triggers back (one transaction).
 * Rollup tables in `counted` (the seeded rows counted as they were generated: customerRollups.ts,
 * factRollups.ts) get those counts added instead of a from-scratch GROUP BY over the whole table.
 */
export function rebuildDerivedAndRestore(db: Db, suspended: SuspendedDerived, counted: CountedRollups[] = []): void {
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
    // the same statements as rollups.ts rebuildRollups(), minus the tables the counter fills
    const skip = new Set(counted.flatMap((c) => c.tables));
    for (const [table, r] of Object.entries(ROLLUPS)) {
      if (skip.has(table)) continue;
      db.raw.exec(`DELETE FROM ${table}`);
      db.raw.exec(`INSERT INTO ${table} (${[...r.keys, ...r.values].join(', ')}) ${r.scratch}`);
    }
    for (const c of counted) c.apply(db);
    for (const t of suspended.triggers) db.raw.exec(t.sql);
  });
}

/** FTS5 tables of the customer search, and the merge settings the seed changes while it bulk-loads them. */
const FTS_TABLES = ['customer_fts', 'customer_grams'];
const FTS_BULK: Record<string, number> = { automerge: 0, crisismerge: 64 };
/** FTS5's built-in values (https://sqlite.org/fts5.html#fts5_configuration_options), put back when unset before */
// (the app's tables carry automerge = 0 since migration 0020 — main/app/ftsMerger.ts merges them in a worker —
// and that saved value is what the restore step puts back)
const FTS_DEFAULT: Record<string, number> = { automerge: 4, crisismerge: 16 };

// FTS5 wants an integer; better-sqlite3 binds a JS number as a REAL, so the value goes in as a literal
function setFtsOption(db: Db, table: string, key: string, value: unknown): void {
  const n = Number(value);
  if (!Number.isSafeInteger(n)) throw new Error(`FTS5 option ${key} of ${table}: not an integer: ${String(value)}`);
  db.raw.prepare(`INSERT INTO ${table} (${table}, rank) VALUES (?, ${n})`).run(key);
}

/**
 * Stop FTS5's incremental merging while the seed fills the search tables: every flushed segment would
 * otherwise be merged again and again as the index grows (measured at 100k rows: trigram inserts 16 -> 12
 * µs/row, grams 7.9 -> 6.1); the seed's final 'optimize' merges everything once. Returns the restore step.
 */
export function suspendFtsMerges(db: Db): () => void {
  const saved: [string, string, unknown][] = [];
  for (const t of FTS_TABLES) {
    for (const [k, v] of Object.entries(FTS_BULK)) {
      const row = db.raw.prepare(`SELECT v FROM ${t}_config WHERE k = ?`).get(k) as { v: unknown } | undefined;
      saved.push([t, k, row ? row.v : FTS_DEFAULT[k]]);
      setFtsOption(db, t, k, v);
    }
  }
  return () => {
    for (const [t, k, v] of saved) setFtsOption(db, t, k, v);
  };
}
