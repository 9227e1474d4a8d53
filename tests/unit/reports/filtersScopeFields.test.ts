// Session 2 of the reports: customer-attribute filters served by the rpt_attr_* rollups (one attribute)
// and by the base tables (two attributes) give the same hand-worked numbers; a rep's owner filter and
// the pool; grouping the customer analysis by a custom single-select field. Every expected number is
// worked out by hand from dataset.ts (not computed by the code under test).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeDataset, L, NOV, type Dataset } from './dataset';

let d: Dataset;
beforeAll(async () => {
  d = await makeDataset();
});
afterAll(() => d.t.close());

const funnelRows = (r: { stages: { stageName: string; entered: number; enteredAmountFen: number; conversionToNext: number | null; avgDaysInStage: number | null; openNow: number }[] }) =>
  r.stages.map((s) => [s.stageName, s.entered, s.enteredAmountFen, s.conversionToNext, s.avgDaysInStage, s.openNow]);

describe('attribute filters', () => {
  it('funnel for 广东 (one attribute: rollups): deals 3, 4, 6', async () => {
    const r = await d.t.ok('admin', 'reports:funnel', { ...NOV, filters: { provinces: ['广东'] } });
    // deal 4: 初步接触 Nov 1 12:00 -> 输单 Nov 12 12:00 (11 days); deal 6: 1 (Nov 2) -> 2 (Nov 4) -> 3 (Nov 7) -> 4 (Nov 9)
    expect(funnelRows(r)).toEqual([
      ['初步接触', 2, 150000, 0.5, 6.5, 0],
      ['需求确认', 1, 120000, 1, 3, 0],
      ['方案报价', 1, 120000, 1, 2, 0],
      ['谈判签约', 1, 120000, 0, null, 1],
      ['赢单', 0, 0, null, null, 0],
      ['输单', 1, 30000, null, null, 0],
    ]);
    // deal 3 won Nov 1 00:30 (customer 4, 广东), deal 4 lost
    expect([r.wonCount, r.lostCount, r.winRate]).toEqual([1, 1, 0.5]);
  });

  it('funnel for 广东 + level A (two attributes: base tables): deal 3 (customer 4, level C) drops out', async () => {
    const r = await d.t.ok('admin', 'reports:funnel', { ...NOV, filters: { provinces: ['广东'], levels: ['A'] } });
    expect(funnelRows(r)[0]).toEqual(['初步接触', 2, 150000, 0.5, 6.5, 0]);
    expect([r.wonCount, r.lostCount, r.winRate]).toEqual([0, 1, 0]);
  });

  it('the funnel read from base tables equals the rollups for the same deals, also when a stage is left after the range', async () => {
    // every 广东 customer (3, 4, 8) has level A or C: "广东 + A, C" (two attributes, customers first, the exit of an
    // entry found by LEAD over the deal's later entries) selects the same deals as "广东" (the rollups). Nov 1-5 ends
    // while deal 6 sits in 需求确认 (entered Nov 4, left Nov 7): its exit and 3 days still count.
    for (const range of [NOV, { from: '2026-11-01', to: '2026-11-05' }, { from: '2026-11-03', to: '2026-11-08' }]) {
      const one = await d.t.ok('admin', 'reports:funnel', { ...range, filters: { provinces: ['广东'] } });
      const two = await d.t.ok('admin', 'reports:funnel', { ...range, filters: { provinces: ['广东'], levels: ['A', 'C'] } });
      expect(funnelRows(two)).toEqual(funnelRows(one));
      expect([two.wonCount, two.lostCount]).toEqual([one.wonCount, one.lostCount]);
    }
    const early = await d.t.ok('admin', 'reports:funnel', { from: '2026-11-01', to: '2026-11-05', filters: { provinces: ['广东'], levels: ['A', 'C'] } });
    expect(funnelRows(early).find((r) => r[0] === '需求确认')).toEqual(['需求确认', 1, 120000, 0, 3, 0]);
  });

  it('sales performance for level A, per owner and against October', async () => {
    const r = await d.t.ok('admin', 'reports:salesPerformance', { ...NOV, filters: { levels: ['A'] } });
    // A: customers 1 (李雷, Nov 2, deal 1 won 100000 Nov 10, follow-up Nov 3) and 3 (韩梅, Nov 30, deal 4 lost,
    // follow-up Nov 30; the Nov 18 one is deleted); October: deal 2 (customer 1) won 50000
    expect(r.totals.current).toMatchObject({ wonAmountFen: 100000, wonCount: 1, lostCount: 1, newCustomers: 2, followUps: 2, winRate: 0.5 });
    expect(r.totals.previous).toMatchObject({ wonAmountFen: 50000, wonCount: 1, newCustomers: 0, followUps: 0 });
    const row = (id: number) => r.rows.find((x) => x.ownerId === id)!.current;
    expect(row(d.a)).toMatchObject({ wonAmountFen: 100000, newCustomers: 1, followUps: 1, lostCount: 0 });
    expect(row(d.b)).toMatchObject({ wonAmountFen: 0, newCustomers: 1, followUps: 1, lostCount: 1 });
  });

  it('sales trend by month for 浙江 and 北京 (two values of one attribute)', async () => {
    const r = await d.t.ok('admin', 'reports:salesTrend', { from: '2026-10-01', to: '2026-11-30', groupBy: 'month', filters: { provinces: ['浙江', '北京'] } });
    // October: customer 5 (北京) new, deal 2 won 50000; November: customers 1, 2 new, deal 1 won 100000
    expect(r.points.map((p) => [p.bucket, p.wonAmountFen, p.wonCount, p.newCustomers])).toEqual([
      ['2026-10', 50000, 1, 1],
      ['2026-11', 100000, 1, 2],
    ]);
  });

  it('customer analysis for 浙江 crosses into industry, source, level and status', async () => {
    const r = await d.t.ok('admin', 'reports:customerAnalysis', { ...NOV, filters: { provinces: ['浙江'] } });
    expect(r.total).toBe(2);
    expect(r.byProvince.map((x) => [x.key, x.count, x.won])).toEqual([['浙江', 2, 1]]);
    expect(r.byIndustry.map((x) => [x.key, x.count, x.won])).toEqual([
      ['制造业', 1, 1],
      ['零售', 1, 0],
    ]);
    expect(r.byLevel.map((x) => [x.key, x.count])).toEqual([
      ['A', 1],
      ['B', 1],
    ]);
    expect(r.byStatus.map((x) => [x.key, x.count, x.won])).toEqual([
      ['potential', 1, 0],
      ['won', 1, 1],
    ]);
    expect(r.conversionBySource).toEqual([
      { source: '官网', customers: 1, won: 1, rate: 1 },
      { source: '转介绍', customers: 1, won: 0, rate: 0 },
    ]);
  });

  it('the dashboard for 广东: customers, pipeline and won from the rollups', async () => {
    const s = await d.t.ok('admin', 'dashboard:summary', { ...NOV, filters: { provinces: ['广东'] } });
    // 广东 live customers 3, 4, 8; open deal 6 (120000 x 80%); won deal 3 (200000)
    expect(s.kpis).toMatchObject({ customers: 3, newCustomers: 2, newCustomersPrev: 1, pipelineOpenCount: 1, pipelineOpenFen: 120000, pipelineWeightedFen: 96000, wonAmountFen: 200000 });
  });
});

