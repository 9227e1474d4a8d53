// The newest-first walk over FTS matches (searchWalk.ts) must give exactly the page that sorting the
// whole match set gives, also when created_at is not in id order (imports of old data, clock changes),
// with scope/filters, deleted customers and ties on created_at.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestApp, type TestApp } from '../../helpers/testApp';
import { customerSearchFields } from '../../../main/services/customers/searchFields';
import { writeSearchRows, unindexCustomers } from '../../../main/services/customers/searchIndex';
import { parseSearchQuery } from '../../../main/services/customers/searchQuery';
import { MatchIds } from '../../../main/services/customers/searchWalk';
import { walkNewestFirst } from '../../../main/services/customers/newestWalk';
import { matchSetSql } from '../../../main/services/customers/searchQuery';

let t: TestApp;
const N = 3000;

beforeAll(async () => {
  t = await makeTestApp();
  await t.setupAdmin();
  const db = t.app.context.db;
  let s = 7;
  const rnd = () => ((s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  const surnames = '张王李赵刘陈';
  const ins = db.prepare('INSERT INTO customers (id, name, kind, mobile, owner_id, created_at, updated_at, deleted_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)');
  db.tx(() => {
    for (let i = 1; i <= N; i++) {
      // mostly in id order with jitter; every 97th row is much older, every 89th much newer; some ties
      let sec = i * 60 + Math.floor(rnd() * 3600);
      if (i % 97 === 0) sec -= 500_000;
      if (i % 89 === 0) sec += 200_000;
      if (i % 50 === 0) sec = 1000 * 60;
      const at = new Date(Date.UTC(2025, 0, 1) + sec * 1000).toISOString();
      const name = `${surnames[Math.floor(rnd() * surnames.length)]}${'伟芳强静'[i % 4]}`;
      const mobile = `138${String(i * 7919).padStart(8, '0')}`;
      const deleted = i % 31 === 0 ? at : null;
      ins.run(i, name, 'person', mobile, i % 3 === 0 ? null : 1, at, at, deleted);
      writeSearchRows(db, i, customerSearchFields({ name, kind: 'person', mobile }), false);
      if (deleted) unindexCustomers(db, [i]);
    }
  });
});
afterAll(() => t.close());

function expected(query: string, baseSql: string, limit: number) {
  const db = t.app.context.db;
  const set = matchSetSql(parseSearchQuery(query)!);
  return (
    db
      .prepare(`SELECT c.id FROM customers c WHERE c.deleted_at IS NULL AND ${baseSql} AND c.id IN (${set.sql}) ORDER BY c.created_at DESC, c.id DESC LIMIT ?`)
      .all(...set.params, limit) as { id: number }[]
  ).map((r) => r.id);
}

/** cap: match ids read up front (small caps make the walk go on in FTS past the ids it was given) */
function walked(query: string, baseSql: string, limit: number, cap = 10_000, head = 256) {
  const db = t.app.context.db;
  const base = { sql: `c.deleted_at IS NULL AND ${baseSql}`, params: [] };
  const rowsSql = `SELECT c.id, c.created_at AS sort_key FROM customers c WHERE c.id IN (SELECT value FROM json_each(?)) AND ${base.sql}`;
  const w = walkNewestFirst(db, MatchIds.load(db, parseSearchQuery(query)!, cap, head), base, rowsSql, limit);
  if (!w) return undefined;
  // found/scanned: how many of the highest `scanned` matches pass the scope (the count starts from it)
  const set = matchSetSql(parseSearchQuery(query)!);
  const prefix = (db.prepare(`SELECT id FROM (${set.sql}) ORDER BY id DESC LIMIT ?`).all(...set.params, w.scanned) as { id: number }[]).map((r) => r.id);
  const inScope = prefix.length
    ? (db.prepare(`SELECT count(*) AS n FROM customers c WHERE c.id IN (SELECT value FROM json_each(?)) AND ${base.sql}`).get(JSON.stringify(prefix)) as { n: number }).n
    : 0;
  expect(w.found).toBe(inScope);
  return w.rows.map((r) => r.id);
}

describe('newest-first search walk', () => {
  for (const q of ['张', '伟', 'z', '8', '13', '138', '张伟', 'zhangwei', 'wq', '1 3', '张 8', 'zhang 13']) {
    for (const scope of ['1=1', 'c.owner_id = 1', 'c.owner_id IS NULL']) {
      it(`"${q}" with ${scope} equals the sorted match set`, () => {
        for (const limit of [1, 20, 100]) {
          const want = expected(q, scope, limit + 1);
          expect(walked(q, scope, limit)).toEqual(want);
          // the same when only a few match ids were read up front (the walk continues in FTS)
          for (const [cap, head] of [[0, 1], [5, 5], [150, 3], [10_000, 0], [10_000, 40]]) expect(walked(q, scope, limit, cap, head)).toEqual(want);
        }
      });
    }
  }

  it('the list channel uses it for a common query and still pages on by cursor without gaps', async () => {
    // through customers:list (default sort): first page by walk, later pages by cursor, all distinct
    const seen: number[] = [];
    let cursor: string | null = null;
    for (let i = 0; i < 5; i++) {
      const page: { rows: { id: number }[]; nextCursor: string | null } = await t.ok('admin', 'customers:list', { query: '138', limit: 50, cursor });
      seen.push(...page.rows.map((r) => r.id));
      cursor = page.nextCursor;
    }
    expect(seen).toEqual(expected('138', '1=1', 250));
  });
});
