// Migration 0008 (custom fields) on a database holding customers from before it: the customers stay as
// they were (no rewrite), the new tables start empty, values are typed and cascade with their field.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { migrate } from '../../../db/migrate';
import { MIGRATIONS } from '../../../db/migrations';

const V = 8;
let dir: string;
let raw: Database.Database;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zg-m8-'));
  raw = new Database(path.join(dir, 'zhanggui.db'));
  raw.pragma('foreign_keys = ON');
  migrate(raw, MIGRATIONS.slice(0, V - 1));
  const now = '2026-01-01T00:00:00.000Z';
  raw.prepare("INSERT INTO customers (id, name, created_at, updated_at, custom) VALUES (1, 'old', ?, ?, '{\"x\":1}')").run(now, now);
});
afterEach(() => {
  raw.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

it('adds definitions, typed value tables and layouts without touching customers', () => {
  expect(MIGRATIONS[V - 1].name).toMatch(/^custom fields/);
  const before = raw.prepare('SELECT * FROM customers').all();
  expect(migrate(raw, MIGRATIONS.slice(0, V))).toEqual([V]);
  expect(raw.prepare('SELECT * FROM customers').all()).toEqual(before);
  for (const t of ['custom_fields', 'customer_field_values', 'deal_field_values', 'follow_up_field_values', 'form_layouts']) {
    expect(raw.prepare(`SELECT count(*) AS n FROM ${t}`).get()).toEqual({ n: 0 });
  }
  const now = '2026-01-02T00:00:00.000Z';
  raw.prepare("INSERT INTO custom_fields (id, entity, key, label_zh, label_en, type, created_at, updated_at) VALUES (5, 'customer', 'f5', '预算', 'Budget', 'money', ?, ?)").run(now, now);
  raw.prepare('INSERT INTO customer_field_values (field_id, customer_id, value) VALUES (5, 1, ?)').run(12345n);
  expect(raw.prepare('SELECT typeof(value) AS t FROM customer_field_values').get()).toEqual({ t: 'integer' });
  expect(() => raw.prepare("INSERT INTO custom_fields (entity, key, label_zh, label_en, type, created_at, updated_at) VALUES ('customer', 'f5', 'x', 'x', 'text', ?, ?)").run(now, now)).toThrow(/UNIQUE/);
  expect(() => raw.prepare("INSERT INTO custom_fields (entity, key, label_zh, label_en, type, created_at, updated_at) VALUES ('customer', 'g', 'x', 'x', 'blob', ?, ?)").run(now, now)).toThrow(/CHECK/);
  raw.prepare('DELETE FROM custom_fields WHERE id = 5').run();
  expect(raw.prepare('SELECT count(*) AS n FROM customer_field_values').get()).toEqual({ n: 0 });
});
