// A `contains` filter on a custom text field (issue 13) takes its candidates from the search index
// (custom text is in customer_fts `names`) when the term is >= 3 characters without 汉字; the filter's
// LIKE still decides, so the rows are exactly those of the values walk (compared with listCustomers, the
// walk, for every term). Chinese terms keep the walk: the index folds traditional characters phrase by
// phrase, which a cut term would miss.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { listAll, makeWorld, type CustomersWorld } from '../customers/fixture';
import { listCustomers } from '../../../main/services/customers/list';
import { containsMatch } from '../../../main/services/fields/rareFilter';

let w: CustomersWorld;
let code = '';
let memo = '';

beforeAll(async () => {
  w = await makeWorld();
  code = (await w.t.ok('admin', 'fields:create', { entity: 'customer', label: { zh: '合同编号' }, type: 'text' })).key;
  memo = (await w.t.ok('admin', 'fields:create', { entity: 'customer', label: { zh: '长备注' }, type: 'longText' })).key;
  const add = (name: string, custom: Record<string, unknown>, caller = 'admin') => w.t.ok(caller, 'customers:create', { name, custom });
  await add('合同甲', { [code]: 'HT-2024-001' });
  await add('合同乙', { [code]: 'ht-2024-002' }); // LIKE is case-insensitive for latin letters
  await add('合同丙', { [code]: 'ＨＴ－2024－003' }, 'repA'); // full-width as typed
  await add('合同丁', { [code]: 'XX-2024-004' }, 'repB');
  await add('名字里有HT-2024', { [code]: 'ZZ-1' }); // the index holds the name too: a candidate the LIKE drops
  await add('合同戊', { [code]: '顯著瞭解abc' }); // traditional text: the index holds 显著了解abc
  await add('长文本', { [memo]: `${'x'.repeat(1200)}HT-2024-999` }); // long text: beyond the indexed 1,000 characters
  const gone = await add('合同已删', { [code]: 'HT-2024-005' });
  await w.t.ok('admin', 'customers:delete', { ids: [gone.id] });
});
afterAll(() => w.t.close());

const names = (rows: { name: string }[]) => rows.map((r) => r.name);

async function both(caller: 'admin' | 'repA' | 'repB', key: string, contains: string) {
  const db = w.t.app.context.db;
  const spy = vi.spyOn(db, 'prepare');
  const input = { filter: { custom: { [key]: { contains } } }, limit: 2 };
  try {
    const viaHandler = await listAll(w.t, caller, input);
    const first = await w.t.ok(caller, 'customers:list', input);
    const usedIndex = spy.mock.calls.some((c) => c[0].includes('FROM customer_fts WHERE customer_fts MATCH'));
    const user = w.t.app.context.sessions.get(caller)!.user;
    // the values walk: the normal list, page by page
    const walk: { name: string }[] = [];
    let cursor: string | null = null;
    do {
      const p = listCustomers(db, user, { ...input, cursor }, w.t.clock.now(), 'bad');
      walk.push(...p.rows);
      cursor = p.nextCursor;
    } while (cursor);
    return { viaHandler: names(viaHandler), walk: names(walk), usedIndex, total: first.total };
  } finally {
    spy.mockRestore();
  }
}

describe('contains on a custom text field through the search index', () => {
  it('latin / digit terms of 3+ characters: index candidates, the same rows, order and exact total as the walk', async () => {
    for (const term of ['HT-2024', 'ht-2024-00', 'Ｈt－2024', '2024-004', 'nothing-here', '100%']) {
      const r = await both('admin', code, term);
      expect(r.usedIndex, term).toBe(true);
      expect(r.viaHandler, term).toEqual(r.walk);
      expect(r.total, term).toBe(r.walk.length);
    }
    expect((await both('admin', code, 'HT-2024')).viaHandler.sort()).toEqual(['合同丙', '合同乙', '合同甲']);
    // full-width as stored is found by a half-width term only where LIKE finds it (no change of meaning)
    expect((await both('admin', code, 'HT－2024')).viaHandler).toEqual((await both('admin', code, 'HT－2024')).walk);
  });

  it('scope applies: a rep sees only own and pool customers', async () => {
    const r = await both('repA', code, 'HT-2024');
    expect(r.usedIndex).toBe(true);
    expect(r.viaHandler).toEqual(r.walk);
    expect(r.viaHandler).toEqual(['合同丙']);
  });

  it('Chinese terms, short terms and long text keep the walk (and still find what the index folds differently)', async () => {
    const cjk = await both('admin', code, '瞭解a');
    expect(cjk.usedIndex).toBe(false);
    expect(cjk.viaHandler).toEqual(['合同戊']);
    const short = await both('admin', code, 'HT');
    expect(short.usedIndex).toBe(false);
    expect(short.viaHandler.sort()).toEqual(['合同丙', '合同乙', '合同甲'].sort());
    const long = await both('admin', memo, 'HT-2024-999');
    expect(long.usedIndex).toBe(false);
    expect(long.viaHandler).toEqual(['长文本']);
    expect(containsMatch('text', { contains: '  ab ' })).toBeNull();
    expect(containsMatch('url', { contains: 'example' })).toBeNull();
    expect(containsMatch('text', { contains: 'A"bC' })).toBe('{names} : "a""bc"');
  });
});
