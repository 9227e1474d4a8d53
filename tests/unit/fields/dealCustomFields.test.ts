// Custom fields on deals (issue 13): create with defaults, required/type errors keyed `custom.<key>`,
// unique among live deals, `custom.<key>` audit changes on create and update, retired fields keep their
// values, closed deals stay locked, list filters / custom sort / columns, and export columns.
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChannelInput } from '../../../main/contract';
import { makeDealsApp, type DealsTestApp } from '../deals/dealsTestApp';
import { readBack, tempDir } from '../import/helpers';

let t: DealsTestApp;
let customer: number;
const raw = () => t.app.context.db.raw;
const addField = (input: Omit<ChannelInput<'fields:create'>, 'entity'>) => t.ok('admin', 'fields:create', { entity: 'deal', ...input });
const fieldErrors = (r: Awaited<ReturnType<DealsTestApp['call']>>) => (r.ok ? {} : ((r.error.details as { fieldErrors?: Record<string, string> }).fieldErrors ?? {}));
const auditOf = (dealId: number, action: string) =>
  (raw().prepare('SELECT changes FROM audit_log WHERE entity = ? AND entity_id = ? AND action = ? ORDER BY id DESC LIMIT 1').get('deal', dealId, action) as { changes: string } | undefined)?.changes;

beforeAll(async () => {
  t = await makeDealsApp();
  customer = t.addCustomer('杭州甲科技');
});
afterAll(() => t.close());

