// Each report's figures on the hand-made dataset (dataset.ts). The expected numbers are worked out by
// hand, not computed by the code under test.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeDataset, NOV, EMPTY, type Dataset } from './dataset';

let d: Dataset;
beforeAll(async () => {
  d = await makeDataset();
});
afterAll(() => d.t.close());

describe('dashboard:summary', () => {
  it('admin sees every KPI of this month (Nov 2026) against October', async () => {
    const s = await d.t.ok('admin', 'dashboard:summary');
    expect(s.range).toEqual(NOV);
    expect(s.previousRange).toEqual({ from: '2026-10-01', to: '2026-10-31' });
    expect(s.kpis).toEqual({
      customers: 7,
      newCustomers: 5,
      newCustomersPrev: 2,
      pipelineOpenCount: 3,
      pipelineOpenFen: 210000,
      pipelineWeightedFen: 137000,
      wonAmountFen: 300000,
      wonCount: 2,
      wonAmountFenPrev: 50000,
      wonCountPrev: 1,
      winRate: 2 / 3,
      winRatePrev: 1,
      overdueFollowUps: 3,
    });
    expect(s.pipeline.map((p) => [p.stageName, p.count, p.amountFen, p.weightedFen])).toEqual([
      ['初步接触', 1, 10000, 1000],
      ['需求确认', 0, 0, 0],
      ['方案报价', 1, 80000, 40000],
      ['谈判签约', 1, 120000, 96000],
    ]);
    expect(s.trend).toHaveLength(12);
    expect(s.trend[0].bucket).toBe('2025-12');
    expect(s.trend.slice(-2)).toEqual([
      { bucket: '2026-10', wonAmountFen: 50000, newCustomers: 2 },
      { bucket: '2026-11', wonAmountFen: 300000, newCustomers: 5 },
    ]);
    expect(s.scopeOwnerId).toBeNull();
  });

  it('a sales rep sees only their own customers, deals and follow-ups', async () => {
    const s = await d.t.ok('repA', 'dashboard:summary');
    expect(s.kpis).toEqual({
      customers: 3,
      newCustomers: 2,
      newCustomersPrev: 1,
      pipelineOpenCount: 2,
      pipelineOpenFen: 90000,
      pipelineWeightedFen: 41000,
      wonAmountFen: 100000,
      wonCount: 1,
      wonAmountFenPrev: 50000,
      wonCountPrev: 1,
      winRate: 1,
      winRatePrev: 1,
      overdueFollowUps: 1,
    });
    expect(s.scopeOwnerId).toBe(d.a);
  });
});

describe('reports:salesPerformance', () => {
  it('per owner with the previous period, and totals', async () => {
    const r = await d.t.ok('admin', 'reports:salesPerformance', NOV);
    const byId = new Map(r.rows.map((x) => [x.ownerId, x]));
    expect(byId.get(d.a)).toEqual({
      ownerId: d.a,
      ownerName: '李雷',
      current: { wonAmountFen: 100000, wonCount: 1, lostCount: 0, winRate: 1, avgDealFen: 100000, newCustomers: 2, followUps: 2 },
      previous: { wonAmountFen: 50000, wonCount: 1, lostCount: 0, winRate: 1, avgDealFen: 50000, newCustomers: 1, followUps: 1 },
    });
    expect(byId.get(d.b)).toEqual({
      ownerId: d.b,
      ownerName: '韩梅',
      current: { wonAmountFen: 200000, wonCount: 1, lostCount: 1, winRate: 0.5, avgDealFen: 200000, newCustomers: 2, followUps: 1 },
      previous: { wonAmountFen: 0, wonCount: 0, lostCount: 0, winRate: null, avgDealFen: null, newCustomers: 1, followUps: 0 },
    });
    expect(byId.get(0)?.current.newCustomers).toBe(1); // the pool customer
    expect(byId.get(d.c)?.current.wonAmountFen).toBe(0); // a rep with nothing still has a row
    expect(r.rows[0].ownerId).toBe(d.b); // sorted by won amount
    expect(r.totals.current).toEqual({ wonAmountFen: 300000, wonCount: 2, lostCount: 1, winRate: 2 / 3, avgDealFen: 150000, newCustomers: 5, followUps: 3 });
    expect(r.totals.previous).toEqual({ wonAmountFen: 50000, wonCount: 1, lostCount: 0, winRate: 1, avgDealFen: 50000, newCustomers: 2, followUps: 1 });
  });

  it('a rep gets only their own row; an owner filter narrows an admin', async () => {
    const r = await d.t.ok('repB', 'reports:salesPerformance', NOV);
    expect(r.rows.map((x) => x.ownerId)).toEqual([d.b]);
    expect(r.totals.current.wonAmountFen).toBe(200000);
    const f = await d.t.ok('admin', 'reports:salesPerformance', { ...NOV, filters: { ownerIds: [d.a] } });
    expect(f.rows.map((x) => x.ownerId)).toEqual([d.a]);
    expect(f.totals.current.followUps).toBe(2);
  });

  it('a customer-attribute filter counts only deals and follow-ups of matching customers', async () => {
    const r = await d.t.ok('admin', 'reports:salesPerformance', { ...NOV, filters: { provinces: ['广东'] } });
    // 广东: customers 3, 4 (Nov) and 8 (Oct); deals 3 (won 200000), 4 (lost), 6 (open); follow-up on 3 in Nov
    expect(r.totals.current).toMatchObject({ wonAmountFen: 200000, wonCount: 1, lostCount: 1, newCustomers: 2, followUps: 1 });
    expect(r.totals.previous).toMatchObject({ wonAmountFen: 0, newCustomers: 1, followUps: 0 });
  });
});

