// 查重: same mobile/email (normalized), similar name/company; CONFLICT on create/update unless allowed;
// the settings can forbid mobile/email duplicates outright; deleted customers never count.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { create, makeWorld, type CustomersWorld } from './fixture';

let w: CustomersWorld;
let base: { id: number };
beforeAll(async () => {
  w = await makeWorld();
  base = await create(w.t, { name: '杭州某某科技有限公司', mobile: '13800138000', email: 'boss@moumou.cn' }, 'repB');
});
afterAll(() => w.t.close());

describe('duplicate check', () => {
  it('finds the same mobile/email whatever the formatting, with the owner', async () => {
    const r = await w.t.ok('admin', 'customers:findDuplicates', { mobile: '+86 138 0013 8000', email: 'BOSS@moumou.cn' });
    expect(r.matches).toEqual([expect.objectContaining({ id: base.id, ownerName: '李销售', reasons: ['mobile', 'email'], visible: true })]);
    expect(r.blocking).toEqual([]);
  });

  it('finds similar names after removing legal suffixes', async () => {
    for (const name of ['杭州某某科技', '杭州某某有限公司', '杭州 某某（科技）有限责任公司']) {
      const r = await w.t.ok('admin', 'customers:findDuplicates', { name });
      expect(r.matches.map((m) => m.id)).toEqual([base.id]);
      expect(r.matches[0].reasons).toContain('name');
    }
    const none = await w.t.ok('admin', 'customers:findDuplicates', { name: '宁波某某科技有限公司' });
    expect(none.matches).toEqual([]);
  });

  it('hides the details of a match outside the scope but names its owner', async () => {
    const r = await w.t.ok('repA', 'customers:findDuplicates', { mobile: '13800138000' });
    expect(r.matches[0]).toMatchObject({ id: base.id, visible: false, mobile: null, email: null, ownerName: '李销售' });
  });

  it('create with a duplicate mobile is CONFLICT unless allowDuplicate', async () => {
    const r = await w.t.call('repA', 'customers:create', { name: '另一个', mobile: '138-0013-8000' });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe('CONFLICT');
    expect((r.error.details as { duplicates: { id: number }[] }).duplicates.map((d) => d.id)).toEqual([base.id]);
    const ok = await w.t.ok('repA', 'customers:create', { name: '另一个', mobile: '138-0013-8000', allowDuplicate: true });
    expect(ok.mobile).toBe('13800138000');
    // a similar name alone does not stop a save
    await w.t.ok('repA', 'customers:create', { name: '杭州某某科技' });
  });

  it('update that introduces a duplicate email is CONFLICT; excluding itself', async () => {
    const c = await create(w.t, { name: '客户乙', email: 'b@b.cn' });
    const same = await w.t.ok('admin', 'customers:update', { id: c.id, version: 1, patch: { email: 'B@B.cn', level: 'A' } });
    expect(same.version).toBe(2);
    const r = await w.t.call('admin', 'customers:update', { id: c.id, version: 2, patch: { email: 'boss@moumou.cn' } });
    expect(!r.ok && r.error.code).toBe('CONFLICT');
  });

  it('settings can forbid duplicates even with allowDuplicate (blocking)', async () => {
    w.t.app.context.db.raw.prepare("INSERT INTO settings (key, value) VALUES ('customers.duplicates', ?)").run(JSON.stringify({ forbidMobile: true, forbidEmail: false }));
    const f = await w.t.ok('admin', 'customers:findDuplicates', { mobile: '13800138000', email: 'boss@moumou.cn' });
    expect(f.blocking).toEqual(['mobile']);
    const r = await w.t.call('admin', 'customers:create', { name: '强行', mobile: '13800138000', allowDuplicate: true });
    expect(!r.ok && r.error.code).toBe('CONFLICT');
    expect(!r.ok && (r.error.details as { blocking: string[] }).blocking).toEqual(['mobile']);
    const emailOk = await w.t.ok('admin', 'customers:create', { name: '邮箱重复可以', email: 'boss@moumou.cn', allowDuplicate: true });
    expect(emailOk.id).toBeGreaterThan(0);
    w.t.app.context.db.raw.prepare("DELETE FROM settings WHERE key = 'customers.duplicates'").run();
  });

  it('deleted customers never count as duplicates', async () => {
    const c = await create(w.t, { name: '将被删除', mobile: '13911112222' });
    await w.t.ok('admin', 'customers:delete', { ids: [c.id] });
    const r = await w.t.ok('admin', 'customers:findDuplicates', { mobile: '13911112222', name: '将被删除' });
    expect(r.matches).toEqual([]);
    await w.t.ok('admin', 'customers:create', { name: '将被删除', mobile: '13911112222' });
  });
});
