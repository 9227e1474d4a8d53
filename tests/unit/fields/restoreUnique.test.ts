// Recycle-bin restore re-checks unique custom values (issue 13): a value taken by another live record while
// this one was in the bin is a blocking clash. "ask" and "restore anyway" answer CONFLICT naming the field,
// the value and the record holding it, with nothing restored; "skip" leaves those items in the bin and
// restores the rest. Covers customers, a customer's batch-mate deal, deals and follow-ups, and two records
// of the same restore holding the same value.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RestoreClash } from '../../../main/contract/recycleBin';
import { makeBinWorld, sql, type BinWorld } from '../recycleBin/binWorld';

let w: BinWorld;
beforeEach(async () => {
  w = await makeBinWorld();
});
afterEach(() => w.t.close());

const deletedAt = (table: string, id: number) => sql<{ deleted_at: string | null }>(w.t, `SELECT deleted_at FROM ${table} WHERE id = ?`, id)[0].deleted_at;
const clashesOf = (r: Awaited<ReturnType<BinWorld['t']['call']>>) => (r.ok ? [] : ((r.error.details as { clashes: RestoreClash[] }).clashes ?? []));
const field = (entity: 'customer' | 'deal' | 'followUp', zh: string) => w.t.ok('admin', 'fields:create', { entity, label: { zh }, type: 'text', unique: true });

