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
import { probeStats, SEARCH_MATCH_FN } from '../../../main/services/customers/searchProbe';
import { matchSetSql, parseSearchQuery } from '../../../main/services/customers/searchQuery';
import { foldText } from '../../../main/services/customers/searchFields';
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

describe('folding and ASCII phrases (searchMatch.ts phraseMatcher)', () => {
  it('traditional -> simplified never touches, joins or splits ASCII runs (an ASCII phrase is tested unfolded)', () => {
    // every CJK character between two ASCII letters, and runs of many of them: the ASCII stays as it was
    const chars: string[] = [];
    for (let c = 0x3400; c <= 0x9fff; c++) chars.push(String.fromCharCode(c));
    for (let c = 0xf900; c <= 0xfaff; c++) chars.push(String.fromCharCode(c));
    let changed = 0;
    for (const ch of chars) {
      const f = foldText(`a${ch}b`);
      expect(f, ch).toMatch(/^a[^ -~]+b$/u);
      if (f !== `a${ch}b`) changed++;
    }
    for (let i = 0; i + 8 <= chars.length; i += 97) {
      const run = chars.slice(i, i + 8).join('');
      expect(foldText(`x1${run}y2${run}z3`).replace(/[^ -~]+/gu, '|')).toBe('x1|y2|z3');
    }
    // the conversion did run (some characters are traditional)
    expect(changed).toBeGreaterThan(1000);
    // and the matcher agrees with the folded text for ASCII phrases next to traditional characters
    const m = rowMatcher(parseSearchQuery('ltd.')!);
    expect(m({ name: '張家港貿易 LTD. 有限公司', kind: 'company' })).toBe(true);
    expect(m({ name: '張家港貿易 LTD 有限公司', kind: 'company' })).toBe(false);
    expect(rowMatcher(parseSearchQuery('ｌｔｄ')!)({ name: '國際ＬＴＤ', kind: 'company' })).toBe(true);
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

  // session 11: the row test runs inside the page statement (crm_search_match). Every path of a page —
  // first page, cursor pages in both directions, filters next to the query, scope own, owner keys, the
  // give-up (budget exhausted mid-statement, the FTS set answers) — equals the FTS set's answer.
  const MORE_SORTS = [
    { field: 'name', dir: 'asc' },
    { field: 'name', dir: 'desc' },
    { field: 'updatedAt', dir: 'desc' },
    { field: 'province', dir: 'asc' },
    { field: 'status', dir: 'desc' },
    { field: 'ownerId', dir: 'desc' },
    { field: 'createdAt', dir: 'asc' },
  ] as const;
  const FILTERS = [undefined, { levels: ['A', 'B'] }, { levels: ['C'] }] as const;
  const sqlPath = () => Object.assign(LIST_LIMITS, { ...DEFAULTS, countCap: 5, probeMax: 0 });
  const probePath = (extra: Partial<typeof LIST_LIMITS> = {}) => Object.assign(LIST_LIMITS, { ...DEFAULTS, countCap: 5, probeMax: 1e9, probeMaxPinyin: 1e9, ...extra });

  for (const who of ['admin', 'repA']) {
    it(`${who}: pages of the row test equal the FTS set's, with filters, both directions, and after giving up`, async () => {
      const db = w.t.app.context.db;
      let probed = 0;
      let gaveUp = 0;
      // queries of every kind: email, digits, pinyin (py/ini), 汉字 names, a custom field value, grams, two terms
      for (const query of ['qq.com', '138', 'zhang', 'zs', 'hangzhou', '杭州8号', 'wx_z', '8', '张 8']) {
        for (const sort of MORE_SORTS) {
          for (const filter of FILTERS) {
            const input = { query, sort, filter };
            sqlPath();
            const ref = await pages(who, input);
            const b0 = { ...probeStats };
            probePath();
            const got = await pages(who, input);
            probed += probeStats.pages - b0.pages;
            const label = `${who} ${query} ${JSON.stringify(sort)} ${JSON.stringify(filter)}`;
            expect(got.ids, label).toEqual(ref.ids);
            expect([got.total, got.capped], label).toEqual([ref.total, ref.capped]);
            // a budget of a few rows: the statement stops inside the function, the FTS set answers the page
            const b1 = { ...probeStats };
            probePath({ probeBudgetMin: 1 });
            const small = await pages(who, input);
            gaveUp += probeStats.gaveUp - b1.gaveUp;
            expect(small.ids, `${label} (budget)`).toEqual(ref.ids);
            expect([small.total, small.capped], `${label} (budget)`).toEqual([ref.total, ref.capped]);
          }
        }
      }
      expect(probed).toBeGreaterThan(100);
      expect(gaveUp).toBeGreaterThan(10);
      // the function is registered on the app's connection and nothing else is left armed: a replay of a
      // page statement outside a list call (what the bench's raw baseline does) runs without a budget
      const n = db.prepare(`SELECT count(*) FROM customers c WHERE c.deleted_at IS NULL AND ${SEARCH_MATCH_FN}('qq.com', c.name, c.kind, c.company, c.contact_name, c.mobile, c.phone, c.email, NULL)`).pluck(true).get() as number;
      expect(n).toBeGreaterThan(0);
    }, 300_000);
  }
});
