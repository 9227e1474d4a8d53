// Migration 0014 (last_follow_up_at in customers_sort_created) on a database holding customers from before
// it: rows are not touched, the index keeps its name and live rows only, and the "no follow-up for N days"
// page newest first is answered from the index alone, also after a customer's last follow-up moves.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { migrate } from '../../../db/migrate';
import { MIGRATIONS } from '../../../db/migrations';

const V = 14;
let dir: string;
let raw: Database.Database;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zg-m14-'));
  raw = new Database(path.join(dir, 'zhanggui.db'));
  raw.pragma('foreign_keys = ON');
  migrate(raw, MIGRATIONS.slice(0, V - 1));
  const ins = raw.prepare('INSERT INTO customers (id, name, owner_id, created_at, updated_at, deleted_at, last_follow_up_at) VALUES (?, ?, ?, ?, ?, ?, ?)');
  ins.run(1, 'never followed up', null, '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z', null, null);
  ins.run(2, 'followed up long ago', null, '2026-01-02T00:00:00.000Z', '2026-01-02T00:00:00.000Z', null, '2026-01-05T00:00:00.000Z');
  ins.run(3, 'followed up lately', null, '2026-01-03T00:00:00.000Z', '2026-01-03T00:00:00.000Z', null, '2026-03-01T00:00:00.000Z');
  ins.run(4, 'deleted', null, '2026-01-04T00:00:00.000Z', '2026-01-04T00:00:00.000Z', '2026-01-05T00:00:00.000Z', null);
});
afterEach(() => {
  raw.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const PAGE = `SELECT c.id FROM customers c INDEXED BY customers_sort_created
  WHERE c.deleted_at IS NULL AND (c.last_follow_up_at IS NULL OR c.last_follow_up_at < ?) ORDER BY c.created_at DESC, c.id DESC LIMIT 101`;

it('rebuilds customers_sort_created with last_follow_up_at; rows untouched; the no-follow-up page reads the index only', () => {
  expect(MIGRATIONS[V - 1].version).toBe(V);
  const before = raw.prepare('SELECT * FROM customers ORDER BY id').all();
  const plan = () => (raw.prepare(`EXPLAIN QUERY PLAN ${PAGE}`).all('2026-02-01') as { detail: string }[]).map((r) => r.detail).join(' | ');
  expect(plan()).not.toMatch(/COVERING/);
  expect(migrate(raw, MIGRATIONS.slice(0, V))).toEqual([V]);
  expect(raw.prepare('SELECT * FROM customers ORDER BY id').all()).toEqual(before);
  const sql = raw.prepare("SELECT sql FROM sqlite_schema WHERE type = 'index' AND name = 'customers_sort_created'").pluck().get() as string;
  expect(sql).toMatch(/\(created_at, id, owner_id, deleted_at, last_follow_up_at\) WHERE deleted_at IS NULL/);
  expect(plan()).toMatch(/SCAN c USING COVERING INDEX customers_sort_created/);
  expect(raw.prepare(PAGE).pluck().all('2026-02-01')).toEqual([2, 1]);
  // a follow-up moves customer 2's last follow-up: the index entry follows
  raw.prepare("UPDATE customers SET last_follow_up_at = '2026-02-10T00:00:00.000Z' WHERE id = 2").run();
  expect(raw.prepare(PAGE).pluck().all('2026-02-01')).toEqual([1]);
  expect(raw.pragma('integrity_check', { simple: true })).toBe('ok');
});
