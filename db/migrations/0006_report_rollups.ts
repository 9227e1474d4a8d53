// Frozen in time: this migration never imports application code. Later changes go in new migrations.
//
// Report rollups (reports engineer, issue #10). Reports must answer in ≤ 100 ms over 1M customers,
// 1M deals and 5M follow-ups, so they read small counter tables instead of the base tables. The
// counters are kept exact by triggers in the same transaction as every write (whichever service
// writes), so no service has to know about reports. Keys:
//   - day / month are LOCAL calendar days in the report time zone (rpt_meta.tz_mod, default +08:00);
//     changing the zone rebuilds the counters (main/services/reports/rollups.ts).
//   - owner_id 0 stands for "no owner" (the pool), so a plain PRIMARY KEY can be an upsert target.
//   - text dimensions use '' for NULL for the same reason.
import type { Migration } from './types';

const TZ = '(SELECT tz_mod FROM rpt_meta WHERE id = 1)';
const upsert = (cols: string[]) => `ON CONFLICT DO UPDATE SET ${cols.map((c) => `${c} = ${c} + excluded.${c}`).join(', ')}`;

/** Customer counters for one row image (OLD or NEW) with sign +1/-1, guarded by `live`. */
function customerRows(r: 'OLD' | 'NEW', sign: 1 | -1): string {
  const live = `${r}.deleted_at IS NULL`;
  const day = `date(${r}.created_at, ${TZ})`;
  const own = `IFNULL(${r}.owner_id, 0)`;
  const dims: [string, string][] = [
    ['p', 'province'],
    ['i', 'industry'],
    ['s', 'source'],
    ['l', 'level'],
  ];
  return [
    `INSERT INTO rpt_customers_daily (day, owner_id, status, n) SELECT ${day}, ${own}, ${r}.status, ${sign} WHERE ${live} ${upsert(['n'])};`,
    ...dims.map(
      ([k, col]) =>
        `INSERT INTO rpt_customers_monthly (month, dim, value, owner_id, status, n) SELECT substr(${day}, 1, 7), '${k}', IFNULL(${r}.${col}, ''), ${own}, ${r}.status, ${sign} WHERE ${live} ${upsert(['n'])};`,
    ),
  ].join('\n');
}

/** Deal counters (closed by day, open pipeline by stage) for one row image. */
function dealRows(r: 'OLD' | 'NEW', sign: 1 | -1): string {
  const own = `IFNULL(${r}.owner_id, 0)`;
  return [
    `INSERT INTO rpt_deals_closed_daily (day, owner_id, status, n, amount_fen) SELECT date(${r}.closed_at, ${TZ}), ${own}, ${r}.status, ${sign}, ${sign} * ${r}.amount_fen
       WHERE ${r}.deleted_at IS NULL AND ${r}.status IN ('won','lost') AND ${r}.closed_at IS NOT NULL ${upsert(['n', 'amount_fen'])};`,
    `INSERT INTO rpt_pipeline (stage_id, owner_id, n, amount_fen, weighted_x100) SELECT ${r}.stage_id, ${own}, ${sign}, ${sign} * ${r}.amount_fen, ${sign} * ${r}.amount_fen * ${r}.probability
       WHERE ${r}.deleted_at IS NULL AND ${r}.status = 'open' ${upsert(['n', 'amount_fen', 'weighted_x100'])};`,
  ].join('\n');
}

const SECONDS = (a: string, b: string) => `CAST(ROUND((julianday(${b}) - julianday(${a})) * 86400) AS INTEGER)`;
const NEXT_AT = `(SELECT s.at FROM deal_stage_history s WHERE s.deal_id = h.deal_id AND (s.at > h.at OR (s.at = h.at AND s.id > h.id)) ORDER BY s.at, s.id LIMIT 1)`;

