// Real undo: revert one field change (refused with the current value when it changed since, unless
// force); undo a whole batch edit / transfer in one transaction (refused listing the rows changed since);
// each undo is itself audited as a new batch, and the search index follows.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeCompany, type Company } from '../permissions/fixture';
import { verifyAuditChain } from '../../../main/services/audit/record';

let f: Company;
beforeEach(async () => {
  f = await makeCompany();
});
afterEach(() => f.t.close());

const entryOf = async (t: Company['t'], customerId: number, action: string) =>
  (await t.ok('admin', 'audit:list', { entity: 'customer', entityId: customerId })).rows.find((r) => r.action === action)!;

describe('audit:revert', () => {
  it('puts the old value back as a new audited change, and the search index follows', async () => {
    const { t } = f;
    const c = await t.ok('admin', 'customers:create', { name: '撤销测试', mobile: '13800138000' });
    await t.ok('admin', 'customers:update', { id: c.id, version: 1, patch: { mobile: '13900139000', level: 'A' } });
    const upd = await entryOf(t, c.id, 'customer.update');
    expect(upd.revertible).toBe(true);
    const r = await t.ok('admin', 'audit:revert', { auditId: upd.id, field: 'mobile' });
    expect(r.reverted).toBe(1);
    const now = (await t.ok('admin', 'customers:get', { id: c.id })).customer;
    expect(now).toMatchObject({ mobile: '13800138000', level: 'A', version: 3 });
    expect((await t.ok('admin', 'customers:list', { query: '13800138000' })).rows.map((x) => x.id)).toEqual([c.id]);
    expect((await t.ok('admin', 'customers:list', { query: '13900139000' })).rows).toEqual([]);
    const rev = await entryOf(t, c.id, 'customer.revert');
    expect(rev).toMatchObject({ batchId: r.batchId, changes: [{ field: 'mobile', old: '13900139000', new: '13800138000' }], summary: 'version 3' });
    // an editor holding version 2 is told it is stale
    const stale = await t.call('admin', 'customers:update', { id: c.id, version: 2, patch: { level: 'B' } });
    expect(!stale.ok && stale.error.code).toBe('CONFLICT');
    expect(verifyAuditChain(t.app.context.db)).toMatchObject({ ok: true });
  });

  it('refuses with the current value when the field changed since, unless force', async () => {
    const { t } = f;
    const c = await t.ok('admin', 'customers:create', { name: '又改过', industry: '制造业' });
    await t.ok('admin', 'customers:update', { id: c.id, version: 1, patch: { industry: '零售' } });
    const first = await entryOf(t, c.id, 'customer.update');
    await t.ok('admin', 'customers:update', { id: c.id, version: 2, patch: { industry: '教育' } });
    const r = await t.call('admin', 'audit:revert', { auditId: first.id });
    expect(!r.ok && r.error.code).toBe('CONFLICT');
    expect(!r.ok && r.error.details).toMatchObject({ current: { industry: '教育' }, conflicts: [{ field: 'industry', expected: '零售', current: '教育' }] });
    expect((await t.ok('admin', 'customers:get', { id: c.id })).customer.industry).toBe('教育');
    await t.ok('admin', 'audit:revert', { auditId: first.id, force: true });
    expect((await t.ok('admin', 'customers:get', { id: c.id })).customer.industry).toBe('制造业');
  });

  it('refuses entries without field changes and respects scope', async () => {
    const { t } = f;
    const login = (await t.ok('admin', 'audit:list', { action: 'auth.login' })).rows[0];
    const r = await t.call('admin', 'audit:revert', { auditId: login.id });
    expect(!r.ok && r.error.code).toBe('INVALID_INPUT');
    await t.ok('admin', 'customers:update', { id: f.customers.b1, version: 1, patch: { level: 'B' } });
    const other = await entryOf(t, f.customers.b1, 'customer.update');
    const rep = await t.call('repA', 'audit:revert', { auditId: other.id });
    expect(!rep.ok && ['FORBIDDEN', 'NOT_FOUND']).toContain(rep.ok ? 'OK' : rep.error.code);
  });
});

