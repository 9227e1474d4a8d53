// Purge: the record's bytes are gone from the database file (db + -wal after a checkpoint), except the
// audit entry that says it happened (ids and names); earlier audit values are redacted, and the hash
// chain still verifies. Retention: expired items go by the app's own daily job (fake clock).
import fs from 'node:fs';
import { afterEach, beforeEach, describe, expect, it, onTestFinished } from 'vitest';
import { FakeClock } from '../../helpers/testApp';
import { verifyAuditChain } from '../../../main/services/audit/record';
import { customerWithRecords, makeBinWorld, sql, type BinWorld } from './binWorld';
import { SCRUB_LIMITS } from '../../../main/services/recycleBin/scrub';

let w: BinWorld;
afterEach(() => w.t.close());

/** Raw bytes of the database file and its -wal after a checkpoint, as one buffer. */
function fileBytes(w: BinWorld): Buffer {
  const { db, dbFile } = w.t.app.context;
  db.raw.pragma('wal_checkpoint(TRUNCATE)');
  const parts = [fs.readFileSync(dbFile)];
  if (fs.existsSync(`${dbFile}-wal`)) parts.push(fs.readFileSync(`${dbFile}-wal`));
  return Buffer.concat(parts);
}

describe('recycleBin:purge', () => {
  beforeEach(async () => {
    w = await makeBinWorld();
  });

  // a large file is not VACUUMed (it would hold the write lock for a minute at 1M customers): the bytes must
  // be gone all the same (secure_delete on every writable connection + incremental FTS merges)
  for (const big of [false, true]) {
  it(`removes the row bytes from the file${big ? ' (large-file path: no VACUUM)' : ''}, redacts audit values and keeps the chain verifiable`, async () => {
    const { t } = w;
    const saved = { ...SCRUB_LIMITS };
    if (big) SCRUB_LIMITS.vacuumMaxBytes = 0;
    onTestFinished(() => {
      Object.assign(SCRUB_LIMITS, saved);
    });
    const secret = `UNIQ-${Date.now().toString(36)}-機密地址`;
    const secretMail = `purge-${Date.now().toString(36)}@secret.example`;
    const { c, deal, fu } = await customerWithRecords(t, '要清除的客户', { address: secret, email: secretMail });
    // an edit, so the value also sits in an update's audit entry and in free space of its page
    await t.ok('admin', 'customers:update', { id: c.id, version: 1, patch: { address: `${secret}-2` } });
    const keep = await t.ok('admin', 'customers:create', { name: '留下的客户', address: '普通地址' });
    await t.ok('admin', 'customers:delete', { ids: [c.id] });
    // the test can fail: before the purge the value is in the file
    expect(fileBytes(w).includes(Buffer.from(secret))).toBe(true);
    expect(fileBytes(w).includes(Buffer.from(secretMail))).toBe(true);

    const r = await t.ok('admin', 'recycleBin:purge', { ids: [`customer:${c.id}`] });
    expect(r.purged).toBe(1);

    const bytes = fileBytes(w);
    expect(bytes.includes(Buffer.from(secret)), 'the address is still in the database file').toBe(false);
    expect(bytes.includes(Buffer.from(secretMail)), 'the email is still in the database file').toBe(false);
    expect(bytes.includes(Buffer.from('聊了报价')), 'the follow-up text is still in the database file').toBe(false);
    // the rows and everything that belonged to them
    expect(sql(t, 'SELECT id FROM customers WHERE id = ?', c.id)).toEqual([]);
    expect(sql(t, 'SELECT id FROM deals WHERE id = ?', deal.id)).toEqual([]);
    expect(sql(t, 'SELECT id FROM follow_ups WHERE id = ?', fu.id)).toEqual([]);
    expect(sql(t, 'SELECT id FROM reminders WHERE customer_id = ? OR follow_up_id = ?', c.id, fu.id)).toEqual([]);
    expect(sql(t, 'SELECT tag FROM customer_tags WHERE customer_id = ?', c.id)).toEqual([]);
    expect(sql(t, 'SELECT rowid FROM customer_fts WHERE rowid = ?', c.id)).toEqual([]);
    // what is left: the purge entries (id + name) and the redacted history (field names only)
    const purgeRows = sql<{ action: string; summary: string }>(t, "SELECT action, summary FROM audit_log WHERE batch_id = ? ORDER BY id", r.batchId);
    expect(purgeRows.map((p) => p.action)).toEqual(['customer.purge', 'deal.purge', 'followUp.purge', 'reminder.purge', 'recycleBin.purge']);
    expect(purgeRows[0].summary).toBe('要清除的客户');
    const history = await t.ok('admin', 'audit:list', { entity: 'customer', entityId: c.id });
    const update = history.rows.find((h) => h.action === 'customer.update')!;
    expect(update).toMatchObject({ redacted: true, revertible: false, changes: [{ field: 'address', old: null, new: null, redacted: true }] });
    expect(verifyAuditChain(t.app.context.db)).toMatchObject({ ok: true });
    expect(await t.ok('admin', 'audit:verify')).toMatchObject({ ok: true, redacted: expect.any(Number) });
    // the other customer is untouched and still found
    expect((await t.ok('admin', 'customers:list', { query: '留下' })).rows.map((x) => x.id)).toEqual([keep.id]);
    expect((await t.ok('admin', 'recycleBin:list', {})).rows).toEqual([]);
  });
  }

  it('a redaction needs a redaction row, and one without a matching purge entry breaks the chain', async () => {
    const { t } = w;
    const c = await t.ok('admin', 'customers:create', { name: '不能改', address: '某地' });
    await t.ok('admin', 'customers:update', { id: c.id, version: 1, patch: { address: '别处' } });
    const raw = t.app.context.db.raw;
    const id = raw.prepare("SELECT id FROM audit_log WHERE action = 'customer.update' AND entity_id = ?").pluck().get(c.id) as number;
    const redact = () => raw.prepare(`UPDATE audit_log SET changes = '[{"field":"address"}]' WHERE id = ?`).run(id);
    expect(redact).toThrow(/append-only/);
    expect(() => raw.prepare(`UPDATE audit_log SET changes = '[{"field":"address","old":"x"}]' WHERE id = ?`).run(id)).toThrow(/append-only/);
    // code that fakes a redaction row (no purge of this customer happened) is caught by verify
    raw.prepare('INSERT INTO audit_redactions (audit_id, purge_audit_id, at) VALUES (?, ?, ?)').run(id, 1, 'x');
    redact();
    expect(() => raw.prepare('DELETE FROM audit_redactions').run()).toThrow(/append-only/);
    expect(verifyAuditChain(t.app.context.db)).toMatchObject({ ok: false, brokenAt: id });
  });

  it('only items in the bin can be purged', async () => {
    const { t } = w;
    const c = await t.ok('admin', 'customers:create', { name: '还活着' });
    const r = await t.call('admin', 'recycleBin:purge', { ids: [`customer:${c.id}`] });
    expect(!r.ok && r.error.code).toBe('NOT_FOUND');
    expect(sql(t, 'SELECT id FROM customers WHERE id = ?', c.id)).toHaveLength(1);
  });
});

