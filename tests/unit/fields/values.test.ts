// Custom field values on customers: per-type validation and typed storage, required/default, unique,
// audit entries per field (`custom.<key>`), retire/restore keeps data, delete removes values, batch edit.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeWorld, type CustomersWorld } from '../customers/fixture';
import type { ChannelInput } from '../../../main/contract';

let w: CustomersWorld;
const raw = () => w.t.app.context.db.raw;
const addField = (input: Omit<ChannelInput<'fields:create'>, 'entity'>) => w.t.ok('admin', 'fields:create', { entity: 'customer', ...input });
const stored = (fieldId: number, customerId: number) =>
  raw()
    .prepare('SELECT value, typeof(value) AS t FROM customer_field_values WHERE field_id = ? AND customer_id = ? ORDER BY value')
    .all(fieldId, customerId) as { value: unknown; t: string }[];

beforeAll(async () => {
  w = await makeWorld();
});
afterAll(() => w.t.close());

describe('values per type', () => {
  const cases: { type: ChannelInput<'fields:create'>['type']; options?: string[]; input: unknown; api: unknown; rows: [unknown, string][]; bad: unknown }[] = [
    { type: 'text', input: '  微信　zhang ', api: '微信 zhang', rows: [['微信 zhang', 'text']], bad: { x: 1 } },
    { type: 'longText', input: '第一行\n第二行', api: '第一行\n第二行', rows: [['第一行\n第二行', 'text']], bad: ['a'] },
    { type: 'number', input: '1,234.5', api: 1234.5, rows: [[1234.5, 'real']], bad: 'abc' },
    { type: 'number', input: 42, api: 42, rows: [[42, 'integer']], bad: {} },
    { type: 'money', input: 123456, api: 123456, rows: [[123456, 'integer']], bad: 12.5 },
    { type: 'date', input: '2026/3/5', api: '2026-03-05', rows: [['2026-03-05', 'text']], bad: '2026-02-30' },
    { type: 'datetime', input: '2026-03-05T08:00:00+08:00', api: '2026-03-05T00:00:00.000Z', rows: [['2026-03-05T00:00:00.000Z', 'text']], bad: 'tomorrow' },
    { type: 'singleSelect', options: ['经销商', '终端'], input: '终端', api: '终端', rows: [['终端', 'text']], bad: '其他' },
    { type: 'multiSelect', options: ['篮球', '钓鱼', '茶'], input: ['茶', '篮球', '茶'], api: ['篮球', '茶'], rows: [['篮球', 'text'], ['茶', 'text']], bad: ['高尔夫'] },
    { type: 'phone', input: '+86 138-0013-8000', api: '13800138000', rows: [['13800138000', 'text']], bad: '12345' },
    { type: 'email', input: 'Boss＠Example.COM', api: 'boss@example.com', rows: [['boss@example.com', 'text']], bad: 'not-an-email' },
    { type: 'url', input: 'www.example.cn/a', api: 'https://www.example.cn/a', rows: [['https://www.example.cn/a', 'text']], bad: 'javascript:alert(1)' },
    { type: 'boolean', input: false, api: false, rows: [[0, 'integer']], bad: 'maybe' },
  ];
  for (const c of cases) {
    it(`${c.type}: normalizes, stores typed rows, rejects bad input with custom.<key>`, async () => {
      const f = await addField({ label: { zh: `字段${c.type}` }, type: c.type, options: c.options });
      const created = await w.t.ok('admin', 'customers:create', { name: `类型${c.type}`, custom: { [f.key]: c.input } });
      expect(created.custom[f.key]).toEqual(c.api);
      expect(stored(f.id, created.id).map((r) => [r.value, r.t])).toEqual(
        [...c.rows].sort((a, b) => String(a[0]).localeCompare(String(b[0]))).map((r) => (typeof r[0] === 'string' ? r : r)),
      );
      const r = await w.t.call('admin', 'customers:update', { id: created.id, version: created.version, patch: { custom: { [f.key]: c.bad } } });
      expect(r.ok).toBe(false);
      if (!r.ok) {
        expect(r.error.code).toBe('INVALID_INPUT');
        expect(Object.keys((r.error.details as { fieldErrors: Record<string, string> }).fieldErrors)).toEqual([`custom.${f.key}`]);
      }
      // clearing removes the row
      const cleared = await w.t.ok('admin', 'customers:update', { id: created.id, version: created.version, patch: { custom: { [f.key]: null } } });
      expect(cleared.custom[f.key]).toBeUndefined();
      expect(stored(f.id, created.id)).toEqual([]);
    });
  }

  it('required and default: default fills a new record, required refuses an empty one, errors merge with built-in ones', async () => {
    const f = await addField({ label: { zh: '来源渠道' }, type: 'singleSelect', options: ['门店', '网店'], required: true, default: '门店' });
    const c = await w.t.ok('admin', 'customers:create', { name: '默认值客户' });
    expect(c.custom[f.key]).toBe('门店');
    // an empty value on create also takes the default (forms send untouched fields empty)
    expect((await w.t.ok('admin', 'customers:create', { name: '默认值客户2', custom: { [f.key]: '' } })).custom[f.key]).toBe('门店');
    await w.t.ok('admin', 'fields:update', { id: f.id, default: null });
    const r = await w.t.call('admin', 'customers:create', { name: '', mobile: '123', custom: { [f.key]: '' } });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(Object.keys((r.error.details as { fieldErrors: object }).fieldErrors).sort()).toEqual(['custom.' + f.key, 'mobile', 'name'].sort());
    await w.t.ok('admin', 'fields:update', { id: f.id, required: false });
    await w.t.ok('admin', 'fields:retire', { id: f.id }); // keep the rest of the suite free of this required field
  });
});

