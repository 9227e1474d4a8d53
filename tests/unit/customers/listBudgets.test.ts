// Issue 11 speed paths of customers:list must not change what the list answers:
//  - offset jumps through remembered anchors (offsetAnchors.ts) land on the same row as paging there by
//    cursor, for every sort, scope, filter and search, also after writes (anchors are invalidated);
//  - budgeted totals are exact when not capped, and a lower bound when capped;
//  - searches read the match ids once (json_each match set instead of a second FTS evaluation): pages
//    are the same whatever the caps.
// The budgets are shrunk (LIST_LIMITS) so small data reaches every path.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CUSTOMER_SORT_FIELDS } from '../../../main/contract/customers';
import { customerSearchFields } from '../../../main/services/customers/searchFields';
import { writeSearchRows } from '../../../main/services/customers/searchIndex';
import { LIST_LIMITS } from '../../../main/services/customers/list';
import { SORT_KEYS } from '../../../main/services/customers/sort';
import { matchSetSql, parseSearchQuery } from '../../../main/services/customers/searchQuery';
import { listAll, makeWorld, type CustomersWorld } from './fixture';

let w: CustomersWorld;
const N = 1200;
const DEFAULTS = { ...LIST_LIMITS, filterBudget: { ...LIST_LIMITS.filterBudget } };
const SMALL = { materializeMax: 10, countCap: 60, countBudget: 25, filterBudget: { covered: 90, other: 40, probe: 30 }, walkMin: 30, anchorStep: 16 };

