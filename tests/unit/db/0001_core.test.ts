// Migration 0001 on a blank file: the core tables, their indexes, the append-only audit triggers and
// the default deal stages.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { migrate } from '../../../db/migrate';
import { MIGRATIONS } from '../../../db/migrations';

let dir: string;
let raw: Database.Database;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zg-m1-'));
  raw = new Database(path.join(dir, 'zhanggui.db'));
  raw.pragma('foreign_keys = ON');
  expect(migrate(raw, MIGRATIONS.slice(0, 1))).toEqual([1]);
});
afterEach(() => {
  raw.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const names = (type: string) => raw.prepare('SELECT name FROM sqlite_schema WHERE type = ? ORDER BY name').pluck().all(type) as string[];

it('creates the core tables', () => {
  expect(names('table')).toEqual(
    [
      'audit_log',
      'customer_tags',
      'customers',
      'deal_items',
      'deal_stage_history',
      'deals',
      'follow_ups',
      'notifications',
      'reminders',
      'roles',
      'settings',
      'stages',
      'users',
    ].sort(),
  );
  expect(raw.pragma('user_version', { simple: true })).toBe(1);
});

it('creates the indexes lists and lookups rely on', () => {
  const idx = names('index').filter((n) => !n.startsWith('sqlite_autoindex'));
  for (const n of ['customers_owner', 'customers_deleted', 'deals_customer', 'deals_stage', 'follow_ups_customer', 'reminders_due', 'audit_entity', 'audit_batch', 'notifications_user']) {
    expect(idx).toContain(n);
  }
});

it('installs the default stages in order with their probabilities', () => {
  const rows = raw.prepare('SELECT name, position, probability, kind FROM stages ORDER BY position').all();
  expect(rows).toEqual([
    { name: '初步接触', position: 1, probability: 10, kind: 'open' },
    { name: '需求确认', position: 2, probability: 30, kind: 'open' },
    { name: '方案报价', position: 3, probability: 50, kind: 'open' },
    { name: '谈判签约', position: 4, probability: 80, kind: 'open' },
    { name: '赢单', position: 5, probability: 100, kind: 'won' },
    { name: '输单', position: 6, probability: 0, kind: 'lost' },
  ]);
});

it('makes the audit log append-only', () => {
  raw
    .prepare("INSERT INTO audit_log (at, action, prev_hash, hash) VALUES ('2026-01-01T00:00:00.000Z', 'x', 'a', 'b')")
    .run();
  expect(() => raw.prepare("UPDATE audit_log SET action = 'y'").run()).toThrow(/append-only/);
  expect(() => raw.prepare('DELETE FROM audit_log').run()).toThrow(/append-only/);
});

it('enforces checks and foreign keys (STRICT tables)', () => {
  expect(() => raw.prepare("INSERT INTO stages (name, position, probability, kind, created_at, updated_at) VALUES ('x', 9, 101, 'open', 'a', 'a')").run()).toThrow(/CHECK/);
  expect(() => raw.prepare("INSERT INTO customers (name, created_at, updated_at, owner_id) VALUES ('x', 'a', 'a', 424242)").run()).toThrow(/FOREIGN KEY/);
  expect(() => raw.prepare("INSERT INTO customers (name, created_at, updated_at, version) VALUES ('x', 'a', 'a', 'one')").run()).toThrow(/cannot store TEXT/);
  raw.prepare("INSERT INTO roles (name, permissions, scope, created_at, updated_at) VALUES ('r', '[]', 'own', 'a', 'a')").run();
  raw.prepare("INSERT INTO users (username, display_name, password_hash, role_id, created_at, updated_at) VALUES ('Bob', 'B', 'h', 1, 'a', 'a')").run();
  // usernames are unique without regard to case
  expect(() => raw.prepare("INSERT INTO users (username, display_name, password_hash, role_id, created_at, updated_at) VALUES ('bob', 'B', 'h', 1, 'a', 'a')").run()).toThrow(/UNIQUE/);
});
