// 销售趋势: won amount/count and new customers per bucket (day/week/month/quarter), with the previous
// period's buckets aligned by position so they can be drawn on the same axis.
import type { Db } from '../../../db/sql';
import type { ReportGrouping, ReportInput, SalesTrend } from '../../contract/reports';
import type { SessionUser } from '../../contract/auth';
import { bucketSql, bucketsBetween, fitGrouping, previousRange, type ReportTz } from './period';
import { ReportSources } from './sources';

interface BucketSums {
  won_amount: number;
  won_n: number;
  new_c: number;
}

export function trendBuckets(db: Db, src: ReportSources, from: string, to: string, g: ReportGrouping): Map<string, BucketSums> {
  const deals = src.closedDeals(from, to);
  const cust = src.customerDays(from, to);
  const rows = db
    .prepare(
      `SELECT ${bucketSql('day', g)} AS bucket, SUM(won_amount) AS won_amount, SUM(won_n) AS won_n, SUM(new_c) AS new_c FROM (
         SELECT day, CASE WHEN status = 'won' THEN amount_fen ELSE 0 END AS won_amount, CASE WHEN status = 'won' THEN n ELSE 0 END AS won_n, 0 AS new_c FROM (${deals.sql})
         UNION ALL SELECT day, 0, 0, n FROM (${cust.sql})
       ) GROUP BY bucket`,
    )
    .all(...deals.params, ...cust.params) as (BucketSums & { bucket: string })[];
  return new Map(rows.map((r) => [r.bucket, r]));
}

export function salesTrend(db: Db, user: SessionUser, tz: ReportTz, input: ReportInput): SalesTrend {
  const src = ReportSources.for(db, user, input.filters ?? {}, tz);
  const g = fitGrouping(input.from, input.to, input.groupBy ?? 'day');
  const prev = previousRange(input.from, input.to);
  const cur = trendBuckets(db, src, input.from, input.to, g);
  const old = trendBuckets(db, src, prev.from, prev.to, g);
  const curKeys = bucketsBetween(input.from, input.to, g);
  const oldKeys = bucketsBetween(prev.from, prev.to, g);
  const zero: BucketSums = { won_amount: 0, won_n: 0, new_c: 0 };
  const points = curKeys.map((bucket, i) => {
    const c = cur.get(bucket) ?? zero;
    const pk = oldKeys[i] ?? null;
    const p = (pk && old.get(pk)) || zero;
    return {
      bucket,
      wonAmountFen: c.won_amount,
      wonCount: c.won_n,
      newCustomers: c.new_c,
      prevBucket: pk,
      prevWonAmountFen: p.won_amount,
      prevWonCount: p.won_n,
      prevNewCustomers: p.new_c,
    };
  });
  return { range: { from: input.from, to: input.to }, previousRange: prev, tzOffsetMinutes: tz.offsetMin, groupBy: g, points };
}