/** Every stage-history contribution of one deal (entered + dwell until the next entry), with sign. */
function dealHistoryRows(r: 'OLD' | 'NEW', sign: 1 | -1): string {
  return `INSERT INTO rpt_stage_daily (day, stage_id, owner_id, entered_n, entered_amount, exited_n, dwell_sec)
    SELECT date(x.at, ${TZ}), x.to_stage_id, IFNULL(${r}.owner_id, 0), ${sign}, ${sign} * ${r}.amount_fen,
           ${sign} * (x.next_at IS NOT NULL), ${sign} * IFNULL(${SECONDS('x.at', 'x.next_at')}, 0)
    FROM (SELECT h.at, h.to_stage_id, ${NEXT_AT} AS next_at FROM deal_stage_history h WHERE h.deal_id = ${r}.id) x
    WHERE ${r}.deleted_at IS NULL
    ${upsert(['entered_n', 'entered_amount', 'exited_n', 'dwell_sec'])};`;
}

function followUpRows(r: 'OLD' | 'NEW', sign: 1 | -1): string {
  return `INSERT INTO rpt_followups_daily (day, owner_id, n) SELECT date(${r}.at, ${TZ}), IFNULL(${r}.owner_id, 0), ${sign} WHERE ${r}.deleted_at IS NULL ${upsert(['n'])};`;
}

const changed = (cols: string[]) => cols.map((c) => `OLD.${c} IS NOT NEW.${c}`).join(' OR ');

