// Migration 0004 (pool) on a database holding customers from before it: old rows keep working, the new
// tables start empty, and from then on every owner change records when the current owner got the customer.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { migrate } from '../../../db/migrate';
import { MIGRATIONS } from '../../../db/migrations';

const V = 4;
let dir: string;
let raw: Database.Database;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zg-m4-'));
  raw = new Database(path.join(dir, 'zhanggui.db'));
  raw.pragma('foreign_keys = ON');
  migrate(raw, MIGRATIONS.slice(0, V - 1));
  const now = '2026-01-01T00:00:00.000Z';
  raw.prepare("INSERT INTO roles (id, name, permissions, scope, created_at, updated_at) VALUES (1, 'r', '[]', 'all', ?, ?)").run(now, now);
  raw.prepare("INSERT INTO users (id, username, display_name, password_hash, role_id, created_at, updated_at) VALUES (7, 'u', 'U', 'x', 1, ?, ?)").run(now, now);
  raw.prepare("INSERT INTO users (id, username, display_name, password_hash, role_id, created_at, updated_at) VALUES (8, 'v', 'V', 'x', 1, ?, ?)").run(now, now);
  raw.prepare("INSERT INTO customers (id, name, owner_id, created_at, updated_at) VALUES (1, 'owned', 7, ?, ?)").run(now, now);
  raw.prepare("INSERT INTO customers (id, name, owner_id, created_at, updated_at) VALUES (2, 'pool', NULL, ?, ?)").run(now, now);
});
afterEach(() => {
  raw.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

it('adds the pool tables and tracks owner changes from then on', () => {
  expect(MIGRATIONS[V - 1].name).toMatch(/^customer pool/);
  expect(migrate(raw, MIGRATIONS.slice(0, V))).toEqual([V]);
  for (const t of ['pool_claims', 'customer_owner_since', 'pool_return_warnings']) {
    expect(raw.prepare(`SELECT count(*) AS n FROM ${t}`).get()).toEqual({ n: 0 });
  }
  raw.prepare("UPDATE customers SET owner_id = 8, updated_at = '2026-02-01T00:00:00.000Z' WHERE id = 1").run();
  raw.prepare("UPDATE customers SET owner_id = 7, updated_at = '2026-02-02T00:00:00.000Z' WHERE id = 2").run();
  // an edit that does not touch the owner leaves the record alone
  raw.prepare("UPDATE customers SET name = 'renamed', owner_id = 8, updated_at = '2026-03-01T00:00:00.000Z' WHERE id = 1").run();
  expect(raw.prepare('SELECT customer_id, since FROM customer_owner_since ORDER BY customer_id').all()).toEqual([
    { customer_id: 1, since: '2026-02-01T00:00:00.000Z' },
    { customer_id: 2, since: '2026-02-02T00:00:00.000Z' },
  ]);
  raw.prepare("INSERT INTO pool_claims (user_id, customer_id, at) VALUES (7, 2, '2026-02-02T00:00:00.000Z')").run();
  expect(() => raw.prepare("INSERT INTO pool_claims (user_id, customer_id, at) VALUES (99, 2, 'x')").run()).toThrow(/FOREIGN KEY/);
});
