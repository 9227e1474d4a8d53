// 客户分析: customers created in the range by region, industry, source, level and status, and how many of
// them are 已成交 (won) now — the 潜在→已成交 conversion by source.
import type { Db } from '../../../db/sql';
import type { CustomerAnalysis, DimensionRow, ReportInput } from '../../contract/reports';
import type { SessionUser } from '../../contract/auth';
import { previousRange, type ReportTz } from './period';
import { ReportSources } from './sources';
import { rate } from './figures';
import { fieldById } from '../fields/definitions';
import type { CustomField } from '../../contract/fields';

type Key = 'p' | 'i' | 's' | 'l' | 'status';
const KEYS: Key[] = ['p', 'i', 's', 'l', 'status'];

/** Sums per dimension value: count and how many of them are won now. */
class Tally {
  private readonly m = new Map<Key, Map<string, { count: number; won: number }>>(KEYS.map((k) => [k, new Map()]));

  add(key: Key, value: string, status: string, n: number): void {
    const e = this.m.get(key)!.get(value) ?? { count: 0, won: 0 };
    e.count += n;
    if (status === 'won') e.won += n;
    this.m.get(key)!.set(value, e);
  }

  rows(key: Key): DimensionRow[] {
    const all = [...this.m.get(key)!].filter(([, e]) => e.count !== 0);
    const total = all.reduce((t, [, e]) => t + e.count, 0);
    return all
      .map(([k, e]) => ({ key: k, count: e.count, won: e.won, share: rate(e.count, total) }))
      .sort((a, b) => b.count - a.count || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  }
}

/**
 * Whole months from the monthly rollup (no attribute filters), everything else from one scan per range
 * grouped by all four attributes and status (at most a few thousand groups, summed here), so a
 * province filter crosses into industry/source/level and the days at the ends of a range cost one scan.
 */
function tally(db: Db, src: ReportSources, from: string, to: string): Tally {
  const t = new Tally();
  const split = src.hasAttrFilters ? { months: null, edges: [[from, to]] as [string, string][] } : src.monthSplit(from, to);
  if (split.months) {
    const f = src.monthlyDims(...split.months);
    for (const r of db.prepare(f.sql).all(...f.params) as { dim: Key; value: string; status: string; n: number }[]) {
      t.add(r.dim, r.value, r.status, r.n);
      if (r.dim === 'p') t.add('status', r.status, r.status, r.n); // every customer has exactly one province row
    }
  }
  for (const [a, b] of split.edges) {
    const f = src.customerCombos(a, b);
    for (const r of db.prepare(f.sql).all(...f.params) as { p: string; i: string; s: string; l: string; status: string; n: number }[]) {
      for (const k of ['p', 'i', 's', 'l'] as const) t.add(k, r[k], r.status, r.n);
      t.add('status', r.status, r.status, r.n);
    }
  }
  return t;
}

/** The custom field a customer analysis may group by: a live single-select customer field, else null. */
export function dimensionField(db: Db, fieldId: number): CustomField | null {
  const f = fieldById(db, fieldId);
  return f && f.entity === 'customer' && f.type === 'singleSelect' && !f.retiredAt ? f : null;
}

function byField(db: Db, src: ReportSources, fieldId: number | undefined, from: string, to: string): { byField?: DimensionRow[] } {
  if (fieldId === undefined || !dimensionField(db, fieldId)) return {};
  const f = src.customersByField(fieldId, from, to);
  const rows = db.prepare(f.sql).all(...f.params) as { key: string; count: number; won: number }[];
  const total = rows.reduce((t, r) => t + r.count, 0);
  return { byField: rows.map((r) => ({ ...r, share: rate(r.count, total) })) };
}

export function customerAnalysis(db: Db, user: SessionUser, tz: ReportTz, input: ReportInput): CustomerAnalysis {
  const src = ReportSources.for(db, user, input.filters ?? {}, tz);
  const { from, to } = input;
  const t = tally(db, src, from, to);
  const status = t.rows('status');
  const bySource = t.rows('s');
  return {
    range: { from, to },
    previousRange: previousRange(from, to),
    tzOffsetMinutes: tz.offsetMin,
    total: status.reduce((n, r) => n + r.count, 0),
    byProvince: t.rows('p'),
    byIndustry: t.rows('i'),
    bySource,
    byLevel: t.rows('l'),
    byStatus: status,
    conversionBySource: bySource.map((r) => ({ source: r.key, customers: r.count, won: r.won, rate: rate(r.won, r.count) })),
    ...byField(db, src, input.fieldId, from, to),
  };
}
