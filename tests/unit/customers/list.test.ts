// customers:list — keyset pages for every sort field and direction, stability under concurrent inserts,
// offset jumps, filters, scope, totals.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CUSTOMER_SORT_FIELDS } from '../../../main/contract/customers';
import { create, listAll, makeWorld, type CustomersWorld } from './fixture';

let w: CustomersWorld;
const N = 40;
const provinces = ['浙江省', '江苏省', '广东省', null];
const levels = ['A', 'B', 'C', null] as const;
const statuses = ['potential', 'following', 'won', 'lost'] as const;

beforeAll(async () => {
  w = await makeWorld();
  const owners = [w.users.repA, w.users.repB, null, w.users.manager];
  for (let i = 0; i < N; i++) {
    w.t.clock.advance(60_000 * (i % 3)); // equal created_at for some rows: ties broken by id
    await create(w.t, {
      name: `客户${String.fromCharCode(0x4e00 + ((i * 37) % 200))}${i}`,
      province: provinces[i % 4],
      level: levels[i % 4],
      status: statuses[(i >> 2) % 4],
      industry: i % 5 === 0 ? null : `行业${i % 3}`,
      ownerId: owners[i % 4],
      tags: i % 6 === 0 ? ['VIP'] : [],
      mobile: `139${String(10000000 + i)}`,
    });
  }
  // follow-up dates for sorting (written by the follow-up domain in the app)
  w.t.app.context.db.raw
    .prepare("UPDATE customers SET last_follow_up_at = CASE WHEN id % 3 = 0 THEN NULL ELSE '2026-0' || (1 + id % 9) || '-01T00:00:00.000Z' END, next_follow_up_at = CASE WHEN id % 4 = 0 THEN NULL ELSE '2026-12-' || (10 + id % 7) || 'T00:00:00.000Z' END")
    .run();
});
afterAll(() => w.t.close());

describe('keyset pagination', () => {
  for (const field of CUSTOMER_SORT_FIELDS) {
    for (const dir of ['asc', 'desc'] as const) {
      it(`pages through every row exactly once sorted by ${field} ${dir}`, async () => {
        const rows = await listAll(w.t, 'admin', { sort: { field, dir } });
        expect(rows.length).toBe(N);
        expect(new Set(rows.map((r) => r.id)).size).toBe(N);
        const all = await w.t.ok('admin', 'customers:list', { sort: { field, dir }, limit: 500 });
        expect(rows.map((r) => r.id)).toEqual(all.rows.map((r) => r.id));
        // order is monotone on the field (NULLs grouped at one end)
        const vals = all.rows.map((r) => r[field as keyof typeof r] as string | number | null);
        const nonNull = vals.filter((v) => v !== null);
        const sorted = [...nonNull].sort((a, b) => (a! < b! ? -1 : a! > b! ? 1 : 0));
        if (field !== 'name') expect(nonNull).toEqual(dir === 'asc' ? sorted : sorted.reverse());
      });
    }
  }

  it('sorts Chinese names by pinyin', async () => {
    for (const n of ['赵六', '阿明', '王五']) await create(w.t, { name: n, kind: 'person' }, 'repB');
    const rows = (await w.t.ok('repB', 'customers:list', { sort: { field: 'name', dir: 'asc' }, limit: 500 })).rows.map((r) => r.name);
    const idx = (n: string) => rows.indexOf(n);
    expect(idx('阿明')).toBeLessThan(idx('王五'));
    expect(idx('王五')).toBeLessThan(idx('赵六'));
  });

  it('inserts before the cursor position neither duplicate nor skip the remaining rows', async () => {
    const sort = { field: 'createdAt' as const, dir: 'asc' as const };
    const before = (await w.t.ok('admin', 'customers:list', { sort, limit: 500 })).rows.map((r) => r.id);
    const first = await w.t.ok('admin', 'customers:list', { sort, limit: 10 });
    // concurrent writers: rows that sort before the cursor (old created_at) and after it (new)
    const db = w.t.app.context.db.raw;
    const early = db
      .prepare("INSERT INTO customers (name, created_at, updated_at) VALUES ('早插入', '2000-01-01T00:00:00.000Z', '2000-01-01T00:00:00.000Z')")
      .run().lastInsertRowid;
    const late = await create(w.t, { name: '晚插入' });
    const seen = first.rows.map((r) => r.id);
    let cursor = first.nextCursor;
    while (cursor) {
      const p = await w.t.ok('admin', 'customers:list', { sort, limit: 10, cursor });
      seen.push(...p.rows.map((r) => r.id));
      cursor = p.nextCursor;
    }
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen).not.toContain(Number(early));
    expect(seen.filter((id) => id !== late.id)).toEqual(before);
    expect(seen[seen.length - 1]).toBe(late.id);
    db.prepare('DELETE FROM customers WHERE id = ?').run(early);
  });

  it('jumps to an offset and continues by cursor from there', async () => {
    const sort = { field: 'name' as const, dir: 'desc' as const };
    const all = (await w.t.ok('admin', 'customers:list', { sort, limit: 500 })).rows.map((r) => r.id);
    const jump = await w.t.ok('admin', 'customers:list', { sort, offset: 17, limit: 5 });
    expect(jump.rows.map((r) => r.id)).toEqual(all.slice(17, 22));
    const next = await w.t.ok('admin', 'customers:list', { sort, cursor: jump.nextCursor, limit: 5 });
    expect(next.rows.map((r) => r.id)).toEqual(all.slice(22, 27));
    const past = await w.t.ok('admin', 'customers:list', { sort, offset: 10_000, limit: 5 });
    expect(past.rows).toEqual([]);
  });

  it('rejects a forged cursor or one from another sort', async () => {
    const p = await w.t.ok('admin', 'customers:list', { sort: { field: 'name', dir: 'asc' }, limit: 3 });
    const other = await w.t.call('admin', 'customers:list', { sort: { field: 'level', dir: 'asc' }, cursor: p.nextCursor });
    expect(other.ok === false && other.error.code).toBe('INVALID_INPUT');
    const junk = await w.t.call('admin', 'customers:list', { cursor: 'not-a-cursor' });
    expect(junk.ok === false && junk.error.code).toBe('INVALID_INPUT');
  });
});

