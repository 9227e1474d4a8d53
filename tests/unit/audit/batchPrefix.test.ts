// The audit list finds a batch by its whole id or by the start of it (6+ characters): the batch-edit result shows
// a user without the audit log the first 8 characters, to read out to an administrator.
import { afterEach, beforeEach, expect, it } from 'vitest';
import { makeTestApp, type TestApp } from '../../helpers/testApp';
import { recordAudit, type AuditEntry } from '../../../main/services/audit/record';

let t: TestApp;
beforeEach(async () => {
  t = await makeTestApp();
  await t.setupAdmin();
});
afterEach(() => t.close());

it('a whole id, an 8-character start, a 6-character start shared by two batches, and a too-short start', async () => {
  const db = t.app.context.db;
  const batches = ['1d54239c-aaaa-4bbb-8ccc-000000000001', '1d54230f-aaaa-4bbb-8ccc-000000000002', '9e000000-aaaa-4bbb-8ccc-000000000003'];
  const entries: AuditEntry[] = batches.flatMap((batchId, b) =>
    Array.from({ length: 3 + b }, (_, i) => ({ at: new Date(Date.UTC(2026, 0, 1, b, i)).toISOString(), userId: 1, userName: '王老板', action: 'customer.batchUpdate', entity: 'customer', entityId: i + 1, batchId, changes: [{ field: 'level', old: 'C', new: 'B' }] })),
  );
  db.tx(() => recordAudit(db, entries));
  const batchOf = async (batchId: string) => {
    const page: { rows: { batchId: string | null }[] } = await t.ok('admin', 'audit:list', { batchId, limit: 100 });
    return page.rows.map((r) => r.batchId);
  };
  expect(await batchOf(batches[0])).toEqual(Array(3).fill(batches[0]));
  expect(await batchOf('1d54239c')).toEqual(Array(3).fill(batches[0]));
  expect(await batchOf('1d5423')).toEqual([...Array(4).fill(batches[1]), ...Array(3).fill(batches[0])]); // newest first
  expect(await batchOf('9e0000')).toEqual(Array(5).fill(batches[2]));
  // fewer than 6 characters: only a whole id matches
  expect(await batchOf('1d542')).toEqual([]);
  expect(await batchOf('1d54239c-aaaa-4bbb-8ccc-00000000000')).toEqual(Array(3).fill(batches[0]));
});
