// Where report numbers come from. Each function returns a derived table (SQL + parameters) with a fixed
// set of columns, read from the rollup tables when possible and from the base tables otherwise:
//   - the 0006 rollups have the owner as their only dimension besides time (and, monthly, one customer
//     attribute), so scope and the owner filter are served by rollups;
//   - a filter on ONE customer attribute (region, industry, source or level; any number of values)
//     reads the rpt_attr_* rollups of migration 0009, keyed additionally by (dim, value);
//   - filters on two or more attributes at once read the base tables through the report indexes of
//     migration 0006 (slower over very wide ranges; see docs/reports.md).
// Data scope: a role with scope 'own' sees its own rows by default and the pool when it picks owner 0
// (see ownerConds).
import type { SessionUser } from '../../contract/auth';
import type { ReportFilters } from '../../contract/reports';
import type { Db } from '../../../db/sql';
import { addDays, dayStartUtc, monthEnd, monthStart, type ReportTz } from './period';
import { complementPlan, withoutCoveringFilters } from './filterCover';

type AttrDim = 'p' | 'i' | 's' | 'l';

/** The CTE that holds the matching deals when a statement shares them between fragments (see ctes()). */
const SHARED_DEALS = 'rpt_x_deals';

export interface Frag {
  sql: string;
  params: unknown[];
}

const list = (xs: readonly unknown[]) => xs.map(() => '?').join(', ');

export class ReportSources {
  readonly hasAttrFilters: boolean;
  /** the single customer attribute filtered on (served by the rpt_attr_* rollups), else null */
  readonly attr: { dim: AttrDim; values: readonly string[] } | null;
  /** attribute filters the rollups cannot serve (two or more attributes): read the base tables */
  private readonly base: boolean;
  /**
   * Two attributes, one of them broad (e.g. levels A, B, C): rows = the rollup of the other attribute alone
   * MINUS the rows of the customers in the complement (levels not chosen), see complementPlan.
   */
  private readonly minus: ReportSources | null = null;
  /** the attribute whose index leads the customer scan (set for the complement part) */
  private readonly forcedLead: AttrDim | null = null;
  /** the deal fragments of the customer-first path read the CTE SHARED_DEALS, defined by ctes() */
  private readonly shareDeals: boolean;

  /**
   * Sources for a report: attribute filters that select every value are dropped first, and a broad second
   * attribute is answered by subtraction (filterCover.ts).
   */
  static for(db: Db, user: SessionUser, filters: ReportFilters, tz: ReportTz, opts: { shareDeals?: boolean } = {}): ReportSources {
    const f = withoutCoveringFilters(db, filters);
    const plan = complementPlan(db, f);
    const shareDeals = !!opts.shareDeals;
    if (!plan) return new ReportSources(user, f, tz, { shareDeals });
    return new ReportSources(user, f, tz, { keep: plan.keep, minus: new ReportSources(user, plan.minusFilters, tz, { lead: plan.lead, shareDeals }), shareDeals });
  }

  constructor(
    readonly user: SessionUser,
    readonly filters: ReportFilters,
    readonly tz: ReportTz,
    opts: { keep?: AttrDim; minus?: ReportSources; lead?: AttrDim; shareDeals?: boolean } = {},
  ) {
    const f = filters;
    this.hasAttrFilters = !!(f.provinces?.length || f.industries?.length || f.sources?.length || f.levels?.length);
    const used = (
      [
        ['p', f.provinces],
        ['i', f.industries],
        ['s', f.sources],
        ['l', f.levels],
      ] as const
    ).filter(([, xs]) => xs?.length);
    const one = opts.minus ? used.find(([d]) => d === opts.keep) : used.length === 1 ? used[0] : undefined;
    this.attr = one ? { dim: one[0], values: [...new Set(one[1] as readonly string[])] } : null;
    this.base = this.hasAttrFilters && !this.attr;
    this.minus = opts.minus ?? null;
    this.forcedLead = opts.lead ?? null;
    this.shareDeals = !!opts.shareDeals;
  }

