// Migration 0005 on a database at version 4 with existing reminders: they keep working (snooze count 0,
// source 'manual', not missed), and the automation tables and scheduler indexes exist.
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
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zg-m5-'));
  raw = new Database(path.join(dir, 'zhanggui.db'));
  raw.pragma('foreign_keys = ON');
  expect(migrate(raw, MIGRATIONS.slice(0, 4))).toEqual([1, 2, 3, 4]);
});
afterEach(() => {
  raw.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

it('keeps existing reminders and gives them neutral values in the new columns', () => {
  const now = '2026-11-01T00:00:00.000Z';
  raw.prepare("INSERT INTO roles (id, name, permissions, scope, created_at, updated_at) VALUES (1, 'r', '[]', 'all', ?, ?)").run(now, now);
  raw.prepare("INSERT INTO users (id, username, display_name, password_hash, role_id, created_at, updated_at) VALUES (1, 'u', 'U', 'x', 1, ?, ?)").run(now, now);
  raw.prepare("INSERT INTO reminders (user_id, due_at, content, fired_at, created_at, updated_at) VALUES (1, ?, '旧提醒', ?, ?, ?)").run(now, now, now, now);
  expect(migrate(raw, MIGRATIONS.slice(0, 5))).toEqual([5]);
  expect(raw.prepare('SELECT content, snooze_count, source, original_due_at, delivered_at, missed_seen_at, rule_id FROM reminders').all()).toEqual([
    { content: '旧提醒', snooze_count: 0, source: 'manual', original_due_at: null, delivered_at: null, missed_seen_at: null, rule_id: null },
  ]);
  const names = (type: string) => raw.prepare('SELECT name FROM sqlite_schema WHERE type = ?').pluck().all(type) as string[];
  expect(names('table')).toEqual(expect.arrayContaining(['automation_rules', 'automation_runs']));
  expect(names('index')).toEqual(
    expect.arrayContaining(['reminders_unfired', 'reminders_missed', 'follow_ups_next', 'customers_silence', 'automation_runs_dedupe']),
  );
  // the scheduler's question is answered from an index, not a table scan
  const plan = raw
    .prepare("EXPLAIN QUERY PLAN SELECT id FROM reminders WHERE status = 'pending' AND fired_at IS NULL AND due_at <= ? ORDER BY due_at LIMIT 20")
    .all(now) as { detail: string }[];
  expect(plan.map((p) => p.detail).join(' ')).toMatch(/SEARCH reminders USING (COVERING )?INDEX/);
  expect(() => raw.prepare("INSERT INTO reminders (user_id, due_at, content, source, created_at, updated_at) VALUES (1, ?, 'x', 'email', ?, ?)").run(now, now, now)).toThrow(/CHECK/);
});
