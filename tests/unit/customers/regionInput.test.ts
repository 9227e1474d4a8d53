// Province and city through customers:create / update / batchUpdate (the API, not only the form's cascader):
// stored under the region data's names (so the 地区 filter finds them), or refused with a message on the field
// and nothing written. An update that does not change the region never fails on one stored before (short
// names from an old import).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { create, makeWorld, type CustomersWorld } from './fixture';
import { setSetting } from '../../../main/services/settings/store';

let w: CustomersWorld;
beforeAll(async () => {
  w = await makeWorld();
});
afterAll(() => w.t.close());

const fieldErrors = (r: { ok: boolean; error?: { code: string; details?: unknown } }) => {
  expect(r.ok).toBe(false);
  expect(r.error!.code).toBe('INVALID_INPUT');
  return (r.error!.details as { fieldErrors: Record<string, string> }).fieldErrors;
};
const auditCount = () => (w.t.app.context.db.raw.prepare("SELECT count(*) AS n FROM audit_log WHERE entity = 'customer'").get() as { n: number }).n;
const customerCount = () => (w.t.app.context.db.raw.prepare('SELECT count(*) AS n FROM customers').get() as { n: number }).n;

describe('customers:create', () => {
  it.each([
    [{ province: '浙江', city: '杭州' }, { province: '浙江省', city: '杭州市' }],
    [{ province: '广西', city: '南宁' }, { province: '广西壮族自治区', city: '南宁市' }],
    [{ province: null, city: '杭州市' }, { province: '浙江省', city: '杭州市' }],
    [{ province: '北京', city: '北京' }, { province: '北京市', city: null }],
    [{ province: '浙江省', city: '义乌' }, { province: '浙江省', city: '金华市' }],
    [{ province: '浙江省', city: null }, { province: '浙江省', city: null }],
    [{ province: null, city: null }, { province: null, city: null }],
  ])('%j is stored as %j', async (given, stored) => {
    const c = await create(w.t, { name: `地区${JSON.stringify(given)}`, ...given });
    expect({ province: c.province, city: c.city }).toEqual(stored);
  });

  it('a region the data does not have is a field error and nothing is written', async () => {
    const before = [customerCount(), auditCount()];
    let fe = fieldErrors(await w.t.call('admin', 'customers:create', { name: '火星客户', province: '火星省', city: null }));
    expect(fe.province).toBe('无法识别的省份“火星省”：请填写省、自治区或直辖市的全称或简称（如“浙江省”或“浙江”），或留空');
    fe = fieldErrors(await w.t.call('admin', 'customers:create', { name: '错城客户', province: '江苏省', city: '杭州市' }));
    expect(fe.city).toBe('城市“杭州市”不属于江苏省，请核对省份和城市');
    // 朝阳 is a city of 辽宁省 and a district (a city in the form's data) of 北京市
    fe = fieldErrors(await w.t.call('admin', 'customers:create', { name: '两地客户', city: '朝阳' }));
    expect(fe.city).toContain('在多个省份都有');
    // with the other field errors in one answer
    fe = fieldErrors(await w.t.call('admin', 'customers:create', { name: '多错客户', mobile: '123', province: '火星省' }));
    expect(Object.keys(fe).sort()).toEqual(['mobile', 'province']);
    setSetting(w.t.app.context.db, 'locale', 'en');
    fe = fieldErrors(await w.t.call('admin', 'customers:create', { name: 'Mars', province: '火星省' }));
    expect(fe.province).toContain('Unknown province "火星省"');
    setSetting(w.t.app.context.db, 'locale', 'zh-CN');
    expect([customerCount(), auditCount()]).toEqual(before);
  });
});

describe('customers:update', () => {
  it('a city alone is checked against the stored province and maps like the form', async () => {
    const c = await create(w.t, { name: '改城市客户', province: '浙江省', city: '杭州市' });
    const fe = fieldErrors(await w.t.call('admin', 'customers:update', { id: c.id, version: c.version, patch: { city: '南京' } }));
    expect(fe.city).toBe('城市“南京”不属于浙江省，请核对省份和城市');
    const u = await w.t.ok('admin', 'customers:update', { id: c.id, version: c.version, patch: { city: '宁波' } });
    expect({ province: u.province, city: u.city, version: u.version }).toEqual({ province: '浙江省', city: '宁波市', version: 2 });
  });

  it('a region stored before the check (浙江 / 杭州 from an old import) does not block other edits, and is mapped when edited', async () => {
    const c = await create(w.t, { name: '旧地区客户' });
    w.t.app.context.db.raw.prepare("UPDATE customers SET province = '浙江', city = '杭州' WHERE id = ?").run(c.id);
    const u = await w.t.ok('admin', 'customers:update', { id: c.id, version: c.version, patch: { mobile: '13800138123' } });
    expect({ province: u.province, city: u.city, mobile: u.mobile }).toEqual({ province: '浙江', city: '杭州', mobile: '13800138123' });
    // the same pair sent back unchanged (a client that sends every field) is left as it is
    const same = await w.t.ok('admin', 'customers:update', { id: c.id, version: u.version, patch: { province: '浙江', city: '杭州', industry: '零售' } });
    expect({ province: same.province, city: same.city, industry: same.industry }).toEqual({ province: '浙江', city: '杭州', industry: '零售' });
    const v = await w.t.ok('admin', 'customers:update', { id: c.id, version: same.version, patch: { city: '温州' } });
    expect({ province: v.province, city: v.city }).toEqual({ province: '浙江省', city: '温州市' });
  });
});

describe('customers:batchUpdate', () => {
  it('maps the region of a batch edit, and refuses one the data does not have before writing anything', async () => {
    const a = await create(w.t, { name: '批量地区甲' });
    const b = await create(w.t, { name: '批量地区乙' });
    const before = auditCount();
    const fe = fieldErrors(await w.t.call('admin', 'customers:batchUpdate', { ids: [a.id, b.id], patch: { province: '浙江省', city: '南京市' } }));
    expect(fe.city).toBe('城市“南京市”不属于浙江省，请核对省份和城市');
    expect(auditCount()).toBe(before);
    const r = await w.t.ok('admin', 'customers:batchUpdate', { ids: [a.id, b.id], patch: { province: '江苏', city: '南京' } });
    expect(r.updated).toBe(2);
    for (const id of [a.id, b.id]) {
      const got = await w.t.ok('admin', 'customers:get', { id });
      expect({ province: got.customer.province, city: got.customer.city }).toEqual({ province: '江苏省', city: '南京市' });
    }
    // and the 地区 filter finds them under those names
    const listed = await w.t.ok('admin', 'customers:list', { filter: { provinces: ['江苏省'], cities: ['南京市'] }, query: '批量地区', withTotal: true });
    expect(listed.rows.map((x) => x.id).sort()).toEqual([a.id, b.id].sort());
  });
});
