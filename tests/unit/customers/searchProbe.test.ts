// A search sorted by another column with many matches is answered by testing rows along the sort index
// in JS (searchMatch.ts / searchProbe.ts) instead of materializing the FTS match set. It must answer
// exactly what the FTS tables answer:
//  - the JS matcher agrees with FTS on every customer for queries of every kind (1–2 character grams,
//    digits, 汉字 incl. traditional and full-width input, pinyin, initials, email, phone, custom fields,
//    several terms), with and without pinyin (directOnly);
//  - every page (by cursor) of the probe path equals the SQL path's, for several sorts and scopes.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { LIST_LIMITS } from '../../../main/services/customers/list';
import { customSearchMany } from '../../../main/services/customers/searchIndex';
import { directOnly, rowMatcher } from '../../../main/services/customers/searchMatch';
import { probeStats } from '../../../main/services/customers/searchProbe';
import { matchSetSql, parseSearchQuery } from '../../../main/services/customers/searchQuery';
import { makeWorld, type CustomersWorld } from './fixture';

let w: CustomersWorld;
const DEFAULTS = { ...LIST_LIMITS, filterBudget: { ...LIST_LIMITS.filterBudget } };
const QUERIES = [
  '8', '1', '0', '88', '80', '8a', '张', '張', '欧', '号', '科技', '杭州', 'z', 'zh', 'zs', 'a', 'ac', 'qq', 'qq.com', '@qq', '.com', '138', '0571',
  'zhang', 'hangzhou', 'acme', 'ACME', 'Ｆｕｌｌ', '３', '张 8', 'zhang 8', '张san', 'wx_', 'wx_z', '9999', 'ouyang', 'oy', '8b', 'ltd',
];

beforeAll(async () => {
  w = await makeWorld();
  const t = w.t;
  const wechat = await t.ok('admin', 'fields:create', { entity: 'customer', label: { zh: '微信号' }, type: 'text' });
  const tel2 = await t.ok('admin', 'fields:create', { entity: 'customer', label: { zh: '备用电话' }, type: 'phone' });
  let s = 5;
  const rnd = () => ((s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rnd() * xs.length)];
  const digits = (n: number) => Array.from({ length: n }, () => Math.floor(rnd() * 10)).join('');
  const persons = ['张三', '張偉', '欧阳娜娜', '李8', '王 a8 b8', '单田芳', '赵钱', 'Zhang San', 'ACME 8a 8b'];
  const companies = ['杭州8号科技有限公司', 'ACME 8a 8b Ltd', 'Ｆｕｌｌ Ｗｉｄｔｈ ３号', '欧阳商行', '重庆火锅集团', '88 Foods Co.', '张家港贸易'];
  const owners = [w.users.admin, w.users.repA, w.users.repB, null];
  for (let i = 0; i < 260; i++) {
    const company = rnd() < 0.5;
    const owner = pick(owners);
    await t.ok('admin', 'customers:create', {
      name: `${company ? pick(companies) : pick(persons)}${i % 5 === 0 ? '' : i}`,
      kind: company ? 'company' : 'person',
      contactName: company && rnd() < 0.6 ? pick(persons) : undefined,
      mobile: rnd() < 0.8 ? `1${pick(['38', '39', '58'])}${digits(8)}` : undefined,
      phone: rnd() < 0.3 ? `0571-8${digits(7)}` : undefined,
      email: rnd() < 0.6 ? `${pick(['zhang', 'li', 'acme', 'x8'])}${digits(2)}@${pick(['qq.com', '163.com', 'acme.cn'])}` : undefined,
      level: pick(['A', 'B', 'C', undefined]),
      ownerId: owner,
      custom: { [wechat.key]: rnd() < 0.4 ? `wx_${pick(['zhang', 'abc', '88'])}${digits(3)}` : null, [tel2.key]: rnd() < 0.3 ? `137${digits(8)}` : null },
      allowDuplicate: true,
    } as never);
  }
  // some deleted customers (not in the index, must not match)
  const some = (t.app.context.db.prepare('SELECT id FROM customers ORDER BY id LIMIT 15').all() as { id: number }[]).map((r) => r.id);
  await t.ok('admin', 'customers:delete', { ids: some });
}, 120_000);
afterAll(() => w.t.close());
afterEach(() => Object.assign(LIST_LIMITS, DEFAULTS));

