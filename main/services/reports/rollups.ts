// The report rollups (migrations 0006 and 0009) computed from scratch: used to rebuild them (after a time zone
// change) and, in tests, to prove the triggers keep them exact. Zero counters left behind by triggers
// are equivalent to missing rows.
import type { Db } from '../../../db/sql';

const TZ = '(SELECT tz_mod FROM rpt_meta WHERE id = 1)';
const SECONDS = `CAST(ROUND((julianday(h.next_at) - julianday(h.at)) * 86400) AS INTEGER)`;
/** the four customer attributes a report can filter on: p province, i industry, s source, l level */
const DIMS = `(SELECT 'p' AS dim UNION ALL SELECT 'i' UNION ALL SELECT 's' UNION ALL SELECT 'l') k`;
const VAL = `IFNULL(CASE k.dim WHEN 'p' THEN c.province WHEN 'i' THEN c.industry WHEN 's' THEN c.source ELSE c.level END, '')`;

/** table -> [key columns, value columns, from-scratch SELECT producing exactly those columns] */
export const ROLLUPS: Record<string, { keys: string[]; values: string[]; scratch: string }> = {
  rpt_customers_daily: {
    keys: ['day', 'owner_id', 'status'],
    values: ['n'],
    scratch: `SELECT date(created_at, ${TZ}) AS day, IFNULL(owner_id, 0) AS owner_id, status, COUNT(*) AS n FROM customers WHERE deleted_at IS NULL GROUP BY 1, 2, 3`,
  },
  rpt_customers_monthly: {
    keys: ['month', 'dim', 'value', 'owner_id', 'status'],
    values: ['n'],
    scratch: (['p:province', 'i:industry', 's:source', 'l:level'] as const)
      .map((d) => {
        const [k, col] = d.split(':');
        return `SELECT substr(date(created_at, ${TZ}), 1, 7) AS month, '${k}' AS dim, IFNULL(${col}, '') AS value, IFNULL(owner_id, 0) AS owner_id, status, COUNT(*) AS n
                FROM customers WHERE deleted_at IS NULL GROUP BY 1, 3, 4, 5`;
      })
      .join(' UNION ALL '),
  },
  rpt_deals_closed_daily: {
    keys: ['day', 'owner_id', 'status'],
    values: ['n', 'amount_fen'],
    scratch: `SELECT date(closed_at, ${TZ}) AS day, IFNULL(owner_id, 0) AS owner_id, status, COUNT(*) AS n, SUM(amount_fen) AS amount_fen FROM deals
              WHERE deleted_at IS NULL AND status IN ('won', 'lost') AND closed_at IS NOT NULL GROUP BY 1, 2, 3`,
  },
  rpt_pipeline: {
    keys: ['stage_id', 'owner_id'],
    values: ['n', 'amount_fen', 'weighted_x100'],
    scratch: `SELECT stage_id, IFNULL(owner_id, 0) AS owner_id, COUNT(*) AS n, SUM(amount_fen) AS amount_fen, SUM(amount_fen * probability) AS weighted_x100
              FROM deals WHERE deleted_at IS NULL AND status = 'open' GROUP BY 1, 2`,
  },
  rpt_stage_daily: {
    keys: ['day', 'stage_id', 'owner_id'],
    values: ['entered_n', 'entered_amount', 'exited_n', 'dwell_sec'],
    scratch: `SELECT date(h.at, ${TZ}) AS day, h.to_stage_id AS stage_id, IFNULL(d.owner_id, 0) AS owner_id, COUNT(*) AS entered_n, SUM(d.amount_fen) AS entered_amount,
                     COUNT(h.next_at) AS exited_n, IFNULL(SUM(${SECONDS}), 0) AS dwell_sec
              FROM (SELECT deal_id, at, to_stage_id, LEAD(at) OVER (PARTITION BY deal_id ORDER BY at, id) AS next_at FROM deal_stage_history) h
              JOIN deals d ON d.id = h.deal_id AND d.deleted_at IS NULL GROUP BY 1, 2, 3`,
  },
  rpt_followups_daily: {
    keys: ['day', 'owner_id'],
    values: ['n'],
    scratch: `SELECT date(at, ${TZ}) AS day, IFNULL(owner_id, 0) AS owner_id, COUNT(*) AS n FROM follow_ups WHERE deleted_at IS NULL GROUP BY 1, 2`,
  },
  // migration 0009: the same counters once per customer attribute (of the row's customer)
  rpt_attr_customers_daily: {
    keys: ['dim', 'value', 'day', 'owner_id'],
    values: ['n'],
    scratch: `SELECT k.dim, ${VAL} AS value, date(c.created_at, ${TZ}) AS day, IFNULL(c.owner_id, 0) AS owner_id, COUNT(*) AS n
              FROM customers c CROSS JOIN ${DIMS} WHERE c.deleted_at IS NULL GROUP BY 1, 2, 3, 4`,
  },
  rpt_attr_deals_closed_daily: {
    keys: ['dim', 'value', 'day', 'owner_id', 'status'],
    values: ['n', 'amount_fen'],
    scratch: `SELECT k.dim, ${VAL} AS value, date(d.closed_at, ${TZ}) AS day, IFNULL(d.owner_id, 0) AS owner_id, d.status, COUNT(*) AS n, SUM(d.amount_fen) AS amount_fen
              FROM deals d CROSS JOIN customers c CROSS JOIN ${DIMS}
              WHERE c.id = d.customer_id AND d.deleted_at IS NULL AND d.status IN ('won', 'lost') AND d.closed_at IS NOT NULL GROUP BY 1, 2, 3, 4, 5`,
  },
  rpt_attr_pipeline: {
    keys: ['dim', 'value', 'stage_id', 'owner_id'],
    values: ['n', 'amount_fen', 'weighted_x100'],
    scratch: `SELECT k.dim, ${VAL} AS value, d.stage_id, IFNULL(d.owner_id, 0) AS owner_id, COUNT(*) AS n, SUM(d.amount_fen) AS amount_fen, SUM(d.amount_fen * d.probability) AS weighted_x100
              FROM deals d CROSS JOIN customers c CROSS JOIN ${DIMS} WHERE c.id = d.customer_id AND d.deleted_at IS NULL AND d.status = 'open' GROUP BY 1, 2, 3, 4`,
  },
  rpt_attr_stage_daily: {
    keys: ['dim', 'value', 'day', 'stage_id', 'owner_id'],
    values: ['entered_n', 'entered_amount', 'exited_n', 'dwell_sec'],
    scratch: `SELECT k.dim, ${VAL} AS value, date(h.at, ${TZ}) AS day, h.to_stage_id AS stage_id, IFNULL(d.owner_id, 0) AS owner_id, COUNT(*) AS entered_n,
                     SUM(d.amount_fen) AS entered_amount, COUNT(h.next_at) AS exited_n, IFNULL(SUM(${SECONDS}), 0) AS dwell_sec
              FROM (SELECT deal_id, at, to_stage_id, LEAD(at) OVER (PARTITION BY deal_id ORDER BY at, id) AS next_at FROM deal_stage_history) h
                   CROSS JOIN deals d CROSS JOIN customers c CROSS JOIN ${DIMS}
              WHERE d.id = h.deal_id AND d.deleted_at IS NULL AND c.id = d.customer_id GROUP BY 1, 2, 3, 4, 5`,
  },
  rpt_attr_followups_daily: {
    keys: ['dim', 'value', 'day', 'owner_id'],
    values: ['n'],
    scratch: `SELECT k.dim, ${VAL} AS value, date(f.at, ${TZ}) AS day, IFNULL(f.owner_id, 0) AS owner_id, COUNT(*) AS n
              FROM follow_ups f CROSS JOIN customers c CROSS JOIN ${DIMS} WHERE c.id = f.customer_id AND f.deleted_at IS NULL GROUP BY 1, 2, 3, 4`,
  },
};

