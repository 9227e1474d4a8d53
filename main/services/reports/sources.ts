// Where report numbers come from. Each function returns a derived table (SQL + parameters) with a fixed
// set of columns, read from the rollup tables when possible and from the base tables otherwise:
//   - rollups have the owner as their only dimension besides time (and, monthly, one customer
//     attribute), so scope and the owner filter are served by rollups;
//   - any customer-attribute filter (region, industry, source, level) reads the base tables through
//     the report indexes of migration 0006 (slower over very wide ranges; see bench/reports).
// Data scope: a role with scope 'own' sees only rows it owns (reports do not count the pool for a rep).
import type { SessionUser } from '../../contract/auth';
import type { ReportFilters } from '../../contract/reports';
import { addDays, dayStartUtc, monthEnd, monthStart, type ReportTz } from './period';

export interface Frag {
  sql: string;
  params: unknown[];
}

const list = (xs: readonly unknown[]) => xs.map(() => '?').join(', ');

export class ReportSources {
  readonly hasAttrFilters: boolean;

  constructor(
    readonly user: SessionUser,
    readonly filters: ReportFilters,
    readonly tz: ReportTz,
  ) {
    const f = filters;
    this.hasAttrFilters = !!(f.provinces?.length || f.industries?.length || f.sources?.length || f.levels?.length);
  }

  /** Conditions on an owner column that holds 0 for "no owner" (rollups) or NULL (base, given as IFNULL). */
  ownerConds(col: string): Frag {
    const parts: string[] = [];
    const params: unknown[] = [];
    if (this.user.scope === 'own') {
      parts.push(`${col} = ?`);
      params.push(this.user.id);
    }
    const ids = this.filters.ownerIds;
    if (ids?.length) {
      parts.push(`${col} IN (${list(ids)})`);
      params.push(...ids);
    }
    return { sql: parts.length ? parts.join(' AND ') : '1=1', params };
  }

  /** Customer-attribute conditions on customers alias `c`. */
  attrConds(): Frag {
    const parts: string[] = [];
    const params: unknown[] = [];
    const add = (col: string, xs: readonly string[] | undefined) => {
      if (!xs?.length) return;
      parts.push(`IFNULL(c.${col}, '') IN (${list(xs)})`);
      params.push(...xs);
    };
    add('province', this.filters.provinces);
    add('industry', this.filters.industries);
    add('source', this.filters.sources);
    add('level', this.filters.levels);
    return { sql: parts.length ? parts.join(' AND ') : '1=1', params };
  }

  private utc(from: string, to: string): [string, string] {
    return [dayStartUtc(from, this.tz), dayStartUtc(addDays(to, 1), this.tz)];
  }

  /** (day, owner_id, status, n): customers by local day of creation. */
  customerDays(from: string, to: string): Frag {
    if (!this.hasAttrFilters) {
      const o = this.ownerConds('owner_id');
      return {
        sql: `SELECT day, owner_id, status, n FROM rpt_customers_daily WHERE day >= ? AND day <= ? AND ${o.sql}`,
        params: [from, to, ...o.params],
      };
    }
    const o = this.ownerConds('IFNULL(c.owner_id, 0)');
    const a = this.attrConds();
    return {
      sql: `SELECT date(c.created_at, ?) AS day, IFNULL(c.owner_id, 0) AS owner_id, c.status AS status, 1 AS n FROM customers c INDEXED BY rpt_customers_created
            WHERE c.deleted_at IS NULL AND c.created_at >= ? AND c.created_at < ? AND ${o.sql} AND ${a.sql}`,
      params: [this.tz.mod, ...this.utc(from, to), ...o.params, ...a.params],
    };
  }

