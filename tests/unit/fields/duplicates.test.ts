// 查重 with unique custom fields (issue 13): customers:findDuplicates reports a live customer holding the
// same value of a unique custom field (reason 'custom', the field's label, blocking), normalizes the
// probe like a save would, ignores non-unique fields, deleted customers and the record being edited.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeWorld, type CustomersWorld } from '../customers/fixture';

let w: CustomersWorld;
let contract: { id: number; key: string };
let phone2: { id: number; key: string };
let note: { id: number; key: string };

beforeAll(async () => {
  w = await makeWorld();
  contract = await w.t.ok('admin', 'fields:create', { entity: 'customer', label: { zh: '合同编号', en: 'Contract no.' }, type: 'text', unique: true });
  phone2 = await w.t.ok('admin', 'fields:create', { entity: 'customer', label: { zh: '备用手机' }, type: 'phone', unique: true });
  note = await w.t.ok('admin', 'fields:create', { entity: 'customer', label: { zh: '备注二' }, type: 'text' });
});
afterAll(() => w.t.close());

describe('customers:findDuplicates with unique custom fields', () => {
  it('reports the customer holding the value, names the field, and blocks', async () => {
    const a = await w.t.ok('admin', 'customers:create', { name: '合同客户甲', custom: { [contract.key]: 'HT-2024-001', [note.key]: '同样的备注' } });
    const r = await w.t.ok('admin', 'customers:findDuplicates', { name: '完全不同的名字', custom: { [contract.key]: ' HT-2024-001 ', [note.key]: '同样的备注' } });
    expect(r.matches).toEqual([expect.objectContaining({ id: a.id, reasons: ['custom'], customFields: ['合同编号'], visible: true })]);
    expect(r.blocking).toEqual(['custom']);
  });

  it('normalizes the probe (phone) and finds nothing for another value or a non-unique field', async () => {
    const b = await w.t.ok('admin', 'customers:create', { name: '备用手机客户', custom: { [phone2.key]: '13900139000' } });
    const r = await w.t.ok('admin', 'customers:findDuplicates', { custom: { [phone2.key]: '+86 139-0013-9000' } });
    expect(r.matches.map((m) => m.id)).toEqual([b.id]);
    expect(r.matches[0].customFields).toEqual(['备用手机']);
    expect((await w.t.ok('admin', 'customers:findDuplicates', { custom: { [phone2.key]: '13900139001' } })).matches).toEqual([]);
    expect((await w.t.ok('admin', 'customers:findDuplicates', { custom: { [note.key]: '同样的备注' } })).matches).toEqual([]);
  });

  it('excludes the record being edited and deleted customers; merges with a built-in reason', async () => {
    const c = await w.t.ok('admin', 'customers:create', { name: '合同客户乙', mobile: '13700137000', custom: { [contract.key]: 'HT-2024-009' } });
    expect((await w.t.ok('admin', 'customers:findDuplicates', { excludeId: c.id, custom: { [contract.key]: 'HT-2024-009' } })).matches).toEqual([]);
    const both = await w.t.ok('admin', 'customers:findDuplicates', { mobile: '13700137000', custom: { [contract.key]: 'HT-2024-009' } });
    expect(both.matches).toHaveLength(1);
    expect(both.matches[0].reasons.sort()).toEqual(['custom', 'mobile']);
    await w.t.ok('admin', 'customers:delete', { ids: [c.id] });
    expect((await w.t.ok('admin', 'customers:findDuplicates', { custom: { [contract.key]: 'HT-2024-009' } })).matches).toEqual([]);
  });

  it('a rep sees a match outside the scope as hidden (owner only)', async () => {
    await w.t.ok('admin', 'customers:create', { name: '经理的客户', ownerId: w.users.manager, custom: { [contract.key]: 'HT-SECRET' } });
    const r = await w.t.ok('repA', 'customers:findDuplicates', { custom: { [contract.key]: 'HT-SECRET' } });
    expect(r.matches).toEqual([expect.objectContaining({ visible: false, mobile: null, reasons: ['custom'] })]);
  });
});