describe('audit:undoBatch', () => {
  it('undoes a batch edit in one transaction, as a new audited batch', async () => {
    const { t } = f;
    const ids = [f.customers.a1, f.customers.a2, f.customers.b1];
    const b = await t.ok('admin', 'customers:batchUpdate', { ids, patch: { level: 'A', tagsAdd: ['活动'] } });
    expect(b.updated).toBe(3);
    const u = await t.ok('admin', 'audit:undoBatch', { batchId: b.batchId });
    expect(u.undone).toBe(3);
    for (const id of ids) {
      const c = (await t.ok('admin', 'customers:get', { id })).customer;
      expect(c.level).toBeNull();
      expect(c.tags).toEqual([]);
    }
    const undo = (await t.ok('admin', 'audit:list', { batchId: u.batchId })).rows.map((r) => r.action).sort();
    expect(undo).toEqual(['audit.undoBatch', 'customer.undo', 'customer.undo', 'customer.undo']);
    const again = await t.call('admin', 'audit:undoBatch', { batchId: b.batchId });
    expect(!again.ok && again.error.code).toBe('CONFLICT');
  });

  it('refuses (listing the rows) when some changed since, unless force', async () => {
    const { t } = f;
    const ids = [f.customers.a1, f.customers.a2];
    const b = await t.ok('admin', 'customers:batchUpdate', { ids, patch: { industry: '零售' } });
    const v = (await t.ok('admin', 'customers:get', { id: f.customers.a2 })).customer.version;
    await t.ok('admin', 'customers:update', { id: f.customers.a2, version: v, patch: { industry: '教育' } });
    const r = await t.call('admin', 'audit:undoBatch', { batchId: b.batchId });
    expect(!r.ok && r.error.code).toBe('CONFLICT');
    const conflicts = !r.ok ? (r.error.details as { conflicts: { entityId: number; field: string; current: unknown }[] }).conflicts : [];
    expect(conflicts).toEqual([expect.objectContaining({ entityId: f.customers.a2, field: 'industry', expected: '零售', current: '教育', name: '甲二科技' })]);
    // nothing was applied
    expect((await t.ok('admin', 'customers:get', { id: f.customers.a1 })).customer.industry).toBe('零售');
    await t.ok('admin', 'audit:undoBatch', { batchId: b.batchId, force: true });
    expect((await t.ok('admin', 'customers:get', { id: f.customers.a1 })).customer.industry).toBeNull();
    expect((await t.ok('admin', 'customers:get', { id: f.customers.a2 })).customer.industry).toBeNull();
  });

  it('undoes a transfer: owners go back', async () => {
    const { t } = f;
    const tr = await t.ok('admin', 'customers:transfer', { ids: [f.customers.a1, f.customers.a2], toUserId: f.users.repB });
    const batchId = (await t.ok('admin', 'audit:list', { action: 'customer.transfer' })).rows[0].batchId!;
    expect(tr.transferred).toBe(2);
    const u = await t.ok('admin', 'audit:undoBatch', { batchId });
    expect(u.undone).toBe(2);
    expect((await t.ok('admin', 'customers:get', { id: f.customers.a1 })).customer.ownerId).toBe(f.users.repA);
    expect((await t.ok('repA', 'customers:list', {})).rows.map((r) => r.id)).toEqual(expect.arrayContaining([f.customers.a1, f.customers.a2]));
  });

  it('undoes a delete batch: the customers come back from the bin', async () => {
    const { t } = f;
    const d = await t.ok('admin', 'customers:delete', { ids: [f.customers.a1, f.customers.a2] });
    await t.ok('admin', 'audit:undoBatch', { batchId: d.batchId });
    expect((await t.ok('admin', 'recycleBin:list', {})).rows).toEqual([]);
    expect((await t.ok('admin', 'customers:get', { id: f.customers.a1 })).customer.deletedAt).toBeNull();
  });
});

describe('audit:list access', () => {
  it("a rep reads their own customer's history, not another rep's, and not the whole log", async () => {
    const { t } = f;
    expect((await t.ok('repA', 'audit:list', { entity: 'customer', entityId: f.customers.a1 })).rows.length).toBeGreaterThan(0);
    const other = await t.call('repA', 'audit:list', { entity: 'customer', entityId: f.customers.b1 });
    expect(!other.ok && other.error.code).toBe('NOT_FOUND');
    const all = await t.call('repA', 'audit:list', {});
    expect(!all.ok && all.error.code).toBe('FORBIDDEN');
    const mine = await t.ok('manager', 'audit:list', { action: 'customer.', limit: 2 });
    expect(mine.rows).toHaveLength(2);
    expect(mine.nextCursor).not.toBeNull();
    const next = await t.ok('manager', 'audit:list', { action: 'customer.', limit: 2, cursor: mine.nextCursor });
    expect(next.rows[0].id).toBeLessThan(mine.rows[1].id);
  });
});