/** Throw away and recompute every rollup (one transaction). */
export function rebuildRollups(db: Db): void {
  db.tx(() => {
    for (const [table, r] of Object.entries(ROLLUPS)) {
      db.raw.exec(`DELETE FROM ${table}`);
      db.raw.exec(`INSERT INTO ${table} (${[...r.keys, ...r.values].join(', ')}) ${r.scratch}`);
    }
  });
}

/** Rows where the stored rollup and a from-scratch GROUP BY disagree (empty = exact). */
export function rollupDifferences(db: Db): { table: string; key: string; stored: number[]; scratch: number[] }[] {
  const out: { table: string; key: string; stored: number[]; scratch: number[] }[] = [];
  for (const [table, r] of Object.entries(ROLLUPS)) {
    const nonZero = r.values.map((v) => `${v} <> 0`).join(' OR ');
    const read = (sql: string) => {
      const m = new Map<string, number[]>();
      for (const row of db.raw.prepare(`SELECT * FROM (${sql}) WHERE ${nonZero}`).all() as Record<string, unknown>[]) {
        m.set(JSON.stringify(r.keys.map((k) => row[k])), r.values.map((v) => Number(row[v])));
      }
      return m;
    };
    const stored = read(`SELECT * FROM ${table}`);
    const scratch = read(r.scratch);
    for (const key of new Set([...stored.keys(), ...scratch.keys()])) {
      const a = stored.get(key) ?? r.values.map(() => 0);
      const b = scratch.get(key) ?? r.values.map(() => 0);
      if (a.some((x, i) => x !== b[i])) out.push({ table, key, stored: a, scratch: b });
    }
  }
  return out;
}

/** The from-scratch SELECT of a rollup table for a given SQLite date modifier (e.g. '+480 minutes'). */
export function scratchFor(table: string, tzMod: string): string {
  return ROLLUPS[table].scratch.replaceAll(TZ, `'${tzMod.replace(/'/g, "''")}'`);
}

/** The SQLite date modifier of an offset in minutes east of UTC. */
export const tzModOf = (offsetMin: number): string => `${offsetMin >= 0 ? '+' : ''}${offsetMin} minutes`;

/** Change the report time zone (minutes east of UTC) and recompute the day/month keys. */
export function setReportTimezone(db: Db, offsetMin: number): void {
  if (!Number.isInteger(offsetMin) || offsetMin < -720 || offsetMin > 840) throw new RangeError('offset out of range');
  db.tx(() => {
    db.prepare('UPDATE rpt_meta SET tz_offset_min = ?, tz_mod = ? WHERE id = 1').run(offsetMin, tzModOf(offsetMin));
    rebuildRollups(db);
  });
}
