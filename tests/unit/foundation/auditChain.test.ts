// The audit log's hash chain: entries are written only inside the change's transaction, and editing a
// stored row (as someone with a raw SQLite tool might) is detected.
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { chainHash, GENESIS_HASH, recordAudit, verifyAuditChain } from '../../../main/services/audit/record';
import { makeTestApp, type TestApp } from '../../helpers/testApp';

let t: TestApp;
beforeEach(async () => {
  t = await makeTestApp();
});
afterEach(() => t.close());

const entry = (action: string, extra: Record<string, unknown> = {}) => ({ at: '2026-11-22T06:00:00.000Z', userId: 1, userName: '王老板', action, ...extra });

describe('recordAudit', () => {
  it('throws outside a transaction and writes nothing', () => {
    const { db } = t.app.context;
    expect(() => recordAudit(db, entry('x.test'))).toThrow(/inside the transaction/);
    expect(db.raw.prepare('SELECT count(*) FROM audit_log').pluck().get()).toBe(0);
  });

  it('rolls back with the change it records', () => {
    const { db } = t.app.context;
    expect(() =>
      db.tx(() => {
        recordAudit(db, entry('x.test'));
        throw new Error('the change failed');
      }),
    ).toThrow('the change failed');
    expect(db.raw.prepare('SELECT count(*) FROM audit_log').pluck().get()).toBe(0);
  });

  it('chains entries from the genesis hash and redacts secret fields', () => {
    const { db } = t.app.context;
    db.tx(() => recordAudit(db, [entry('a'), entry('b', { changes: [{ field: 'passwordHash', old: 'scrypt$1', new: 'scrypt$2' }, { field: 'name', old: '甲', new: '乙' }] })]));
    const rows = db.raw.prepare('SELECT prev_hash, hash, changes FROM audit_log ORDER BY id').all() as { prev_hash: string; hash: string; changes: string | null }[];
    expect(rows[0].prev_hash).toBe(GENESIS_HASH);
    expect(rows[1].prev_hash).toBe(rows[0].hash);
    expect(JSON.parse(rows[1].changes!)).toEqual([
      { field: 'passwordHash', old: '***', new: '***' },
      { field: 'name', old: '甲', new: '乙' },
    ]);
    expect(verifyAuditChain(db)).toEqual({ ok: true, checked: 2 });
    expect(chainHash('a', 'b')).not.toBe(chainHash('a', 'c'));
  });
});

describe('verifyAuditChain', () => {
  function seedChain(n: number) {
    const { db } = t.app.context;
    for (let i = 0; i < n; i++) db.tx(() => recordAudit(db, entry(`x.${i}`, { entity: 'customer', entityId: i, summary: `改动 ${i}` })));
  }
  /** a second, raw connection without the append-only triggers: what a tamperer with sqlite3 could do */
  function tamper(sql: string, ...params: unknown[]) {
    const raw = new Database(t.app.context.dbFile);
    try {
      raw.exec('DROP TRIGGER audit_no_update; DROP TRIGGER audit_no_delete;');
      raw.prepare(sql).run(...params);
    } finally {
      raw.close();
    }
  }

  it('the app itself cannot edit or delete audit rows', () => {
    seedChain(1);
    const { raw } = t.app.context.db;
    expect(() => raw.prepare("UPDATE audit_log SET summary = 'x'").run()).toThrow(/append-only/);
    expect(() => raw.prepare('DELETE FROM audit_log').run()).toThrow(/append-only/);
  });

  it('detects an edited row at that row', () => {
    seedChain(5);
    expect(verifyAuditChain(t.app.context.db)).toEqual({ ok: true, checked: 5 });
    const third = t.app.context.db.raw.prepare('SELECT id FROM audit_log ORDER BY id LIMIT 1 OFFSET 2').pluck().get() as number;
    tamper('UPDATE audit_log SET summary = ? WHERE id = ?', '什么也没发生', third);
    expect(verifyAuditChain(t.app.context.db)).toEqual({ ok: false, checked: 2, brokenAt: third });
  });

  it('detects a deleted row (the next link breaks)', () => {
    seedChain(4);
    const ids = t.app.context.db.raw.prepare('SELECT id FROM audit_log ORDER BY id').pluck().all() as number[];
    tamper('DELETE FROM audit_log WHERE id = ?', ids[1]);
    expect(verifyAuditChain(t.app.context.db)).toMatchObject({ ok: false, brokenAt: ids[2] });
  });

  it('detects a row whose hash was recomputed but whose successor was not', () => {
    seedChain(3);
    const rows = t.app.context.db.raw.prepare('SELECT id, prev_hash FROM audit_log ORDER BY id').all() as { id: number; prev_hash: string }[];
    const forged = chainHash(rows[1].prev_hash, JSON.stringify(['2026-11-22T06:00:00.000Z', 1, '王老板', 'x.1', 'customer', 1, null, null, '伪造']));
    tamper('UPDATE audit_log SET summary = ?, hash = ? WHERE id = ?', '伪造', forged, rows[1].id);
    expect(verifyAuditChain(t.app.context.db)).toMatchObject({ ok: false, brokenAt: rows[2].id });
  });
});
