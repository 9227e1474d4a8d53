// Frozen in time: this migration never imports application code. Later changes go in new migrations.
//
// Report rollups keyed additionally by ONE customer attribute (reports engineer, issue #10, session 2).
// Reports filtered by region / industry / source / level used to join the base tables (2–11 s at 1M
// customers / 1M deals / 5M follow-ups). These tables repeat the 0006 counters once per customer
// attribute: key (dim, value, ...) with dim p province, i industry, s source, l level and value the
// customer's attribute ('' for NULL). A filter on one attribute (any number of values) sums the rows of
// those values, reading at most days × owners rows per value.
//
// Deals, stage entries and follow-ups take the attribute of THEIR customer, so the triggers re-key a
// customer's deals / stage entries / follow-ups when the customer's attribute changes, and a deal's or
// follow-up's rows when it moves to another customer. Owners stay the owner of the counted row (deal
// owner, follow-up owner), as in 0006. All triggers are named rpt_attr_* (the seed drops rpt_% during
// bulk loads and calls rebuildRollups(), which recomputes these tables from ROLLUPS in rollups.ts).
import type { Migration } from './types';

const TZ = '(SELECT tz_mod FROM rpt_meta WHERE id = 1)';
const upsert = (cols: string[]) => `ON CONFLICT DO UPDATE SET ${cols.map((c) => `${c} = ${c} + excluded.${c}`).join(', ')}`;
const DIMS = `(SELECT 'p' AS dim UNION ALL SELECT 'i' UNION ALL SELECT 's' UNION ALL SELECT 'l') k`;
/** the attribute value of customer row `c` for dimension k.dim */
const VAL = (c: string) => `IFNULL(CASE k.dim WHEN 'p' THEN ${c}.province WHEN 'i' THEN ${c}.industry WHEN 's' THEN ${c}.source ELSE ${c}.level END, '')`;
const SECONDS = (a: string, b: string) => `CAST(ROUND((julianday(${b}) - julianday(${a})) * 86400) AS INTEGER)`;
const NEXT_AT = `(SELECT s.at FROM deal_stage_history s WHERE s.deal_id = h.deal_id AND (s.at > h.at OR (s.at = h.at AND s.id > h.id)) ORDER BY s.at, s.id LIMIT 1)`;
const changed = (cols: string[]) => cols.map((c) => `OLD.${c} IS NOT NEW.${c}`).join(' OR ');
const ATTRS = ['province', 'industry', 'source', 'level'];

/**
 * Where a fact row `r` meets its customer `c`:
 *   - trigger on the fact table: r = OLD/NEW, c = the customers table joined by id;
 *   - trigger on customers: c = OLD/NEW, r = every row of the fact table that belongs to it.
 */
interface Side {
  r: string;
  c: string;
  from: string;
  where: string;
}
const factSide = (r: 'OLD' | 'NEW'): Side => ({ r, c: 'c', from: 'customers c', where: `c.id = ${r}.customer_id` });
const customerSide = (c: 'OLD' | 'NEW', table: string, alias: string): Side => ({ r: alias, c, from: `${table} ${alias}`, where: `${alias}.customer_id = ${c}.id` });

function customerRows(r: 'OLD' | 'NEW', sign: 1 | -1): string {
  return `INSERT INTO rpt_attr_customers_daily (dim, value, day, owner_id, n)
    SELECT k.dim, ${VAL(r)}, date(${r}.created_at, ${TZ}), IFNULL(${r}.owner_id, 0), ${sign} FROM ${DIMS}
    WHERE ${r}.deleted_at IS NULL ${upsert(['n'])};`;
}

function dealRows(s: Side, sign: 1 | -1): string {
  const { r, c } = s;
  return [
    `INSERT INTO rpt_attr_deals_closed_daily (dim, value, day, owner_id, status, n, amount_fen)
      SELECT k.dim, ${VAL(c)}, date(${r}.closed_at, ${TZ}), IFNULL(${r}.owner_id, 0), ${r}.status, ${sign}, ${sign} * ${r}.amount_fen
      FROM ${s.from}, ${DIMS}
      WHERE ${s.where} AND ${r}.deleted_at IS NULL AND ${r}.status IN ('won','lost') AND ${r}.closed_at IS NOT NULL ${upsert(['n', 'amount_fen'])};`,
    `INSERT INTO rpt_attr_pipeline (dim, value, stage_id, owner_id, n, amount_fen, weighted_x100)
      SELECT k.dim, ${VAL(c)}, ${r}.stage_id, IFNULL(${r}.owner_id, 0), ${sign}, ${sign} * ${r}.amount_fen, ${sign} * ${r}.amount_fen * ${r}.probability
      FROM ${s.from}, ${DIMS}
      WHERE ${s.where} AND ${r}.deleted_at IS NULL AND ${r}.status = 'open' ${upsert(['n', 'amount_fen', 'weighted_x100'])};`,
  ].join('\n');
}

