// Report rollups and counts of the customers an import creates, applied set-based once per chunk instead of
// by the per-row AFTER INSERT triggers on customers (rpt_customers_ai: the daily row and four monthly rows;
// rpt_attr_customers_ai: four attribute rows; customers_counts_ins: the owner and option counts).
//
// The chunk's own transaction drops those three triggers before its INSERTs and creates them again, from the
// exact SQL stored in sqlite_schema, after applying the same deltas with one GROUP BY per table — all before
// its COMMIT, so no other connection ever sees the schema without them, and a crash or a refused chunk rolls
// the DROP back with everything else. Why drop rather than only skip them (migration 0012's rpt_suspend flag,
// which this used before): as long as ANY trigger can fire on an INSERT into customers, SQLite writes a
// statement journal for every single-row INSERT (a copy of each page it changes: the table and its 23
// indexes), whatever the triggers' WHEN says. 100k import rows at 1M: the rows cost 4.8 s of the writer's CPU
// with the triggers present (bodies skipped) and 3.5-3.7 s with them dropped.
//
// Only inserts are applied here; an UPDATE of an existing customer (the 'update' duplicate policy) fires its
// own triggers as usual. If the AFTER INSERT triggers on customers are not exactly the three this file
// mirrors (a later migration added or renamed one), the import keeps the per-row triggers.
import type { Db } from '../../../db/sql';

/** The AFTER INSERT triggers on customers whose effect applyCreated reproduces (sorted). */
const MIRRORED = ['customers_counts_ins', 'rpt_attr_customers_ai', 'rpt_customers_ai'];

const DIMS = `(SELECT 'p' AS dim UNION ALL SELECT 'i' UNION ALL SELECT 's' UNION ALL SELECT 'l') k`;
const DIM_VALUE = `IFNULL(CASE k.dim WHEN 'p' THEN c.province WHEN 'i' THEN c.industry WHEN 's' THEN c.source ELSE c.level END, '')`;
const DAY = `date(c.created_at, (SELECT tz_mod FROM rpt_meta WHERE id = 1))`;
// the created ids as a list, or as a range: a chunk's new rows get consecutive ids (rowid = max + 1 inside
// its IMMEDIATE transaction), so when they are consecutive every row in that range is one of them
const BY_LIST = `c.id IN (SELECT value FROM json_each(?)) AND c.deleted_at IS NULL`;
const BY_RANGE = `c.id BETWEEN ? AND ? AND c.deleted_at IS NULL`;

const apply = (CREATED: string) => [
  `INSERT INTO rpt_customers_daily (day, owner_id, status, n)
   SELECT ${DAY}, IFNULL(c.owner_id, 0), c.status, count(*) FROM customers c WHERE ${CREATED}
   GROUP BY 1, 2, 3 ON CONFLICT DO UPDATE SET n = n + excluded.n`,
  `INSERT INTO rpt_customers_monthly (month, dim, value, owner_id, status, n)
   SELECT substr(${DAY}, 1, 7), k.dim, ${DIM_VALUE}, IFNULL(c.owner_id, 0), c.status, count(*) FROM customers c, ${DIMS} WHERE ${CREATED}
   GROUP BY 1, 2, 3, 4, 5 ON CONFLICT DO UPDATE SET n = n + excluded.n`,
  `INSERT INTO rpt_attr_customers_daily (dim, value, day, owner_id, n)
   SELECT k.dim, ${DIM_VALUE}, ${DAY}, IFNULL(c.owner_id, 0), count(*) FROM customers c, ${DIMS} WHERE ${CREATED}
   GROUP BY 1, 2, 3, 4 ON CONFLICT DO UPDATE SET n = n + excluded.n`,
  // customers_counts_ins
  `INSERT INTO customer_owner_counts (owner_key, n)
   SELECT coalesce(c.owner_id, 0), count(*) FROM customers c WHERE ${CREATED}
   GROUP BY 1 ON CONFLICT(owner_key) DO UPDATE SET n = n + excluded.n`,
  ...['industry', 'source'].map(
    (kind) => `INSERT INTO customer_option_counts (kind, value, n)
   SELECT '${kind}', c.${kind}, count(*) FROM customers c WHERE ${CREATED} AND c.${kind} IS NOT NULL
   GROUP BY 2 ON CONFLICT(kind, value) DO UPDATE SET n = n + excluded.n`,
  ),
];
const APPLY_LIST = apply(BY_LIST);
const APPLY_RANGE = apply(BY_RANGE);

const AFTER_INSERT = /\bAFTER\s+INSERT\s+ON\b/i;

/** The AFTER INSERT triggers on customers, by name (sorted). */
function afterInsertTriggers(db: Db): { name: string; sql: string }[] {
  return (db.prepare("SELECT name, sql FROM sqlite_schema WHERE type = 'trigger' AND tbl_name = 'customers' ORDER BY name").all() as { name: string; sql: string }[]).filter((r) =>
    AFTER_INSERT.test(r.sql),
  );
}

/** Whether this database lets the import set the customers INSERT triggers aside (see above). */
export function canSetAsideInsertTriggers(db: Db): boolean {
  const found = afterInsertTriggers(db);
  return found.length === MIRRORED.length && found.every((g, i) => g.name === MIRRORED[i]);
}

/**
 * For one transaction: off() at the start of a chunk drops the triggers, applyCreated(ids) + on() at its end
 * add the new rows' deltas and create the triggers again, all inside the chunk's transaction. A no-op object
 * when the database does not allow it (then the per-row triggers run).
 */
export class InsertTriggersAside {
  private dropped = false;
  private sql: { name: string; sql: string }[] | null = null;
  constructor(
    private readonly db: Db,
    readonly enabled: boolean,
  ) {}

  off(): void {
    if (!this.enabled || this.dropped) return;
    this.sql ??= afterInsertTriggers(this.db);
    for (const t of this.sql) this.db.raw.exec(`DROP TRIGGER ${t.name}`);
    this.dropped = true;
  }

  /** Create the triggers again, exactly as they were stored. */
  on(): void {
    if (!this.dropped) return;
    for (const t of this.sql!) this.db.raw.exec(t.sql);
    this.dropped = false;
  }

  /** Add the rollup and count rows of these newly inserted customers (rows that are gone or deleted count nothing). */
  applyCreated(ids: readonly number[]): void {
    if (!this.enabled || !ids.length) return;
    const [first, last] = [ids[0], ids[ids.length - 1]];
    const consecutive = last - first === ids.length - 1 && ids.every((id, i) => id === first + i);
    if (consecutive) for (const sql of APPLY_RANGE) this.db.prepare(sql).run(first, last);
    else for (const sql of APPLY_LIST) this.db.prepare(sql).run(JSON.stringify(ids));
  }

  /** After a rollback the triggers are back with the rest of the transaction. */
  reset(): void {
    this.dropped = false;
  }
}
