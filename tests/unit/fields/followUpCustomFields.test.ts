// Custom fields on follow-ups (issue 13): create with defaults, required/type errors keyed `custom.<key>`
// with the built-in ones, unique among live follow-ups, `custom.<key>` audit changes, an update of only
// custom values, values on list rows and list filters, retired fields keep their values, export columns.
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChannelInput } from '../../../main/contract';
import { makeDealsApp, type DealsTestApp } from '../deals/dealsTestApp';
import { readBack, tempDir } from '../import/helpers';

let t: DealsTestApp;
let customer: number;
const raw = () => t.app.context.db.raw;
const addField = (input: Omit<ChannelInput<'fields:create'>, 'entity'>) => t.ok('admin', 'fields:create', { entity: 'followUp', ...input });
const fieldErrors = (r: Awaited<ReturnType<DealsTestApp['call']>>) => (r.ok ? {} : ((r.error.details as { fieldErrors?: Record<string, string> }).fieldErrors ?? {}));
const auditOf = (id: number, action: string) =>
  JSON.parse(
    (raw().prepare("SELECT changes FROM audit_log WHERE entity = 'followUp' AND entity_id = ? AND action = ? ORDER BY id DESC LIMIT 1").get(id, action) as { changes: string })
      .changes,
  ) as { field: string; old: unknown; new: unknown }[];
const log = (content: string, custom?: Record<string, unknown>) => t.ok('admin', 'followUps:create', { customerId: customer, method: '电话', content, custom });

beforeAll(async () => {
  t = await makeDealsApp();
  customer = t.addCustomer('宁波乙贸易');
});
afterAll(() => t.close());

describe('follow-up custom fields', () => {
  it('a default fills a new follow-up and is audited as custom.<key> in followUp.create', async () => {
    const f = await addField({ label: { zh: '沟通渠道' }, type: 'singleSelect', options: ['主动', '被动'], default: '主动' });
    const fu = await log('默认值跟进');
    expect(fu.custom[f.key]).toBe('主动');
    expect(raw().prepare('SELECT value FROM follow_up_field_values WHERE field_id = ? AND follow_up_id = ?').all(f.id, fu.id)).toEqual([{ value: '主动' }]);
    expect(auditOf(fu.id, 'followUp.create')).toContainEqual({ field: `custom.${f.key}`, old: null, new: '主动' });
  });

  it('required and type errors are keyed custom.<key>, next to built-in errors, and nothing is written', async () => {
    const req = await addField({ label: { zh: '客户反馈' }, type: 'text', required: true });
    const email = await addField({ label: { zh: '抄送邮箱' }, type: 'email' });
    const before = (raw().prepare('SELECT count(*) AS n FROM follow_ups').get() as { n: number }).n;
    const r = await t.call('admin', 'followUps:create', { customerId: customer, method: '飞鸽', content: 'x', custom: { [email.key]: 'not-an-email' } });
    expect(r.ok ? null : r.error.code).toBe('INVALID_INPUT');
    expect(Object.keys(fieldErrors(r)).sort()).toEqual([`custom.${email.key}`, `custom.${req.key}`, 'method'].sort());
    expect((raw().prepare('SELECT count(*) AS n FROM follow_ups').get() as { n: number }).n).toBe(before);
    const ok = await log('有反馈', { [req.key]: '很满意', [email.key]: 'Boss＠Example.COM' });
    expect(ok.custom).toMatchObject({ [req.key]: '很满意', [email.key]: 'boss@example.com' });
    await t.ok('admin', 'fields:retire', { id: req.id }); // keep the rest of the suite free of this required field
  });

  it('unique among live follow-ups; deleting one frees its value', async () => {
    const f = await addField({ label: { zh: '工单号' }, type: 'text', unique: true });
    const a = await log('工单一', { [f.key]: 'WO-1' });
    const r = await t.call('admin', 'followUps:create', { customerId: customer, method: '电话', content: '工单重复', custom: { [f.key]: 'WO-1' } });
    expect(Object.keys(fieldErrors(r))).toEqual([`custom.${f.key}`]);
    await t.ok('admin', 'followUps:delete', { ids: [a.id] });
    expect((await log('工单二', { [f.key]: 'WO-1' })).custom[f.key]).toBe('WO-1');
  });

  it('an update of only custom values bumps the version and audits old/new; the same value again is no change', async () => {
    const f = await addField({ label: { zh: '满意度' }, type: 'number' });
    const fu = await log('满意度跟进', { [f.key]: 3 });
    const u = await t.ok('admin', 'followUps:update', { id: fu.id, version: fu.version, patch: { custom: { [f.key]: 5 } } });
    expect(u.version).toBe(fu.version + 1);
    expect(u.custom[f.key]).toBe(5);
    expect(auditOf(fu.id, 'followUp.update')).toEqual([{ field: `custom.${f.key}`, old: 3, new: 5 }]);
    const again = await t.ok('admin', 'followUps:update', { id: fu.id, version: u.version, patch: { custom: { [f.key]: '5' } } });
    expect(again.version).toBe(u.version);
    // built-in and custom changes together in one entry
    const both = await t.ok('admin', 'followUps:update', { id: fu.id, version: u.version, patch: { content: '改过', custom: { [f.key]: null } } });
    expect(auditOf(fu.id, 'followUp.update')).toEqual([
      { field: 'content', old: '满意度跟进', new: '改过' },
      { field: `custom.${f.key}`, old: 5, new: null },
    ]);
    expect(both.custom[f.key]).toBeUndefined();
  });

  it('list rows carry the values; the list filters by them; retired fields keep their values', async () => {
    const topic = await addField({ label: { zh: '话题' }, type: 'multiSelect', options: ['价格', '交期', '售后'] });
    const a = await log('谈价格', { [topic.key]: ['价格', '交期'] });
    await log('谈售后', { [topic.key]: ['售后'] });
    const list = await t.ok('admin', 'followUps:list', { filter: { customerId: customer, custom: { [topic.key]: ['交期'] } } });
    expect(list.rows.map((r) => r.content)).toEqual(['谈价格']);
    expect(list.rows[0].custom[topic.key]).toEqual(['价格', '交期']);
    await t.ok('admin', 'fields:retire', { id: topic.id });
    const u = await t.ok('admin', 'followUps:update', { id: a.id, version: a.version, patch: { custom: { [topic.key]: ['售后'] } } });
    expect(u.version).toBe(a.version); // writes of a retired key are ignored
    await t.ok('admin', 'fields:restore', { id: topic.id });
    const back = await t.ok('admin', 'followUps:list', { filter: { customerId: customer, query: '谈价格' } });
    expect(back.rows[0].custom[topic.key]).toEqual(['价格', '交期']);
  });

  it('export of follow-ups includes the custom columns', async () => {
    const f = await addField({ label: { zh: '拜访地点' }, type: 'text' });
    await log('现场拜访', { [f.key]: '宁波展厅' });
    const out = path.join(tempDir(), 'fu.csv');
    await t.ok('admin', 'export:run', { entity: 'followUps', columns: ['content', `custom.${f.key}`], format: 'csv', path: out });
    const rows = readBack(out);
    expect(rows[0]).toEqual(['内容', '拜访地点']);
    expect(rows.find((r) => r[0] === '现场拜访')).toEqual(['现场拜访', '宁波展厅']);
  });
});