  /** (day, owner_id, status, n, amount_fen): won/lost deals by local day of closing. */
  closedDeals(from: string, to: string): Frag {
    if (!this.hasAttrFilters) {
      const o = this.ownerConds('owner_id');
      return {
        sql: `SELECT day, owner_id, status, n, amount_fen FROM rpt_deals_closed_daily WHERE day >= ? AND day <= ? AND ${o.sql}`,
        params: [from, to, ...o.params],
      };
    }
    const o = this.ownerConds('IFNULL(d.owner_id, 0)');
    const a = this.attrConds();
    return {
      sql: `SELECT date(d.closed_at, ?) AS day, IFNULL(d.owner_id, 0) AS owner_id, d.status AS status, 1 AS n, d.amount_fen AS amount_fen
            FROM deals d JOIN customers c ON c.id = d.customer_id
            WHERE d.deleted_at IS NULL AND d.closed_at IS NOT NULL AND d.status IN ('won', 'lost')
              AND d.closed_at >= ? AND d.closed_at < ? AND ${o.sql} AND ${a.sql}`,
      params: [this.tz.mod, ...this.utc(from, to), ...o.params, ...a.params],
    };
  }

  /** (day, owner_id, n): follow-ups made, by local day. */
  followUps(from: string, to: string): Frag {
    if (!this.hasAttrFilters) {
      const o = this.ownerConds('owner_id');
      return { sql: `SELECT day, owner_id, n FROM rpt_followups_daily WHERE day >= ? AND day <= ? AND ${o.sql}`, params: [from, to, ...o.params] };
    }
    const o = this.ownerConds('IFNULL(f.owner_id, 0)');
    const a = this.attrConds();
    return {
      sql: `SELECT date(f.at, ?) AS day, IFNULL(f.owner_id, 0) AS owner_id, 1 AS n FROM follow_ups f JOIN customers c ON c.id = f.customer_id
            WHERE f.deleted_at IS NULL AND f.at >= ? AND f.at < ? AND ${o.sql} AND ${a.sql}`,
      params: [this.tz.mod, ...this.utc(from, to), ...o.params, ...a.params],
    };
  }

  /** (stage_id, owner_id, n, amount_fen, weighted_x100): open deals now. */
  pipeline(): Frag {
    if (!this.hasAttrFilters) {
      const o = this.ownerConds('owner_id');
      return { sql: `SELECT stage_id, owner_id, n, amount_fen, weighted_x100 FROM rpt_pipeline WHERE ${o.sql}`, params: o.params };
    }
    const o = this.ownerConds('IFNULL(d.owner_id, 0)');
    const a = this.attrConds();
    return {
      sql: `SELECT d.stage_id AS stage_id, IFNULL(d.owner_id, 0) AS owner_id, 1 AS n, d.amount_fen AS amount_fen, d.amount_fen * d.probability AS weighted_x100
            FROM deals d JOIN customers c ON c.id = d.customer_id
            WHERE d.deleted_at IS NULL AND d.status = 'open' AND ${o.sql} AND ${a.sql}`,
      params: [...o.params, ...a.params],
    };
  }

  /** (day, stage_id, owner_id, entered_n, entered_amount, exited_n, dwell_sec): stage entries by day. */
  stageEntries(from: string, to: string): Frag {
    if (!this.hasAttrFilters) {
      const o = this.ownerConds('owner_id');
      return {
        sql: `SELECT day, stage_id, owner_id, entered_n, entered_amount, exited_n, dwell_sec FROM rpt_stage_daily WHERE day >= ? AND day <= ? AND ${o.sql}`,
        params: [from, to, ...o.params],
      };
    }
    const o = this.ownerConds('IFNULL(d.owner_id, 0)');
    const a = this.attrConds();
    return {
      sql: `SELECT date(h.at, ?) AS day, h.to_stage_id AS stage_id, IFNULL(d.owner_id, 0) AS owner_id, 1 AS entered_n, d.amount_fen AS entered_amount,
                   (h.next_at IS NOT NULL) AS exited_n, IFNULL(CAST(ROUND((julianday(h.next_at) - julianday(h.at)) * 86400) AS INTEGER), 0) AS dwell_sec
            FROM (SELECT h.deal_id, h.at, h.to_stage_id,
                         (SELECT s.at FROM deal_stage_history s WHERE s.deal_id = h.deal_id AND (s.at > h.at OR (s.at = h.at AND s.id > h.id)) ORDER BY s.at, s.id LIMIT 1) AS next_at
                  FROM deal_stage_history h WHERE h.at >= ? AND h.at < ?) h
            JOIN deals d ON d.id = h.deal_id JOIN customers c ON c.id = d.customer_id
            WHERE d.deleted_at IS NULL AND ${o.sql} AND ${a.sql}`,
      params: [this.tz.mod, ...this.utc(from, to), ...o.params, ...a.params],
    };
  }

