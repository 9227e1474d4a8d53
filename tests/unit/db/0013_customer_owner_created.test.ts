// Migration 0013 (customers_owner_created) on a database holding customers from before it: rows are not
// touched, the index exists, holds live rows only, and answers the scoped completeness check of the
// search walk (per owner key, created_at range, id bound) from the index alone.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { migrate } from '../../../db/migrate';
import { MIGRATIONS } from '../../../db/migrations';

const V = 13;
let dir: string;
let raw: Database.Database;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zg-m13-'));
  raw = new Database(path.join(dir, 'zhanggui.db'));
  raw.pragma('foreign_keys = ON');
  migrate(raw, MIGRATIONS.slice(0, V - 1));
  const ins = raw.prepare('INSERT INTO customers (id, name, owner_id, created_at, updated_at, deleted_at) VALUES (?, ?, ?, ?, ?, ?)');
  ins.run(1, 'pool', null, '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z', null);
  ins.run(2, 'deleted', null, '2026-01-02T00:00:00.000Z', '2026-01-02T00:00:00.000Z', '2026-01-03T00:00:00.000Z');
});
afterEach(() => {
  raw.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

it('adds customers_owner_created without touching the rows; live rows only; index-only check', () => {
  expect(MIGRATIONS[V - 1].version).toBe(V);
  const before = raw.prepare('SELECT * FROM customers ORDER BY id').all();
  expect(migrate(raw, MIGRATIONS.slice(0, V))).toEqual([V]);
  expect(raw.prepare('SELECT * FROM customers ORDER BY id').all()).toEqual(before);
  const sql = raw.prepare("SELECT sql FROM sqlite_schema WHERE type = 'index' AND name = 'customers_owner_created'").pluck().get() as string;
  expect(sql).toMatch(/\(owner_id, created_at, id, deleted_at\) WHERE deleted_at IS NULL/);
  const check = 'SELECT c.id FROM customers c INDEXED BY customers_owner_created WHERE c.owner_id IS NULL AND c.created_at > ? AND c.deleted_at IS NULL AND c.id < ? LIMIT 1';
  const plan = (raw.prepare(`EXPLAIN QUERY PLAN ${check}`).all('2025', 10) as { detail: string }[]).map((r) => r.detail).join(' | ');
  expect(plan).toMatch(/COVERING INDEX customers_owner_created \(owner_id=\? AND created_at>\?\)/);
  // the deleted customer (newer) is not in the index; the live pool customer is
  expect(raw.prepare(check).get('2025-12-31', 10)).toEqual({ id: 1 });
  expect(raw.prepare(check).get('2026-01-01T00:00:00.000Z', 10)).toBeUndefined();
  expect(raw.prepare(check).get('2025-12-31', 1)).toBeUndefined();
});
