// The 跟进 page's filters (renderer followups/listFilter.ts) with follow-up custom fields (issue 13): what
// the page builds from its controls (select -> options, number and date -> ranges, text -> contains,
// combined with the built-in filters) is what followUps:list filters by.
import dayjs from 'dayjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { followUpListFilter } from '../../../renderer/src/features/followups/listFilter';
import { makeWorld, type CustomersWorld } from '../customers/fixture';

let w: CustomersWorld;
const k: Record<string, string> = {};
let customer = 0;

beforeAll(async () => {
  w = await makeWorld();
  const { t } = w;
  const mk = async (name: string, type: 'singleSelect' | 'number' | 'date' | 'text', options?: string[]) =>
    (k[name] = (await t.ok('admin', 'fields:create', { entity: 'followUp', label: { zh: name }, type, options })).key);
  await mk('topic', 'singleSelect', ['报价', '交期', '售后']);
  await mk('mins', 'number');
  await mk('visit', 'date');
  await mk('ticket', 'text');
  customer = (await t.ok('admin', 'customers:create', { name: '跟进筛选客户' })).id;
  const rows: [string, string, Record<string, unknown>][] = [
    ['一', '电话', { [k.topic]: '报价', [k.mins]: 5, [k.visit]: '2026-03-01', [k.ticket]: 'WO-100' }],
    ['二', '电话', { [k.topic]: '交期', [k.mins]: 30, [k.visit]: '2026-03-15', [k.ticket]: 'WO-200' }],
    ['三', '拜访', { [k.topic]: '售后', [k.mins]: 60, [k.visit]: '2026-04-02' }],
    ['四', '拜访', { [k.topic]: '报价', [k.mins]: 45 }],
    ['五', '电话', {}],
  ];
  for (const [content, method, custom] of rows) await t.ok('admin', 'followUps:create', { customerId: customer, method, content, custom });
});
afterAll(() => w.t.close());

const contents = async (filters: Parameters<typeof followUpListFilter>[0]) =>
  (await w.t.ok('admin', 'followUps:list', { filter: followUpListFilter({ customerId: customer, ...filters }), limit: 50 })).rows.map((r) => r.content).sort();

describe('跟进 page filters with custom fields', () => {
  it('select as options, number and date as ranges, text contains, combined with built-in filters', async () => {
    expect(await contents({ custom: { [k.topic]: ['报价'] } })).toEqual(['一', '四'].sort());
    expect(await contents({ custom: { [k.topic]: ['报价', '售后'] } })).toEqual(['一', '三', '四'].sort());
    expect(await contents({ custom: { [k.mins]: { from: 30 } } })).toEqual(['二', '三', '四'].sort());
    expect(await contents({ custom: { [k.mins]: { from: 10, to: 50 } } })).toEqual(['二', '四'].sort());
    expect(await contents({ custom: { [k.visit]: { from: '2026-03-10', to: '2026-04-30' } } })).toEqual(['二', '三'].sort());
    expect(await contents({ custom: { [k.ticket]: { contains: 'wo-2' } } })).toEqual(['二']);
    expect(await contents({ methods: ['拜访'], custom: { [k.topic]: ['报价'] } })).toEqual(['四']);
    expect(await contents({ custom: { [k.topic]: ['报价'], [k.mins]: { to: 10 } } })).toEqual(['一']);
  });

  it('no custom condition sends no custom key; the built-in filters are unchanged', async () => {
    expect(followUpListFilter({ custom: {} })).toEqual({});
    expect(followUpListFilter({ custom: undefined, query: '  x ' })).toEqual({ query: 'x' });
    const day = dayjs('2026-03-02T10:00:00');
    expect(followUpListFilter({ range: [day, day], methods: [] })).toEqual({
      from: day.startOf('day').toISOString(),
      to: day.endOf('day').add(1, 'ms').toISOString(),
    });
    expect(await contents({})).toHaveLength(5);
  });
});