describe('reports:customerAnalysis', () => {
  it('customers created in November by region, source, level, status; conversion by source', async () => {
    const r = await d.t.ok('admin', 'reports:customerAnalysis', NOV);
    expect(r.total).toBe(5);
    expect(r.byProvince.map((x) => [x.key, x.count, x.won])).toEqual([
      ['广东', 2, 1],
      ['浙江', 2, 1],
      ['上海', 1, 0],
    ]);
    expect(r.byProvince[0].share).toBeCloseTo(0.4);
    expect(r.bySource.map((x) => [x.key, x.count])).toEqual([
      ['官网', 2],
      ['', 1],
      ['展会', 1],
      ['转介绍', 1],
    ]);
    expect(r.byLevel.map((x) => [x.key, x.count])).toEqual([
      ['A', 2],
      ['', 1],
      ['B', 1],
      ['C', 1],
    ]);
    expect(r.byIndustry.map((x) => [x.key, x.count])).toEqual([
      ['制造业', 2],
      ['零售', 2],
      ['', 1],
    ]);
    expect(r.byStatus.map((x) => [x.key, x.count])).toEqual([
      ['potential', 2],
      ['won', 2],
      ['following', 1],
    ]);
    expect(r.conversionBySource).toEqual([
      { source: '官网', customers: 2, won: 1, rate: 0.5 },
      { source: '', customers: 1, won: 0, rate: 0 },
      { source: '展会', customers: 1, won: 1, rate: 1 },
      { source: '转介绍', customers: 1, won: 0, rate: 0 },
    ]);
  });

  it('a range that is not whole months mixes the monthly rollup with the days at its ends', async () => {
    // Oct 31 .. Nov 29: customers 8 (Oct 31 23:00), 4 (Nov 1 00:30), 1, 6, 2 — not 3 (Nov 30)
    const r = await d.t.ok('admin', 'reports:customerAnalysis', { from: '2026-10-31', to: '2026-11-29' });
    expect(r.total).toBe(5);
    expect(r.byProvince.map((x) => [x.key, x.count])).toEqual([
      ['广东', 2],
      ['浙江', 2],
      ['上海', 1],
    ]);
    const s = await d.t.ok('admin', 'reports:customerAnalysis', { from: '2026-09-15', to: '2026-12-10' });
    expect(s.total).toBe(7);
    expect(s.byProvince.map((x) => [x.key, x.count])).toEqual([
      ['广东', 3],
      ['浙江', 2],
      ['上海', 1],
      ['北京', 1],
    ]);
  });

  it('filters by attribute (base tables) and scope', async () => {
    const r = await d.t.ok('admin', 'reports:customerAnalysis', { ...NOV, filters: { provinces: ['广东'], levels: ['A'] } });
    expect(r.total).toBe(1);
    expect(r.byStatus).toEqual([{ key: 'following', count: 1, won: 0, share: 1 }]);
    const a = await d.t.ok('repA', 'reports:customerAnalysis', NOV);
    expect(a.total).toBe(2);
    expect(a.byProvince.map((x) => [x.key, x.count])).toEqual([['浙江', 2]]);
  });
});