describe('unique', () => {
  it('refuses a second live record with the same value; turning unique on lists duplicates', async () => {
    const f = await addField({ label: { zh: '合同编号' }, type: 'text' });
    const a = await w.t.ok('admin', 'customers:create', { name: '甲', custom: { [f.key]: 'HT-001' } });
    const b = await w.t.ok('admin', 'customers:create', { name: '乙', custom: { [f.key]: 'HT-001' } });
    const on = await w.t.call('admin', 'fields:update', { id: f.id, unique: true });
    expect(on.ok).toBe(false);
    if (!on.ok) {
      expect(on.error.code).toBe('CONFLICT');
      expect((on.error.details as { duplicates: { value: string; count: number }[] }).duplicates).toEqual([{ value: 'HT-001', count: 2 }]);
    }
    await w.t.ok('admin', 'customers:update', { id: b.id, version: b.version, patch: { custom: { [f.key]: 'HT-002' } } });
    await w.t.ok('admin', 'fields:update', { id: f.id, unique: true });
    const dup = await w.t.call('admin', 'customers:create', { name: '丙', custom: { [f.key]: 'HT-001' } });
    expect(dup.ok).toBe(false);
    if (!dup.ok) expect((dup.error.details as { fieldErrors: Record<string, string> }).fieldErrors[`custom.${f.key}`]).toContain('甲');
    // a deleted record no longer holds the value
    await w.t.ok('admin', 'customers:delete', { ids: [a.id] });
    const again = await w.t.ok('admin', 'customers:create', { name: '丁', custom: { [f.key]: 'HT-001' } });
    expect(again.custom[f.key]).toBe('HT-001');
  });
});