describe('JS matcher (searchMatch.ts)', () => {
  it('agrees with the FTS tables on every live customer, for every kind of query', () => {
    const db = w.t.app.context.db;
    const rows = db.prepare('SELECT id, name, kind, company, contact_name, mobile, phone, email FROM customers WHERE deleted_at IS NULL ORDER BY id').all() as {
      id: number; name: string; kind: 'company' | 'person'; company: string | null; contact_name: string | null; mobile: string | null; phone: string | null; email: string | null;
    }[];
    const custom = customSearchMany(db, rows.map((r) => r.id));
    let direct = 0;
    for (const query of QUERIES) {
      const q = parseSearchQuery(query)!;
      const set = matchSetSql(q);
      const fts = (db.prepare(`SELECT id FROM (${set.sql}) ORDER BY id`).pluck(true).all(...set.params) as number[]).filter((id) => rows.some((r) => r.id === id));
      const test = rowMatcher(q);
      const js = rows
        .filter((r) => test({ name: r.name, kind: r.kind, company: r.company, contactName: r.contact_name, mobile: r.mobile, phone: r.phone, email: r.email, custom: custom.get(r.id) ?? null }))
        .map((r) => r.id);
      expect(js, query).toEqual(fts);
      if (directOnly(q)) direct++;
    }
    // both evaluations (with and without pinyin) were exercised, and the queries do match something
    expect(direct).toBeGreaterThan(5);
    expect(direct).toBeLessThan(QUERIES.length - 5);
  });
});

describe('sorted pages of a dense search (searchProbe.ts)', () => {
  const pages = async (who: string, input: Record<string, unknown>) => {
    const out: number[] = [];
    let cursor: string | null = null;
    let first: { total: number | null; totalCapped?: boolean } | null = null;
    for (let i = 0; i < 200; i++) {
      const p = (await w.t.ok(who, 'customers:list', { ...input, cursor, limit: 7 } as never)) as { rows: { id: number }[]; nextCursor: string | null; total: number | null; totalCapped?: boolean };
      first ??= p;
      out.push(...p.rows.map((r) => r.id));
      cursor = p.nextCursor;
      if (!cursor) break;
    }
    return { ids: out, total: first!.total, capped: first!.totalCapped };
  };
  const SORTS = [
    { field: 'name', dir: 'asc' },
    { field: 'name', dir: 'desc' },
    { field: 'level', dir: 'desc' },
    { field: 'ownerId', dir: 'asc' },
    { field: 'createdAt', dir: 'asc' },
    { field: 'createdAt', dir: 'desc' },
  ] as const;

  for (const who of ['admin', 'repA']) {
    it(`${who}: every page equals the SQL path's, for several sorts and queries`, async () => {
      let probed = 0;
      for (const query of ['8', '1', 'z', 'qq.com', 'zhang', '张 8', 'a']) {
        for (const sort of SORTS) {
          const input = { query, sort, filter: query === '1' ? { levels: ['A', 'B'] } : undefined };
          // reference: the SQL path (no probe) with the same caps
          Object.assign(LIST_LIMITS, { ...DEFAULTS, countCap: 5, probeMax: 0 });
          const ref = await pages(who, input);
          Object.assign(LIST_LIMITS, { ...DEFAULTS, countCap: 5, probeMax: 1e9, probeMaxPinyin: 1e9 });
          const before = probeStats.pages;
          const got = await pages(who, input);
          probed += probeStats.pages - before;
          expect(got.ids, `${who} ${query} ${JSON.stringify(sort)}`).toEqual(ref.ids);
          expect(got.total).toBe(ref.total);
          expect(got.capped).toBe(ref.capped);
          expect(ref.ids.length).toBeGreaterThan(0);
        }
      }
      // the probe answered most of those pages (first pages newest-first go to the walk instead)
      expect(probed).toBeGreaterThan(50);
    }, 120_000);
  }

});