  /** Whether any fragment reads base rows (customers first or the base tables), not only rollups. */
  get readsBaseRows(): boolean {
    return this.base || !!this.minus?.base;
  }

  /**
   * Built with `shareDeals` (ReportSources.for), the fragments that reach deals by customer (stageEntries,
   * pipeline, closedDeals) read one list of the matching deals, computed once per statement: a statement that
   * uses them starts with `${ctes().sql}` (its parameters first). Empty when no fragment reads that list
   * (rollups, or no customer-first path). Without `shareDeals` the fragments stand alone.
   */
  ctes(): Frag {
    // a complement plan's own rows come from rollups: at most one of the two has a customer-first path
    const list = this.shareDeals ? (this.matchingDeals() ?? this.minus?.matchingDeals() ?? null) : null;
    return list ? { sql: `WITH ${SHARED_DEALS} AS MATERIALIZED (${list.sql})`, params: list.params } : { sql: '', params: [] };
  }

  /**
   * The matching customers' deals in scope (not deleted), sorted by id, so that stageEntries reads their
   * history in index order (at 1M / 5M the ~130 MB history index does not fit the 64 MiB page cache; read in
   * customer order, the broad funnel's stage entries cost ~12 % more). Null: not the customer-first path.
   */
  private matchingDeals(): Frag | null {
    const cs = this.base ? this.customerSet() : null;
    if (!cs) return null;
    const o = this.ownerConds('IFNULL(d.owner_id, 0)');
    return {
      sql: `SELECT d.id, d.status, d.closed_at, IFNULL(d.owner_id, 0) AS owner_id, d.amount_fen, d.stage_id, d.probability
            FROM (${cs.sql}) x CROSS JOIN deals d INDEXED BY rpt_deals_customer
            WHERE d.customer_id = x.id AND d.deleted_at IS NULL AND ${o.sql} ORDER BY d.id`,
      params: [...cs.params, ...o.params],
    };
  }

  /** The rollup rows minus the complement's rows (value columns negated), when this is a complement plan. */
  private less(pos: Frag, keys: string, values: string[], neg: (m: ReportSources) => Frag): Frag {
    if (!this.minus) return pos;
    const m = neg(this.minus);
    return {
      sql: `${pos.sql} UNION ALL SELECT ${keys}, ${values.map((v) => `-${v} AS ${v}`).join(', ')} FROM (${m.sql})`,
      params: [...pos.params, ...m.params],
    };
  }

  /**
   * The filtered attribute whose covering index (rpt_customers_attr_*, migration 0009) leads a scan of the
   * matching customers: the forced one (complement part), else the first of province, industry, source,
   * level filtered without ''. `nulls`: also scan the customers without this attribute ('' in the filter;
   * NULL is not in an IN list, so that is a second scan of the index). Null: no such attribute.
   */
  private lead(): { dim: AttrDim; col: string; values: string[]; nulls: boolean } | null {
    const f = this.filters;
    for (const [dim, col, xs] of [
      ['p', 'province', f.provinces],
      ['i', 'industry', f.industries],
      ['s', 'source', f.sources],
      ['l', 'level', f.levels],
    ] as const) {
      const vals = [...new Set((xs ?? []) as readonly string[])];
      if (this.forcedLead ? dim === this.forcedLead : vals.length && !vals.includes('')) {
        return { dim, col, values: vals.filter((v) => v !== ''), nulls: vals.includes('') };
      }
    }
    return null;
  }

  /** The lead attribute's conditions: one per index scan (values, and NULL when '' is filtered). */
  private leadConds(l: NonNullable<ReturnType<ReportSources['lead']>>): Frag[] {
    const out: Frag[] = [];
    if (l.values.length) out.push({ sql: `c.${l.col} IN (${list(l.values)})`, params: l.values });
    if (l.nulls) out.push({ sql: `c.${l.col} IS NULL`, params: [] });
    return out;
  }

