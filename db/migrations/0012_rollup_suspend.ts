// Frozen in time: this migration never imports application code. Later changes go in new migrations.
//
// Rollup suspend flag (writesperf, session 3, issue 11). Transferring 10,000 customers with their open deals
// took 3.2 s at 1M/1M/5M (target ≤ 2 s): every moved customer and deal re-keyed its report rows through
// the per-row triggers of 0006/0009/0011 (~100 µs per deal with its stage entries). A bulk operation now
// inserts a row into rpt_suspend INSIDE its own transaction, makes its set-based changes, applies the same
// rollup deltas with one GROUP BY per rollup table (db/rollupSuspend.ts) and deletes the row before it
// commits. Every report trigger on customers, deals, deal_stage_history and follow_ups gets the guard
// `WHEN NOT EXISTS (SELECT 1 FROM rpt_suspend)` in front of its own condition; the flag is never visible to
// another connection (it is never committed) and a crash rolls it back with the rest. Single-row writes pay
// one lookup in an empty table per trigger.
//
// The triggers are rewritten from their stored SQL (names unchanged, so the seed's bulk mode, which drops
// and re-creates rpt_* triggers from sqlite_schema, keeps working unchanged).
import type { Migration } from './types';

export const SUSPEND_GUARD = 'NOT EXISTS (SELECT 1 FROM rpt_suspend)';

/** The CREATE TRIGGER text with the guard ANDed in front of its WHEN (or a WHEN added before BEGIN). */
export function guardTriggerSql(sql: string): string {
  const begin = /\bBEGIN\b/i.exec(sql);
  if (!begin) throw new Error(`trigger without BEGIN: ${sql.slice(0, 80)}`);
  const head = sql.slice(0, begin.index);
  const when = /\bWHEN\b/i.exec(head);
  if (!when) return `${head.trimEnd()}\n  WHEN ${SUSPEND_GUARD}\n${sql.slice(begin.index)}`;
  const cond = head.slice(when.index + when[0].length).trim();
  return `${head.slice(0, when.index)}WHEN ${SUSPEND_GUARD} AND (${cond})\n${sql.slice(begin.index)}`;
}

export const m0012_rollup_suspend: Migration = {
  version: 12,
  name: 'rollup suspend flag: report triggers skip while a bulk write applies its deltas set-based',
  up(db) {
    db.exec(`
      -- at most one row, only ever inside an uncommitted transaction (db/rollupSuspend.ts)
      CREATE TABLE rpt_suspend (id INTEGER PRIMARY KEY) STRICT;
    `);
    const triggers = db
      .prepare(
        `SELECT name, sql FROM sqlite_schema WHERE type = 'trigger' AND name LIKE 'rpt\\_%' ESCAPE '\\'
           AND tbl_name IN ('customers', 'deals', 'deal_stage_history', 'follow_ups') ORDER BY name`,
      )
      .all() as { name: string; sql: string }[];
    for (const t of triggers) {
      db.exec(`DROP TRIGGER "${t.name}"`);
      db.exec(guardTriggerSql(t.sql));
    }
  },
};