describe('audit, retire/restore, delete, batch edit', () => {
  it('writes one audit change per custom field as custom.<key> with old and new', async () => {
    const f = await addField({ label: { zh: '微信号' }, type: 'text' });
    const c = await w.t.ok('admin', 'customers:create', { name: '审计客户', custom: { [f.key]: 'wx1' } });
    await w.t.ok('admin', 'customers:update', { id: c.id, version: 1, patch: { custom: { [f.key]: 'wx2' } } });
    const rows = raw().prepare("SELECT action, changes FROM audit_log WHERE entity = 'customer' AND entity_id = ? ORDER BY id").all(c.id) as { action: string; changes: string }[];
    expect(JSON.parse(rows[0].changes)).toContainEqual({ field: `custom.${f.key}`, old: null, new: 'wx1' });
    expect(JSON.parse(rows[1].changes)).toEqual([{ field: `custom.${f.key}`, old: 'wx1', new: 'wx2' }]);
  });

  it('retire hides the field and keeps the values; restore brings them back; delete removes them (audited)', async () => {
    const f = await addField({ label: { zh: '车型' }, type: 'singleSelect', options: ['轿车', 'SUV'] });
    const c = await w.t.ok('admin', 'customers:create', { name: '车主', custom: { [f.key]: 'SUV' } });
    await w.t.ok('admin', 'fields:retire', { id: f.id });
    const layout = await w.t.ok('admin', 'forms:get', { entity: 'customer' });
    expect(layout.layout.sections.flatMap((s) => s.fields)).not.toContain(f.key);
    expect(stored(f.id, c.id)).toEqual([{ value: 'SUV', t: 'text' }]);
    // writing a retired field is ignored, the value stays
    await w.t.ok('admin', 'customers:update', { id: c.id, version: 1, patch: { custom: { [f.key]: '轿车' }, notes: 'x' } });
    await w.t.ok('admin', 'fields:restore', { id: f.id });
    const back = await w.t.ok('admin', 'customers:get', { id: c.id });
    expect(back.customer.custom[f.key]).toBe('SUV');
    const wrong = await w.t.call('admin', 'fields:delete', { id: f.id, confirmKey: 'nope' });
    expect(wrong.ok).toBe(false);
    expect(await w.t.ok('admin', 'fields:delete', { id: f.id, confirmKey: f.key })).toEqual({ deleted: true, values: 1 });
    expect(stored(f.id, c.id)).toEqual([]);
    expect((await w.t.ok('admin', 'customers:get', { id: c.id })).customer.custom[f.key]).toBeUndefined();
    const a = raw().prepare("SELECT summary FROM audit_log WHERE action = 'field.delete' AND entity_id = ?").get(f.id) as { summary: string };
    expect(a.summary).toContain('删除了 1 个值');
  });

  it('batch edit sets a custom value on many customers with per-field audit changes', async () => {
    const f = await addField({ label: { zh: '客户类型' }, type: 'singleSelect', options: ['经销商', '终端'] });
    const ids = [];
    for (let i = 0; i < 3; i++) ids.push((await w.t.ok('admin', 'customers:create', { name: `批量${i}` })).id);
    const r = await w.t.ok('admin', 'customers:batchUpdate', { ids, patch: { custom: { [f.key]: '经销商' } } });
    expect(r.updated).toBe(3);
    for (const id of ids) expect(stored(f.id, id)).toEqual([{ value: '经销商', t: 'text' }]);
    const changes = raw().prepare('SELECT changes FROM audit_log WHERE batch_id = ?').all(r.batchId) as { changes: string }[];
    expect(JSON.parse(changes[0].changes)).toEqual([{ field: `custom.${f.key}`, old: null, new: '经销商' }]);
    const bad = await w.t.call('admin', 'customers:batchUpdate', { ids, patch: { custom: { [f.key]: '不存在' } } });
    expect(bad.ok).toBe(false);
  });

  it('only settings.manage may change definitions; a rep may still fill values', async () => {
    const r = await w.t.call('repA', 'fields:create', { entity: 'customer', label: { zh: 'x' }, type: 'text' });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.code).toBe('FORBIDDEN');
    const f = await addField({ label: { zh: '爱好' }, type: 'text' });
    const c = await w.t.ok('repA', 'customers:create', { name: '销售的客户', custom: { [f.key]: '钓鱼' } });
    expect(c.custom[f.key]).toBe('钓鱼');
  });
});
