// A rep's first page newest first starts at the top of the rep's scope (scopeTop.ts), not at the top of
// the table: after an admin imports a block of customers (highest ids, newest created_at) the search walk
// starts below an estimate of the scope's highest id and the filtered / plain pages start at the scope's
// newest created_at. These must not change what the list answers: every first page (rows, order, total)
// is compared with plain SQL over the same data — with the admin's block on top, with rows in scope that
// break the estimate (a high id created long ago, a low id created last), and after create, update,
// delete and transfer in the same session. Budgets are shrunk as well as default so every path runs.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { customerSearchFields } from '../../../main/services/customers/searchFields';
import { writeSearchRows } from '../../../main/services/customers/searchIndex';
import { LIST_LIMITS } from '../../../main/services/customers/list';
import { matchSetSql, parseSearchQuery } from '../../../main/services/customers/searchQuery';
import { scopeTop } from '../../../main/services/customers/scopeTop';
import { belowStream, MatchIds } from '../../../main/services/customers/searchWalk';
import { listAll, makeWorld, type CustomersWorld } from './fixture';

let w: CustomersWorld;
const DEFAULTS = { ...LIST_LIMITS, filterBudget: { ...LIST_LIMITS.filterBudget } };
const SMALL = { materializeMax: 10, countCap: 60, countBudget: 25, filterBudget: { covered: 90, other: 40, probe: 30 }, walkMin: 30, anchorStep: 16 };
const BASE = 1500;
const IMPORTED = 700;

const names = [...'张王李赵刘陈'];
const given = [...'伟芳强静磊'];
const mobile = (i: number) => `139${String(i * 7919).padStart(8, '0')}`;

