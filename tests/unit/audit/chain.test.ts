// The hash chain covers sha256(changes) (so a purge can redact values): editing the old/new values of an
// entry — with or without also rewriting its digest — is detected at that entry, by the chunked verifier
// behind audit:verify as well.
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sha256Hex, verifyAuditChain, verifyAuditChainChunked } from '../../../main/services/audit/record';
import { makeTestApp, type TestApp } from '../../helpers/testApp';

let t: TestApp;
beforeEach(async () => {
  t = await makeTestApp();
  await t.setupAdmin();
});
afterEach(() => t.close());

function tamper(sql: string, ...params: unknown[]) {
  const raw = new Database(t.app.context.dbFile);
  try {
    raw.exec('DROP TRIGGER audit_no_update;');
    raw.prepare(sql).run(...params);
  } finally {
    raw.close();
  }
}

async function updatedEntry() {
  const c = await t.ok('admin', 'customers:create', { name: '链客户', mobile: '13800138000' });
  await t.ok('admin', 'customers:update', { id: c.id, version: 1, patch: { mobile: '13900139000' } });
  for (let i = 0; i < 5; i++) await t.ok('admin', 'customers:create', { name: `后续${i}` });
  return t.app.context.db.raw.prepare("SELECT id, changes FROM audit_log WHERE action = 'customer.update'").get() as { id: number; changes: string };
}

describe('audit chain with value digests', () => {
  it('detects edited values at the edited entry', async () => {
    const e = await updatedEntry();
    expect(await t.ok('admin', 'audit:verify')).toMatchObject({ ok: true, redacted: 0 });
    tamper('UPDATE audit_log SET changes = ? WHERE id = ?', e.changes.replace('13800138000', '13700137000'), e.id);
    expect(verifyAuditChain(t.app.context.db)).toMatchObject({ ok: false, brokenAt: e.id });
    expect(await t.ok('admin', 'audit:verify')).toMatchObject({ ok: false, brokenAt: e.id });
  });

  it('detects edited values whose digest was recomputed too', async () => {
    const e = await updatedEntry();
    const forged = e.changes.replace('13800138000', '13700137000');
    tamper('UPDATE audit_log SET changes = ?, changes_sha = ? WHERE id = ?', forged, sha256Hex(forged), e.id);
    expect(await verifyAuditChainChunked(t.app.context.db, { chunk: 3 })).toMatchObject({ ok: false, brokenAt: e.id });
  });

  it('walks in chunks with the same answer as the one-pass walk', async () => {
    await updatedEntry();
    const one = verifyAuditChain(t.app.context.db);
    const chunked = await verifyAuditChainChunked(t.app.context.db, { chunk: 2 });
    expect(chunked).toEqual({ ...one, redacted: 0 });
    expect(one.checked).toBeGreaterThan(6);
  });
});
