// Delete -> bin -> restore: the customer comes back identical, with its deal, follow-up and reminder;
// while in the bin it is gone from lists, search, duplicate checks and reports. Restore clashes.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { customerWithRecords, makeBinWorld, sql, type BinWorld } from './binWorld';

let w: BinWorld;
beforeEach(async () => {
  w = await makeBinWorld();
});
afterEach(() => w.t.close());

describe('delete with preview', () => {
  it('names what goes: count, first names, related deals, follow-ups and pending reminders', async () => {
    const { c } = await customerWithRecords(w.t, '删前预览');
    const p = await w.t.ok('admin', 'customers:deletePreview', { ids: [c.id] });
    expect(p).toEqual({ customers: 1, firstNames: ['删前预览'], deals: 1, followUps: 1, reminders: 1 });
    const byFilter = await w.t.ok('admin', 'customers:deletePreview', { query: '删前' });
    expect(byFilter.customers).toBe(1);
    const none = await w.t.call('admin', 'customers:delete', {});
    expect(!none.ok && none.error.code).toBe('INVALID_INPUT');
  });
});

describe('delete -> bin -> restore', () => {
  it('restores identical data with the related records of the same batch', async () => {
    const { t } = w;
    const { c, deal, fu } = await customerWithRecords(t, '回收测试');
    const before = await t.ok('admin', 'customers:get', { id: c.id });
    const dealBefore = await t.ok('admin', 'deals:get', { id: deal.id });
    const remindersBefore = sql(t, 'SELECT id, status, due_at, cancelled_at FROM reminders WHERE follow_up_id = ?', fu.id);
    expect(remindersBefore).toHaveLength(1);
    const dash = await t.ok('admin', 'dashboard:summary');

    const del = await t.ok('admin', 'customers:delete', { ids: [c.id] });
    expect(del.deleted).toBe(1);
    // one batch for the customer and everything that went with it
    for (const table of ['customers', 'deals', 'follow_ups']) {
      const col = table === 'customers' ? 'id' : 'customer_id';
      expect(sql(t, `SELECT delete_batch_id FROM ${table} WHERE ${col} = ?`, c.id)).toEqual([{ delete_batch_id: del.batchId }]);
    }
    expect(sql(t, 'SELECT status, delete_batch_id FROM reminders WHERE follow_up_id = ?', fu.id)).toEqual([{ status: 'cancelled', delete_batch_id: del.batchId }]);

    // gone from lists, search, duplicate checks, the deal list and the follow-up list
    expect((await t.ok('admin', 'customers:list', {})).rows.map((r) => r.id)).not.toContain(c.id);
    expect((await t.ok('admin', 'customers:list', { query: '回收' })).rows).toEqual([]);
    expect((await t.ok('admin', 'customers:list', { query: '13912345678' })).rows).toEqual([]);
    expect((await t.ok('admin', 'customers:findDuplicates', { mobile: '13912345678' })).matches).toEqual([]);
    expect((await t.ok('admin', 'deals:list', {})).rows.map((r) => r.id)).not.toContain(deal.id);
    expect((await t.ok('admin', 'followUps:list', {})).rows.map((r) => r.id)).not.toContain(fu.id);
    const got = await t.call('admin', 'customers:get', { id: c.id });
    expect(got.ok ? got.value.customer.deletedAt : 'NOT_FOUND').toBeTruthy();
    // reports: the pipeline and the customer counts no longer include them
    const dashAfter = await t.ok('admin', 'dashboard:summary');
    expect(JSON.stringify(dashAfter)).not.toEqual(JSON.stringify(dash));
    expect(JSON.stringify(dashAfter)).not.toContain('123456');

    // in the bin: one item, the customer, carrying its deal, follow-up and reminder
    const bin = await t.ok('admin', 'recycleBin:list', {});
    expect(bin.rows).toHaveLength(1);
    expect(bin.rows[0]).toMatchObject({ key: `customer:${c.id}`, name: '回收测试', deletedByName: '王老板', daysLeft: 90, batchId: del.batchId });
    expect(bin.rows[0].related.map((r) => r.entity).sort()).toEqual(['deal', 'followUp', 'reminder']);
    expect((await t.ok('admin', 'recycleBin:list', { query: '回收' })).rows).toHaveLength(1);
    expect((await t.ok('admin', 'recycleBin:list', { query: '没有这个' })).rows).toHaveLength(0);
    expect((await t.ok('admin', 'recycleBin:list', { entity: 'deal' })).rows).toHaveLength(0);

    const r = await t.ok('admin', 'recycleBin:restore', { ids: [`customer:${c.id}`] });
    expect(r).toMatchObject({ restored: 1, skipped: [] });
    expect(await t.ok('admin', 'customers:get', { id: c.id })).toEqual(before);
    const dealAfter = await t.ok('admin', 'deals:get', { id: deal.id });
    expect({ ...dealAfter, history: [] }).toEqual({ ...dealBefore, history: [] });
    expect(sql(t, 'SELECT id, status, due_at, cancelled_at FROM reminders WHERE follow_up_id = ?', fu.id)).toEqual(remindersBefore);
    expect((await t.ok('admin', 'customers:list', { query: '回收' })).rows.map((x) => x.id)).toEqual([c.id]);
    expect((await t.ok('admin', 'recycleBin:list', {})).rows).toEqual([]);
    const actions = sql<{ action: string }>(t, 'SELECT action FROM audit_log WHERE batch_id = ? ORDER BY id', r.batchId).map((a) => a.action);
    expect(actions.sort()).toEqual(['customer.restore', 'deal.restore', 'followUp.restore', 'reminder.restore']);
  });

  it('a deal deleted on its own is its own bin item; restoring it needs its customer live', async () => {
    const { t } = w;
    const { c, deal } = await customerWithRecords(t, '单独删单');
    await t.ok('admin', 'deals:delete', { ids: [deal.id] });
    await t.ok('admin', 'customers:delete', { ids: [c.id] });
    const bin = await t.ok('admin', 'recycleBin:list', {});
    expect(bin.rows.map((r) => r.key)).toEqual([`customer:${c.id}`, `deal:${deal.id}`]);
    expect(bin.rows[0].related.map((r) => r.entity)).not.toContain('deal');
    const clash = await t.call('admin', 'recycleBin:restore', { ids: [`deal:${deal.id}`] });
    expect(!clash.ok && clash.error.code).toBe('CONFLICT');
    expect(!clash.ok && (clash.error.details as { clashes: { field: string }[] }).clashes[0].field).toBe('customer');
    const anyway = await t.ok('admin', 'recycleBin:restore', { ids: [`deal:${deal.id}`], onClash: 'restore' });
    expect(anyway.restored).toBe(2);
    expect((await t.ok('admin', 'deals:get', { id: deal.id })).deal.name).toBe('单独删单的单子');
  });

  it('a clash on the mobile answers CONFLICT with details; skip or restore anyway', async () => {
    const { t } = w;
    const a = await t.ok('admin', 'customers:create', { name: '甲号', mobile: '13800001111' });
    const b = await t.ok('admin', 'customers:create', { name: '乙号', mobile: '13800002222' });
    await t.ok('admin', 'customers:delete', { ids: [a.id, b.id] });
    // the number is free while 甲号 is in the bin, so someone else takes it
    const other = await t.ok('admin', 'customers:create', { name: '新客户', mobile: '13800001111' });
    const r = await t.call('admin', 'recycleBin:restore', { ids: [`customer:${a.id}`, `customer:${b.id}`] });
    expect(!r.ok && r.error.code).toBe('CONFLICT');
    const clashes = !r.ok ? (r.error.details as { clashes: unknown[] }).clashes : [];
    expect(clashes).toEqual([{ key: `customer:${a.id}`, name: '甲号', field: 'mobile', value: '13800001111', otherId: other.id, otherName: '新客户' }]);
    expect(sql(t, 'SELECT count(*) AS n FROM customers WHERE deleted_at IS NULL')).toEqual([{ n: 1 }]);
    const skip = await t.ok('admin', 'recycleBin:restore', { ids: [`customer:${a.id}`, `customer:${b.id}`], onClash: 'skip' });
    expect(skip).toMatchObject({ restored: 1, skipped: [`customer:${a.id}`] });
    const anyway = await t.ok('admin', 'recycleBin:restore', { ids: [`customer:${a.id}`], onClash: 'restore' });
    expect(anyway.restored).toBe(1);
  });

  it('the bin is scoped and permission-checked', async () => {
    const { t } = w;
    const { roles } = await t.ok('admin', 'roles:list');
    const mgr = roles.find((r) => r.builtinKey === 'manager')!.id;
    const sales = roles.find((r) => r.builtinKey === 'sales')!.id;
    await t.ok('admin', 'users:create', { username: 'mgr', displayName: '刘经理', password: 'secret-pass-1', roleId: mgr });
    await t.ok('admin', 'users:create', { username: 'rep', displayName: '张三', password: 'secret-pass-1', roleId: sales });
    await t.ok('mgr', 'auth:login', { username: 'mgr', password: 'secret-pass-1' });
    await t.ok('rep', 'auth:login', { username: 'rep', password: 'secret-pass-1' });
    const c = await t.ok('admin', 'customers:create', { name: '经理删的' });
    await t.ok('mgr', 'customers:delete', { ids: [c.id] });
    expect((await t.ok('mgr', 'recycleBin:list', {})).rows).toHaveLength(1);
    const repList = await t.call('rep', 'recycleBin:list', {});
    expect(!repList.ok && repList.error.code).toBe('FORBIDDEN');
    const purge = await t.call('mgr', 'recycleBin:purge', { ids: [`customer:${c.id}`] });
    expect(!purge.ok && purge.error.code).toBe('FORBIDDEN');
  });
});
