// Migration 0015 (customer index diet) on a database holding customers from before it: rows are not
// touched; customers_owner and rpt_customers_next_fu are gone, every other customer index stays; the
// overdue count of the reports, rewritten over customers_sort_next_fu, gives the answers the old count
// gave and reads that index alone; an owner lookup still seeks an index led by owner_id.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { migrate } from '../../../db/migrate';
import { MIGRATIONS } from '../../../db/migrations';

const V = 15;
let dir: string;
let raw: Database.Database;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zg-m15-'));
  raw = new Database(path.join(dir, 'zhanggui.db'));
  migrate(raw, MIGRATIONS.slice(0, V - 1));
  raw.pragma('foreign_keys = OFF'); // owner 2 needs no user row here
  const ins = raw.prepare('INSERT INTO customers (id, name, owner_id, created_at, updated_at, deleted_at, next_follow_up_at) VALUES (?, ?, ?, ?, ?, ?, ?)');
  const t = '2026-01-01T00:00:00.000Z';
  ins.run(1, 'pool, overdue', null, t, t, null, '2026-01-10T00:00:00.000Z');
  ins.run(2, 'rep, later', 2, t, t, null, '2026-09-01T00:00:00.000Z');
  ins.run(3, 'rep, overdue', 2, t, t, null, '2026-02-01T00:00:00.000Z');
  ins.run(4, 'rep, none', 2, t, t, null, null);
  ins.run(5, 'rep, deleted, overdue', 2, t, t, '2026-01-06T00:00:00.000Z', '2026-01-10T00:00:00.000Z');
  ins.run(6, 'rep, due exactly now', 2, t, t, null, '2026-03-01T00:00:00.000Z');
});
afterEach(() => {
  raw.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const indexes = () => raw.prepare("SELECT name FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'customers' AND sql IS NOT NULL ORDER BY name").pluck().all() as string[];
const plan = (sql: string, ...p: unknown[]) => (raw.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...p) as { detail: string }[]).map((r) => r.detail).join(' | ');

// main/services/reports/sources.ts overdueFollowUps, before and after (scope all, one owner, the pool)
const OVERDUE_OLD = (o: string) => `SELECT COUNT(*) AS n FROM customers c WHERE c.deleted_at IS NULL AND c.next_follow_up_at IS NOT NULL AND c.next_follow_up_at < ? AND ${o}`;
const OVERDUE_NEW = (o: string) => `SELECT COUNT(*) AS n FROM customers c WHERE c.deleted_at IS NULL AND coalesce(c.next_follow_up_at, '~') < ? AND ${o}`;
const SCOPES: [string, unknown[]][] = [
  ['1=1', []],
  ['IFNULL(c.owner_id, 0) = ?', [2]],
  ['IFNULL(c.owner_id, 0) = ?', [0]],
];
const NOW = '2026-03-01T00:00:00.000Z';

it('drops customers_owner and rpt_customers_next_fu only; rows untouched; overdue counts equal, from one index', () => {
  expect(MIGRATIONS[V - 1].version).toBe(V);
  const before = raw.prepare('SELECT * FROM customers ORDER BY id').all();
  const old = SCOPES.map(([o, p]) => raw.prepare(OVERDUE_OLD(o)).get(NOW, ...p));
  expect(old).toEqual([{ n: 2 }, { n: 1 }, { n: 1 }]);
  const had = indexes();
  expect(had).toEqual(expect.arrayContaining(['customers_owner', 'rpt_customers_next_fu']));

  expect(migrate(raw, MIGRATIONS.slice(0, V))).toEqual([V]);
  expect(raw.prepare('SELECT * FROM customers ORDER BY id').all()).toEqual(before);
  expect(indexes()).toEqual(had.filter((n) => n !== 'customers_owner' && n !== 'rpt_customers_next_fu'));

  expect(SCOPES.map(([o, p]) => raw.prepare(OVERDUE_NEW(o)).get(NOW, ...p))).toEqual(old);
  for (const [o, p] of SCOPES) expect(plan(OVERDUE_NEW(o), NOW, ...p)).toMatch(/COVERING INDEX customers_sort_next_fu \(<expr><\?\)/);
  // an owner's customers: still a seek on an index led by owner_id (customers_owner_created)
  expect(plan('SELECT c.id FROM customers c WHERE c.deleted_at IS NULL AND c.owner_id = ? ORDER BY c.id', 2)).toMatch(/INDEX customers_owner_created \(owner_id=\?\)/);
  expect(raw.pragma('integrity_check', { simple: true })).toBe('ok');
});

it('an analyzed database loses only the statistics of the dropped indexes', () => {
  raw.exec('ANALYZE');
  const stats = () => raw.prepare("SELECT idx, stat FROM sqlite_stat1 WHERE tbl = 'customers' ORDER BY idx").all() as { idx: string; stat: string }[];
  const had = stats();
  expect(had.map((s) => s.idx)).toEqual(expect.arrayContaining(['customers_owner', 'rpt_customers_next_fu', 'customers_sort_next_fu']));
  expect(migrate(raw, MIGRATIONS.slice(0, V))).toEqual([V]);
  expect(stats()).toEqual(had.filter((s) => s.idx !== 'customers_owner' && s.idx !== 'rpt_customers_next_fu'));
});
