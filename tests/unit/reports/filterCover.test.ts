// An attribute filter listing every value the data holds selects nothing out, so it is dropped before the
// report picks its path (two attributes -> one: the rollups). Values of dataset.ts: provinces 浙江 广东 北京 上海,
// levels A B C and one customer (6) without a level.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeDataset, NOV, type Dataset } from './dataset';
import { complementPlan, withoutCoveringFilters } from '../../../main/services/reports/filterCover';
import { L } from './dataset';

let d: Dataset;
beforeAll(async () => {
  d = await makeDataset();
});
afterAll(() => d.t.close());

describe('covering attribute filters', () => {
  it('drops a filter only when it lists every value, including "not set"', () => {
    const db = d.t.app.context.db;
    expect(withoutCoveringFilters(db, { provinces: ['浙江'], levels: ['A', 'B', 'C'] })).toEqual({ provinces: ['浙江'], levels: ['A', 'B', 'C'] });
    expect(withoutCoveringFilters(db, { provinces: ['浙江'], industries: ['零售', '', '制造业'] })).toEqual({ provinces: ['浙江'] });
    expect(withoutCoveringFilters(db, { provinces: ['北京', '上海', '广东', '浙江', '火星'], industries: ['制造业'], ownerIds: [1] })).toEqual({ industries: ['制造业'], ownerIds: [1] });
    // one attribute alone is left as it is (its rollup serves it)
    expect(withoutCoveringFilters(db, { industries: ['零售', '', '制造业'] })).toEqual({ industries: ['零售', '', '制造业'] });
  });

  it('浙江 + every industry answers like 浙江 alone: November won deal 1 (¥1,000.00), customers 1 and 2', async () => {
    // industries incl. '' (not set) list every value: dropped; levels A B C miss customer 6: the two-attribute path
    for (const more of [{ industries: ['零售', '', '制造业'] }, { levels: ['A', 'B', 'C'] as ('A' | 'B' | 'C')[] }]) {
      const r = await d.t.ok('admin', 'reports:salesPerformance', { ...NOV, filters: { provinces: ['浙江'], ...more } });
      expect(r.totals.current).toMatchObject({ wonAmountFen: 100000, wonCount: 1, newCustomers: 2 });
    }
  });

  it('a broad second attribute is answered by subtraction: 上海, 浙江 + levels A, B, C = 上海, 浙江 minus customer 6 (no level)', async () => {
    const db = d.t.app.context.db;
    expect(complementPlan(db, { provinces: ['上海', '浙江'], levels: ['A', 'B', 'C'] })).toEqual({ keep: 'p', lead: 'l', minusFilters: { provinces: ['上海', '浙江'], levels: [''] } });
    expect(complementPlan(db, { provinces: ['浙江'], levels: ['A'] })).toBeNull();
    // customer 6 (上海, pool, created Nov 5) gets a follow-up, a won deal and an open deal in November
    db.prepare(`INSERT INTO follow_ups (customer_id, owner_id, at, method, content, created_at, updated_at) VALUES (6, ?, ?, 'phone', 'x', ?, ?)`).run(d.a, L('2026-11-20 10:00'), L('2026-11-20 10:00'), L('2026-11-20 10:00'));
    const deal = db.prepare(
      `INSERT INTO deals (id, name, customer_id, amount_fen, stage_id, probability, owner_id, status, closed_at, created_at, updated_at) VALUES (?, 'x', 6, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    deal.run(60, 7000, 5, 100, d.a, 'won', L('2026-11-20 10:00'), L('2026-11-01 10:00'), L('2026-11-01 10:00'));
    deal.run(61, 5000, 2, 20, d.a, 'open', null, L('2026-11-01 10:00'), L('2026-11-01 10:00'));
    const perf = async (filters: object) => (await d.t.ok('admin', 'reports:salesPerformance', { ...NOV, filters })).totals.current;
    expect(await perf({ provinces: ['上海', '浙江'] })).toMatchObject({ wonAmountFen: 107000, wonCount: 2, newCustomers: 3, followUps: 3 });
    expect(await perf({ provinces: ['上海', '浙江'], levels: ['A', 'B', 'C'] })).toMatchObject({ wonAmountFen: 100000, wonCount: 1, newCustomers: 2, followUps: 2 });
    const open = async (filters: object) =>
      Object.fromEntries((await d.t.ok('admin', 'reports:funnel', { ...NOV, filters })).stages.filter((s) => s.openNow).map((s) => [s.stageName, [s.openNow, s.openNowAmountFen]]));
    // 浙江's open deal 5 (方案报价, ¥800.00); customer 6's deal 61 (需求确认) only without the level filter
    expect(await open({ provinces: ['上海', '浙江'], levels: ['A', 'B', 'C'] })).toEqual({ 方案报价: [1, 80000] });
    expect(await open({ provinces: ['上海', '浙江'] })).toEqual({ 方案报价: [1, 80000], 需求确认: [1, 5000] });
    const dash = await d.t.ok('admin', 'reports:customerAnalysis', { ...NOV, filters: { provinces: ['上海', '浙江'], levels: ['A', 'B', 'C'] } });
    expect(dash.total).toBe(2);
    db.prepare('DELETE FROM deals WHERE id IN (60, 61)').run();
    db.prepare('DELETE FROM follow_ups WHERE customer_id = 6').run();
  });
});
