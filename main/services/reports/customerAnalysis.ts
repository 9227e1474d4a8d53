// 客户分析: customers created in the range by region, industry, source, level and status, and how many of
// them are 已成交 (won) now — the 潜在→已成交 conversion by source.
import type { Db } from '../../../db/sql';
import type { CustomerAnalysis, DimensionRow, ReportInput } from '../../contract/reports';
import type { SessionUser } from '../../contract/auth';
import { previousRange, type ReportTz } from './period';
import { ReportSources } from './sources';
import { rate } from './figures';

type Dim = 'province' | 'industry' | 'source' | 'level';

function byDimension(db: Db, src: ReportSources, dim: Dim, from: string, to: string): DimensionRow[] {
  const f = src.customerDimension(dim, from, to);
  const rows = db
    .prepare(
      `SELECT value AS key, SUM(n) AS count, SUM(CASE WHEN status = 'won' THEN n ELSE 0 END) AS won
       FROM (${f.sql}) GROUP BY value HAVING SUM(n) <> 0 ORDER BY count DESC, key`,
    )
    .all(...f.params) as { key: string; count: number; won: number }[];
  const total = rows.reduce((s, r) => s + r.count, 0);
  return rows.map((r) => ({ ...r, share: rate(r.count, total) }));
}

export function customerAnalysis(db: Db, user: SessionUser, tz: ReportTz, input: ReportInput): CustomerAnalysis {
  const src = new ReportSources(user, input.filters ?? {}, tz);
  const { from, to } = input;
  const days = src.customerDays(from, to);
  const statusRows = db
    .prepare(`SELECT status AS key, SUM(n) AS count FROM (${days.sql}) GROUP BY status HAVING SUM(n) <> 0 ORDER BY count DESC, key`)
    .all(...days.params) as { key: string; count: number }[];
  const total = statusRows.reduce((s, r) => s + r.count, 0);
  const bySource = byDimension(db, src, 'source', from, to);
  return {
    range: { from, to },
    previousRange: previousRange(from, to),
    tzOffsetMinutes: tz.offsetMin,
    total,
    byProvince: byDimension(db, src, 'province', from, to),
    byIndustry: byDimension(db, src, 'industry', from, to),
    bySource,
    byLevel: byDimension(db, src, 'level', from, to),
    byStatus: statusRows.map((r) => ({ key: r.key, count: r.count, won: r.key === 'won' ? r.count : 0, share: rate(r.count, total) })),
    conversionBySource: bySource.map((r) => ({ source: r.key, customers: r.count, won: r.won, rate: rate(r.won, r.count) })),
  };
}
