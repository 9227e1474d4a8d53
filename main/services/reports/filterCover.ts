// A customer-attribute filter that lists EVERY value the data holds for that attribute (e.g. levels A, B, C
// when every customer has one of them) selects nothing out: drop it before choosing how to answer. Without
// this, "浙江, 广东 + all levels" counted as a two-attribute filter and read the base tables (5–9 s at 1M
// customers) although the one-attribute rollups answer it exactly.
//
// The values "the data holds" are read from the rpt_attr_* rollups (they key every counted customer, deal,
// stage entry and follow-up — of live and soft-deleted customers alike — by the customer's value, '' for
// not set) with a skip scan of their (dim, value, ...) primary keys: one seek per distinct value and table.
// A value whose counters are all zero may remain listed; that only keeps the filter (slower, never wrong).
import type { Db } from '../../../db/sql';
import type { ReportFilters } from '../../contract/reports';

const TABLES = ['rpt_attr_customers_daily', 'rpt_attr_deals_closed_daily', 'rpt_attr_pipeline', 'rpt_attr_stage_daily', 'rpt_attr_followups_daily'];
const DIMS = [
  ['p', 'provinces'],
  ['i', 'industries'],
  ['s', 'sources'],
  ['l', 'levels'],
] as const;

/** Every value of `dim` the rollups hold (one index seek per distinct value and table). */
function presentValues(db: Db, dim: string): Set<string> {
  const out = new Set<string>();
  for (const t of TABLES) {
    const next = db.prepare(`SELECT value FROM ${t} WHERE dim = ? AND value > ? ORDER BY value LIMIT 1`);
    const first = db.prepare(`SELECT value FROM ${t} WHERE dim = ? ORDER BY value LIMIT 1`).pluck().get(dim) as string | undefined;
    for (let v = first; v !== undefined; v = next.pluck().get(dim, v) as string | undefined) out.add(v);
  }
  return out;
}

/** Does every value of `dim` present in the rollups appear in `values`? */
function covers(db: Db, dim: string, values: ReadonlySet<string>): boolean {
  for (const v of presentValues(db, dim)) if (!values.has(v)) return false;
  return true;
}

type AttrDim = 'p' | 'i' | 's' | 'l';

/**
 * Two attributes where one of them is broad (e.g. 浙江, 广东 + levels A, B, C): fewer values are left out
 * than chosen. Then figures(P and L in chosen) = figures(P) − figures(P and L in left-out): the first from
 * the one-attribute rollup of P, the second from the customers of the left-out values only (few), reached
 * by customer. Every report figure is a sum, so the subtraction is exact. Null: no such plan.
 */
export function complementPlan(db: Db, filters: ReportFilters): { keep: AttrDim; lead: AttrDim; minusFilters: ReportFilters } | null {
  const used = DIMS.filter(([, key]) => filters[key]?.length);
  if (used.length !== 2) return null;
  let best: { dim: AttrDim; key: (typeof DIMS)[number][1]; left: string[] } | null = null;
  for (const [dim, key] of used) {
    const chosen = new Set<string>(filters[key]);
    const present = presentValues(db, dim);
    const left = [...present].filter((v) => !chosen.has(v));
    const kept = [...present].filter((v) => chosen.has(v)).length;
    if (left.length < kept && (!best || left.length < best.left.length)) best = { dim, key, left };
  }
  if (!best) return null;
  const keep = used.find(([d]) => d !== best.dim)![0];
  // '' (not set) may be among the left-out values: internal filters only, never validated by the contract
  return { keep, lead: best.dim, minusFilters: { ...filters, [best.key]: best.left } as ReportFilters };
}

/** The filters with every attribute filter that selects all values removed (only when two or more are set). */
export function withoutCoveringFilters(db: Db, filters: ReportFilters): ReportFilters {
  const used = DIMS.filter(([, key]) => filters[key]?.length);
  // one attribute is served by its rollup already; dropping it would only save a little
  if (used.length < 2) return filters;
  const out: ReportFilters = { ...filters };
  for (const [dim, key] of used) {
    if (covers(db, dim, new Set(filters[key]))) delete out[key];
  }
  return out;
}