/** Every stage-history contribution (entered + dwell until the next entry) of the deals of side s. */
function historyRows(s: Side, sign: 1 | -1): string {
  const { r, c } = s;
  return `INSERT INTO rpt_attr_stage_daily (dim, value, day, stage_id, owner_id, entered_n, entered_amount, exited_n, dwell_sec)
    SELECT k.dim, ${VAL(c)}, date(x.at, ${TZ}), x.to_stage_id, IFNULL(${r}.owner_id, 0), ${sign}, ${sign} * ${r}.amount_fen,
           ${sign} * (x.next_at IS NOT NULL), ${sign} * IFNULL(${SECONDS('x.at', 'x.next_at')}, 0)
    FROM ${s.from}, (SELECT h.deal_id, h.at, h.to_stage_id, ${NEXT_AT} AS next_at FROM deal_stage_history h) x, ${DIMS}
    WHERE ${s.where} AND x.deal_id = ${r}.id AND ${r}.deleted_at IS NULL
    ${upsert(['entered_n', 'entered_amount', 'exited_n', 'dwell_sec'])};`;
}

function followUpRows(s: Side, sign: 1 | -1): string {
  const { r, c } = s;
  return `INSERT INTO rpt_attr_followups_daily (dim, value, day, owner_id, n)
    SELECT k.dim, ${VAL(c)}, date(${r}.at, ${TZ}), IFNULL(${r}.owner_id, 0), ${sign} FROM ${s.from}, ${DIMS}
    WHERE ${s.where} AND ${r}.deleted_at IS NULL ${upsert(['n'])};`;
}

/** Everything counted under customer image c (its deals, their stage entries, its follow-ups). */
const customerFacts = (c: 'OLD' | 'NEW', sign: 1 | -1) =>
  [dealRows(customerSide(c, 'deals', 'd'), sign), historyRows(customerSide(c, 'deals', 'd'), sign), followUpRows(customerSide(c, 'follow_ups', 'f'), sign)].join('\n');

const STAGE_COLS = 'dim, value, day, stage_id, owner_id, entered_n, entered_amount, exited_n, dwell_sec';

