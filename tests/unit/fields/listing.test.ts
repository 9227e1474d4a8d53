// Filters and sorting on custom fields in customers:list: select IN, number/money/date ranges, text
// contains, yes/no; sort with keyset paging (no value last); and the query plans use the values indexes
// (no scan of customers.custom JSON).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listAll, makeWorld, type CustomersWorld } from '../customers/fixture';
import { customFieldFilterSql } from '../../../main/services/fields/customerFilter';

let w: CustomersWorld;
const keys: Record<string, string> = {};
const names: string[] = [];
const KINDS = ['经销商', '终端', '代理'];

beforeAll(async () => {
  w = await makeWorld();
  const mk = async (name: string, type: 'singleSelect' | 'money' | 'date' | 'text' | 'boolean' | 'multiSelect', options?: string[]) =>
    (keys[name] = (await w.t.ok('admin', 'fields:create', { entity: 'customer', label: { zh: name }, type, options })).key);
  await mk('kind', 'singleSelect', KINDS);
  await mk('budget', 'money');
  await mk('since', 'date');
  await mk('note', 'text');
  await mk('vip', 'boolean');
  await mk('hobby', 'multiSelect', ['茶', '球']);
  for (let i = 0; i < 20; i++) {
    const custom: Record<string, unknown> = {};
    if (i % 5 !== 4) custom[keys.kind] = KINDS[i % 3];
    custom[keys.budget] = i * 1000;
    custom[keys.since] = `2026-01-${String(i + 1).padStart(2, '0')}`;
    custom[keys.note] = i % 2 ? `喜欢喝茶${i}` : `other${i}`;
    custom[keys.vip] = i % 4 === 0;
    if (i % 3 === 0) custom[keys.hobby] = ['茶', '球'];
    const owner = i < 10 ? 'repA' : 'repB';
    names.push((await w.t.ok(owner, 'customers:create', { name: `自定义${String(i).padStart(2, '0')}`, custom })).name);
  }
});
afterAll(() => w.t.close());

const names_ = (rows: { name: string }[]) => rows.map((r) => r.name).sort();
const expectIdx = (pred: (i: number) => boolean) => names.filter((_, i) => pred(i)).sort();

describe('filters', () => {
  it('select IN, money and date ranges, text contains, yes/no, one option of a multi-select', async () => {
    const list = async (custom: Record<string, unknown>) => names_(await listAll(w.t, 'admin', { filter: { custom } }));
    expect(await list({ [keys.kind]: ['经销商', '代理'] })).toEqual(expectIdx((i) => i % 5 !== 4 && i % 3 !== 1));
    expect(await list({ [keys.budget]: { from: 5000, to: 8000 } })).toEqual(expectIdx((i) => i >= 5 && i <= 8));
    expect(await list({ [keys.since]: { from: '2026-01-18' } })).toEqual(expectIdx((i) => i >= 17));
    expect(await list({ [keys.note]: { contains: '喝茶' } })).toEqual(expectIdx((i) => i % 2 === 1));
    expect(await list({ [keys.vip]: true })).toEqual(expectIdx((i) => i % 4 === 0));
    expect(await list({ [keys.vip]: [false] })).toEqual(expectIdx((i) => i % 4 !== 0));
    expect(await list({ [keys.hobby]: '球' })).toEqual(expectIdx((i) => i % 3 === 0));
    expect(await list({ [keys.kind]: ['终端'], [keys.budget]: { to: 10000 } })).toEqual(expectIdx((i) => i % 5 !== 4 && i % 3 === 1 && i <= 10));
  });

  it('keeps the data scope: a rep filtering sees only own customers', async () => {
    const rows = await listAll(w.t, 'repA', { filter: { custom: { [keys.budget]: { from: 0 } } } });
    expect(names_(rows)).toEqual(expectIdx((i) => i < 10));
  });

  it('the filter is one index seek of the values table per candidate row; the JSON column is never read', () => {
    const part = customFieldFilterSql({ kind: ['a'] })[0];
    const plan = w.t.app.context.db.raw
      .prepare(`EXPLAIN QUERY PLAN SELECT c.id FROM customers c INDEXED BY customers_sort_created WHERE c.deleted_at IS NULL AND ${part.sql} ORDER BY c.created_at DESC LIMIT 100`)
      .all(...part.params) as { detail: string }[];
    const text = plan.map((p) => p.detail).join('\n');
    expect(text).toMatch(/SEARCH v EXISTS USING (PRIMARY KEY|COVERING INDEX customer_field_values_\w+) \((customer_id=\? AND field_id=\?|field_id=\? AND customer_id=\?)/);
    expect(text).not.toMatch(/json_extract|SCAN v/);
  });
});

describe('sort by a custom field', () => {
  it('pages in value order with a keyset cursor, records without a value last (both directions)', async () => {
    const asc = await listAll(w.t, 'admin', { customSort: { key: keys.kind, dir: 'asc' }, limit: 3 });
    const withKind = (i: number) => i % 5 !== 4;
    const expected = names
      .map((n, i) => ({ n, i }))
      .filter((x) => withKind(x.i))
      .sort((a, b) => (KINDS[a.i % 3] < KINDS[b.i % 3] ? -1 : KINDS[a.i % 3] > KINDS[b.i % 3] ? 1 : a.i - b.i))
      .map((x) => x.n);
    const noKind = names.filter((_, i) => !withKind(i));
    expect(asc.map((r) => r.name)).toEqual([...expected, ...noKind]);
    const desc = await listAll(w.t, 'admin', { customSort: { key: keys.budget, dir: 'desc' }, limit: 4 });
    expect(desc.map((r) => r.name)).toEqual([...names].reverse());
    const filtered = await listAll(w.t, 'repB', { customSort: { key: keys.budget, dir: 'asc' }, filter: { custom: { [keys.vip]: true } }, limit: 2 });
    expect(filtered.map((r) => r.name)).toEqual(names.filter((_, i) => i >= 10 && i % 4 === 0));
  });

  it('answers a first page with a total, an offset jump and a refusal for multi-select', async () => {
    const p = await w.t.ok('admin', 'customers:list', { customSort: { key: keys.budget, dir: 'asc' }, limit: 5, offset: 10 });
    expect(p.total).toBe(20);
    expect(p.rows.map((r) => r.name)).toEqual(names.slice(10, 15));
    const bad = await w.t.call('admin', 'customers:list', { customSort: { key: keys.hobby, dir: 'asc' } });
    expect(bad.ok).toBe(false);
  });

  it('the sort walks the (field_id, value, customer_id) index', () => {
    const plan = w.t.app.context.db.raw
      .prepare(
        `EXPLAIN QUERY PLAN SELECT c.id FROM customer_field_values v INDEXED BY customer_field_values_value CROSS JOIN customers c ON c.id = v.customer_id
         WHERE v.field_id = 1 AND c.deleted_at IS NULL ORDER BY v.value ASC, v.customer_id ASC LIMIT 101`,
      )
      .all() as { detail: string }[];
    const text = plan.map((p) => p.detail).join('\n');
    expect(text).toMatch(/SEARCH v USING COVERING INDEX customer_field_values_value \(field_id=\?\)/);
    expect(text).toMatch(/SEARCH c USING INTEGER PRIMARY KEY/);
    expect(text).not.toMatch(/TEMP B-TREE/);
  });
});
