// The customer pool: list, claim (with the per-rep daily cap), release.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { auditRows, insertCustomer, makeCompany, ownerOf, type Company } from './fixture';

let c: Company;
beforeEach(async () => {
  c = await makeCompany();
});
afterEach(() => c.t.close());

describe('pool', () => {
  it('lists only customers without an owner, newest first, with search', async () => {
    const r = await c.t.ok('repA', 'pool:list', {});
    expect(r.rows.map((x) => x.name)).toEqual(['公海二号', '公海一号']);
    expect(r.total).toBe(2);
    expect(r.claimsLeft).toBe(50);
    expect((await c.t.ok('repA', 'pool:list', { query: '一号' })).rows.map((x) => x.id)).toEqual([c.customers.pool1]);
    const page = await c.t.ok('repA', 'pool:list', { limit: 1 });
    expect(page.nextCursor).not.toBeNull();
    expect((await c.t.ok('repA', 'pool:list', { limit: 1, cursor: page.nextCursor })).rows[0].id).toBe(c.customers.pool1);
    expect((await c.t.ok('admin', 'pool:list', {})).claimsLeft).toBeNull();
  });

  it('claim takes ownership, audits a batch, and is all-or-nothing when one was taken', async () => {
    const r = await c.t.ok('repA', 'pool:claim', { ids: [c.customers.pool1] });
    expect(r).toMatchObject({ claimed: 1, claimsLeft: 49 });
    expect(ownerOf(c.t, c.customers.pool1)).toBe(c.users.repA);
    expect(JSON.parse(auditRows(c.t, 'batch_id = ?', r.batchId)[0].changes!)).toEqual([{ field: 'ownerId', old: null, new: c.users.repA }]);
    const race = await c.t.call('repB', 'pool:claim', { ids: [c.customers.pool2, c.customers.pool1] });
    expect(!race.ok && race.error.code).toBe('CONFLICT');
    expect(ownerOf(c.t, c.customers.pool2)).toBeNull();
  });

  it('the daily cap stops a rep at N claims within 24 hours, then frees up', async () => {
    await c.t.ok('admin', 'pool:updateSettings', { claimCapPerDay: 3, returnEnabled: false, returnDays: 30, warnDays: 3 });
    const extra = [1, 2, 3].map((i) => insertCustomer(c.t, { name: `公海客户${i}`, ownerId: null }));
    await c.t.ok('repA', 'pool:claim', { ids: [c.customers.pool1, c.customers.pool2] });
    const over = await c.t.call('repA', 'pool:claim', { ids: [extra[0], extra[1]] });
    expect(!over.ok && over.error.code).toBe('INVALID_INPUT');
    expect(!over.ok && over.error.message).toContain('还能领取 1 位');
    expect(ownerOf(c.t, extra[0])).toBeNull();
    expect((await c.t.ok('repA', 'pool:claim', { ids: [extra[0]] })).claimsLeft).toBe(0);
    // another rep has their own allowance
    expect((await c.t.ok('repB', 'pool:claim', { ids: [extra[1]] })).claimsLeft).toBe(2);
    c.t.clock.advance(23 * 3600_000);
    expect((await c.t.call('repA', 'pool:claim', { ids: [extra[2]] })).ok).toBe(false);
    c.t.clock.advance(3600_000 + 1000);
    expect((await c.t.ok('repA', 'pool:claim', { ids: [extra[2]] })).claimed).toBe(1);
    // roles that see everything are not capped
    const more = insertCustomer(c.t, { name: '经理领', ownerId: null });
    await c.t.ok('admin', 'pool:updateSettings', { claimCapPerDay: 1, returnEnabled: false, returnDays: 30, warnDays: 3 });
    expect((await c.t.ok('manager', 'pool:claim', { ids: [more] })).claimsLeft).toBeNull();
  });

  it('release: a rep releases own customers with a reason; others are not found', async () => {
    const denied = await c.t.call('repA', 'pool:release', { ids: [c.customers.b1], reason: '不跟了' });
    expect(!denied.ok && denied.error.code).toBe('NOT_FOUND');
    const noReason = await c.t.call('repA', 'pool:release', { ids: [c.customers.a1], reason: ' ' });
    expect(!noReason.ok && noReason.error.code).toBe('INVALID_INPUT');
    const r = await c.t.ok('repA', 'pool:release', { ids: [c.customers.a1], reason: '客户无意向' });
    expect(r.released).toBe(1);
    expect(ownerOf(c.t, c.customers.a1)).toBeNull();
    const row = auditRows(c.t, 'batch_id = ?', r.batchId)[0];
    expect(row).toMatchObject({ action: 'pool.release', summary: '客户无意向' });
    expect(JSON.parse(row.changes!)).toEqual([{ field: 'ownerId', old: c.users.repA, new: null }]);
    // a manager (scope all) may release anyone's
    expect((await c.t.ok('manager', 'pool:release', { ids: [c.customers.b1], reason: '调整' })).released).toBe(1);
  });

  it('pool rules need settings.manage to change', async () => {
    const r = await c.t.call('manager', 'pool:updateSettings', { claimCapPerDay: 1, returnEnabled: true, returnDays: 30, warnDays: 3 });
    expect(!r.ok && r.error.code).toBe('FORBIDDEN');
    expect((await c.t.ok('repA', 'pool:settings')).claimCapPerDay).toBe(50);
  });
});