describe('create and update', () => {
  it('a default fills a new deal, is stored typed and audited as custom.<key>; deals:get returns it', async () => {
    const f = await addField({ label: { zh: '合同类型' }, type: 'singleSelect', options: ['框架合同', '单次采购'], default: '单次采购' });
    const d = await t.deal('admin', { customerId: customer, name: '默认值商机' });
    expect(d.custom[f.key]).toBe('单次采购');
    expect(raw().prepare('SELECT value FROM deal_field_values WHERE field_id = ? AND deal_id = ?').all(f.id, d.id)).toEqual([{ value: '单次采购' }]);
    expect(JSON.parse(auditOf(d.id, 'deal.create')!)).toContainEqual({ field: `custom.${f.key}`, old: null, new: '单次采购' });
    const got = await t.ok('admin', 'deals:get', { id: d.id });
    expect(got.deal.custom).toEqual({ [f.key]: '单次采购' });
    // a given value wins over the default
    const other = await t.deal('admin', { customerId: customer, name: '框架商机', custom: { [f.key]: '框架合同' } });
    expect(other.custom[f.key]).toBe('框架合同');
    // the kanban's cards carry the values too
    const board = await t.ok('admin', 'deals:board', {});
    const cards = board.columns.flatMap((c) => c.cards);
    expect(cards.find((c) => c.id === other.id)?.custom).toEqual({ [f.key]: '框架合同' });
    expect(cards.find((c) => c.id === d.id)?.custom).toEqual({ [f.key]: '单次采购' });
  });

  it('required and type errors come keyed custom.<key>, together with the built-in field errors', async () => {
    const f = await addField({ label: { zh: '签约主体' }, type: 'text', required: true });
    const n = await addField({ label: { zh: '折扣率' }, type: 'number' });
    const r = await t.call('admin', 'deals:create', { name: ' ', customerId: customer, custom: { [n.key]: 'abc' } });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.code).toBe('INVALID_INPUT');
    expect(Object.keys(fieldErrors(r)).sort()).toEqual([`custom.${f.key}`, `custom.${n.key}`, 'name'].sort());
    expect(fieldErrors(r)[`custom.${f.key}`]).toBe('必填');
    // nothing was written
    expect((raw().prepare("SELECT count(*) AS n FROM deals WHERE name = ' '").get() as { n: number }).n).toBe(0);
    // an update that does not touch the field keeps working for deals without a value
    await t.ok('admin', 'fields:update', { id: f.id, required: false });
    const d = await t.deal('admin', { customerId: customer, name: '没有签约主体' });
    await t.ok('admin', 'fields:update', { id: f.id, required: true });
    const u = await t.ok('admin', 'deals:update', { id: d.id, version: d.version, patch: { notes: '补充' } });
    expect(u.notes).toBe('补充');
    // but clearing it explicitly is refused
    const clear = await t.call('admin', 'deals:update', { id: d.id, version: u.version, patch: { custom: { [f.key]: '' } } });
    expect(Object.keys(fieldErrors(clear))).toEqual([`custom.${f.key}`]);
    await t.ok('admin', 'fields:retire', { id: f.id }); // keep the rest of the suite free of this required field
    await t.ok('admin', 'fields:retire', { id: n.id });
  });

  it('unique: a second live deal with the same value is refused; a deleted deal frees the value', async () => {
    const f = await addField({ label: { zh: '合同编号' }, type: 'text', unique: true });
    const a = await t.deal('admin', { customerId: customer, name: '甲合同', custom: { [f.key]: 'HT-2026-001' } });
    const r = await t.call('admin', 'deals:create', { name: '乙合同', customerId: customer, custom: { [f.key]: 'HT-2026-001' } });
    expect(r.ok).toBe(false);
    expect(fieldErrors(r)[`custom.${f.key}`]).toContain('甲合同');
    const b = await t.deal('admin', { customerId: customer, name: '乙合同', custom: { [f.key]: 'HT-2026-002' } });
    const clash = await t.call('admin', 'deals:update', { id: b.id, version: b.version, patch: { custom: { [f.key]: 'HT-2026-001' } } });
    expect(Object.keys(fieldErrors(clash))).toEqual([`custom.${f.key}`]);
    await t.ok('admin', 'deals:delete', { ids: [a.id] });
    const moved = await t.ok('admin', 'deals:update', { id: b.id, version: b.version, patch: { custom: { [f.key]: 'HT-2026-001' } } });
    expect(moved.custom[f.key]).toBe('HT-2026-001');
  });

  it('an update of only custom values bumps the version and audits old/new in one deal.update entry', async () => {
    const budget = await addField({ label: { zh: '预算' }, type: 'money' });
    const signed = await addField({ label: { zh: '签约日' }, type: 'date' });
    const d = await t.deal('admin', { customerId: customer, name: '审计商机', custom: { [budget.key]: 50000 } });
    const before = (raw().prepare("SELECT count(*) AS n FROM audit_log WHERE action = 'deal.update'").get() as { n: number }).n;
    const u = await t.ok('admin', 'deals:update', { id: d.id, version: d.version, patch: { custom: { [budget.key]: '1,234.50', [signed.key]: '2026/3/5' } } });
    expect(u.version).toBe(d.version + 1);
    expect(u.custom[budget.key]).toBe(123450);
    expect(u.custom[signed.key]).toBe('2026-03-05');
    expect((raw().prepare("SELECT count(*) AS n FROM audit_log WHERE action = 'deal.update'").get() as { n: number }).n).toBe(before + 1);
    expect(JSON.parse(auditOf(d.id, 'deal.update')!)).toEqual([
      { field: `custom.${budget.key}`, old: 50000, new: 123450 },
      { field: `custom.${signed.key}`, old: null, new: '2026-03-05' },
    ]);
    // the same values again change nothing (no audit row, no version bump)
    const same = await t.ok('admin', 'deals:update', { id: d.id, version: u.version, patch: { custom: { [budget.key]: 123450 } } });
    expect(same.version).toBe(u.version);
    // the deal page's history shows the change
    const got = await t.ok('admin', 'deals:get', { id: d.id });
    expect(got.history[0].changes.map((c) => c.field)).toEqual([`custom.${budget.key}`, `custom.${signed.key}`]);
    await t.ok('admin', 'fields:retire', { id: signed.id });
  });

  it('a retired field keeps its value (writes of its key are ignored) and restore brings it back', async () => {
    const f = await addField({ label: { zh: '行业线' }, type: 'text' });
    const d = await t.deal('admin', { customerId: customer, name: '停用字段商机', custom: { [f.key]: '制造业' } });
    await t.ok('admin', 'fields:retire', { id: f.id });
    const u = await t.ok('admin', 'deals:update', { id: d.id, version: d.version, patch: { custom: { [f.key]: '零售' } } });
    expect(u.version).toBe(d.version); // nothing changed
    expect(u.custom[f.key]).toBe('制造业');
    await t.ok('admin', 'fields:restore', { id: f.id });
    expect((await t.ok('admin', 'deals:get', { id: d.id })).deal.custom[f.key]).toBe('制造业');
  });

  it('a closed deal refuses custom edits (LOCKED) like any other edit', async () => {
    const f = await addField({ label: { zh: '结单备注' }, type: 'text' });
    const d = await t.deal('admin', { customerId: customer, name: '已结单商机', amountFen: 100, custom: { [f.key]: '原值' } });
    const closed = await t.ok('admin', 'deals:close', { id: d.id, version: d.version, result: 'won', amount: 100, closedAt: '2026-03-01' });
    expect(closed.custom[f.key]).toBe('原值'); // every channel that answers a deal carries its values
    const r = await t.call('admin', 'deals:update', { id: d.id, version: closed.version, patch: { custom: { [f.key]: 'x' } } });
    expect(r.ok ? null : r.error.code).toBe('LOCKED');
    expect((await t.ok('admin', 'deals:get', { id: d.id })).deal.custom[f.key]).toBe('原值');
  });
});

