// Batch edit keeps the report rollups exact. An attribute edit (level, province, industry, source) re-keys
// the customers' rows and their deals', stage entries' and follow-ups' attribute rows in place
// (withAttributesRekeyed), a status edit the customers' own rollups. After each, every rollup table must
// equal its from-scratch GROUP BY.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeDataset, type Dataset } from './dataset';
import { rollupDifferences } from '../../../main/services/reports/rollups';

let d: Dataset;
beforeAll(async () => {
  d = await makeDataset();
});
afterAll(() => d.t.close());

const sum = (sql: string, ...params: unknown[]) => Number(d.t.app.context.db.raw.prepare(sql).pluck().get(...params) ?? 0);

describe('batch edit and the report rollups', () => {
  it('level + province on every live customer, some of which already hold one of the values', async () => {
    const r = await d.t.ok('admin', 'customers:batchUpdate', { ids: [1, 2, 3, 4, 5, 6, 8], patch: { level: 'B', province: '广东' } });
    expect(r.updated).toBe(7); // each changes at least one of the two (广东 is stored as the region data's 广东省)
    expect(rollupDifferences(d.t.app.context.db)).toEqual([]);
    // every live follow-up of a live customer is now counted under 广东省 and level B, none under 浙江 or 广东
    const live = sum('SELECT COUNT(*) FROM follow_ups f JOIN customers c ON c.id = f.customer_id WHERE f.deleted_at IS NULL AND c.deleted_at IS NULL');
    expect(live).toBeGreaterThan(0);
    expect(sum("SELECT SUM(n) FROM rpt_attr_followups_daily WHERE dim = 'p' AND value = '广东省'")).toBe(live);
    expect(sum("SELECT SUM(n) FROM rpt_attr_followups_daily WHERE dim = 'p' AND value = '广东'")).toBe(0);
    expect(sum("SELECT SUM(n) FROM rpt_attr_followups_daily WHERE dim = 'l' AND value = 'B'")).toBe(live);
    expect(sum("SELECT SUM(n) FROM rpt_attr_followups_daily WHERE dim = 'p' AND value = '浙江'")).toBe(0);
  });

  it('clearing an attribute counts the rows under "not set"; a new source re-keys only that dimension', async () => {
    await d.t.ok('admin', 'customers:batchUpdate', { ids: [1, 3], patch: { industry: null, source: '展会' } });
    expect(rollupDifferences(d.t.app.context.db)).toEqual([]);
    expect(sum("SELECT SUM(entered_n) FROM rpt_attr_stage_daily WHERE dim = 'i' AND value = ''")).toBeGreaterThan(0);
  });

  it('status alone, then status with an attribute', async () => {
    const db = d.t.app.context.db;
    await d.t.ok('admin', 'customers:batchUpdate', { ids: [1, 2, 3, 4], patch: { status: 'lost' } });
    expect(rollupDifferences(db)).toEqual([]);
    expect(sum("SELECT SUM(n) FROM rpt_customers_daily WHERE status = 'lost'")).toBe(sum("SELECT COUNT(*) FROM customers WHERE deleted_at IS NULL AND status = 'lost'"));
    await d.t.ok('admin', 'customers:batchUpdate', { ids: [2, 4, 5], patch: { level: 'A', status: 'following' } });
    expect(rollupDifferences(db)).toEqual([]);
  });
});