describe('reports:salesTrend', () => {
  it('by day over November with October overlaid by position', async () => {
    const r = await d.t.ok('admin', 'reports:salesTrend', { ...NOV, groupBy: 'day' });
    expect(r.groupBy).toBe('day');
    expect(r.points).toHaveLength(30);
    expect(r.points[0]).toEqual({
      bucket: '2026-11-01',
      wonAmountFen: 200000,
      wonCount: 1,
      newCustomers: 1,
      prevBucket: '2026-10-01',
      prevWonAmountFen: 0,
      prevWonCount: 0,
      prevNewCustomers: 0,
    });
    expect(r.points[9]).toMatchObject({ bucket: '2026-11-10', wonAmountFen: 100000, newCustomers: 0 });
    expect(r.points[19]).toMatchObject({ bucket: '2026-11-20', prevBucket: '2026-10-20', prevWonAmountFen: 50000, prevWonCount: 1 });
    expect(r.points[29]).toMatchObject({ bucket: '2026-11-30', newCustomers: 1, prevBucket: '2026-10-30' });
    expect(r.points.reduce((s, p) => s + p.newCustomers, 0)).toBe(5);
  });

  it('by month, by week and by quarter', async () => {
    const m = await d.t.ok('admin', 'reports:salesTrend', { from: '2026-10-01', to: '2026-11-30', groupBy: 'month' });
    expect(m.previousRange).toEqual({ from: '2026-08-01', to: '2026-09-30' });
    expect(m.points.map((p) => [p.bucket, p.wonAmountFen, p.newCustomers, p.prevBucket])).toEqual([
      ['2026-10', 50000, 2, '2026-08'],
      ['2026-11', 300000, 5, '2026-09'],
    ]);
    // weeks start on Monday: 2026-10-26 .. 2026-11-01 holds c8 (Oct 31), c4 + d3 (Nov 1)
    const w = await d.t.ok('admin', 'reports:salesTrend', { from: '2026-10-26', to: '2026-11-08', groupBy: 'week' });
    expect(w.points.map((p) => [p.bucket, p.wonAmountFen, p.newCustomers])).toEqual([
      ['2026-10-26', 200000, 2],
      ['2026-11-02', 0, 2],
    ]);
    const q = await d.t.ok('admin', 'reports:salesTrend', { from: '2026-01-01', to: '2026-12-31', groupBy: 'quarter' });
    expect(q.points.map((p) => [p.bucket, p.wonAmountFen, p.newCustomers])).toEqual([
      ['2026-Q1', 0, 0],
      ['2026-Q2', 0, 0],
      ['2026-Q3', 0, 0],
      ['2026-Q4', 350000, 7],
    ]);
  });

  it('a long range by day is coarsened to at most 1000 points', async () => {
    const r = await d.t.ok('admin', 'reports:salesTrend', { from: '2020-01-01', to: '2026-12-31', groupBy: 'day' });
    expect(r.groupBy).toBe('week');
    expect(r.points.length).toBeLessThanOrEqual(1000);
  });
});

describe('reports:funnel', () => {
  it('stage entries, conversion, time in stage and open deals now', async () => {
    const r = await d.t.ok('admin', 'reports:funnel', NOV);
    expect(r.stages.map((s) => [s.stageName, s.entered, s.enteredAmountFen, s.conversionToNext, s.avgDaysInStage, s.openNow, s.openNowAmountFen])).toEqual([
      ['初步接触', 3, 230000, 2 / 3, 5, 1, 10000],
      ['需求确认', 2, 200000, 1, 3, 0, 0],
      ['方案报价', 2, 200000, 1, 2, 1, 80000],
      ['谈判签约', 2, 220000, 0.5, 8, 1, 120000],
      ['赢单', 1, 100000, null, null, 0, 0],
      ['输单', 1, 30000, null, null, 0, 0],
    ]);
    expect([r.wonCount, r.lostCount, r.winRate]).toEqual([2, 1, 2 / 3]);
  });

  it('a rep sees the funnel of their own deals', async () => {
    const r = await d.t.ok('repA', 'reports:funnel', NOV);
    expect(r.stages.map((s) => [s.entered, s.openNow])).toEqual([
      [1, 1],
      [1, 0],
      [1, 1],
      [1, 0],
      [1, 0],
      [0, 0],
    ]);
  });
});

describe('empty ranges and bad input', () => {
  it('every report answers zeros (not errors) for a period without data', async () => {
    const p = await d.t.ok('admin', 'reports:salesPerformance', EMPTY);
    expect(p.totals.current).toEqual({ wonAmountFen: 0, wonCount: 0, lostCount: 0, winRate: null, avgDealFen: null, newCustomers: 0, followUps: 0 });
    const a = await d.t.ok('admin', 'reports:customerAnalysis', EMPTY);
    expect([a.total, a.byProvince, a.conversionBySource]).toEqual([0, [], []]);
    const tr = await d.t.ok('admin', 'reports:salesTrend', { ...EMPTY, groupBy: 'day' });
    expect(tr.points).toHaveLength(31);
    expect(tr.points.every((x) => x.wonAmountFen === 0 && x.newCustomers === 0)).toBe(true);
    const f = await d.t.ok('admin', 'reports:funnel', EMPTY);
    expect(f.stages.every((s) => s.entered === 0 && s.conversionToNext === null && s.avgDaysInStage === null)).toBe(true);
    expect(f.winRate).toBeNull();
    const s = await d.t.ok('admin', 'dashboard:summary', EMPTY);
    expect(s.kpis).toMatchObject({ newCustomers: 0, wonAmountFen: 0, winRate: null, customers: 7 });
  });

  it('rejects an end before the start, and callers without a session', async () => {
    const r = await d.t.call('admin', 'reports:funnel', { from: '2026-11-30', to: '2026-11-01' });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.code).toBe('INVALID_INPUT');
    const n = await d.t.call('nobody', 'reports:salesTrend', NOV);
    expect(!n.ok && n.error.code).toBe('UNAUTHENTICATED');
  });
});
