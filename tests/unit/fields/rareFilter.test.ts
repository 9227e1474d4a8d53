// A custom filter that matches few customers is read from the values index and sorted (issue 13,
// fields/rareFilter.ts). The pages must be exactly those of the normal list (sort orders, cursor paging,
// offset jumps, scope, other filters), with an exact total; a common value falls back to the normal list.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeWorld, type CustomersWorld } from '../customers/fixture';
import { listCustomers } from '../../../main/services/customers/list';
import { listRareCustomFilter, rareCustomIds, RARE_MAX } from '../../../main/services/fields/rareFilter';
import type { ChannelInput } from '../../../main/contract';

let w: CustomersWorld;
let type: { id: number; key: string };
let score: { id: number; key: string };
const db = () => w.t.app.context.db;
type ListIn = ChannelInput<'customers:list'>;

beforeAll(async () => {
  w = await makeWorld();
  type = await w.t.ok('admin', 'fields:create', { entity: 'customer', label: { zh: '客户类型' }, type: 'singleSelect', options: ['常见', '少见', '罕见'] });
  score = await w.t.ok('admin', 'fields:create', { entity: 'customer', label: { zh: '评分' }, type: 'number' });
  const levels = ['A', 'B', 'C'] as const;
  for (let i = 0; i < 40; i++) {
    const owner = i % 3 === 0 ? w.users.repA : i % 3 === 1 ? w.users.repB : null;
    await w.t.ok('admin', 'customers:create', {
      name: `客户${String(i).padStart(2, '0')}`,
      level: levels[i % 3],
      ownerId: owner,
      custom: { [type.key]: i % 4 === 0 ? '少见' : i === 7 ? '罕见' : '常见', [score.key]: i },
    });
  }
  // 2,100 more holders of 常见 straight into the values table (more than RARE_MAX; no customers needed)
  const raw = db().raw;
  raw.pragma('foreign_keys = OFF');
  raw.prepare(
    `INSERT INTO customer_field_values (field_id, customer_id, value)
     WITH RECURSIVE n(i) AS (SELECT 100000 UNION ALL SELECT i + 1 FROM n WHERE i < 102099) SELECT ?, i, '常见' FROM n`,
  ).run(type.id);
  raw.pragma('foreign_keys = ON');
});
afterAll(() => w.t.close());

async function allPages(caller: string, input: ListIn) {
  const ids: number[] = [];
  let cursor: string | null = null;
  let total: number | null = null;
  for (let i = 0; i < 50; i++) {
    const page = (await w.t.ok(caller, 'customers:list', { ...input, cursor, limit: 4 })) as { rows: { id: number }[]; nextCursor: string | null; total: number | null };
    if (i === 0) total = page.total;
    ids.push(...page.rows.map((r) => r.id));
    cursor = page.nextCursor;
    if (!cursor) break;
  }
  return { ids, total };
}

const user = (name: 'admin' | 'repA') => ({ id: name === 'admin' ? w.users.admin : w.users.repA, scope: name === 'admin' ? 'all' : 'own', permissions: [] }) as never;
const normal = (who: 'admin' | 'repA', input: ListIn) =>
  listCustomers(db(), user(who), { ...input, limit: 1000 } as never, w.t.app.context.clock.now(), 'bad').rows.map((r) => r.id);

describe('rare custom filter', () => {
  it('chooses the values index only for small sets', () => {
    expect(rareCustomIds(db(), { [type.key]: ['罕见'] })).toHaveLength(1);
    expect(rareCustomIds(db(), { [type.key]: ['少见', '罕见'] })).toHaveLength(11);
    expect(rareCustomIds(db(), { [type.key]: ['常见'] })).toBeNull(); // > RARE_MAX
    expect(RARE_MAX).toBeLessThan(2100);
    expect(rareCustomIds(db(), { [score.key]: { from: 10, to: 12 } })).toHaveLength(3);
    expect(rareCustomIds(db(), { [type.key]: { contains: '见' } })).toBeNull(); // LIKE cannot use the index
    expect(rareCustomIds(db(), { nosuchfield: ['x'] })).toBeNull();
  });

  const cases: [string, 'admin' | 'repA', ListIn][] = [
    ['newest first', 'admin', { filter: { custom: {} } }],
    ['by name asc', 'admin', { sort: { field: 'name', dir: 'asc' } }],
    ['by level desc (ties on the key)', 'admin', { sort: { field: 'level', dir: 'desc' } }],
    ['by owner asc, rep scope', 'repA', { sort: { field: 'ownerId', dir: 'asc' } }],
    ['with level filter', 'admin', { filter: { levels: ['A', 'B'] } }],
  ];
  for (const [label, who, extra] of cases) {
    it(`pages equal the normal list: ${label}`, async () => {
      const input = { ...extra, filter: { ...(extra.filter ?? {}), custom: { [type.key]: ['少见', '罕见'] } } } as ListIn;
      const want = normal(who, input);
      expect(want.length).toBeGreaterThan(2);
      const got = await allPages(who, input);
      expect(got.ids).toEqual(want);
      expect(got.total).toBe(want.length); // exact
    });
  }

  it('offset jumps and range filters match the normal list', async () => {
    const input: ListIn = { filter: { custom: { [score.key]: { from: 5, to: 30 } } }, sort: { field: 'name', dir: 'desc' } };
    const want = normal('admin', input);
    const page = await w.t.ok('admin', 'customers:list', { ...input, offset: 7, limit: 5 });
    expect(page.rows.map((r) => r.id)).toEqual(want.slice(7, 12));
    // the rare path answered (exact total, not capped)
    expect(listRareCustomFilter({ app: w.t.app.context, user: user('admin'), t: (k: string) => k } as never, { ...input, limit: 5 } as never)?.total).toBe(26);
  });

  it('a search query or a common value goes to the normal list', () => {
    const ctx = { app: w.t.app.context, user: user('admin'), t: (k: string) => k } as never;
    expect(listRareCustomFilter(ctx, { query: '客户', filter: { custom: { [type.key]: ['罕见'] } } } as never)).toBeNull();
    expect(listRareCustomFilter(ctx, { filter: { custom: { [type.key]: ['常见'] } } } as never)).toBeNull();
  });
});
