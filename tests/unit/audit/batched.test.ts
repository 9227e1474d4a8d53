// recordAudit writes many entries 64 per statement (an import chunk writes thousands): the chain verifies,
// the changes digest matches, secret-looking fields are redacted, and the entries interleave with single
// entries written before and after them.
import { afterEach, beforeEach, expect, it } from 'vitest';
import { makeTestApp, type TestApp } from '../../helpers/testApp';
import { recordAudit, verifyAuditChain, type AuditEntry } from '../../../main/services/audit/record';

let t: TestApp;
beforeEach(async () => {
  t = await makeTestApp();
  await t.setupAdmin();
});
afterEach(() => t.close());

const entry = (i: number): AuditEntry => ({
  at: '2026-01-05T08:00:00.000Z',
  userId: 1,
  userName: '王老板',
  action: 'customer.create',
  entity: 'customer',
  entityId: i + 1,
  batchId: 'audit-rows-batch',
  changes: [
    { field: 'name', old: null, new: `客户${i}` },
    ...(i % 50 === 7 ? [{ field: 'apiToken', old: null, new: 'secret-value' }] : []),
  ],
  summary: i % 3 ? null : 'v1',
});

it('writes a verifiable chain (130 entries: two full batches and single rows), redacting like recordAudit', () => {
  const db = t.app.context.db;
  const entries = Array.from({ length: 130 }, (_, i) => entry(i));
  db.tx(() => recordAudit(db, { at: '2026-01-05T07:59:00.000Z', userId: 1, userName: '王老板', action: 'test.before' }));
  db.tx(() => recordAudit(db, entries));
  db.tx(() => recordAudit(db, { at: '2026-01-05T08:01:00.000Z', userId: 1, userName: '王老板', action: 'test.after' }));
  expect(verifyAuditChain(db)).toMatchObject({ ok: true });
  const rows = db.prepare("SELECT entity_id, changes, summary FROM audit_log WHERE batch_id = 'audit-rows-batch' ORDER BY id").all() as { entity_id: number; changes: string; summary: string | null }[];
  expect(rows.map((r) => r.entity_id)).toEqual(entries.map((e) => e.entityId));
  expect(JSON.parse(rows[7].changes)).toEqual([{ field: 'name', old: null, new: '客户7' }, { field: 'apiToken', old: '***', new: '***' }]);
  expect(rows[8].changes).not.toContain('***');
  expect(rows.every((r) => !r.changes.includes('secret-value'))).toBe(true);
  // a tampered entry breaks the chain (the check is real)
  db.raw.exec('DROP TRIGGER audit_no_update');
  db.raw.prepare("UPDATE audit_log SET summary = 'x' WHERE batch_id = 'audit-rows-batch' AND entity_id = 100").run();
  expect(verifyAuditChain(db).ok).toBe(false);
});

it('refuses to write outside a transaction', () => {
  expect(() => recordAudit(t.app.context.db, [entry(0)])).toThrow(/inside the transaction/);
});