beforeAll(async () => {
  w = await makeWorld();
  const db = w.t.app.context.db;
  const { admin, repA, repB } = w.users;
  let s = 7;
  const rnd = () => ((s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rnd() * xs.length)];
  const ins = db.prepare(
    `INSERT INTO customers (id, name, kind, mobile, owner_id, province, level, status, created_at, updated_at, deleted_at)
     VALUES (?, ?, 'person', ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const tag = db.prepare('INSERT INTO customer_tags (customer_id, tag) VALUES (?, ?)');
  const add = (i: number, owner: number | null, sec: number, deleted = false) => {
    const at = new Date(Date.UTC(2025, 0, 1) + sec * 1000).toISOString();
    const name = `${pick(names)}${pick(given)}`;
    ins.run(i, name, mobile(i), owner, pick(['浙江省', '广东省', null]), pick(['A', 'B', 'C', null]), pick(['potential', 'following', 'won']), at, at, deleted ? at : null);
    if (i % 3 === 0) tag.run(i, 'VIP');
    if (!deleted) writeSearchRows(db, i, customerSearchFields({ name, kind: 'person', mobile: mobile(i) }), false);
  };
  db.tx(() => {
    // the seeded history: every owner, created_at mostly in id order with jitter, some deleted
    for (let i = 1; i <= BASE; i++) add(i, pick([admin, repA, repB, null, repA]), i * 60 + Math.floor(rnd() * 3000), i % 31 === 0);
    // the admin's import: a block of the highest ids, all newer than anything in the rep's scope, several
    // rows per created_at (an import writes ~20 per millisecond: ties the first page must put in id order)
    for (let i = BASE + 1; i <= BASE + IMPORTED; i++) add(i, admin, 10_000_000 + Math.floor(i / 7));
    // rows in repA's scope that break "newest = highest id": a low id created after the import began,
    // and a high id (above the block) created long ago
    add(BASE + IMPORTED + 1, repA, 3_000 + 17);
    // a high id in the middle of the history: not among the newest 256 of its owner (the estimate), but
    // on a short or deep page (province filter) — the walk must restart above it
    add(BASE + IMPORTED + 2, repA, 30_000 + 11);
    db.prepare("UPDATE customers SET name = '张伟', province = '浙江省', level = 'A' WHERE id = ?").run(BASE + IMPORTED + 2);
    writeSearchRows(db, BASE + IMPORTED + 2, customerSearchFields({ name: '张伟', kind: 'person', mobile: mobile(BASE + IMPORTED + 2) }), true);
    db.prepare('UPDATE customers SET created_at = ? WHERE id = 40').run(new Date(Date.UTC(2025, 0, 1) + 9_000_000 * 1000).toISOString());
  });
});
afterAll(() => w.t.close());
afterEach(() => Object.assign(LIST_LIMITS, DEFAULTS));

type Page = { rows: { id: number }[]; total: number | null; totalCapped?: boolean; nextCursor: string | null };
const list = (who: string, input: Record<string, unknown>) => w.t.ok(who, 'customers:list', input as never) as Promise<Page>;

/** The list newest first straight from SQL (scope + filter + FTS match set), independent of the list code. */
function reference(who: string, query: string | undefined, filter: 'none' | 'province' | 'tag'): number[] {
  const db = w.t.app.context.db;
  const scope = who === 'admin' ? '1=1' : `(c.owner_id = ${w.users.repA} OR c.owner_id IS NULL)`;
  const f =
    filter === 'province'
      ? "c.province = '浙江省' AND c.level IN ('A', 'B')"
      : filter === 'tag'
        ? "EXISTS (SELECT 1 FROM customer_tags t WHERE t.customer_id = c.id AND t.tag = 'VIP')"
        : '1=1';
  const q = query ? parseSearchQuery(query) : null;
  const set = q ? matchSetSql(q) : null;
  const sql = `SELECT c.id FROM customers c NOT INDEXED WHERE c.deleted_at IS NULL AND ${scope} AND ${f} ${set ? `AND c.id IN (${set.sql})` : ''}
               ORDER BY c.created_at DESC, c.id DESC`;
  return (db.prepare(sql).all(...(set?.params ?? [])) as { id: number }[]).map((r) => r.id);
}

const QUERIES = [undefined, '张', '1', '9', '13', 'zh', '张 9', '伟'];
const FILTERS = ['none', 'province', 'tag'] as const;
const toFilter = (f: (typeof FILTERS)[number]) =>
  f === 'province' ? { provinces: ['浙江省'], levels: ['A', 'B'] } : f === 'tag' ? { tags: ['VIP'] } : undefined;

async function checkAll(label: string) {
  for (const limits of [DEFAULTS, SMALL]) {
    Object.assign(LIST_LIMITS, limits);
    for (const who of ['repA', 'admin']) {
      for (const query of QUERIES) {
        for (const f of FILTERS) {
          const ref = reference(who, query, f);
          for (const limit of [5, 40]) {
            const page = await list(who, { query, filter: toFilter(f), limit, withTotal: true });
            const at = `${label} ${who} q=${query} f=${f} limit=${limit} small=${limits === SMALL}`;
            expect(page.rows.map((r) => r.id), at).toEqual(ref.slice(0, limit));
            expect(page.nextCursor !== null, at).toBe(ref.length > limit);
            if (page.totalCapped) {
              expect(page.total!, at).toBeLessThanOrEqual(ref.length);
              expect(page.total!, at).toBeGreaterThanOrEqual(Math.min(ref.length, limit + 1));
            } else {
              expect(page.total, at).toBe(ref.length);
            }
            // the same page without its total
            const bare = await list(who, { query, filter: toFilter(f), limit, withTotal: false });
            expect(bare.rows.map((r) => r.id), at).toEqual(ref.slice(0, limit));
          }
        }
      }
    }
  }
  Object.assign(LIST_LIMITS, DEFAULTS);
}

describe("a rep's first page newest first after an admin's import", () => {
  it('the scope top: newest created_at exact, id estimate above the newest rows in scope', () => {
    const db = w.t.app.context.db;
    const top = scopeTop(db, w.users.repA)!;
    const newest = db
      .prepare(`SELECT max(created_at) FROM customers WHERE deleted_at IS NULL AND (owner_id = ? OR owner_id IS NULL)`)
      .pluck()
      .get(w.users.repA);
    expect(top.createdAt).toBe(newest);
    // below the admin's block (the walk skips it) ...
    expect(top.id).toBeLessThanOrEqual(BASE + 1);
    // ... and the high-id row created long ago lies above the estimate (the walk's check must catch it)
    expect(top.id).toBeLessThan(BASE + IMPORTED + 1);
    // no rows in scope: nothing newer than nothing
    const none = scopeTop(db, 999_999)!;
    expect(none.id).toBeGreaterThan(0);
  });

  it('every first page equals plain SQL (rows, order, total), rep and admin, every search and filter', async () => {
    await checkAll('import');
  });

  it('cursor pages and offset jumps newest first walk the runs of equal created_at in id order', async () => {
    for (const who of ['repA', 'admin']) {
      for (const f of ['none', 'province'] as const) {
        const ref = reference(who, undefined, f);
        const all = await listAll(w.t, who, { filter: toFilter(f), limit: 7 } as never);
        expect(all.map((r) => r.id), `${who} ${f} by cursor`).toEqual(ref);
        for (const offset of [3, 40, 333, ref.length - 2]) {
          const page = await list(who, { filter: toFilter(f), limit: 9, offset });
          expect(page.rows.map((r) => r.id), `${who} ${f} offset ${offset}`).toEqual(ref.slice(offset, offset + 9));
        }
      }
    }
  });

  it('stays exact after create, update, delete and transfer in the same session', async () => {
    const { repA } = w.users;
    // the rep creates a customer (newest of all, an id above the admin's block)
    const mine = await w.t.ok('repA', 'customers:create', { name: '张伟明', kind: 'person', mobile: '13912345679' } as never);
    const first = await list('repA', { limit: 5 });
    expect(first.rows[0].id).toBe(mine.id);
    await checkAll('create');
    // renamed so that it no longer matches 张, then back
    const upd = await w.t.ok('repA', 'customers:update', { id: mine.id, version: mine.version, patch: { name: '王芳' } } as never);
    expect((await list('repA', { query: '张', limit: 5 })).rows.map((r) => r.id)).not.toContain(mine.id);
    await checkAll('update');
    await w.t.ok('repA', 'customers:update', { id: mine.id, version: upd.version, patch: { name: '张伟明' } } as never);
    // the admin transfers imported customers (highest ids, newest) to the rep: now in scope, above the estimate
    const moved = [BASE + 5, BASE + 300, BASE + IMPORTED];
    await w.t.ok('admin', 'customers:transfer', { ids: moved, toUserId: repA } as never);
    const after = await list('repA', { limit: 3 });
    expect(after.rows.map((r) => r.id)).toEqual([mine.id, BASE + IMPORTED, BASE + 300]);
    await checkAll('transfer');
    // the admin deletes the rep's newest customers (recycle bin; reps may not delete)
    await w.t.ok('admin', 'customers:delete', { ids: [BASE + IMPORTED, mine.id] } as never);
    expect((await list('repA', { limit: 2 })).rows.map((r) => r.id)).toEqual([BASE + 300, BASE + 5]);
    await checkAll('delete');
  });
});

describe('MatchIds.stream (one FTS statement kept open for the walk)', () => {
  it('serves exactly the matches below the bound, highest first, whatever the batch sizes and stops', () => {
    const db = w.t.app.context.db;
    let s = 3;
    const rnd = (n: number) => (s = (s * 1103515245 + 12345) % 2 ** 31) % n;
    for (const query of ['张', '1', '9', 'zh', '张 9', '13', '伟']) {
      const q = parseSearchQuery(query)!;
      const set = matchSetSql(q);
      const all = (db.prepare(`SELECT id FROM (${set.sql}) ORDER BY id DESC`).pluck().all(...set.params) as number[]);
      for (const head of [1, 5, 25, 1000]) {
        for (const bound of [Number.MAX_SAFE_INTEGER, BASE + IMPORTED + 3, BASE + 1, 900, 41, 1]) {
          const m = MatchIds.load(db, q, 60, head);
          const useStream = rnd(2) === 0;
          const st = useStream ? m.stream(bound) : belowStream(m, bound);
          const want = all.filter((id) => id < bound);
          const got: number[] = [];
          try {
            for (let round = 0; round < 200 && got.length < want.length; round++) {
              // sometimes stop at a minimum id (the walk's "down to the offending row"): ids below it stay
              const minId = rnd(3) === 0 ? want[Math.min(want.length - 1, got.length + rnd(20))] : 0;
              const batch = st.take(1 + rnd(40), minId);
              for (const id of batch) expect(id).toBeGreaterThanOrEqual(minId);
              got.push(...batch);
            }
            expect(st.take(10)).toEqual([]);
          } finally {
            st.close();
          }
          const at = `q=${query} head=${head} bound=${bound} stream=${useStream}`;
          expect(got, at).toEqual(want);
          // a stream that ran FTS dry below the held prefix makes the count exact
          if (useStream && bound === Number.MAX_SAFE_INTEGER && all.length <= 60) expect(m.total, at).toBe(all.length);
        }
      }
    }
    // the connection is free again (no statement left open): a write goes through
    db.tx(() => db.prepare("UPDATE settings SET value = value WHERE key = 'none'").run());
  });
});
