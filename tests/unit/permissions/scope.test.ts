// Data scope in list, search and detail: a rep sees own customers plus the pool, never another rep's.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeCompany, type Company } from './fixture';

let c: Company;
beforeAll(async () => {
  c = await makeCompany();
});
afterAll(() => c.t.close());

const names = async (caller: string, query?: string) =>
  (await c.t.ok(caller, 'customers:list', query ? { query } : {})).rows.map((r) => r.name).sort();

describe('scope own vs all', () => {
  it('list: a rep sees own customers and the pool; managers and admins see everything', async () => {
    expect(await names('repA')).toEqual(['公海一号', '公海二号', '甲一贸易', '甲二科技'].sort());
    expect(await names('repB')).toEqual(['乙一商行', '公海一号', '公海二号'].sort());
    expect(await names('manager')).toHaveLength(5);
    expect((await c.t.ok('repA', 'customers:list', {})).total).toBe(4);
  });

  it("search never finds another rep's customer", async () => {
    expect(await names('repA', '乙一')).toEqual([]);
    expect(await names('repA', 'yiyi')).toEqual([]);
    expect(await names('admin', '乙一')).toEqual(['乙一商行']);
    expect(await names('repB', '乙一')).toEqual(['乙一商行']);
  });

  it("a filter naming another rep as owner returns nothing for a rep", async () => {
    const r = await c.t.ok('repA', 'customers:list', { filter: { ownerIds: [c.users.repB] } });
    expect(r.rows).toEqual([]);
  });

  it("detail of another rep's customer answers NOT_FOUND or FORBIDDEN, never the data", async () => {
    const r = await c.t.call('repA', 'customers:get', { id: c.customers.b1 });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(['NOT_FOUND', 'FORBIDDEN']).toContain(r.error.code);
      expect(JSON.stringify(r.error)).not.toContain('乙一商行');
    }
    expect((await c.t.call('repA', 'customers:get', { id: c.customers.pool1 })).ok).toBe(true);
  });

  it('after a transfer the old owner no longer sees the customer, the new one does', async () => {
    await c.t.ok('admin', 'customers:transfer', { ids: [c.customers.a2], toUserId: c.users.repB });
    expect(await names('repA')).not.toContain('甲二科技');
    expect(await names('repB')).toContain('甲二科技');
  });
});
