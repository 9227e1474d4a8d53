// Migration 0007 (recycle bin + audit redaction) on a database with reminders and audit entries from
// before it: reminders get empty delete markers, old audit entries still verify (their chain covers the
// changes text) and stay append-only, new entries chain on after them.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { migrate } from '../../../db/migrate';
import { MIGRATIONS } from '../../../db/migrations';
import { Db } from '../../../db/sql';
import { canonicalAuditContent, chainHash, GENESIS_HASH, recordAudit, verifyAuditChain } from '../../../main/services/audit/record';

const V = 7;
let dir: string;
let raw: Database.Database;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zg-m7-'));
  raw = new Database(path.join(dir, 'zhanggui.db'));
  raw.pragma('foreign_keys = ON');
  migrate(raw, MIGRATIONS.slice(0, V - 1));
  const now = '2026-01-01T00:00:00.000Z';
  raw.prepare("INSERT INTO roles (id, name, permissions, scope, created_at, updated_at) VALUES (1, 'r', '[]', 'all', ?, ?)").run(now, now);
  raw.prepare("INSERT INTO users (id, username, display_name, password_hash, role_id, created_at, updated_at) VALUES (7, 'u', 'U', 'x', 1, ?, ?)").run(now, now);
  raw.prepare("INSERT INTO reminders (id, user_id, due_at, content, status, created_at, updated_at) VALUES (1, 7, ?, '旧提醒', 'pending', ?, ?)").run(now, now, now);
  // an audit entry written the old way (chain over the changes text)
  const row = { at: now, user_id: 7, user_name: 'U', action: 'customer.update', entity: 'customer', entity_id: 1, batch_id: null, changes: '[{"field":"name","old":"a","new":"b"}]', summary: null };
  const hash = chainHash(GENESIS_HASH, canonicalAuditContent(row));
  raw
    .prepare('INSERT INTO audit_log (at, user_id, user_name, action, entity, entity_id, batch_id, changes, summary, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)')
    .run(row.at, row.user_id, row.user_name, row.action, row.entity, row.entity_id, row.batch_id, row.changes, row.summary, GENESIS_HASH, hash);
});
afterEach(() => {
  raw.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

it('adds reminder delete markers and keeps old audit entries verifiable and append-only', () => {
  expect(MIGRATIONS[V - 1].name).toMatch(/^recycle bin/);
  expect(migrate(raw, MIGRATIONS.slice(0, V))).toEqual([V]);
  expect(raw.prepare('SELECT status, deleted_at, delete_batch_id, status_before_delete FROM reminders WHERE id = 1').get()).toEqual({
    status: 'pending',
    deleted_at: null,
    delete_batch_id: null,
    status_before_delete: null,
  });
  const db = new Db(raw);
  expect(verifyAuditChain(db)).toEqual({ ok: true, checked: 1 });
  db.tx(() => recordAudit(db, { at: '2026-01-02T00:00:00.000Z', userId: 7, userName: 'U', action: 'x.y', changes: [{ field: 'a', old: 1, new: 2 }] }));
  expect(verifyAuditChain(db)).toEqual({ ok: true, checked: 2 });
  expect(raw.prepare('SELECT changes_sha IS NOT NULL AS has FROM audit_log ORDER BY id').all()).toEqual([{ has: 0 }, { has: 1 }]);
  // an old entry has no digest: it can never be redacted, even with a redaction row
  raw.prepare('INSERT INTO audit_redactions (audit_id, purge_audit_id, at) VALUES (1, 2, ?)').run('x');
  expect(() => raw.prepare(`UPDATE audit_log SET changes = '[{"field":"name"}]' WHERE id = 1`).run()).toThrow(/append-only/);
  expect(() => raw.prepare('DELETE FROM audit_log').run()).toThrow(/append-only/);
});