  /**
   * (value, status, n): customers created in [from, to] by one attribute. Whole months come from the
   * monthly rollup, the days of partial months at either end from the base table.
   */
  customerDimension(dim: 'province' | 'industry' | 'source' | 'level', from: string, to: string): Frag {
    // one SELECT per edge (an OR of two ranges would not use the created_at index); the covering index
    // avoids a table lookup per customer (measured 409 ms -> see bench for a 3-week edge at 1M customers)
    const baseRows = (ranges: [string, string][]): Frag => {
      const o = this.ownerConds('IFNULL(c.owner_id, 0)');
      const a = this.attrConds();
      const one = `SELECT IFNULL(c.${dim}, '') AS value, c.status AS status, 1 AS n FROM customers c INDEXED BY rpt_customers_created
                   WHERE c.deleted_at IS NULL AND c.created_at >= ? AND c.created_at < ? AND ${o.sql} AND ${a.sql}`;
      return {
        sql: ranges.map(() => one).join(' UNION ALL '),
        params: ranges.flatMap(([f, t]) => [...this.utc(f, t), ...o.params, ...a.params]),
      };
    };
    if (this.hasAttrFilters) return baseRows([[from, to]]);

    // whole months inside [from, to]
    const firstWhole = from === monthStart(from) ? from : addDays(monthEnd(from), 1);
    const lastWhole = to === monthEnd(to) ? to : addDays(monthStart(to), -1);
    if (firstWhole > lastWhole) return baseRows([[from, to]]);
    const edges: [string, string][] = [];
    if (from < firstWhole) edges.push([from, addDays(firstWhole, -1)]);
    if (lastWhole < to) edges.push([addDays(lastWhole, 1), to]);
    const o = this.ownerConds('owner_id');
    const rollup: Frag = {
      sql: `SELECT value, status, n FROM rpt_customers_monthly WHERE dim = ? AND month >= ? AND month <= ? AND ${o.sql}`,
      params: [dim[0], firstWhole.slice(0, 7), lastWhole.slice(0, 7), ...o.params],
    };
    if (!edges.length) return rollup;
    const b = baseRows(edges);
    return { sql: `${rollup.sql} UNION ALL ${b.sql}`, params: [...rollup.params, ...b.params] };
  }

  /** Customers in scope now (all time). */
  customerTotal(): Frag {
    if (!this.hasAttrFilters) {
      const o = this.ownerConds('owner_id');
      return { sql: `SELECT IFNULL(SUM(n), 0) AS n FROM rpt_customers_daily WHERE ${o.sql}`, params: o.params };
    }
    const o = this.ownerConds('IFNULL(c.owner_id, 0)');
    const a = this.attrConds();
    return { sql: `SELECT COUNT(*) AS n FROM customers c WHERE c.deleted_at IS NULL AND ${o.sql} AND ${a.sql}`, params: [...o.params, ...a.params] };
  }

  /** Customers whose next follow-up time has passed. */
  overdueFollowUps(now: Date): Frag {
    const o = this.ownerConds('IFNULL(c.owner_id, 0)');
    const a = this.attrConds();
    return {
      sql: `SELECT COUNT(*) AS n FROM customers c WHERE c.deleted_at IS NULL AND c.next_follow_up_at IS NOT NULL AND c.next_follow_up_at < ? AND ${o.sql} AND ${a.sql}`,
      params: [now.toISOString(), ...o.params, ...a.params],
    };
  }
}