  /**
   * Two or more attributes filtered: ids of the matching customers (live ones through the lead attribute's
   * covering index, soft-deleted ones through customers_deleted — their deals and follow-ups still count,
   * as in the rollups). Deals, follow-ups and stage entries are then reached by customer, so the cost
   * follows the number of matching customers instead of every row of the period. Null: no usable index.
   */
  private customerSet(): Frag | null {
    const l = this.lead();
    if (!l) return null;
    const a = this.attrConds();
    const live = this.leadConds(l).map((c) => ({
      sql: `SELECT c.id FROM customers c INDEXED BY rpt_customers_attr_${l.dim} WHERE c.deleted_at IS NULL AND ${c.sql} AND ${a.sql}`,
      params: [...c.params, ...a.params],
    }));
    return {
      sql: `${live.map((x) => x.sql).join(' UNION ALL ')} UNION ALL SELECT c.id FROM customers c WHERE c.deleted_at IS NOT NULL AND ${a.sql}`,
      params: [...live.flatMap((x) => x.params), ...a.params],
    };
  }

  /** `dim = ? AND value IN (...)` for the rpt_attr_* rollups (only when this.attr is set). */
  private attrKey(): Frag {
    const a = this.attr!;
    return { sql: `dim = ? AND value IN (${list(a.values)})`, params: [a.dim, ...a.values] };
  }

  /** Read a rollup: the 0006 table without attribute filters, its rpt_attr_ twin with one. `first`: a leading column. */
  private rollup(table: string, cols: string, where: Frag, first?: Frag): Frag {
    const o = this.ownerConds('owner_id');
    const head = first ? `${first.sql}, ` : '';
    const hp = first?.params ?? [];
    if (!this.attr) return { sql: `SELECT ${head}${cols} FROM ${table} WHERE ${where.sql} AND ${o.sql}`, params: [...hp, ...where.params, ...o.params] };
    const k = this.attrKey();
    return {
      sql: `SELECT ${head}${cols} FROM rpt_attr_${table.slice(4)} WHERE ${k.sql} AND ${where.sql} AND ${o.sql}`,
      params: [...hp, ...k.params, ...where.params, ...o.params],
    };
  }

  /**
   * The first column of a dated fragment over base rows: the local day of `utcCol` (`day`), or, given `split` (a
   * local day), whether the row is on or after that day (`cur`, 0 / 1). The split is a string comparison with the
   * day's start in UTC instead of date() per row (~1 µs each: the 160k follow-ups of the broad 销售业绩 at 1M spent
   * ~200 ms in date() alone).
   */
  private dayCol(utcCol: string, split?: string): Frag {
    return split ? { sql: `(${utcCol} >= ?) AS cur`, params: [dayStartUtc(split, this.tz)] } : { sql: `date(${utcCol}, ?) AS day`, params: [this.tz.mod] };
  }

  /** The same for a rollup's local `day` column. */
  private rollupDayCol(split?: string): Frag {
    return split ? { sql: '(day >= ?) AS cur', params: [split] } : { sql: 'day', params: [] };
  }