beforeAll(async () => {
  w = await makeWorld();
  const db = w.t.app.context.db;
  const { admin, repA, repB } = w.users;
  let s = 11;
  const rnd = () => ((s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rnd() * xs.length)];
  const ins = db.prepare(
    `INSERT INTO customers (id, name, kind, mobile, owner_id, province, level, status, industry, last_follow_up_at, created_at, updated_at, deleted_at)
     VALUES (?, ?, 'person', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const tag = db.prepare('INSERT INTO customer_tags (customer_id, tag) VALUES (?, ?)');
  db.tx(() => {
    for (let i = 1; i <= N; i++) {
      // created_at mostly in id order with jitter and ties; few distinct levels/statuses (long runs of
      // equal sort keys); some deleted rows
      const sec = i % 40 === 0 ? 5000 : i * 60 + Math.floor(rnd() * 4000);
      const at = new Date(Date.UTC(2025, 0, 1) + sec * 1000).toISOString();
      const upd = new Date(Date.UTC(2025, 6, 1) + Math.floor(rnd() * 50) * 86_400_000).toISOString();
      const name = `${pick([...'张王李赵刘陈'])}${pick([...'伟芳强静磊'])}${i % 7 === 0 ? pick(['明', '华']) : ''}`;
      const deleted = i % 29 === 0 ? at : null;
      ins.run(i, name, `139${String(i * 7919).padStart(8, '0')}`, pick([admin, repA, repB, null, repA]), pick(['浙江省', '广东省', null]), pick(['A', 'B', 'C', null]), pick(['potential', 'following', 'won', 'lost']), pick(['IT', '制造', null]), rnd() < 0.5 ? upd : null, at, upd, deleted);
      if (i % 3 === 0) tag.run(i, 'VIP');
      if (i % 5 === 0) tag.run(i, '大客户');
      if (!deleted) writeSearchRows(db, i, customerSearchFields({ name, kind: 'person', mobile: `139${String(i * 7919).padStart(8, '0')}` }), false);
    }
  });
});
afterAll(() => w.t.close());
afterEach(() => Object.assign(LIST_LIMITS, DEFAULTS));

type Input = { query?: string; filter?: Record<string, unknown>; sort?: { field: (typeof CUSTOMER_SORT_FIELDS)[number]; dir: 'asc' | 'desc' } };
const ids = (rows: { id: number }[]) => rows.map((r) => r.id);
/** every row of the list in order, by cursor (keyset paging: the reference) */
const reference = async (who: string, input: Input) => ids(await listAll(w.t, who, { ...input, limit: 200 } as never));
const list = (who: string, input: Record<string, unknown>) =>
  w.t.ok(who, 'customers:list', input as never) as Promise<{ rows: { id: number }[]; total: number | null; totalCapped?: boolean; nextCursor: string | null }>;

/** the whole list in sort order straight from SQL (scope only), independent of the list code */
function sqlOrder(who: string, field: (typeof CUSTOMER_SORT_FIELDS)[number], dir: 'asc' | 'desc', filtered: boolean) {
  const d = dir.toUpperCase();
  const scope = who === 'admin' ? '1=1' : `(c.owner_id = ${w.users.repA} OR c.owner_id IS NULL)`;
  const filter = filtered ? "c.province = '浙江省' AND c.level IN ('A', 'B')" : '1=1';
  const sql = `SELECT c.id FROM customers c NOT INDEXED WHERE c.deleted_at IS NULL AND ${scope} AND ${filter} ORDER BY ${SORT_KEYS[field].expr} ${d}, c.id ${d}`;
  return (w.t.app.context.db.prepare(sql).all() as { id: number }[]).map((r) => r.id);
}

const VARIANTS: Input[] = [{}, { filter: { provinces: ['浙江省'], levels: ['A', 'B'] } }, { query: '张' }, { query: '1' }, { query: '张 9', filter: { tags: ['VIP'] } }];

describe('offset jumps through anchors', () => {
  for (const who of ['admin', 'repA']) {
    for (const field of CUSTOMER_SORT_FIELDS) {
      it(`${who}: sort ${field}, every variant, both directions`, async () => {
        Object.assign(LIST_LIMITS, SMALL);
        for (const v of VARIANTS) {
          for (const dir of ['asc', 'desc'] as const) {
            const input = { ...v, sort: { field, dir } };
            const all = await reference(who, input);
            // the reference itself, against plain SQL (no filter, and the province + level filter)
            if (!v.query && (!v.filter || v.filter.provinces)) expect(all, `${field} ${dir} ${JSON.stringify(v.filter)}`).toEqual(sqlOrder(who, field, dir, !!v.filter));
            // far first (anchors built in one go), then back, around anchor edges, past the end
            for (const offset of [all.length - 3, 1, 15, 16, 17, 33, Math.floor(all.length / 2), all.length - 1, all.length, all.length + 40]) {
              if (offset < 1) continue;
              const page = await list(who, { ...input, offset, limit: 5, withTotal: false });
              expect(ids(page.rows), `${JSON.stringify(input)} offset ${offset}`).toEqual(all.slice(offset, offset + 5));
            }
          }
        }
      });
    }
  }

  it('anchors are dropped after a write: jumps stay exact', async () => {
    Object.assign(LIST_LIMITS, SMALL);
    const sort = { field: 'name', dir: 'asc' } as const;
    const jump = async (offset: number) => ids((await list('admin', { sort, offset, limit: 3, withTotal: false })).rows);
    let all = await reference('admin', { sort });
    expect(await jump(500)).toEqual(all.slice(500, 503));
    // a new customer that sorts first (pinyin "a") shifts every position by one
    await w.t.ok('admin', 'customers:create', { name: '阿阿阿', kind: 'person' });
    all = await reference('admin', { sort });
    expect(await jump(500)).toEqual(all.slice(500, 503));
    // deleting the rows at the anchors changes positions again
    await w.t.ok('admin', 'customers:delete', { ids: all.slice(0, 40) });
    all = await reference('admin', { sort });
    expect(await jump(500)).toEqual(all.slice(500, 503));
  });
});

describe('totals and pages under small budgets', () => {
  for (const who of ['admin', 'repA']) {
    it(`${who}: totals are exact or a capped lower bound; pages equal the default budgets`, async () => {
      const cases: Input[] = [
        ...VARIANTS,
        { query: 'z' },
        { query: '张伟' },
        { query: '139' },
        { query: '9', filter: { statuses: ['won'] } },
        { filter: { tags: ['VIP'] } },
        { filter: { statuses: ['lost'], provinces: ['广东省'] } },
        { filter: { noFollowUpDays: 30 } },
      ];
      for (const c of cases) {
        for (const sort of [undefined, { field: 'name', dir: 'asc' }, { field: 'level', dir: 'desc' }] as const) {
          const input = { ...c, ...(sort ? { sort } : {}) };
          Object.assign(LIST_LIMITS, { ...DEFAULTS, countBudget: 10_000 });
          const all = await reference(who, input);
          const big = await list(who, { ...input, limit: 50 });
          expect(big.total, JSON.stringify(input)).toBe(all.length); // N is far below every budget here
          expect(big.totalCapped).toBe(false);
          Object.assign(LIST_LIMITS, SMALL);
          const small = await list(who, { ...input, limit: 50 });
          expect(ids(small.rows), JSON.stringify(input)).toEqual(ids(big.rows));
          expect(small.total!).toBeLessThanOrEqual(all.length);
          if (!small.totalCapped) expect(small.total).toBe(all.length);
          else expect(small.total).toBeGreaterThanOrEqual(Math.min(all.length, 50)); // at least the page itself
          // and the rest of the list by cursor is the same too
          let cursor = small.nextCursor;
          const seen = ids(small.rows);
          while (cursor) {
            const p = await list(who, { ...input, cursor, limit: 200 });
            seen.push(...ids(p.rows));
            cursor = p.nextCursor;
          }
          expect(seen).toEqual(all);
        }
      }
    });
  }

  it('a search above the cap answers the cap as a capped total (scope all, no filter)', async () => {
    Object.assign(LIST_LIMITS, SMALL);
    const all = await reference('admin', { query: '1' });
    expect(all.length).toBeGreaterThan(SMALL.countCap);
    const r = await list('admin', { query: '1', limit: 10 });
    expect(r).toMatchObject({ total: SMALL.countCap, totalCapped: true });
  });

  it('a filter whose rows fit in the first page gets the exact total without counting', async () => {
    Object.assign(LIST_LIMITS, { ...SMALL, filterBudget: { covered: 1, other: 1, probe: 1 } });
    const filter = { statuses: ['won'], provinces: ['浙江省'], levels: ['A'], tags: ['VIP'] };
    const all = await reference('admin', { filter });
    expect(all.length).toBeGreaterThan(0);
    expect(all.length).toBeLessThan(100);
    expect(await list('admin', { filter, limit: 100 })).toMatchObject({ total: all.length, totalCapped: false });
    // with a smaller page the budget (1 row) makes it a lower bound
    const r = await list('admin', { filter, limit: 1 });
    expect(r.totalCapped).toBe(all.length > 1);
  });
});

describe('tag filters driven by the tag index (tagIds.ts)', () => {
  /** the whole filtered list straight from SQL, independent of the list code */
  function sqlTagOrder(who: string, tags: string[], levels: string[] | null, field: (typeof CUSTOMER_SORT_FIELDS)[number], dir: 'asc' | 'desc') {
    const d = dir.toUpperCase();
    const scope = who === 'admin' ? '1=1' : `(c.owner_id = ${w.users.repA} OR c.owner_id IS NULL)`;
    const lv = levels ? `c.level IN (${levels.map((l) => `'${l}'`).join(', ')})` : '1=1';
    const sql = `SELECT c.id FROM customers c NOT INDEXED WHERE c.deleted_at IS NULL AND ${scope} AND ${lv}
      AND EXISTS (SELECT 1 FROM customer_tags t WHERE t.customer_id = c.id AND t.tag IN (SELECT value FROM json_each(?)))
      ORDER BY ${SORT_KEYS[field].expr} ${d}, c.id ${d}`;
    return (w.t.app.context.db.prepare(sql).all(JSON.stringify(tags)) as { id: number }[]).map((r) => r.id);
  }
  const CASES: [string[], string[] | null][] = [
    [['VIP'], null],
    [['VIP', '大客户'], null],
    [['大客户'], ['A', 'B']],
    [['无此标签'], null],
    // more than 4 tags keep the EXISTS probe
    [['VIP', '大客户', 'x1', 'x2', 'x3'], null],
  ];
  for (const who of ['admin', 'repA']) {
    it(`${who}: pages, offsets and totals equal plain SQL, under small and default budgets`, async () => {
      for (const limits of [SMALL, { ...SMALL, countCap: 100_000, materializeMax: 100_000 }, DEFAULTS]) {
        for (const [tags, levels] of CASES) {
          for (const sort of [{ field: 'createdAt', dir: 'desc' }, { field: 'createdAt', dir: 'asc' }, { field: 'name', dir: 'asc' }, { field: 'level', dir: 'desc' }] as const) {
            Object.assign(LIST_LIMITS, limits);
            const filter = levels ? { tags, levels } : { tags };
            const label = `${JSON.stringify(filter)} ${sort.field} ${sort.dir} ${JSON.stringify(limits)}`;
            const want = sqlTagOrder(who, tags, levels, sort.field, sort.dir);
            expect(await reference(who, { filter, sort }), label).toEqual(want);
            const first = await list(who, { filter, sort, limit: 50 });
            expect(ids(first.rows), label).toEqual(want.slice(0, 50));
            if (first.totalCapped) expect(first.total!, label).toBeLessThanOrEqual(want.length);
            else expect(first.total, label).toBe(want.length);
            for (const offset of [3, Math.floor(want.length / 2), want.length - 2]) {
              if (offset < 1) continue;
              const page = await list(who, { filter, sort, offset, limit: 5, withTotal: false });
              expect(ids(page.rows), `${label} offset ${offset}`).toEqual(want.slice(offset, offset + 5));
            }
          }
        }
      }
    });
  }
});

describe('newest-first search walk within a rep scope (completeness checked per owner key, migration 0013)', () => {
  for (const who of ['repA', 'repB', 'admin']) {
    it(`${who}: first pages equal plain SQL over the match set, with created_at out of id order`, async () => {
      const db = w.t.app.context.db;
      const me = who === 'repA' ? w.users.repA : who === 'repB' ? w.users.repB : null;
      Object.assign(LIST_LIMITS, { ...DEFAULTS, walkMin: 0 });
      // low ids created late (an import of old records with new dates, a clock change): the walk must
      // find them below the ids it walked, in the rep's scope and out of it
      db.prepare("UPDATE customers SET created_at = '2030-01-01T00:00:00.000Z' WHERE id % 97 = 0").run();
      for (const query of ['张', '1', '9', '张伟', '王', '3']) {
        const q = parseSearchQuery(query)!;
        const set = matchSetSql(q);
        const scope = me === null ? '1=1' : `(c.owner_id = ${me} OR c.owner_id IS NULL)`;
        const want = (
          db.prepare(`SELECT c.id FROM customers c NOT INDEXED WHERE c.deleted_at IS NULL AND ${scope} AND c.id IN (${set.sql}) ORDER BY c.created_at DESC, c.id DESC`).all(...set.params) as { id: number }[]
        ).map((r) => r.id);
        for (const limit of [5, 40, 100]) {
          const page = await list(who, { query, limit });
          expect(ids(page.rows), `${who} ${query} ${limit}`).toEqual(want.slice(0, limit));
        }
      }
    });
  }
});

describe('a filter on one attribute value walks that attribute\'s index (rpt_customers_attr_*)', () => {
  for (const who of ['admin', 'repA']) {
    it(`${who}: newest / oldest first pages and cursor pages equal plain SQL, and read rpt_customers_attr_p`, async () => {
      const db = w.t.app.context.db;
      const seen: string[] = [];
      const prepare = db.prepare.bind(db);
      db.prepare = ((sql: string) => (seen.push(sql), prepare(sql))) as typeof db.prepare;
      try {
        for (const dir of ['desc', 'asc'] as const) {
          const sort = { field: 'createdAt', dir } as const;
          const filter = { provinces: ['浙江省'], levels: ['A', 'B'] };
          const want = sqlOrder(who, 'createdAt', dir, true);
          seen.length = 0;
          const first = await list(who, { filter, sort, limit: 7 });
          expect(ids(first.rows)).toEqual(want.slice(0, 7));
          expect(seen.some((q) => q.includes('INDEXED BY rpt_customers_attr_p'))).toBe(true);
          expect(await reference(who, { filter, sort })).toEqual(want);
        }
        // two values of the attribute: no single lead, the created_at walk answers (same rows)
        seen.length = 0;
        const two = { provinces: ['浙江省', '广东省'] };
        await list(who, { filter: two, limit: 7 });
        expect(seen.some((q) => q.includes('rpt_customers_attr_'))).toBe(false);
      } finally {
        db.prepare = prepare;
      }
    });
  }
});

describe('which index a budgeted total scans', () => {
  it('scope + "no follow-up" reads customers_sort_created alone (0014), attributes rpt_customers_created, other columns the table', async () => {
    const { coveringCreatedIndex, countFiltered, filterParts } = await import('../../../main/services/customers/filters');
    const db = w.t.app.context.db;
    const now = new Date('2026-01-01T00:00:00.000Z');
    const rep = { id: w.users.repA, scope: 'own' } as never;
    const parts = filterParts(rep, { noFollowUpDays: 30 }, now);
    const cond = `${parts.scope!.sql} AND ${parts.filter!.sql}`;
    expect(coveringCreatedIndex(db, cond)).toBe('customers_sort_created');
    expect(coveringCreatedIndex(db, 'c.province = ?')).toBe('rpt_customers_created');
    expect(coveringCreatedIndex(db, 'c.city = ?')).toBeNull();
    expect(coveringCreatedIndex(db, 'EXISTS (SELECT 1 FROM customer_tags t WHERE t.customer_id = c.id)')).toBeNull();
    // the index-only count equals a plain count of the same rows
    const c = countFiltered(db, parts.scope, parts.filter!, { covered: 100_000, other: 100_000, probe: 100_000 });
    const plain = db.prepare(`SELECT count(*) AS n FROM customers c WHERE c.deleted_at IS NULL AND ${cond}`).get(...parts.scope!.params, ...parts.filter!.params) as { n: number };
    expect(c).toEqual({ n: plain.n, complete: true });
    expect(plain.n).toBeGreaterThan(0);
  });
});
