// Migration 0016 (deals_owner_name) on a database holding deals from before it: rows are not touched, the
// index holds live deals only, and a rep's list sorted by name reads it in order (no sort, no other owners).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { migrate } from '../../../db/migrate';
import { MIGRATIONS } from '../../../db/migrations';

const V = 16;
let dir: string;
let raw: Database.Database;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zg-m16-'));
  raw = new Database(path.join(dir, 'zhanggui.db'));
  raw.pragma('foreign_keys = ON');
  migrate(raw, MIGRATIONS.slice(0, V - 1));
  const at = '2026-01-01T00:00:00.000Z';
  raw.prepare("INSERT INTO roles (id, builtin_key, name, permissions, scope, created_at, updated_at) VALUES (1, 'sales', '销售', '[]', 'own', ?, ?)").run(at, at);
  raw.prepare("INSERT INTO users (id, username, display_name, password_hash, role_id, created_at, updated_at) VALUES (7, 'rep', '小李', 'x', 1, ?, ?)").run(at, at);
  raw.prepare('INSERT INTO customers (id, name, owner_id, created_at, updated_at) VALUES (1, ?, 7, ?, ?)').run('客户', at, at);
  const stage = raw.prepare('SELECT id FROM stages ORDER BY position LIMIT 1').pluck().get() as number;
  const ins = raw.prepare('INSERT INTO deals (id, name, customer_id, stage_id, owner_id, amount_fen, probability, created_at, updated_at, deleted_at) VALUES (?, ?, 1, ?, ?, 100, 10, ?, ?, ?)');
  ins.run(1, '乙项目', stage, 7, at, at, null);
  ins.run(2, '甲项目', stage, 7, at, at, null);
  ins.run(3, '丙项目', stage, null, at, at, null);
  ins.run(4, '丁项目', stage, 7, at, at, at);
});
afterEach(() => {
  raw.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

it('adds deals_owner_name without touching the rows; live deals only; a rep\'s name order reads it in order', () => {
  expect(MIGRATIONS[V - 1].version).toBe(V);
  const before = raw.prepare('SELECT * FROM deals ORDER BY id').all();
  expect(migrate(raw, MIGRATIONS.slice(0, V))).toEqual([V]);
  expect(raw.prepare('SELECT * FROM deals ORDER BY id').all()).toEqual(before);
  const page = 'SELECT d.id FROM deals d WHERE d.deleted_at IS NULL AND d.owner_id = ? ORDER BY d.name, d.id LIMIT 10';
  const plan = (raw.prepare(`EXPLAIN QUERY PLAN ${page}`).all(7) as { detail: string }[]).map((r) => r.detail).join(' | ');
  expect(plan).toMatch(/USING (COVERING )?INDEX deals_owner_name \(owner_id=\?\)/);
  expect(plan).not.toMatch(/TEMP B-TREE/);
  // in the strings' order (乙 U+4E59 before 甲 U+7532); the deleted deal and the other owner's are not there
  expect((raw.prepare(page).all(7) as { id: number }[]).map((r) => r.id)).toEqual([1, 2]);
  expect(raw.prepare("SELECT count(*) FROM deals INDEXED BY deals_owner_name WHERE deleted_at IS NULL AND owner_id = 7").pluck().get()).toBe(2);
});

it('in a database with planner statistics, the other sorts of a rep\'s list keep their owner-first index', () => {
  // many deals of one owner, analyzed: the statistics say so
  const at = '2026-01-01T00:00:00.000Z';
  const stage = raw.prepare('SELECT id FROM stages ORDER BY position LIMIT 1').pluck().get() as number;
  const ins = raw.prepare('INSERT INTO deals (name, customer_id, stage_id, owner_id, amount_fen, probability, created_at, updated_at) VALUES (?, 1, ?, ?, 100, 10, ?, ?)');
  const user = raw.prepare("INSERT INTO users (id, username, display_name, password_hash, role_id, created_at, updated_at) VALUES (?, ?, ?, 'x', 1, ?, ?)");
  raw.transaction(() => {
    for (let u = 10; u < 30; u++) user.run(u, `rep${u}`, `销售${u}`, at, at);
    // 20 owners, as the benchmark's data
    for (let i = 0; i < 4000; i++) ins.run(`项目${i}`, stage, i % 20 === 0 ? 7 : 10 + (i % 20), at, at);
  })();
  raw.exec('ANALYZE');
  expect(migrate(raw, MIGRATIONS.slice(0, V))).toEqual([V]);
  expect(raw.prepare("SELECT stat FROM sqlite_stat1 WHERE idx = 'deals_owner_name'").pluck().get()).toMatch(/^\d+ \d+ 1 1$/);
  const plan = (order: string) =>
    (raw.prepare(`EXPLAIN QUERY PLAN SELECT d.id FROM deals d WHERE d.deleted_at IS NULL AND d.owner_id = ? ORDER BY ${order} LIMIT 51`).all(7) as { detail: string }[]).map((r) => r.detail).join(' | ');
  expect(plan('d.id DESC')).toMatch(/INDEX deals_owner \(owner_id=\?\)/);
  expect(plan('d.updated_at DESC, d.id DESC')).toMatch(/INDEX deals_owner_updated/);
  expect(plan('d.name, d.id')).toMatch(/INDEX deals_owner_name/);
  for (const o of ['d.id DESC', 'd.updated_at DESC, d.id DESC', 'd.name, d.id']) expect(plan(o)).not.toMatch(/TEMP B-TREE/);
});