describe('deal list: filters, custom sort, values on rows', () => {
  let kind: string;
  let score: string;
  let due: string;
  const ids: Record<string, number> = {};
  beforeAll(async () => {
    kind = (await addField({ label: { zh: '商机类型' }, type: 'singleSelect', options: ['新购', '续约', '增购'] })).key;
    score = (await addField({ label: { zh: '评分' }, type: 'number' })).key;
    due = (await addField({ label: { zh: '交付日' }, type: 'date' })).key;
    const c = t.addCustomer('列表客户', t.ids.rep1);
    const mk = async (name: string, custom: Record<string, unknown>, caller = 'admin', ownerId?: number) =>
      (ids[name] = (await t.deal(caller, { customerId: c, name, custom, ...(ownerId ? { ownerId } : {}) })).id);
    await mk('L1', { [kind]: '新购', [score]: 30, [due]: '2026-01-10' });
    await mk('L2', { [kind]: '续约', [score]: 10, [due]: '2026-02-10' });
    await mk('L3', { [kind]: '新购', [score]: 20, [due]: '2026-03-10' });
    await mk('L4', { [kind]: '增购' }, 'rep1');
    await mk('L5', {});
  });
  const names = async (input: ChannelInput<'deals:list'>, caller = 'admin') =>
    (await t.ok(caller, 'deals:list', { query: 'L', ...input })).rows.map((r) => r.name);

  it('filters by select options, number and date ranges, with totals', async () => {
    expect((await names({ filter: { custom: { [kind]: ['新购'] } } })).sort()).toEqual(['L1', 'L3']);
    expect((await names({ filter: { custom: { [kind]: ['新购', '增购'] } } })).sort()).toEqual(['L1', 'L3', 'L4']);
    expect((await names({ filter: { custom: { [score]: { from: 15, to: 30 } } } })).sort()).toEqual(['L1', 'L3']);
    expect((await names({ filter: { custom: { [due]: { from: '2026-02-01' } } } })).sort()).toEqual(['L2', 'L3']);
    expect((await names({ filter: { custom: { [kind]: ['新购'], [due]: { to: '2026-02-01' } } } })).sort()).toEqual(['L1']);
    const counted = await t.ok('admin', 'deals:list', { query: 'L', filter: { custom: { [kind]: ['新购'] } }, withTotal: true });
    expect(counted.total).toBe(2);
    // data scope still applies: rep1 sees only the deal it owns
    expect(await names({ filter: { custom: { [kind]: ['新购', '增购'] } } }, 'rep1')).toEqual(['L4']);
  });

  it('malformed filter values narrow nothing instead of failing', async () => {
    const r = await t.call('admin', 'deals:list', { query: 'L', filter: { custom: { [score]: { from: { x: 1 } }, [kind]: [{}], 'Bad-Key': 1 } } });
    expect(r.ok).toBe(true);
  });

  it('rows carry their custom values', async () => {
    const rows = (await t.ok('admin', 'deals:list', { query: 'L', filter: { custom: { [kind]: ['续约'] } } })).rows;
    expect(rows[0].custom).toMatchObject({ [kind]: '续约', [score]: 10, [due]: '2026-02-10' });
  });

  it('sorts by a custom field both ways across keyset pages; deals without a value come last', async () => {
    const walk = async (dir: 'asc' | 'desc') => {
      const out: string[] = [];
      let cursor: string | null = null;
      for (let i = 0; i < 10; i++) {
        const page: Awaited<ReturnType<typeof t.ok<'deals:list'>>> = await t.ok('admin', 'deals:list', { query: 'L', customSort: { key: score, dir }, cursor, limit: 2 });
        out.push(...page.rows.map((r) => r.name));
        cursor = page.nextCursor;
        if (!cursor) break;
      }
      return out;
    };
    expect(await walk('asc')).toEqual(['L2', 'L3', 'L1', 'L4', 'L5']);
    expect(await walk('desc')).toEqual(['L1', 'L3', 'L2', 'L4', 'L5']);
    // with a filter and a total
    const f = await t.ok('admin', 'deals:list', { query: 'L', customSort: { key: score, dir: 'desc' }, filter: { custom: { [kind]: ['新购'] } }, withTotal: true });
    expect(f.rows.map((r) => r.name)).toEqual(['L1', 'L3']);
    expect(f.total).toBe(2);
    // a filter on the sorted field narrows the walk to its options; deals without a value cannot match it
    const narrowed = await t.ok('admin', 'deals:list', { query: 'L', customSort: { key: kind, dir: 'asc' }, filter: { custom: { [kind]: ['新购', '增购'] } }, limit: 2 });
    const next = await t.ok('admin', 'deals:list', { query: 'L', customSort: { key: kind, dir: 'asc' }, filter: { custom: { [kind]: ['新购', '增购'] } }, limit: 2, cursor: narrowed.nextCursor });
    expect([...narrowed.rows, ...next.rows].map((r) => r.name)).toEqual(['L4', 'L1', 'L3']);
    expect(next.nextCursor).toBeNull();
    const ranged = await t.ok('admin', 'deals:list', { query: 'L', customSort: { key: score, dir: 'desc' }, filter: { custom: { [score]: { from: 15 } } } });
    expect(ranged.rows.map((r) => r.name)).toEqual(['L1', 'L3']);
    // an empty option list filters nothing: deals without a value still come last
    expect((await t.ok('admin', 'deals:list', { query: 'L', customSort: { key: kind, dir: 'asc' }, filter: { custom: { [kind]: [] } } })).rows.map((r) => r.name)).toEqual(['L4', 'L1', 'L3', 'L2', 'L5']);
    const bad = await t.call('admin', 'deals:list', { customSort: { key: 'nope', dir: 'asc' } });
    expect(bad.ok ? null : bad.error.code).toBe('INVALID_INPUT');
  });

  it('export:columns and export:run include the deal custom columns', async () => {
    const cols = (await t.ok('admin', 'export:columns', { entity: 'deals' })).columns;
    expect(cols.find((c) => c.key === `custom.${kind}`)?.label).toBe('商机类型');
    const out = path.join(tempDir(), 'deals.csv');
    await t.ok('admin', 'export:run', {
      entity: 'deals',
      filter: { custom: { [kind]: ['续约'] } },
      columns: ['name', `custom.${kind}`, `custom.${score}`],
      format: 'csv',
      path: out,
    });
    const rows = readBack(out);
    expect(rows[0]).toEqual(['商机名称', '商机类型', '评分']);
    expect(rows.slice(1).map((r) => r.map(String))).toEqual([['L2', '续约', '10']]);
  });
});
