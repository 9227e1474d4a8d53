// The report rollups (migration 0006) computed from scratch: used to rebuild them (after a time zone
// change) and, in tests, to prove the triggers keep them exact. Zero counters left behind by triggers
// are equivalent to missing rows.
import type { Db } from '../../../db/sql';

const TZ = '(SELECT tz_mod FROM rpt_meta WHERE id = 1)';
const SECONDS = `CAST(ROUND((julianday(h.next_at) - julianday(h.at)) * 86400) AS INTEGER)`;

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

/** Change the report time zone (minutes east of UTC) and recompute the day/month keys. */
export function setReportTimezone(db: Db, offsetMin: number): void {
  if (!Number.isInteger(offsetMin) || offsetMin < -720 || offsetMin > 840) throw new RangeError('offset out of range');
  db.tx(() => {
    db.prepare('UPDATE rpt_meta SET tz_offset_min = ?, tz_mod = ? WHERE id = 1').run(offsetMin, `${offsetMin >= 0 ? '+' : ''}${offsetMin} minutes`);
    rebuildRollups(db);
  });
}
