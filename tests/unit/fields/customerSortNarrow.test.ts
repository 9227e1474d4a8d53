// customers:list sorted by a custom field AND filtered on that same field (issue 13): the walk of the
// values index is narrowed to the filter's options / range / value (a rare option no longer walks every
// value of the field), customers without a value are not walked at all, and the pages are exactly the
// ones the filter and the sort define (both directions, keyset cursor and offset).
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { listAll, makeWorld, type CustomersWorld } from '../customers/fixture';

let w: CustomersWorld;
let kind = '';
let score = '';
const KINDS = ['代理', '政府', '经销', '终端'];
interface Made {
  name: string;
  kind?: string;
  score?: number;
}
const made: Made[] = [];

beforeAll(async () => {
  w = await makeWorld();
  kind = (await w.t.ok('admin', 'fields:create', { entity: 'customer', label: { zh: '类型' }, type: 'singleSelect', options: KINDS })).key;
  score = (await w.t.ok('admin', 'fields:create', { entity: 'customer', label: { zh: '评分' }, type: 'number' })).key;
  for (let i = 0; i < 30; i++) {
    // 政府 is rare (two customers); every fifth customer has no 类型, every seventh no 评分
    const k = i % 5 === 4 ? undefined : i === 7 || i === 21 ? '政府' : KINDS[[0, 2, 3][i % 3]];
    const s = i % 7 === 6 ? undefined : (i * 37) % 50;
    const custom: Record<string, unknown> = {};
    if (k) custom[kind] = k;
    if (s !== undefined) custom[score] = s;
    const c = await w.t.ok('admin', 'customers:create', { name: `排序${String(i).padStart(2, '0')}`, custom });
    made.push({ name: c.name, kind: k, score: s });
  }
});
afterAll(() => w.t.close());

/** What the list must answer: the matching customers by value then id (customers were created in name order). */
function expected(pick: (m: Made) => boolean, by: 'kind' | 'score', dir: 'asc' | 'desc') {
  const rows = made.map((m, i) => ({ m, i })).filter((x) => pick(x.m) && x.m[by] !== undefined);
  rows.sort((a, b) => {
    const va = a.m[by]!;
    const vb = b.m[by]!;
    const c = va < vb ? -1 : va > vb ? 1 : a.i - b.i;
    return dir === 'asc' ? c : -c;
  });
  return rows.map((x) => x.m.name);
}

describe('custom sort narrowed by a filter on the sorted field', () => {
  it('IN, range and equality on the sorted field: same rows and order as the filter + sort define, over every page', async () => {
    for (const dir of ['asc', 'desc'] as const) {
      const rare = await listAll(w.t, 'admin', { customSort: { key: kind, dir }, filter: { custom: { [kind]: ['政府'] } }, limit: 1 });
      expect(rare.map((r) => r.name)).toEqual(expected((m) => m.kind === '政府', 'kind', dir));
      const two = await listAll(w.t, 'admin', { customSort: { key: kind, dir }, filter: { custom: { [kind]: ['终端', '政府'] } }, limit: 3 });
      expect(two.map((r) => r.name)).toEqual(expected((m) => m.kind === '终端' || m.kind === '政府', 'kind', dir));
      const eq = await listAll(w.t, 'admin', { customSort: { key: kind, dir }, filter: { custom: { [kind]: '经销' } }, limit: 4 });
      expect(eq.map((r) => r.name)).toEqual(expected((m) => m.kind === '经销', 'kind', dir));
      const range = await listAll(w.t, 'admin', { customSort: { key: score, dir }, filter: { custom: { [score]: { from: 10, to: 30 } } }, limit: 4 });
      expect(range.map((r) => r.name)).toEqual(expected((m) => m.score !== undefined && m.score >= 10 && m.score <= 30, 'score', dir));
    }
    // another field's filter does not narrow: customers without a 评分 still come last
    const other = await listAll(w.t, 'admin', { customSort: { key: score, dir: 'asc' }, filter: { custom: { [kind]: ['经销'] } }, limit: 5 });
    const withScore = expected((m) => m.kind === '经销', 'score', 'asc');
    expect(other.map((r) => r.name)).toEqual([...withScore, ...made.filter((m) => m.kind === '经销' && m.score === undefined).map((m) => m.name)]);
    // an offset jump and the total agree with the narrowed walk
    const all = expected((m) => m.kind === '终端' || m.kind === '代理', 'kind', 'asc');
    const off = await w.t.ok('admin', 'customers:list', { customSort: { key: kind, dir: 'asc' }, filter: { custom: { [kind]: ['终端', '代理'] } }, offset: 3, limit: 4 });
    expect(off.rows.map((r) => r.name)).toEqual(all.slice(3, 7));
    expect(off.total).toBe(all.length);
  });

  it('the walk seeks the (field_id, value) range of the wanted option and never walks the customers without a value', async () => {
    const db = w.t.app.context.db;
    const spy = vi.spyOn(db, 'prepare');
    try {
      await w.t.ok('admin', 'customers:list', { customSort: { key: kind, dir: 'asc' }, filter: { custom: { [kind]: ['政府'] } }, limit: 100, withTotal: false });
      const sqls = spy.mock.calls.map((c) => c[0]);
      const walk = sqls.find((s) => s.includes('INDEXED BY customer_field_values_value'));
      expect(walk).toBeDefined();
      // the phase of customers without a value (NOT EXISTS over customers) is skipped: none can match
      expect(sqls.some((s) => s.includes('NOT EXISTS (SELECT 1 FROM customer_field_values'))).toBe(false);
      const n = (walk!.match(/\?/g) ?? []).length; // bind the field id, the option list, then anything
      const plan = (db.raw.prepare(`EXPLAIN QUERY PLAN ${walk!}`).all(1, JSON.stringify(['政府']), ...Array(n - 2).fill(null)) as { detail: string }[])
        .map((p) => p.detail)
        .join('\n');
      expect(plan).toMatch(/SEARCH v USING COVERING INDEX customer_field_values_value \(field_id=\? AND value=\?\)/);
    } finally {
      spy.mockRestore();
    }
  });
});