  /** Conditions on an owner column that holds 0 for "no owner" (rollups) or NULL (base, given as IFNULL). */
  ownerConds(col: string): Frag {
    const ids = this.filters.ownerIds?.length ? [...new Set(this.filters.ownerIds)] : null;
    if (this.user.scope === 'own') {
      // A rep's data scope is own + pool (as in every list). Unfiltered, a report shows the rep's own
      // work (pool rows are nobody's performance); picking 公海 (0) in the owner filter shows the pool,
      // the same rows the rep's lists show with that filter. Other owners are out of scope.
      if (!ids) return { sql: `${col} = ?`, params: [this.user.id] };
      const allowed = ids.filter((x) => x === 0 || x === this.user.id);
      return allowed.length ? { sql: `${col} IN (${list(allowed)})`, params: allowed } : { sql: '0=1', params: [] };
    }
    return ids ? { sql: `${col} IN (${list(ids)})`, params: ids } : { sql: '1=1', params: [] };
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

  /**
   * (day, owner_id, status, n): customers by local day of creation. With a one-attribute filter the status
   * is '' (the attribute rollup has none; filtered callers only count, see customerCombos for statuses).
   * With `split` (a local day) the first column is `cur` instead of `day` (see dayCol).
   */
  customerDays(from: string, to: string, split?: string): Frag {
    if (!this.base) {
      const pos = this.rollup('rpt_customers_daily', this.attr ? "owner_id, '' AS status, n" : 'owner_id, status, n', { sql: 'day >= ? AND day <= ?', params: [from, to] }, this.rollupDayCol(split));
      return this.less(pos, `${split ? 'cur' : 'day'}, owner_id, '' AS status`, ['n'], (m) => m.customerDays(from, to, split));
    }
    const o = this.ownerConds('IFNULL(c.owner_id, 0)');
    const a = this.attrConds();
    const l = this.lead();
    const idx = l ? `rpt_customers_attr_${l.dim}` : 'rpt_customers_created';
    const d = this.dayCol('c.created_at', split);
    const scans = (l ? this.leadConds(l) : [{ sql: '1=1', params: [] }]).map((lc) => ({
      sql: `SELECT ${d.sql}, IFNULL(c.owner_id, 0) AS owner_id, c.status AS status, 1 AS n FROM customers c INDEXED BY ${idx}
            WHERE c.deleted_at IS NULL AND ${lc.sql} AND c.created_at >= ? AND c.created_at < ? AND ${o.sql} AND ${a.sql}`,
      params: [...d.params, ...lc.params, ...this.utc(from, to), ...o.params, ...a.params],
    }));
    return { sql: scans.map((x) => x.sql).join(' UNION ALL '), params: scans.flatMap((x) => x.params) };
  }

  /** (day, owner_id, status, n, amount_fen): won/lost deals by local day of closing; `cur` for `day` with `split`. */
  closedDeals(from: string, to: string, split?: string): Frag {
    if (!this.base) {
      const pos = this.rollup('rpt_deals_closed_daily', 'owner_id, status, n, amount_fen', { sql: 'day >= ? AND day <= ?', params: [from, to] }, this.rollupDayCol(split));
      return this.less(pos, `${split ? 'cur' : 'day'}, owner_id, status`, ['n', 'amount_fen'], (m) => m.closedDeals(from, to, split));
    }
    const o = this.ownerConds('IFNULL(d.owner_id, 0)');
    const day = this.dayCol('d.closed_at', split);
    if (this.shareDeals && this.customerSet()) {
      return {
        sql: `SELECT ${day.sql}, d.owner_id AS owner_id, d.status AS status, 1 AS n, d.amount_fen AS amount_fen FROM ${SHARED_DEALS} d
              WHERE d.closed_at IS NOT NULL AND d.status IN ('won', 'lost') AND d.closed_at >= ? AND d.closed_at < ?`,
        params: [...day.params, ...this.utc(from, to)],
      };
    }
    const cs = this.customerSet();
    if (cs) {
      return {
        sql: `SELECT ${day.sql}, IFNULL(d.owner_id, 0) AS owner_id, d.status AS status, 1 AS n, d.amount_fen AS amount_fen
              FROM (${cs.sql}) x CROSS JOIN deals d INDEXED BY rpt_deals_customer
              WHERE d.customer_id = x.id AND d.deleted_at IS NULL AND d.closed_at IS NOT NULL AND d.status IN ('won', 'lost')
                AND d.closed_at >= ? AND d.closed_at < ? AND ${o.sql}`,
        params: [...day.params, ...cs.params, ...this.utc(from, to), ...o.params],
      };
    }
    const a = this.attrConds();
    return {
      sql: `SELECT ${day.sql}, IFNULL(d.owner_id, 0) AS owner_id, d.status AS status, 1 AS n, d.amount_fen AS amount_fen
            FROM deals d JOIN customers c ON c.id = d.customer_id
            WHERE d.deleted_at IS NULL AND d.closed_at IS NOT NULL AND d.status IN ('won', 'lost')
              AND d.closed_at >= ? AND d.closed_at < ? AND ${o.sql} AND ${a.sql}`,
      params: [...day.params, ...this.utc(from, to), ...o.params, ...a.params],
    };
  }

  /** (day, owner_id, n): follow-ups made, by local day; `cur` for `day` with `split`. */
  followUps(from: string, to: string, split?: string): Frag {
    if (!this.base) {
      const pos = this.rollup('rpt_followups_daily', 'owner_id, n', { sql: 'day >= ? AND day <= ?', params: [from, to] }, this.rollupDayCol(split));
      return this.less(pos, `${split ? 'cur' : 'day'}, owner_id`, ['n'], (m) => m.followUps(from, to, split));
    }
    const o = this.ownerConds('IFNULL(f.owner_id, 0)');
    const day = this.dayCol('f.at', split);
    const cs = this.customerSet();
    if (cs) {
      return {
        sql: `SELECT ${day.sql}, IFNULL(f.owner_id, 0) AS owner_id, 1 AS n FROM (${cs.sql}) x CROSS JOIN follow_ups f INDEXED BY rpt_follow_ups_customer
              WHERE f.customer_id = x.id AND f.at >= ? AND f.at < ? AND f.deleted_at IS NULL AND ${o.sql}`,
        params: [...day.params, ...cs.params, ...this.utc(from, to), ...o.params],
      };
    }
    const a = this.attrConds();
    return {
      sql: `SELECT ${day.sql}, IFNULL(f.owner_id, 0) AS owner_id, 1 AS n FROM follow_ups f JOIN customers c ON c.id = f.customer_id
            WHERE f.deleted_at IS NULL AND f.at >= ? AND f.at < ? AND ${o.sql} AND ${a.sql}`,
      params: [...day.params, ...this.utc(from, to), ...o.params, ...a.params],
    };
  }

  /** (stage_id, owner_id, n, amount_fen, weighted_x100): open deals now. */
  pipeline(): Frag {
    if (!this.base) {
      const pos = this.rollup('rpt_pipeline', 'stage_id, owner_id, n, amount_fen, weighted_x100', { sql: '1=1', params: [] });
      return this.less(pos, 'stage_id, owner_id', ['n', 'amount_fen', 'weighted_x100'], (m) => m.pipeline());
    }
    const o = this.ownerConds('IFNULL(d.owner_id, 0)');
    if (this.shareDeals && this.customerSet()) {
      return {
        sql: `SELECT d.stage_id AS stage_id, d.owner_id AS owner_id, 1 AS n, d.amount_fen AS amount_fen, d.amount_fen * d.probability AS weighted_x100
              FROM ${SHARED_DEALS} d WHERE d.status = 'open'`,
        params: [],
      };
    }
    const cs = this.customerSet();
    if (cs) {
      return {
        sql: `SELECT d.stage_id AS stage_id, IFNULL(d.owner_id, 0) AS owner_id, 1 AS n, d.amount_fen AS amount_fen, d.amount_fen * d.probability AS weighted_x100
              FROM (${cs.sql}) x CROSS JOIN deals d INDEXED BY rpt_deals_customer WHERE d.customer_id = x.id AND d.deleted_at IS NULL AND d.status = 'open' AND ${o.sql}`,
        params: [...cs.params, ...o.params],
      };
    }
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
    if (!this.base) {
      const pos = this.rollup('rpt_stage_daily', 'day, stage_id, owner_id, entered_n, entered_amount, exited_n, dwell_sec', { sql: 'day >= ? AND day <= ?', params: [from, to] });
      return this.less(pos, 'day, stage_id, owner_id', ['entered_n', 'entered_amount', 'exited_n', 'dwell_sec'], (m) => m.stageEntries(from, to));
    }
    const deals = this.matchingDeals();
    if (deals) {
      // MATERIALIZED: flattened into the caller's GROUP BY, the next-entry probe ran once per use of next_at.
      // The probe reads the index of the scan, so a deal's next entry sits on the page just read (on
      // deal_stage_history_deal it read a second ~130 MB index at random: ~20 % of these entries' cost at 1M / 5M).
      // The entry after h in (at, id) order has the smallest `at` of the entries after h: ORDER BY s.at alone
      // gives its time (equal times are one value), without sorting on id in that index (to_stage_id comes first).
      const list = this.shareDeals ? { with: '', from: SHARED_DEALS, params: [] as unknown[] } : { with: `dd AS MATERIALIZED (${deals.sql}),`, from: 'dd', params: deals.params };
      return {
        sql: `WITH ${list.with} h AS MATERIALIZED (
                SELECT d.owner_id, d.amount_fen, h.at, h.to_stage_id,
                       (SELECT s.at FROM deal_stage_history s INDEXED BY rpt_stage_history_deal WHERE s.deal_id = h.deal_id AND s.at >= h.at AND (s.at > h.at OR s.id > h.id) ORDER BY s.at LIMIT 1) AS next_at
                FROM ${list.from} d CROSS JOIN deal_stage_history h INDEXED BY rpt_stage_history_deal
                WHERE h.deal_id = d.id AND h.at >= ? AND h.at < ?)
              SELECT date(h.at, ?) AS day, h.to_stage_id AS stage_id, h.owner_id AS owner_id, 1 AS entered_n, h.amount_fen AS entered_amount,
                     (h.next_at IS NOT NULL) AS exited_n, IFNULL(CAST(ROUND((julianday(h.next_at) - julianday(h.at)) * 86400) AS INTEGER), 0) AS dwell_sec
              FROM h`,
        params: [...list.params, ...this.utc(from, to), this.tz.mod],
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
   * Split [from, to] into the whole months inside it (served by the monthly rollup) and the partial-month
   * days at either end (served by one customerCombos scan each).
   */
  monthSplit(from: string, to: string): { months: [string, string] | null; edges: [string, string][] } {
    const firstWhole = from === monthStart(from) ? from : addDays(monthEnd(from), 1);
    const lastWhole = to === monthEnd(to) ? to : addDays(monthStart(to), -1);
    if (firstWhole > lastWhole) return { months: null, edges: [[from, to]] };
    const edges: [string, string][] = [];
    if (from < firstWhole) edges.push([from, addDays(firstWhole, -1)]);
    if (lastWhole < to) edges.push([addDays(lastWhole, 1), to]);
    return { months: [firstWhole.slice(0, 7), lastWhole.slice(0, 7)], edges };
  }

  /** (dim, value, status, n) of customers created in whole months [first, last] (YYYY-MM), no attribute filters. */
  monthlyDims(first: string, last: string): Frag {
    const o = this.ownerConds('owner_id');
    return {
      sql: `SELECT dim, value, status, SUM(n) AS n FROM rpt_customers_monthly WHERE dim IN ('p', 'i', 's', 'l') AND month >= ? AND month <= ? AND ${o.sql}
            GROUP BY dim, value, status HAVING SUM(n) <> 0`,
      params: [first, last, ...o.params],
    };
  }

  /**
   * (p, i, s, l, status, n): customers created in [from, to] matching the attribute filters, grouped by
   * all four attributes at once, so one index scan answers every dimension of the customer analysis
   * (a filter on one attribute crosses the others). A single filtered attribute leads the scan through
   * its own covering index (migration 0009), so the scan reads only the filtered customers.
   */
  customerCombos(from: string, to: string): Frag {
    const o = this.ownerConds('IFNULL(c.owner_id, 0)');
    const a = this.attrConds();
    const l = this.lead();
    const idx = l ? `rpt_customers_attr_${l.dim}` : 'rpt_customers_created';
    const lead = l ? { sql: `c.${l.col} IN (${list(l.values)})`, params: l.values } : { sql: '1=1', params: [] };
    return {
      sql: `SELECT IFNULL(c.province, '') AS p, IFNULL(c.industry, '') AS i, IFNULL(c.source, '') AS s, IFNULL(c.level, '') AS l, c.status AS status, COUNT(*) AS n
            FROM customers c INDEXED BY ${idx}
            WHERE c.deleted_at IS NULL AND ${lead.sql} AND c.created_at >= ? AND c.created_at < ? AND ${o.sql} AND ${a.sql}
            GROUP BY 1, 2, 3, 4, 5`,
      params: [...lead.params, ...this.utc(from, to), ...o.params, ...a.params],
    };
  }

  /**
   * (key, count, won): customers created in [from, to] in scope and filters, by the option of a custom
   * single-select field ('' = not set). One pass over the created_at (or filtered attribute) index with a
   * primary-key probe of customer_field_values per customer; no rollup (fields come and go at run time).
   */
  customersByField(fieldId: number, from: string, to: string): Frag {
    const o = this.ownerConds('IFNULL(c.owner_id, 0)');
    const a = this.attrConds();
    const l = this.lead();
    const idx = l ? `rpt_customers_attr_${l.dim}` : 'rpt_customers_created';
    const lead = l ? { sql: `c.${l.col} IN (${list(l.values)})`, params: l.values } : { sql: '1=1', params: [] };
    return {
      sql: `SELECT IFNULL(CAST(v.value AS TEXT), '') AS key, COUNT(*) AS count, SUM(c.status = 'won') AS won
            FROM customers c INDEXED BY ${idx} LEFT JOIN customer_field_values v ON v.field_id = ? AND v.customer_id = c.id
            WHERE c.deleted_at IS NULL AND ${lead.sql} AND c.created_at >= ? AND c.created_at < ? AND ${o.sql} AND ${a.sql}
            GROUP BY 1 ORDER BY count DESC, key`,
      params: [fieldId, ...lead.params, ...this.utc(from, to), ...o.params, ...a.params],
    };
  }

  /** Customers in scope now (all time). */
  customerTotal(): Frag {
    if (!this.base) {
      const r = this.rollup('rpt_customers_daily', 'n', { sql: '1=1', params: [] });
      const m = this.minus?.customerTotal();
      if (m) return { sql: `SELECT IFNULL(SUM(n), 0) - (SELECT n FROM (${m.sql})) AS n FROM (${r.sql})`, params: [...m.params, ...r.params] };
      return { sql: `SELECT IFNULL(SUM(n), 0) AS n FROM (${r.sql})`, params: r.params };
    }
    const o = this.ownerConds('IFNULL(c.owner_id, 0)');
    const a = this.attrConds();
    return { sql: `SELECT COUNT(*) AS n FROM customers c WHERE c.deleted_at IS NULL AND ${o.sql} AND ${a.sql}`, params: [...o.params, ...a.params] };
  }

  /**
   * Customers whose next follow-up time has passed. Written over the key of customers_sort_next_fu
   * (coalesce(next_follow_up_at, '~'): '~' sorts after every ISO time, so the range is exactly the set
   * next_follow_up_at < now) so the count reads that index alone (it holds owner_id); migration 0015
   * dropped the report's own (next_follow_up_at, owner_id) index.
   */
  overdueFollowUps(now: Date): Frag {
    const o = this.ownerConds('IFNULL(c.owner_id, 0)');
    const a = this.attrConds();
    return {
      sql: `SELECT COUNT(*) AS n FROM customers c WHERE c.deleted_at IS NULL AND coalesce(c.next_follow_up_at, '~') < ? AND ${o.sql} AND ${a.sql}`,
      params: [now.toISOString(), ...o.params, ...a.params],
    };
  }
}
