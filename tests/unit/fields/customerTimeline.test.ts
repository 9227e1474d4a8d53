// customers:get carries each follow-up's custom values (issue 13), so the customer page's 联系历史 can show
// them like the deal page's timeline: values of every follow-up field (retired ones included, the UI
// shows live ones), {} for a follow-up without values, and they follow edits.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeWorld, type CustomersWorld } from '../customers/fixture';

let w: CustomersWorld;
beforeAll(async () => {
  w = await makeWorld();
});
afterAll(() => w.t.close());

describe('customers:get follow-ups with custom values', () => {
  it('before any follow-up field exists every follow-up has custom {}; then values, edits and retired fields show', async () => {
    const { t } = w;
    const c = await t.ok('admin', 'customers:create', { name: '时间线客户' });
    const plain = await t.ok('admin', 'followUps:create', { customerId: c.id, method: '电话', content: '没有自定义字段时' });
    expect((await t.ok('admin', 'customers:get', { id: c.id })).followUps).toMatchObject([{ id: plain.id, custom: {} }]);

    const topic = await t.ok('admin', 'fields:create', { entity: 'followUp', label: { zh: '沟通主题' }, type: 'singleSelect', options: ['报价', '交期'] });
    const mins = await t.ok('admin', 'fields:create', { entity: 'followUp', label: { zh: '通话分钟' }, type: 'number' });
    const fu = await t.ok('admin', 'followUps:create', { customerId: c.id, method: '电话', content: '谈报价', custom: { [topic.key]: '报价', [mins.key]: 12 } });
    let d = await t.ok('admin', 'customers:get', { id: c.id });
    expect(d.followUps.find((f) => f.id === fu.id)!.custom).toEqual({ [topic.key]: '报价', [mins.key]: 12 });
    expect(d.followUps.find((f) => f.id === plain.id)!.custom).toEqual({});

    await t.ok('admin', 'followUps:update', { id: fu.id, version: fu.version, patch: { custom: { [topic.key]: '交期' } } });
    await t.ok('admin', 'fields:retire', { id: mins.id });
    d = await t.ok('admin', 'customers:get', { id: c.id });
    expect(d.followUps.find((f) => f.id === fu.id)!.custom).toEqual({ [topic.key]: '交期', [mins.key]: 12 });
  });
});