describe('a rep and the pool', () => {
  it('unfiltered: own rows only; owner 0 (公海): the pool, as the customer list shows it', async () => {
    const own = await d.t.ok('repA', 'reports:customerAnalysis', NOV);
    expect(own.total).toBe(2); // customers 1, 2
    const pool = await d.t.ok('repA', 'reports:customerAnalysis', { ...NOV, filters: { ownerIds: [0] } });
    expect(pool.total).toBe(1); // customer 6 (上海, no owner, Nov 5)
    expect(pool.byProvince.map((x) => [x.key, x.count])).toEqual([['上海', 1]]);
    // the list a rep clicks through to, with the same owner filter and range
    const list = await d.t.ok('repA', 'customers:list', {
      filter: { ownerIds: [null], createdFrom: '2026-10-31T16:00:00.000Z', createdTo: '2026-11-30T16:00:00.000Z' },
      limit: 50,
    });
    expect(list.rows.map((x) => x.id)).toEqual([6]);
    const both = await d.t.ok('repA', 'reports:salesPerformance', { ...NOV, filters: { ownerIds: [0, d.a] } });
    expect(both.rows.map((x) => [x.ownerId, x.current.newCustomers])).toEqual([
      [d.a, 2],
      [0, 1],
    ]);
  });

  it("another rep's owner id is out of scope: nothing, not an error", async () => {
    const r = await d.t.ok('repA', 'reports:customerAnalysis', { ...NOV, filters: { ownerIds: [d.b] } });
    expect(r.total).toBe(0);
    const p = await d.t.ok('repA', 'reports:salesPerformance', { ...NOV, filters: { ownerIds: [d.b] } });
    expect(p.totals.current).toMatchObject({ wonAmountFen: 0, newCustomers: 0, followUps: 0 });
  });
});

