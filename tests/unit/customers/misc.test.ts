// Soft delete (minimal), options, saved views, the migration's derived counters.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { create, makeWorld, type CustomersWorld } from './fixture';

let w: CustomersWorld;
beforeAll(async () => {
  w = await makeWorld();
});
afterAll(() => w.t.close());

describe('soft delete', () => {
  it('marks the customer, its deals and follow-ups with one batch id and audits it', async () => {
    const c = await create(w.t, { name: '要删除的', mobile: '13500000001' }, 'repA');
    const db = w.t.app.context.db.raw;
    const now = w.t.clock.now().toISOString();
    db.prepare('INSERT INTO deals (name, customer_id, stage_id, probability, created_at, updated_at) VALUES (?, ?, 1, 10, ?, ?)').run('单子', c.id, now, now);
    db.prepare("INSERT INTO follow_ups (customer_id, at, method, content, created_at, updated_at) VALUES (?, ?, '电话', '聊了', ?, ?)").run(c.id, now, now, now);
    expect(await w.t.ok('admin', 'customers:deletePreview', { ids: [c.id] })).toEqual({ customers: 1, firstNames: ['要删除的'], deals: 1, followUps: 1, reminders: 0 });
    const denied = await w.t.call('repA', 'customers:delete', { ids: [c.id] });
    expect(!denied.ok && denied.error.code).toBe('FORBIDDEN');
    const r = await w.t.ok('admin', 'customers:delete', { ids: [c.id] });
    expect(r.deleted).toBe(1);
    for (const t of ['customers', 'deals', 'follow_ups']) {
      const col = t === 'customers' ? 'id' : 'customer_id';
      expect(db.prepare(`SELECT delete_batch_id FROM ${t} WHERE ${col} = ?`).get(c.id)).toEqual({ delete_batch_id: r.batchId });
    }
    expect(db.prepare("SELECT action FROM audit_log WHERE batch_id = ?").all(r.batchId)).toEqual([{ action: 'customer.delete' }, { action: 'deal.delete' }, { action: 'followUp.delete' }]);
    const again = await w.t.call('admin', 'customers:delete', { ids: [c.id] });
    expect(!again.ok && again.error.code).toBe('NOT_FOUND');
    expect((await w.t.ok('admin', 'customers:list', { query: '13500000001' })).rows).toEqual([]);
  });
});

describe('options', () => {
  it('merges defaults with values in use, regions and owners', async () => {
    await create(w.t, { name: '选项客户', industry: '宠物用品', source: '抖音', tags: ['重点'] });
    const o = await w.t.ok('repA', 'customers:options');
    expect(o.industries).toEqual(expect.arrayContaining(['制造业', '宠物用品']));
    expect(o.sources).toEqual(expect.arrayContaining(['官网', '转介绍', '抖音']));
    expect(o.tags).toContain('重点');
    expect(o.provinces.find((p) => p.name === '浙江省')!.cities).toContain('杭州市');
    expect(o.owners.map((u) => u.displayName)).toEqual(expect.arrayContaining(['王老板', '张销售']));
  });

  it('drops values nobody uses any more', async () => {
    const c = await create(w.t, { name: '唯一', industry: '独一无二行业' });
    await w.t.ok('admin', 'customers:update', { id: c.id, version: 1, patch: { industry: null } });
    expect((await w.t.ok('admin', 'customers:options')).industries).not.toContain('独一无二行业');
  });
});

describe('saved views', () => {
  it('saves, replaces by name, lists per user and deletes', async () => {
    const v = await w.t.ok('repA', 'views:save', { name: '浙江A类', filter: { provinces: ['浙江省'], levels: ['A'] }, columns: ['name', 'mobile'], sort: { field: 'name', dir: 'asc' } });
    const v2 = await w.t.ok('repA', 'views:save', { name: '浙江A类', query: '张', filter: { levels: ['A'] }, columns: ['name'] });
    expect(v2.id).toBe(v.id);
    expect((await w.t.ok('repA', 'views:list')).views).toEqual([{ id: v.id, name: '浙江A类', query: '张', filter: { levels: ['A'] }, columns: ['name'], sort: null }]);
    expect((await w.t.ok('repB', 'views:list')).views).toEqual([]);
    const other = await w.t.call('repB', 'views:delete', { id: v.id });
    expect(!other.ok && other.error.code).toBe('NOT_FOUND');
    expect(await w.t.ok('repA', 'views:delete', { id: v.id })).toEqual({ deleted: true });
    expect((await w.t.ok('repA', 'views:list')).views).toEqual([]);
    const n = w.t.app.context.db.raw.prepare("SELECT count(*) AS n FROM audit_log WHERE entity = 'savedView'").get() as { n: number };
    expect(n.n).toBe(3);
  });
});
