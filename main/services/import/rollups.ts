// Report rollups of the customers an import creates, applied set-based once per chunk instead of by the
// per-row report triggers. The per-row AFTER INSERT triggers of 0006/0009/0011 (rpt_customers_ai: the
// daily row and four monthly rows; rpt_attr_customers_ai: four attribute rows) were three quarters of the
// CPU of a customer INSERT (100k rows: 9.0 s with them, 1.7 s without). Migration 0012 (writesperf) guards
// every report trigger with `NOT EXISTS (SELECT 1 FROM rpt_suspend)`: a writer puts a row there INSIDE its
// own transaction (never committed, never seen by another connection), writes, applies the same deltas
// with one GROUP BY per rollup table, and removes the row before COMMIT; a crash rolls it back with the rest.
//
// Only inserts are applied here. Anything else a chunk does to customers while suspended (the 'update'
// duplicate policy) switches the flag off around that row, so those triggers run as usual.
// If the database lacks the flag table, or the customers INSERT triggers it guards are not exactly the two
// this file mirrors (a later migration changed them), the import keeps the per-row triggers.
import type { Db } from '../../../db/sql';

/** The guarded AFTER INSERT triggers on customers whose effect applyCreated reproduces. */
const MIRRORED = ['rpt_attr_customers_ai', 'rpt_customers_ai'];

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
];
const APPLY_LIST = apply(BY_LIST);
const APPLY_RANGE = apply(BY_RANGE);

/** Whether this database lets the import suspend the customers INSERT report triggers (see above). */
export function canSuspendRollups(db: Db): boolean {
  const flag = db.prepare("SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'rpt_suspend'").get();
  if (!flag) return false;
  const guarded = db
    .prepare(
      `SELECT name FROM sqlite_schema WHERE type = 'trigger' AND tbl_name = 'customers'
         AND sql LIKE '%AFTER INSERT%' AND sql LIKE '%rpt\\_%' ESCAPE '\\' ORDER BY name`,
    )
    .all() as { name: string }[];
  return guarded.length === MIRRORED.length && guarded.every((g, i) => g.name === MIRRORED[i]);
}

/**
 * The flag for one transaction. on() at the start of a chunk, applyCreated(ids) + off() at its end, both
 * inside the chunk's transaction; pause(fn) runs a write with the triggers live (an UPDATE of an existing
 * customer). A no-op object when the database cannot suspend.
 */
export class RollupSuspend {
  private active = false;
  constructor(
    private readonly db: Db,
    readonly enabled: boolean,
  ) {}

  on(): void {
    if (!this.enabled || this.active) return;
    this.db.prepare('INSERT INTO rpt_suspend (id) VALUES (1)').run();
    this.active = true;
  }

  off(): void {
    if (!this.active) return;
    this.db.prepare('DELETE FROM rpt_suspend').run();
    this.active = false;
  }

  /** Run fn with the report triggers live (the flag removed for its duration). */
  pause<T>(fn: () => T): T {
    if (!this.active) return fn();
    this.off();
    try {
      return fn();
    } finally {
      this.on();
    }
  }

  /** Add the rollup rows of these newly inserted customers (rows that are gone or deleted count nothing). */
  applyCreated(ids: readonly number[]): void {
    if (!this.enabled || !ids.length) return;
    const [first, last] = [ids[0], ids[ids.length - 1]];
    const consecutive = last - first === ids.length - 1 && ids.every((id, i) => id === first + i);
    if (consecutive) for (const sql of APPLY_RANGE) this.db.prepare(sql).run(first, last);
    else for (const sql of APPLY_LIST) this.db.prepare(sql).run(JSON.stringify(ids));
  }

  /** After a rollback the flag row is gone with the transaction. */
  reset(): void {
    this.active = false;
  }
}