export const m0009_report_attr_rollups: Migration = {
  version: 9,
  name: 'report rollups keyed by one customer attribute (region/industry/source/level), kept exact by triggers',
  up(db) {
    db.exec(`
      -- no status: filtered reports only count new customers; the filtered customer analysis (by status and
      -- across attributes) scans the rpt_customers_attr_* indexes below instead
      CREATE TABLE rpt_attr_customers_daily (
        dim TEXT NOT NULL, value TEXT NOT NULL, day TEXT NOT NULL, owner_id INTEGER NOT NULL, n INTEGER NOT NULL,
        PRIMARY KEY (dim, value, day, owner_id)
      ) STRICT, WITHOUT ROWID;
      CREATE TABLE rpt_attr_deals_closed_daily (
        dim TEXT NOT NULL, value TEXT NOT NULL, day TEXT NOT NULL, owner_id INTEGER NOT NULL, status TEXT NOT NULL,
        n INTEGER NOT NULL, amount_fen INTEGER NOT NULL,
        PRIMARY KEY (dim, value, day, owner_id, status)
      ) STRICT, WITHOUT ROWID;
      CREATE TABLE rpt_attr_pipeline (
        dim TEXT NOT NULL, value TEXT NOT NULL, stage_id INTEGER NOT NULL, owner_id INTEGER NOT NULL,
        n INTEGER NOT NULL, amount_fen INTEGER NOT NULL, weighted_x100 INTEGER NOT NULL,
        PRIMARY KEY (dim, value, stage_id, owner_id)
      ) STRICT, WITHOUT ROWID;
      CREATE TABLE rpt_attr_stage_daily (
        dim TEXT NOT NULL, value TEXT NOT NULL, day TEXT NOT NULL, stage_id INTEGER NOT NULL, owner_id INTEGER NOT NULL,
        entered_n INTEGER NOT NULL, entered_amount INTEGER NOT NULL, exited_n INTEGER NOT NULL, dwell_sec INTEGER NOT NULL,
        PRIMARY KEY (dim, value, day, stage_id, owner_id)
      ) STRICT, WITHOUT ROWID;
      CREATE TABLE rpt_attr_followups_daily (
        dim TEXT NOT NULL, value TEXT NOT NULL, day TEXT NOT NULL, owner_id INTEGER NOT NULL, n INTEGER NOT NULL,
        PRIMARY KEY (dim, value, day, owner_id)
      ) STRICT, WITHOUT ROWID;

      -- customer analysis with an attribute filter: one covering index per attribute, led by it, so a
      -- filtered scan reads only the matching customers of the range (all other attributes included)
      CREATE INDEX rpt_customers_attr_p ON customers(province, created_at, owner_id, status, industry, source, level) WHERE deleted_at IS NULL;
      CREATE INDEX rpt_customers_attr_i ON customers(industry, created_at, owner_id, status, province, source, level) WHERE deleted_at IS NULL;
      CREATE INDEX rpt_customers_attr_s ON customers(source, created_at, owner_id, status, province, industry, level) WHERE deleted_at IS NULL;
      CREATE INDEX rpt_customers_attr_l ON customers(level, created_at, owner_id, status, province, industry, source) WHERE deleted_at IS NULL;

      CREATE TRIGGER rpt_attr_customers_ai AFTER INSERT ON customers BEGIN
        ${customerRows('NEW', 1)}
      END;
      CREATE TRIGGER rpt_attr_customers_ad AFTER DELETE ON customers BEGIN
        ${customerRows('OLD', -1)}
      END;
      -- a purged customer takes its attribute away from whatever still points at it
      CREATE TRIGGER rpt_attr_customers_bd BEFORE DELETE ON customers BEGIN
        ${customerFacts('OLD', -1)}
      END;
      CREATE TRIGGER rpt_attr_customers_au AFTER UPDATE ON customers
        WHEN ${changed(['deleted_at', 'created_at', 'owner_id', ...ATTRS])}
      BEGIN
        ${customerRows('OLD', -1)}
        ${customerRows('NEW', 1)}
      END;
      CREATE TRIGGER rpt_attr_customers_au_facts AFTER UPDATE ON customers WHEN ${changed(ATTRS)} BEGIN
        ${customerFacts('OLD', -1)}
        ${customerFacts('NEW', 1)}
      END;

      CREATE TRIGGER rpt_attr_deals_ai AFTER INSERT ON deals BEGIN
        ${dealRows(factSide('NEW'), 1)}
      END;
      CREATE TRIGGER rpt_attr_deals_ad AFTER DELETE ON deals BEGIN
        ${dealRows(factSide('OLD'), -1)}
      END;
      -- before the delete: its history rows are still there (they cascade away with the deal)
      CREATE TRIGGER rpt_attr_deals_bd_history BEFORE DELETE ON deals BEGIN
        ${historyRows(factSide('OLD'), -1)}
      END;
      CREATE TRIGGER rpt_attr_deals_au AFTER UPDATE ON deals
        WHEN ${changed(['deleted_at', 'status', 'closed_at', 'owner_id', 'amount_fen', 'stage_id', 'probability', 'customer_id'])}
      BEGIN
        ${dealRows(factSide('OLD'), -1)}
        ${dealRows(factSide('NEW'), 1)}
      END;
      CREATE TRIGGER rpt_attr_deals_au_history AFTER UPDATE ON deals
        WHEN ${changed(['deleted_at', 'owner_id', 'amount_fen', 'customer_id'])}
      BEGIN
        ${historyRows(factSide('OLD'), -1)}
        ${historyRows(factSide('NEW'), 1)}
      END;

      -- history is append-only: a new entry is the deal's latest, and closes the previous entry's dwell
      CREATE TRIGGER rpt_attr_stage_history_ai AFTER INSERT ON deal_stage_history BEGIN
        INSERT INTO rpt_attr_stage_daily (${STAGE_COLS})
          SELECT k.dim, ${VAL('c')}, date(NEW.at, ${TZ}), NEW.to_stage_id, IFNULL(d.owner_id, 0), 1, d.amount_fen, 0, 0
          FROM deals d, customers c, ${DIMS}
          WHERE d.id = NEW.deal_id AND d.deleted_at IS NULL AND c.id = d.customer_id
          ${upsert(['entered_n', 'entered_amount', 'exited_n', 'dwell_sec'])};
        INSERT INTO rpt_attr_stage_daily (${STAGE_COLS})
          SELECT k.dim, ${VAL('c')}, date(p.at, ${TZ}), p.to_stage_id, IFNULL(d.owner_id, 0), 0, 0, 1, ${SECONDS('p.at', 'NEW.at')}
          FROM deal_stage_history p, deals d, customers c, ${DIMS}
          WHERE d.id = NEW.deal_id AND d.deleted_at IS NULL AND c.id = d.customer_id
            AND p.id = (SELECT q.id FROM deal_stage_history q WHERE q.deal_id = NEW.deal_id AND q.id <> NEW.id
                          AND (q.at < NEW.at OR (q.at = NEW.at AND q.id < NEW.id)) ORDER BY q.at DESC, q.id DESC LIMIT 1)
          ${upsert(['entered_n', 'entered_amount', 'exited_n', 'dwell_sec'])};
      END;

      CREATE TRIGGER rpt_attr_follow_ups_ai AFTER INSERT ON follow_ups BEGIN
        ${followUpRows(factSide('NEW'), 1)}
      END;
      CREATE TRIGGER rpt_attr_follow_ups_ad AFTER DELETE ON follow_ups BEGIN
        ${followUpRows(factSide('OLD'), -1)}
      END;
      CREATE TRIGGER rpt_attr_follow_ups_au AFTER UPDATE ON follow_ups
        WHEN ${changed(['deleted_at', 'at', 'owner_id', 'customer_id'])}
      BEGIN
        ${followUpRows(factSide('OLD'), -1)}
        ${followUpRows(factSide('NEW'), 1)}
      END;
    `);

    // Rows that existed before this migration: one GROUP BY per table over a cross join with the four
    // dimensions (set-based; measured at 1M/1M/5M in docs/reports.md).
    db.exec(`
      INSERT INTO rpt_attr_customers_daily (dim, value, day, owner_id, n)
        SELECT k.dim, ${VAL('c')}, date(c.created_at, ${TZ}), IFNULL(c.owner_id, 0), COUNT(*)
        FROM customers c CROSS JOIN ${DIMS} WHERE c.deleted_at IS NULL GROUP BY 1, 2, 3, 4;
      INSERT INTO rpt_attr_deals_closed_daily (dim, value, day, owner_id, status, n, amount_fen)
        SELECT k.dim, ${VAL('c')}, date(d.closed_at, ${TZ}), IFNULL(d.owner_id, 0), d.status, COUNT(*), SUM(d.amount_fen)
        FROM deals d CROSS JOIN customers c CROSS JOIN ${DIMS}
        WHERE c.id = d.customer_id AND d.deleted_at IS NULL AND d.status IN ('won','lost') AND d.closed_at IS NOT NULL GROUP BY 1, 2, 3, 4, 5;
      INSERT INTO rpt_attr_pipeline (dim, value, stage_id, owner_id, n, amount_fen, weighted_x100)
        SELECT k.dim, ${VAL('c')}, d.stage_id, IFNULL(d.owner_id, 0), COUNT(*), SUM(d.amount_fen), SUM(d.amount_fen * d.probability)
        FROM deals d CROSS JOIN customers c CROSS JOIN ${DIMS}
        WHERE c.id = d.customer_id AND d.deleted_at IS NULL AND d.status = 'open' GROUP BY 1, 2, 3, 4;
      INSERT INTO rpt_attr_stage_daily (${STAGE_COLS})
        SELECT k.dim, ${VAL('c')}, date(h.at, ${TZ}), h.to_stage_id, IFNULL(d.owner_id, 0), COUNT(*), SUM(d.amount_fen), COUNT(h.next_at),
               IFNULL(SUM(${SECONDS('h.at', 'h.next_at')}), 0)
        FROM (SELECT deal_id, at, to_stage_id, LEAD(at) OVER (PARTITION BY deal_id ORDER BY at, id) AS next_at FROM deal_stage_history) h
             CROSS JOIN deals d CROSS JOIN customers c CROSS JOIN ${DIMS}
        WHERE d.id = h.deal_id AND d.deleted_at IS NULL AND c.id = d.customer_id GROUP BY 1, 2, 3, 4, 5;
      INSERT INTO rpt_attr_followups_daily (dim, value, day, owner_id, n)
        SELECT k.dim, ${VAL('c')}, date(f.at, ${TZ}), IFNULL(f.owner_id, 0), COUNT(*)
        FROM follow_ups f CROSS JOIN customers c CROSS JOIN ${DIMS} WHERE c.id = f.customer_id AND f.deleted_at IS NULL GROUP BY 1, 2, 3, 4;
    `);
  },
};
