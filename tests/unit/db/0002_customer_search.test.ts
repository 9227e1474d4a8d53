// Migration 0002 on a version-1 database with customers: derived columns, search tables, sort indexes,
// exact per-owner and option counters (kept by triggers afterwards), saved views.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { migrate } from '../../../db/migrate';
import { MIGRATIONS } from '../../../db/migrations';

let dir: string;
let raw: Database.Database;
const now = '2026-01-01T00:00:00.000Z';
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zg-m2-'));
  raw = new Database(path.join(dir, 'zhanggui.db'));
  raw.pragma('foreign_keys = ON');
  migrate(raw, MIGRATIONS.slice(0, 1));
  const ins = raw.prepare('INSERT INTO customers (name, industry, source, owner_id, created_at, updated_at, deleted_at) VALUES (?, ?, ?, NULL, ?, ?, ?)');
  ins.run('Old One', '制造业', '官网', now, now, null);
  ins.run('旧客户', '制造业', null, now, now, null);
  ins.run('已删除', '餐饮', '展会', now, now, now);
  raw.prepare("INSERT INTO customer_tags (customer_id, tag) VALUES (1, 'VIP'), (2, 'VIP')").run();
  expect(migrate(raw, MIGRATIONS.slice(0, 2))).toEqual([2]);
});
afterEach(() => {
  raw.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

it('adds derived columns with values for existing rows', () => {
  expect(raw.prepare('SELECT name_sort, name_key, company_key, custom FROM customers WHERE id = 1').get()).toEqual({
    name_sort: 'old one',
    name_key: null,
    company_key: null,
    custom: null,
  });
});

it('creates the search tables and one covering index per sort field', () => {
  const tables = raw.prepare("SELECT name FROM sqlite_schema WHERE type = 'table' AND name IN ('customer_fts', 'customer_grams', 'saved_views')").pluck().all();
  expect(tables.sort()).toEqual(['customer_fts', 'customer_grams', 'saved_views']);
  const idx = raw.prepare("SELECT name FROM sqlite_schema WHERE type = 'index' AND name LIKE 'customers_sort_%'").pluck().all();
  expect(idx.length).toBe(10);
  raw.prepare("INSERT INTO customer_fts (rowid, names, py, ini, digits, email) VALUES (1, '旧客户', 'jiukehu', 'jkh', '', '')").run();
  expect(raw.prepare("SELECT rowid FROM customer_fts WHERE customer_fts MATCH '\"kehu\"'").pluck().all()).toEqual([1]);
  raw.prepare('DELETE FROM customer_fts WHERE rowid = 1').run();
  expect(raw.prepare("SELECT rowid FROM customer_fts WHERE customer_fts MATCH '\"kehu\"'").pluck().all()).toEqual([]);
});

it('fills the counters from live rows and keeps them exact through triggers', () => {
  const counts = () => raw.prepare('SELECT kind, value, n FROM customer_option_counts WHERE n > 0 ORDER BY kind, value').all();
  expect(raw.prepare('SELECT owner_key, n FROM customer_owner_counts').all()).toEqual([{ owner_key: 0, n: 2 }]);
  expect(counts()).toEqual([
    { kind: 'industry', value: '制造业', n: 2 },
    { kind: 'source', value: '官网', n: 1 },
    { kind: 'tag', value: 'VIP', n: 2 },
  ]);
  raw.prepare("UPDATE customers SET industry = '餐饮', deleted_at = NULL WHERE id = 3").run();
  raw.prepare('UPDATE customers SET deleted_at = ? WHERE id = 1').run(now);
  raw.prepare("DELETE FROM customer_tags WHERE customer_id = 2 AND tag = 'VIP'").run();
  expect(counts()).toEqual([
    { kind: 'industry', value: '制造业', n: 1 },
    { kind: 'industry', value: '餐饮', n: 1 },
    { kind: 'source', value: '展会', n: 1 },
    { kind: 'tag', value: 'VIP', n: 1 },
  ]);
  expect(raw.prepare('SELECT owner_key, n FROM customer_owner_counts').all()).toEqual([{ owner_key: 0, n: 2 }]);
});
