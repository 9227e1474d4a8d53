// Audit revert of custom field values (issue 13): reverting a customer.update entry puts `custom.<key>`
// values back through the fields module (typed values row, cache, search index), checks required and
// unique, refuses a value changed since (CONFLICT), and writes a customer.revert entry in one transaction.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeWorld, type CustomersWorld } from '../customers/fixture';
import type { ChannelInput } from '../../../main/contract';

let w: CustomersWorld;
const raw = () => w.t.app.context.db.raw;
const addField = (input: Omit<ChannelInput<'fields:create'>, 'entity'>) => w.t.ok('admin', 'fields:create', { entity: 'customer', ...input });
const entries = async (id: number) => (await w.t.ok('admin', 'audit:list', { entity: 'customer', entityId: id } as never)).rows;
const latestUpdate = async (id: number) => (await entries(id)).find((e) => e.action === 'customer.update')!;
const values = (fieldId: number, customerId: number) =>
  (raw().prepare('SELECT value FROM customer_field_values WHERE field_id = ? AND customer_id = ? ORDER BY value').all(fieldId, customerId) as { value: unknown }[]).map((r) => r.value);

beforeAll(async () => {
  w = await makeWorld();
});
afterAll(() => w.t.close());

describe('audit:revert of custom values', () => {
  it('restores the old value (values row, cache, search index) and audits a customer.revert entry', async () => {
    const f = await addField({ label: { zh: '微信号' }, type: 'text' });
    const c = await w.t.ok('admin', 'customers:create', { name: '回退测试甲', custom: { [f.key]: 'wx_laowang' } });
    const u = await w.t.ok('admin', 'customers:update', { id: c.id, version: c.version, patch: { custom: { [f.key]: 'wx_xiaoli' } } });
    expect(u.custom[f.key]).toBe('wx_xiaoli');
    const entry = await latestUpdate(c.id);
    expect(entry.revertible).toBe(true);

    const r = await w.t.ok('admin', 'audit:revert', { auditId: entry.id });
    expect(r.reverted).toBe(1);
    const back = (await w.t.ok('admin', 'customers:get', { id: c.id })).customer;
    expect(back.custom[f.key]).toBe('wx_laowang');
    expect(back.version).toBe(u.version + 1);
    expect(values(f.id, c.id)).toEqual(['wx_laowang']);
    // the search index follows: the old text is findable again, the reverted one is not
    expect((await w.t.ok('admin', 'customers:list', { query: 'laowang' })).rows.map((x) => x.id)).toEqual([c.id]);
    expect((await w.t.ok('admin', 'customers:list', { query: 'xiaoli' })).rows).toEqual([]);
    const rev = (await entries(c.id)).find((e) => e.action === 'customer.revert')!;
    expect(rev.changes).toEqual([{ field: `custom.${f.key}`, old: 'wx_xiaoli', new: 'wx_laowang' }]);
    expect(rev.batchId).toBe(r.batchId);
  });

  it('reverts a multi-select and one field of an entry that changed several', async () => {
    const hobby = await addField({ label: { zh: '爱好' }, type: 'multiSelect', options: ['篮球', '钓鱼', '茶'] });
    const budget = await addField({ label: { zh: '预算' }, type: 'money' });
    const c = await w.t.ok('admin', 'customers:create', { name: '回退测试乙', custom: { [hobby.key]: ['茶'], [budget.key]: 100_00 } });
    await w.t.ok('admin', 'customers:update', { id: c.id, version: c.version, patch: { level: 'A', custom: { [hobby.key]: ['篮球', '钓鱼'], [budget.key]: 250_00 } } });
    const entry = await latestUpdate(c.id);
    await w.t.ok('admin', 'audit:revert', { auditId: entry.id, field: `custom.${hobby.key}` });
    const back = (await w.t.ok('admin', 'customers:get', { id: c.id })).customer;
    expect(back.custom).toEqual({ [hobby.key]: ['茶'], [budget.key]: 250_00 });
    expect(back.level).toBe('A');
    expect(values(hobby.id, c.id)).toEqual(['茶']);
    // the rest of the entry (level + budget) afterwards
    await w.t.ok('admin', 'audit:revert', { auditId: entry.id, field: `custom.${budget.key}` });
    expect((await w.t.ok('admin', 'customers:get', { id: c.id })).customer.custom[budget.key]).toBe(100_00);
  });

  it('a value changed since is a CONFLICT unless force', async () => {
    const f = await addField({ label: { zh: '车型' }, type: 'text' });
    const c = await w.t.ok('admin', 'customers:create', { name: '回退测试丙', custom: { [f.key]: '轿车' } });
    const u = await w.t.ok('admin', 'customers:update', { id: c.id, version: c.version, patch: { custom: { [f.key]: 'SUV' } } });
    const entry = await latestUpdate(c.id);
    await w.t.ok('admin', 'customers:update', { id: c.id, version: u.version, patch: { custom: { [f.key]: 'MPV' } } });
    const r = await w.t.call('admin', 'audit:revert', { auditId: entry.id });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe('CONFLICT');
      expect(JSON.stringify(r.error.details)).toContain(`custom.${f.key}`);
    }
    await w.t.ok('admin', 'audit:revert', { auditId: entry.id, force: true });
    expect((await w.t.ok('admin', 'customers:get', { id: c.id })).customer.custom[f.key]).toBe('轿车');
  });

  it('unique and required are checked: a clash refuses the revert and nothing is written', async () => {
    const no = await addField({ label: { zh: '合同编号' }, type: 'text', unique: true });
    const a = await w.t.ok('admin', 'customers:create', { name: '回退测试丁', custom: { [no.key]: 'HT-001' } });
    await w.t.ok('admin', 'customers:update', { id: a.id, version: a.version, patch: { custom: { [no.key]: 'HT-002' } } });
    const entry = await latestUpdate(a.id);
    // another customer takes HT-001 meanwhile
    await w.t.ok('admin', 'customers:create', { name: '回退测试戊', custom: { [no.key]: 'HT-001' } });
    const before = (await w.t.ok('admin', 'customers:get', { id: a.id })).customer;
    const r = await w.t.call('admin', 'audit:revert', { auditId: entry.id });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe('INVALID_INPUT');
      expect(Object.keys((r.error.details as { fieldErrors: Record<string, string> }).fieldErrors)).toEqual([`custom.${no.key}`]);
    }
    const after = (await w.t.ok('admin', 'customers:get', { id: a.id })).customer;
    expect(after.version).toBe(before.version);
    expect(after.custom[no.key]).toBe('HT-002');
    expect((await entries(a.id)).some((e) => e.action === 'customer.revert')).toBe(false);

    // required: a value set on a field that became required cannot be reverted to empty
    const req = await addField({ label: { zh: '区域' }, type: 'text' });
    const b = await w.t.ok('admin', 'customers:create', { name: '回退测试己' });
    await w.t.ok('admin', 'customers:update', { id: b.id, version: b.version, patch: { custom: { [req.key]: '华东' } } });
    const e2 = await latestUpdate(b.id);
    await w.t.ok('admin', 'fields:update', { id: req.id, required: true } as never);
    const r2 = await w.t.call('admin', 'audit:revert', { auditId: e2.id });
    expect(r2.ok).toBe(false);
    if (!r2.ok) expect(r2.error.code).toBe('INVALID_INPUT');
    await w.t.ok('admin', 'fields:update', { id: req.id, required: false } as never);
  });

  it('batch undo of a batch edit restores custom values too', async () => {
    const f = await addField({ label: { zh: '客户分层' }, type: 'singleSelect', options: ['重点', '普通'] });
    const a = await w.t.ok('admin', 'customers:create', { name: '批量回退甲', custom: { [f.key]: '普通' } });
    const b = await w.t.ok('admin', 'customers:create', { name: '批量回退乙' });
    const r = await w.t.ok('admin', 'customers:batchUpdate', { ids: [a.id, b.id], patch: { custom: { [f.key]: '重点' } } } as never);
    await w.t.ok('admin', 'audit:undoBatch', { batchId: (r as { batchId: string }).batchId });
    expect((await w.t.ok('admin', 'customers:get', { id: a.id })).customer.custom[f.key]).toBe('普通');
    expect((await w.t.ok('admin', 'customers:get', { id: b.id })).customer.custom[f.key]).toBeUndefined();
    expect(values(f.id, b.id)).toEqual([]);
  });
});