describe('retention', () => {
  it('purges expired items by the daily job, audited; keep-forever keeps them', async () => {
    const clock = new FakeClock(Date.parse('2026-11-22T06:00:00.000Z'));
    w = await makeBinWorld(clock);
    const { t } = w;
    const old = await t.ok('admin', 'customers:create', { name: '过期的' });
    await t.ok('admin', 'customers:delete', { ids: [old.id] });
    clock.advance(60 * 86_400_000);
    const fresh = await t.ok('admin', 'customers:create', { name: '新删的' });
    await t.ok('admin', 'customers:delete', { ids: [fresh.id] });
    const bin = await t.ok('admin', 'recycleBin:list', {});
    expect(bin.rows.map((r) => [r.name, r.daysLeft])).toEqual([
      ['新删的', 90],
      ['过期的', 30],
    ]);

    clock.advance(29 * 86_400_000); // day 89 of the first one
    await t.app.scheduler.tick();
    expect(sql(t, 'SELECT id FROM customers WHERE id = ?', old.id)).toHaveLength(1);

    clock.advance(2 * 86_400_000); // day 91
    await t.app.scheduler.tick();
    expect(sql(t, 'SELECT id FROM customers WHERE id = ?', old.id)).toEqual([]);
    expect(sql(t, 'SELECT id FROM customers WHERE id = ?', fresh.id)).toHaveLength(1);
    const audit = sql<{ action: string; user_id: number | null; summary: string }>(t, "SELECT action, user_id, summary FROM audit_log WHERE action = 'recycleBin.retentionPurge'");
    expect(audit).toEqual([{ action: 'recycleBin.retentionPurge', user_id: null, summary: '过期的' }]);

    await t.ok('admin', 'recycleBin:updateSettings', { retentionDays: null });
    expect((await t.ok('admin', 'recycleBin:list', {})).rows[0].daysLeft).toBeNull();
    clock.advance(400 * 86_400_000);
    await t.app.scheduler.tick();
    expect(sql(t, 'SELECT id FROM customers WHERE id = ?', fresh.id)).toHaveLength(1);
    expect(sql(t, "SELECT action FROM audit_log WHERE action = 'settings.update' AND changes LIKE '%recycleBin.retentionDays%'")).toHaveLength(1);
  });
});
