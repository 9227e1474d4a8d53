// 工作台 KPIs for the caller's scope: customers, new this period, open pipeline (weighted by each deal's
// probability), won this period vs the previous one, win rate, overdue follow-ups, a 12-month trend
// and the open pipeline by stage. Default period: the current local month.
import type { Db } from '../../../db/sql';
import type { DashboardSummary, ReportFilters } from '../../contract/reports';
import type { SessionUser } from '../../contract/auth';
import { addMonths, bucketsBetween, localDay, monthEnd, monthStart, previousRange, type ReportTz } from './period';
import { ReportSources } from './sources';
import { rate } from './figures';
import { trendBuckets } from './trend';

interface Totals {
  won_amount: number;
  won_n: number;
  lost_n: number;
  new_c: number;
}

function periodTotals(db: Db, src: ReportSources, from: string, to: string): Totals {
  const deals = src.closedDeals(from, to);
  const cust = src.customerDays(from, to);
  return db
    .prepare(
      `SELECT IFNULL(SUM(won_amount), 0) AS won_amount, IFNULL(SUM(won_n), 0) AS won_n, IFNULL(SUM(lost_n), 0) AS lost_n, IFNULL(SUM(new_c), 0) AS new_c FROM (
         SELECT CASE WHEN status = 'won' THEN amount_fen ELSE 0 END AS won_amount, CASE WHEN status = 'won' THEN n ELSE 0 END AS won_n,
                CASE WHEN status = 'lost' THEN n ELSE 0 END AS lost_n, 0 AS new_c FROM (${deals.sql})
         UNION ALL SELECT 0, 0, 0, n FROM (${cust.sql}))`,
    )
    .get(...deals.params, ...cust.params) as Totals;
}

export function dashboardSummary(
  db: Db,
  user: SessionUser,
  tz: ReportTz,
  now: Date,
  input: { from: string; to: string; filters?: ReportFilters } | undefined,
): DashboardSummary {
  const today = localDay(now, tz);
  const from = input?.from ?? monthStart(today);
  const to = input?.to ?? monthEnd(today);
  const src = ReportSources.for(db, user, input?.filters ?? {}, tz);
  const prev = previousRange(from, to);
  const cur = periodTotals(db, src, from, to);
  const old = periodTotals(db, src, prev.from, prev.to);

  const total = src.customerTotal();
  const overdue = src.overdueFollowUps(now);
  const p = src.pipeline();
  const pipeline = db
    .prepare(
      `SELECT s.id AS stageId, s.name AS stageName, IFNULL(SUM(p.n), 0) AS count, IFNULL(SUM(p.amount_fen), 0) AS amountFen,
              IFNULL(SUM(p.weighted_x100), 0) AS weightedX100
       FROM stages s LEFT JOIN (${p.sql}) p ON p.stage_id = s.id
       WHERE s.kind = 'open' GROUP BY s.id HAVING s.archived_at IS NULL OR SUM(p.n) > 0 ORDER BY s.position, s.id`,
    )
    .all(...p.params) as { stageId: number; stageName: string; count: number; amountFen: number; weightedX100: number }[];

  const trendFrom = addMonths(monthStart(to), -11);
  const trendMap = trendBuckets(db, src, trendFrom, monthEnd(to), 'month');
  const trend = bucketsBetween(trendFrom, monthEnd(to), 'month').map((b) => ({
    bucket: b,
    wonAmountFen: trendMap.get(b)?.won_amount ?? 0,
    newCustomers: trendMap.get(b)?.new_c ?? 0,
  }));

  const open = pipeline.reduce((s, r) => ({ n: s.n + r.count, amount: s.amount + r.amountFen, w: s.w + r.weightedX100 }), { n: 0, amount: 0, w: 0 });
  return {
    range: { from, to },
    previousRange: prev,
    tzOffsetMinutes: tz.offsetMin,
    kpis: {
      customers: (db.prepare(total.sql).get(...total.params) as { n: number }).n,
      newCustomers: cur.new_c,
      newCustomersPrev: old.new_c,
      pipelineOpenCount: open.n,
      pipelineOpenFen: open.amount,
      pipelineWeightedFen: Math.round(open.w / 100),
      wonAmountFen: cur.won_amount,
      wonCount: cur.won_n,
      wonAmountFenPrev: old.won_amount,
      wonCountPrev: old.won_n,
      winRate: rate(cur.won_n, cur.won_n + cur.lost_n),
      winRatePrev: rate(old.won_n, old.won_n + old.lost_n),
      overdueFollowUps: (db.prepare(overdue.sql).get(...overdue.params) as { n: number }).n,
    },
    trend,
    pipeline: pipeline.map(({ weightedX100, ...r }) => ({ ...r, weightedFen: Math.round(weightedX100 / 100) })),
    scopeOwnerId: user.scope === 'own' ? user.id : null,
  };
}