export const m0006_report_rollups: Migration = {
  version: 6,
  name: 'report rollups: daily/monthly counters kept exact by triggers, report indexes',
  up(db) {
    db.exec(`
      CREATE TABLE rpt_meta (
        id            INTEGER PRIMARY KEY CHECK (id = 1),
        tz_offset_min INTEGER NOT NULL,    -- minutes east of UTC of the report time zone
        tz_mod        TEXT NOT NULL        -- the same as a SQLite date modifier, e.g. '+480 minutes'
      ) STRICT;
      INSERT INTO rpt_meta (id, tz_offset_min, tz_mod) VALUES (1, 480, '+480 minutes');

      CREATE TABLE rpt_customers_daily (
        day TEXT NOT NULL, owner_id INTEGER NOT NULL, status TEXT NOT NULL, n INTEGER NOT NULL,
        PRIMARY KEY (day, owner_id, status)
      ) STRICT, WITHOUT ROWID;

      -- dim: p province, i industry, s source, l level. Monthly because day x owner x value x status
      -- would be as many rows as customers; days inside a partial month come from the base table.
      CREATE TABLE rpt_customers_monthly (
        month TEXT NOT NULL, dim TEXT NOT NULL, value TEXT NOT NULL, owner_id INTEGER NOT NULL,
        status TEXT NOT NULL, n INTEGER NOT NULL,
        PRIMARY KEY (dim, month, owner_id, value, status)
      ) STRICT, WITHOUT ROWID;

      CREATE TABLE rpt_deals_closed_daily (
        day TEXT NOT NULL, owner_id INTEGER NOT NULL, status TEXT NOT NULL,
        n INTEGER NOT NULL, amount_fen INTEGER NOT NULL,
        PRIMARY KEY (day, owner_id, status)
      ) STRICT, WITHOUT ROWID;

      -- open deals right now; weighted_x100 = sum(amount_fen * probability percent)
      CREATE TABLE rpt_pipeline (
        stage_id INTEGER NOT NULL, owner_id INTEGER NOT NULL,
        n INTEGER NOT NULL, amount_fen INTEGER NOT NULL, weighted_x100 INTEGER NOT NULL,
        PRIMARY KEY (stage_id, owner_id)
      ) STRICT, WITHOUT ROWID;

      -- stage entries by the local day of entry; exited_n/dwell_sec: entries that have a next entry,
      -- and the seconds until it (time spent in the stage)
      CREATE TABLE rpt_stage_daily (
        day TEXT NOT NULL, stage_id INTEGER NOT NULL, owner_id INTEGER NOT NULL,
        entered_n INTEGER NOT NULL, entered_amount INTEGER NOT NULL,
        exited_n INTEGER NOT NULL, dwell_sec INTEGER NOT NULL,
        PRIMARY KEY (day, stage_id, owner_id)
      ) STRICT, WITHOUT ROWID;

      CREATE TABLE rpt_followups_daily (
        day TEXT NOT NULL, owner_id INTEGER NOT NULL, n INTEGER NOT NULL,
        PRIMARY KEY (day, owner_id)
      ) STRICT, WITHOUT ROWID;

      -- base-table paths (attribute filters, partial months, overdue follow-ups)
      CREATE INDEX rpt_customers_created ON customers(created_at, owner_id, status, province, industry, source, level) WHERE deleted_at IS NULL;
      CREATE INDEX rpt_customers_next_fu ON customers(next_follow_up_at, owner_id) WHERE deleted_at IS NULL AND next_follow_up_at IS NOT NULL;
      CREATE INDEX rpt_deals_closed ON deals(closed_at, owner_id, status, amount_fen, customer_id) WHERE deleted_at IS NULL AND closed_at IS NOT NULL;
      CREATE INDEX rpt_follow_ups_at ON follow_ups(at, owner_id, customer_id) WHERE deleted_at IS NULL;

      CREATE TRIGGER rpt_customers_ai AFTER INSERT ON customers BEGIN
        ${customerRows('NEW', 1)}
      END;
      CREATE TRIGGER rpt_customers_ad AFTER DELETE ON customers BEGIN
        ${customerRows('OLD', -1)}
      END;
      CREATE TRIGGER rpt_customers_au AFTER UPDATE ON customers
        WHEN ${changed(['deleted_at', 'created_at', 'owner_id', 'status', 'province', 'industry', 'source', 'level'])}
      BEGIN
        ${customerRows('OLD', -1)}
        ${customerRows('NEW', 1)}
      END;

      CREATE TRIGGER rpt_deals_ai AFTER INSERT ON deals BEGIN
        ${dealRows('NEW', 1)}
      END;
      CREATE TRIGGER rpt_deals_ad AFTER DELETE ON deals BEGIN
        ${dealRows('OLD', -1)}
      END;
      -- before the delete: its history rows are still there (they cascade away with the deal)
      CREATE TRIGGER rpt_deals_bd_history BEFORE DELETE ON deals BEGIN
        ${dealHistoryRows('OLD', -1)}
      END;
      CREATE TRIGGER rpt_deals_au AFTER UPDATE ON deals
        WHEN ${changed(['deleted_at', 'status', 'closed_at', 'owner_id', 'amount_fen', 'stage_id', 'probability'])}
      BEGIN
        ${dealRows('OLD', -1)}
        ${dealRows('NEW', 1)}
      END;
      CREATE TRIGGER rpt_deals_au_history AFTER UPDATE ON deals
        WHEN ${changed(['deleted_at', 'owner_id', 'amount_fen'])}
      BEGIN
        ${dealHistoryRows('OLD', -1)}
        ${dealHistoryRows('NEW', 1)}
      END;

      -- history is append-only: a new entry is the deal's latest, and closes the previous entry's dwell
      CREATE TRIGGER rpt_stage_history_ai AFTER INSERT ON deal_stage_history BEGIN
        INSERT INTO rpt_stage_daily (day, stage_id, owner_id, entered_n, entered_amount, exited_n, dwell_sec)
          SELECT date(NEW.at, ${TZ}), NEW.to_stage_id, IFNULL(d.owner_id, 0), 1, d.amount_fen, 0, 0
          FROM deals d WHERE d.id = NEW.deal_id AND d.deleted_at IS NULL
          ${upsert(['entered_n', 'entered_amount', 'exited_n', 'dwell_sec'])};
        INSERT INTO rpt_stage_daily (day, stage_id, owner_id, entered_n, entered_amount, exited_n, dwell_sec)
          SELECT date(p.at, ${TZ}), p.to_stage_id, IFNULL(d.owner_id, 0), 0, 0, 1, ${SECONDS('p.at', 'NEW.at')}
          FROM deal_stage_history p, deals d
          WHERE d.id = NEW.deal_id AND d.deleted_at IS NULL
            AND p.id = (SELECT q.id FROM deal_stage_history q WHERE q.deal_id = NEW.deal_id AND q.id <> NEW.id
                          AND (q.at < NEW.at OR (q.at = NEW.at AND q.id < NEW.id)) ORDER BY q.at DESC, q.id DESC LIMIT 1)
          ${upsert(['entered_n', 'entered_amount', 'exited_n', 'dwell_sec'])};
      END;

      CREATE TRIGGER rpt_follow_ups_ai AFTER INSERT ON follow_ups BEGIN
        ${followUpRows('NEW', 1)}
      END;
      CREATE TRIGGER rpt_follow_ups_ad AFTER DELETE ON follow_ups BEGIN
        ${followUpRows('OLD', -1)}
      END;
      CREATE TRIGGER rpt_follow_ups_au AFTER UPDATE ON follow_ups
        WHEN ${changed(['deleted_at', 'at', 'owner_id'])}
      BEGIN
        ${followUpRows('OLD', -1)}
        ${followUpRows('NEW', 1)}
      END;
    `);

    // Rows that existed before this migration.
    db.exec(`
      INSERT INTO rpt_customers_daily (day, owner_id, status, n)
        SELECT date(created_at, ${TZ}), IFNULL(owner_id, 0), status, COUNT(*) FROM customers WHERE deleted_at IS NULL GROUP BY 1, 2, 3;
      INSERT INTO rpt_customers_monthly (month, dim, value, owner_id, status, n)
        SELECT substr(date(created_at, ${TZ}), 1, 7), 'p', IFNULL(province, ''), IFNULL(owner_id, 0), status, COUNT(*) FROM customers WHERE deleted_at IS NULL GROUP BY 1, 3, 4, 5
        UNION ALL SELECT substr(date(created_at, ${TZ}), 1, 7), 'i', IFNULL(industry, ''), IFNULL(owner_id, 0), status, COUNT(*) FROM customers WHERE deleted_at IS NULL GROUP BY 1, 3, 4, 5
        UNION ALL SELECT substr(date(created_at, ${TZ}), 1, 7), 's', IFNULL(source, ''), IFNULL(owner_id, 0), status, COUNT(*) FROM customers WHERE deleted_at IS NULL GROUP BY 1, 3, 4, 5
        UNION ALL SELECT substr(date(created_at, ${TZ}), 1, 7), 'l', IFNULL(level, ''), IFNULL(owner_id, 0), status, COUNT(*) FROM customers WHERE deleted_at IS NULL GROUP BY 1, 3, 4, 5;
      INSERT INTO rpt_deals_closed_daily (day, owner_id, status, n, amount_fen)
        SELECT date(closed_at, ${TZ}), IFNULL(owner_id, 0), status, COUNT(*), SUM(amount_fen) FROM deals
        WHERE deleted_at IS NULL AND status IN ('won','lost') AND closed_at IS NOT NULL GROUP BY 1, 2, 3;
      INSERT INTO rpt_pipeline (stage_id, owner_id, n, amount_fen, weighted_x100)
        SELECT stage_id, IFNULL(owner_id, 0), COUNT(*), SUM(amount_fen), SUM(amount_fen * probability) FROM deals
        WHERE deleted_at IS NULL AND status = 'open' GROUP BY 1, 2;
      INSERT INTO rpt_stage_daily (day, stage_id, owner_id, entered_n, entered_amount, exited_n, dwell_sec)
        SELECT date(h.at, ${TZ}), h.to_stage_id, IFNULL(d.owner_id, 0), COUNT(*), SUM(d.amount_fen), COUNT(h.next_at), IFNULL(SUM(${SECONDS('h.at', 'h.next_at')}), 0)
        FROM (SELECT deal_id, at, to_stage_id, LEAD(at) OVER (PARTITION BY deal_id ORDER BY at, id) AS next_at FROM deal_stage_history) h
        JOIN deals d ON d.id = h.deal_id AND d.deleted_at IS NULL
        GROUP BY 1, 2, 3;
      INSERT INTO rpt_followups_daily (day, owner_id, n)
        SELECT date(at, ${TZ}), IFNULL(owner_id, 0), COUNT(*) FROM follow_ups WHERE deleted_at IS NULL GROUP BY 1, 2;
    `);
  },
};
