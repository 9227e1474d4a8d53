// Migration 0019 (purge lookups) on a database holding automation runs and notifications from before it: rows
// are not touched, and the purge's deletes by entity / link seek the new indexes instead of scanning.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { migrate } from '../../../db/migrate';
import { MIGRATIONS } from '../../../db/migrations';

const V = 19;
let dir: string;
let raw: Database.Database;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zg-m19-'));
  raw = new Database(path.join(dir, 'zhanggui.db'));
  raw.pragma('foreign_keys = ON');
  migrate(raw, MIGRATIONS.slice(0, V - 1));
  const at = '2026-01-01T00:00:00.000Z';
  raw.prepare("INSERT INTO roles (id, builtin_key, name, permissions, scope, created_at, updated_at) VALUES (1, 'owner', '老板', '[]', 'all', ?, ?)").run(at, at);
  raw.prepare("INSERT INTO users (id, username, display_name, password_hash, role_id, created_at, updated_at) VALUES (1, 'owner', '王老板', 'x', 1, ?, ?)").run(at, at);
  raw.prepare("INSERT INTO automation_rules (id, name, trigger_type, created_at, updated_at) VALUES (1, '规则', 'customer.created', ?, ?)").run(at, at);
  const run = raw.prepare("INSERT INTO automation_runs (rule_id, at, trigger_type, entity, entity_id, dedupe_key, outcome) VALUES (1, ?, 'customer.created', ?, ?, ?, 'done')");
  run.run(at, 'customer', 5, 'k1');
  run.run(at, 'deal', 5, null);
  run.run(at, null, null, null);
  const note = raw.prepare("INSERT INTO notifications (user_id, kind, title, link, created_at) VALUES (1, 'reminder', '提醒', ?, ?)");
  note.run('/customers/5', at);
  note.run(null, at);
});
afterEach(() => {
  raw.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

it('adds automation_runs_entity and notifications_link without touching the rows; the purge deletes seek them', () => {
  expect(MIGRATIONS[V - 1].version).toBe(V);
  const before = [raw.prepare('SELECT * FROM automation_runs ORDER BY id').all(), raw.prepare('SELECT * FROM notifications ORDER BY id').all()];
  expect(migrate(raw, MIGRATIONS.slice(0, V))).toEqual([V]);
  expect([raw.prepare('SELECT * FROM automation_runs ORDER BY id').all(), raw.prepare('SELECT * FROM notifications ORDER BY id').all()]).toEqual(before);
  const plan = (q: string) => (raw.prepare(`EXPLAIN QUERY PLAN ${q}`).all("[5]") as { detail: string }[]).map((r) => r.detail).join(' | ');
  expect(plan("DELETE FROM automation_runs WHERE entity = 'customer' AND entity_id IN (SELECT value FROM json_each(?))")).toMatch(/INDEX automation_runs_entity \(entity=\? AND entity_id=\?\)/);
  expect(plan("DELETE FROM notifications WHERE link IN (SELECT value FROM json_each(?))")).toMatch(/INDEX notifications_link \(link=\?\)/);
  // deleting a customer checks its pool claims (foreign key) by the new index, not by a scan of every claim
  expect((raw.prepare('EXPLAIN QUERY PLAN DELETE FROM customers WHERE id = ?').all(5) as { detail: string }[]).map((r) => r.detail).join(' | ')).not.toMatch(/SCAN pool_claims/);
  expect(raw.prepare("SELECT count(*) FROM automation_runs WHERE entity = 'customer' AND entity_id = 5").pluck().get()).toBe(1);
});