describe('filters, scope and totals', () => {
  it('a rep sees only own customers and the pool', async () => {
    const rows = await listAll(w.t, 'repA');
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((r) => r.ownerId === w.users.repA || r.ownerId === null)).toBe(true);
    const page = await w.t.ok('repA', 'customers:list', { limit: 1 });
    expect(page.total).toBe(rows.length);
    const admin = await w.t.ok('admin', 'customers:list', { limit: 1 });
    expect(admin.total).toBeGreaterThan(rows.length);
  });

  it('filters by region, level, status, industry, owner (incl. pool), tags and dates', async () => {
    const all = (await w.t.ok('admin', 'customers:list', { limit: 500 })).rows;
    const check = async (filter: object, pred: (r: (typeof all)[number]) => boolean) => {
      const got = await listAll(w.t, 'admin', { filter });
      const want = all.filter(pred).map((r) => r.id).sort();
      expect(got.map((r) => r.id).sort()).toEqual(want);
      expect(want.length).toBeGreaterThan(0);
      const first = await w.t.ok('admin', 'customers:list', { filter, limit: 1 });
      expect(first.total).toBe(want.length);
    };
    await check({ provinces: ['浙江省'], levels: ['A'] }, (r) => r.province === '浙江省' && r.level === 'A');
    await check({ statuses: ['won', 'lost'] }, (r) => r.status === 'won' || r.status === 'lost');
    await check({ industries: ['行业1'] }, (r) => r.industry === '行业1');
    await check({ ownerIds: [null, w.users.repB] }, (r) => r.ownerId === null || r.ownerId === w.users.repB);
    await check({ tags: ['VIP'] }, (r) => r.tags.includes('VIP'));
    await check({ lastFollowUpFrom: '2026-05-01T00:00:00.000Z', lastFollowUpTo: '2026-09-30T00:00:00.000Z' }, (r) => !!r.lastFollowUpAt && r.lastFollowUpAt >= '2026-05-01' && r.lastFollowUpAt <= '2026-09-30T00:00:00.000Z');
    // clock is 2026-11-22: 200 days back is May 6th
    await check({ noFollowUpDays: 200 }, (r) => !r.lastFollowUpAt || r.lastFollowUpAt < '2026-05-06T06:00:00.000Z');
    const created = all[5].createdAt;
    await check({ createdFrom: created }, (r) => r.createdAt >= created);
  });

  it('shows owner names and tags on rows', async () => {
    const rows = (await w.t.ok('admin', 'customers:list', { filter: { ownerIds: [w.users.repA] }, limit: 5 })).rows;
    expect(rows[0].ownerName).toBe('张销售');
    const vip = (await w.t.ok('admin', 'customers:list', { filter: { tags: ['VIP'] }, limit: 5 })).rows;
    expect(vip[0].tags).toEqual(['VIP']);
  });

  it('skips counting when withTotal is false', async () => {
    const p = await w.t.ok('admin', 'customers:list', { withTotal: false, limit: 1 });
    expect(p.total).toBeNull();
  });
});
