// Batch edit: counts, one transaction with one batch id, one audit row per changed customer, tags
// add/remove, targets by ids or filter + query, scope.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { create, makeWorld, type CustomersWorld } from './fixture';

let w: CustomersWorld;
const ids: number[] = [];
beforeAll(async () => {
  w = await makeWorld();
  for (let i = 0; i < 12; i++) {
    const owner = i < 6 ? 'repA' : 'repB';
    ids.push((await create(w.t, { name: `批量客户${i}`, level: i % 2 ? 'A' : 'B', province: i < 4 ? '浙江省' : '江苏省', tags: i % 3 === 0 ? ['旧'] : [] }, owner)).id);
  }
});
afterAll(() => w.t.close());

const auditOf = (batchId: string) =>
  w.t.app.context.db.raw.prepare('SELECT entity_id, action, changes FROM audit_log WHERE batch_id = ? ORDER BY entity_id').all(batchId) as {
    entity_id: number;
    action: string;
    changes: string;
  }[];

describe('batch edit', () => {
  it('previews and applies to selected ids: only changed rows get versions and audit rows', async () => {
    const target = { ids: ids.slice(0, 4), patch: { level: 'A' as const } };
    const preview = await w.t.ok('admin', 'customers:batchPreview', target);
    expect(preview).toEqual({ matched: 4, willChange: 2 });
    const r = await w.t.ok('admin', 'customers:batchUpdate', target);
    expect(r).toMatchObject({ matched: 4, updated: 2 });
    const rows = auditOf(r.batchId);
    expect(rows.map((x) => x.entity_id)).toEqual([ids[0], ids[2]]);
    expect(JSON.parse(rows[0].changes)).toEqual([{ field: 'level', old: 'B', new: 'A' }]);
    const c0 = await w.t.ok('admin', 'customers:get', { id: ids[0] });
    expect(c0.customer).toMatchObject({ level: 'A', version: 2 });
    const c1 = await w.t.ok('admin', 'customers:get', { id: ids[1] });
    expect(c1.customer.version).toBe(1);
  });

  it('targets everything matching a filter and query, adds and removes tags', async () => {
    const target = { filter: { provinces: ['江苏省'] }, query: '批量', patch: { tagsAdd: ['新'], tagsRemove: ['旧'], status: 'following' as const } };
    const r = await w.t.ok('admin', 'customers:batchUpdate', target);
    expect(r.matched).toBe(8);
    expect(r.updated).toBe(8);
    const rows = auditOf(r.batchId);
    expect(rows.length).toBe(8);
    const c6 = await w.t.ok('admin', 'customers:get', { id: ids[6] });
    expect(c6.customer.tags).toEqual(['新']);
    expect(c6.customer.status).toBe('following');
    const changes = JSON.parse(rows.find((x) => x.entity_id === ids[6])!.changes);
    expect(changes).toEqual([
      { field: 'status', old: 'potential', new: 'following' },
      { field: 'tags', old: ['旧'], new: ['新'] },
    ]);
    const again = await w.t.ok('admin', 'customers:batchPreview', target);
    expect(again).toEqual({ matched: 8, willChange: 0 });
  });

  it('a rep only reaches own customers, even when naming others by id', async () => {
    const r = await w.t.ok('repA', 'customers:batchUpdate', { ids, patch: { industry: '制造业' } });
    expect(r.matched).toBe(6);
    expect(r.updated).toBe(6);
    const other = await w.t.ok('admin', 'customers:get', { id: ids[8] });
    expect(other.customer.industry).toBeNull();
  });

  it('an empty patch is INVALID_INPUT and nothing is written', async () => {
    const r = await w.t.call('admin', 'customers:batchUpdate', { ids, patch: {} });
    expect(!r.ok && r.error.code).toBe('INVALID_INPUT');
  });
});