describe('customer analysis by a custom single-select field', () => {
  let fieldId = 0;
  let textFieldId = 0;
  beforeAll(async () => {
    const f = await d.t.ok('admin', 'fields:create', { entity: 'customer', label: { zh: '规模' }, type: 'singleSelect', options: ['大型', '中小', '个体'] });
    fieldId = f.id;
    textFieldId = (await d.t.ok('admin', 'fields:create', { entity: 'customer', label: { zh: '备注二' }, type: 'text' })).id;
    const v = d.t.app.context.db.prepare('INSERT INTO customer_field_values (field_id, customer_id, value) VALUES (?, ?, ?)');
    for (const [c, x] of [
      [1, '大型'],
      [2, '中小'],
      [3, '大型'],
      [6, '个体'],
      [7, '大型'], // deleted customer
      [8, '中小'], // created in October
    ] as const)
      v.run(fieldId, c, x);
  });

  it('counts November customers by option, with not set as ""', async () => {
    const r = await d.t.ok('admin', 'reports:customerAnalysis', { ...NOV, fieldId });
    // 1 大型 (won), 3 大型, 2 中小, 6 个体, 4 not set (won); ties by key in code-point order
    expect(r.byField!.map((x) => [x.key, x.count, x.won])).toEqual([
      ['大型', 2, 1],
      ['', 1, 1],
      ['个体', 1, 0],
      ['中小', 1, 0],
    ]);
    expect(r.byField![0].share).toBeCloseTo(0.4);
    expect(r.byProvince.length).toBe(3); // the other tables are unchanged
  });

  it('with an attribute filter and for a rep', async () => {
    const f = await d.t.ok('admin', 'reports:customerAnalysis', { ...NOV, fieldId, filters: { provinces: ['浙江'] } });
    const a = await d.t.ok('repA', 'reports:customerAnalysis', { ...NOV, fieldId });
    for (const r of [f, a])
      expect(r.byField!.map((x) => [x.key, x.count, x.won])).toEqual([
        ['中小', 1, 0],
        ['大型', 1, 1],
      ]);
  });

  it('rejects a field that is not a single-select customer field, with a field error', async () => {
    for (const id of [textFieldId, 999]) {
      const r = await d.t.call('admin', 'reports:customerAnalysis', { ...NOV, fieldId: id });
      expect(r.ok).toBe(false);
      if (!r.ok) {
        expect(r.error.code).toBe('INVALID_INPUT');
        expect((r.error.details as { fieldErrors: Record<string, string> }).fieldErrors.fieldId).toMatch(/单选/);
      }
    }
  });
});

describe('two attributes at once (customers first, then their deals and follow-ups)', () => {
  it('浙江 + level A: customer 1 and its deals and follow-ups; the same as 浙江 alone for those', async () => {
    const r = await d.t.ok('admin', 'reports:salesPerformance', { ...NOV, filters: { provinces: ['浙江'], levels: ['A'] } });
    // new: customer 1 (7 is deleted); won: deal 1 (100000); follow-up on 1 (Nov 3); October: deal 2 won 50000
    expect(r.totals.current).toMatchObject({ wonAmountFen: 100000, wonCount: 1, lostCount: 0, newCustomers: 1, followUps: 1 });
    expect(r.totals.previous).toMatchObject({ wonAmountFen: 50000, wonCount: 1, newCustomers: 0, followUps: 0 });
    const s = await d.t.ok('admin', 'dashboard:summary', { ...NOV, filters: { provinces: ['浙江'], levels: ['A'] } });
    expect(s.kpis).toMatchObject({ customers: 1, pipelineOpenCount: 0, wonAmountFen: 100000 });
  });

  it('a deal of a soft-deleted customer counts by that customer\'s attributes in both paths', async () => {
    d.t.app.context.db
      .prepare(`INSERT INTO deals (id, name, customer_id, amount_fen, stage_id, probability, owner_id, status, closed_at, created_at, updated_at) VALUES (9, '商机9', 7, 70000, 5, 100, ?, 'won', ?, ?, ?)`)
      .run(d.a, L('2026-11-20 10:00'), L('2026-11-01 09:00'), L('2026-11-01 09:00'));
    const one = await d.t.ok('admin', 'reports:salesPerformance', { ...NOV, filters: { provinces: ['浙江'] } });
    const two = await d.t.ok('admin', 'reports:salesPerformance', { ...NOV, filters: { provinces: ['浙江'], levels: ['A'] } });
    for (const r of [one, two]) expect(r.totals.current).toMatchObject({ wonAmountFen: 170000, wonCount: 2 });
    d.t.app.context.db.prepare('DELETE FROM deals WHERE id = 9').run();
  });
});

describe('reports:setTimezone', () => {
  it('moves the day boundaries of every report, audited; reps may not', async () => {
    const rep = await d.t.call('repA', 'reports:setTimezone', { offsetMinutes: 0 });
    expect(!rep.ok && rep.error.code).toBe('FORBIDDEN');
    const bad = await d.t.call('admin', 'reports:setTimezone', { offsetMinutes: 900 });
    expect(!bad.ok && bad.error.code).toBe('INVALID_INPUT');

    expect(await d.t.ok('admin', 'reports:setTimezone', { offsetMinutes: 0 })).toEqual({ tzOffsetMinutes: 0 });
    // in UTC customer 4 (local Nov 1 00:30 = Oct 31 16:30 UTC) belongs to October: Nov has 1, 2, 3, 6
    const utc = await d.t.ok('admin', 'reports:customerAnalysis', NOV);
    expect([utc.tzOffsetMinutes, utc.total]).toEqual([0, 4]);
    const audit = d.t.app.context.db.prepare("SELECT changes FROM audit_log WHERE action = 'report.timezone' ORDER BY id DESC LIMIT 1").pluck().get() as string;
    expect(JSON.parse(audit)).toEqual([{ field: 'tzOffsetMinutes', old: 480, new: 0 }]);

    await d.t.ok('admin', 'reports:setTimezone', { offsetMinutes: 480 });
    expect((await d.t.ok('admin', 'reports:customerAnalysis', NOV)).total).toBe(5);
  });
});