describe('restore re-checks unique custom values', () => {
  it('a customer whose unique value was taken meanwhile: CONFLICT naming field, value and holder; restore anyway refused; skip leaves it', async () => {
    const { t } = w;
    const f = await field('customer', '合同编号');
    const a = await t.ok('admin', 'customers:create', { name: '甲公司', custom: { [f.key]: 'HT-001' } } as never);
    const spare = await t.ok('admin', 'customers:create', { name: '丙公司' });
    await t.ok('admin', 'customers:delete', { ids: [a.id, spare.id] });
    const holder = await t.ok('admin', 'customers:create', { name: '乙公司', custom: { [f.key]: 'HT-001' } } as never);
    const auditBefore = sql(t, 'SELECT count(*) AS n FROM audit_log')[0];

    const ask = await t.call('admin', 'recycleBin:restore', { ids: [`customer:${a.id}`] });
    expect(ask.ok ? null : ask.error.code).toBe('CONFLICT');
    expect(ask.ok ? '' : ask.error.message).toContain('合同编号');
    expect(ask.ok ? '' : ask.error.message).toContain('HT-001');
    expect(ask.ok ? '' : ask.error.message).toContain('乙公司');
    expect(clashesOf(ask)).toEqual([
      { key: `customer:${a.id}`, name: '甲公司', field: 'custom', value: 'HT-001', fieldKey: f.key, fieldLabel: '合同编号', blocking: true, otherId: holder.id, otherName: '乙公司' },
    ]);
    // "restore anyway" cannot make a duplicate: refused, nothing restored (the other item of the call neither)
    const anyway = await t.call('admin', 'recycleBin:restore', { ids: [`customer:${a.id}`, `customer:${spare.id}`], onClash: 'restore' });
    expect(anyway.ok ? null : anyway.error.code).toBe('CONFLICT');
    expect(clashesOf(anyway).map((c) => c.key)).toEqual([`customer:${a.id}`]);
    expect(deletedAt('customers', a.id)).not.toBeNull();
    expect(deletedAt('customers', spare.id)).not.toBeNull();
    expect(sql(t, 'SELECT count(*) AS n FROM audit_log')[0]).toEqual(auditBefore);
    // skip: the clashing one stays in the bin, the rest comes back
    const skip = await t.ok('admin', 'recycleBin:restore', { ids: [`customer:${a.id}`, `customer:${spare.id}`], onClash: 'skip' });
    expect(skip).toMatchObject({ restored: 1, skipped: [`customer:${a.id}`] });
    expect(deletedAt('customers', a.id)).not.toBeNull();
    expect(deletedAt('customers', spare.id)).toBeNull();
    // once the holder lets the value go, the restore goes through with the value intact
    await t.ok('admin', 'customers:update', { id: holder.id, version: holder.version, patch: { custom: { [f.key]: 'HT-002' } } } as never);
    expect((await t.ok('admin', 'recycleBin:restore', { ids: [`customer:${a.id}`] })).restored).toBe(1);
    expect((await t.ok('admin', 'customers:get', { id: a.id })).customer.custom).toEqual({ [f.key]: 'HT-001' });
  });

  it('a clash on a deal deleted with its customer refuses the customer restore; the other built-in clashes still ask', async () => {
    const { t } = w;
    const f = await field('deal', '合同号');
    const c = await t.ok('admin', 'customers:create', { name: '丁公司', mobile: '13800005555' });
    const d = await t.ok('admin', 'deals:create', { name: '丁的单子', customerId: c.id, custom: { [f.key]: 'D-7' } } as never);
    await t.ok('admin', 'customers:delete', { ids: [c.id] });
    const c2 = await t.ok('admin', 'customers:create', { name: '戊公司', mobile: '13800005555' });
    const d2 = await t.ok('admin', 'deals:create', { name: '戊的单子', customerId: c2.id, custom: { [f.key]: 'D-7' } } as never);

    const ask = await t.call('admin', 'recycleBin:restore', { ids: [`customer:${c.id}`] });
    // both clashes listed; the mobile one may be overridden, the unique value not
    expect(clashesOf(ask).map((x) => [x.field, x.value, x.otherName, x.blocking ?? false])).toEqual([
      ['mobile', '13800005555', '戊公司', false],
      ['custom', 'D-7', '戊的单子', true],
    ]);
    const anyway = await t.call('admin', 'recycleBin:restore', { ids: [`customer:${c.id}`], onClash: 'restore' });
    expect(anyway.ok ? null : anyway.error.code).toBe('CONFLICT');
    expect(clashesOf(anyway).map((x) => x.otherId)).toEqual([d2.id]);
    expect(deletedAt('customers', c.id)).not.toBeNull();
    expect(deletedAt('deals', d.id)).not.toBeNull();
  });

  it('a lone deal and a lone follow-up: CONFLICT on ask and on restore anyway', async () => {
    const { t } = w;
    const fd = await field('deal', '项目编号');
    const ff = await field('followUp', '工单号');
    const c = await t.ok('admin', 'customers:create', { name: '己公司' });
    const d = await t.ok('admin', 'deals:create', { name: '旧单', customerId: c.id, custom: { [fd.key]: 'P-1' } } as never);
    const fu = await t.ok('admin', 'followUps:create', { customerId: c.id, method: '电话', content: '旧工单', custom: { [ff.key]: 'WO-9' } } as never);
    await t.ok('admin', 'deals:delete', { ids: [d.id] });
    await t.ok('admin', 'followUps:delete', { ids: [fu.id] });
    await t.ok('admin', 'deals:create', { name: '新单', customerId: c.id, custom: { [fd.key]: 'P-1' } } as never);
    await t.ok('admin', 'followUps:create', { customerId: c.id, method: '电话', content: '新工单', custom: { [ff.key]: 'WO-9' } } as never);

    for (const onClash of ['ask', 'restore'] as const) {
      const r = await t.call('admin', 'recycleBin:restore', { ids: [`deal:${d.id}`, `followUp:${fu.id}`], onClash });
      expect(r.ok ? null : r.error.code).toBe('CONFLICT');
      expect(clashesOf(r).map((x) => [x.key, x.fieldLabel, x.value])).toEqual([
        [`deal:${d.id}`, '项目编号', 'P-1'],
        [`followUp:${fu.id}`, '工单号', 'WO-9'],
      ]);
    }
    expect(deletedAt('deals', d.id)).not.toBeNull();
    expect(deletedAt('follow_ups', fu.id)).not.toBeNull();
  });

  it('two records of the same restore holding the same value clash with each other; skip restores the first', async () => {
    const { t } = w;
    const f = await field('customer', '税号');
    const a = await t.ok('admin', 'customers:create', { name: '先删的', custom: { [f.key]: 'TAX-1' } } as never);
    await t.ok('admin', 'customers:delete', { ids: [a.id] });
    const b = await t.ok('admin', 'customers:create', { name: '后删的', custom: { [f.key]: 'TAX-1' } } as never);
    await t.ok('admin', 'customers:delete', { ids: [b.id] });

    const ask = await t.call('admin', 'recycleBin:restore', { ids: [`customer:${a.id}`, `customer:${b.id}`] });
    expect(clashesOf(ask)).toMatchObject([{ key: `customer:${b.id}`, field: 'custom', value: 'TAX-1', otherId: a.id, otherName: '先删的', blocking: true }]);
    const skip = await t.ok('admin', 'recycleBin:restore', { ids: [`customer:${a.id}`, `customer:${b.id}`], onClash: 'skip' });
    expect(skip).toMatchObject({ restored: 1, skipped: [`customer:${b.id}`] });
    expect(deletedAt('customers', a.id)).toBeNull();
    expect(deletedAt('customers', b.id)).not.toBeNull();
  });

  it('a value no one holds restores as before (no clash), and a non-unique field never clashes', async () => {
    const { t } = w;
    const u = await field('customer', '会员号');
    const plain = await t.ok('admin', 'fields:create', { entity: 'customer', label: { zh: '备注码' }, type: 'text' });
    const a = await t.ok('admin', 'customers:create', { name: '庚公司', custom: { [u.key]: 'M-1', [plain.key]: 'same' } } as never);
    await t.ok('admin', 'customers:delete', { ids: [a.id] });
    await t.ok('admin', 'customers:create', { name: '辛公司', custom: { [plain.key]: 'same' } } as never);
    expect((await t.ok('admin', 'recycleBin:restore', { ids: [`customer:${a.id}`] })).restored).toBe(1);
  });
});
