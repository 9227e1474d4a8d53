// Migration 0010 (covering indexes for reports filtered on two customer attributes) on a database holding
// rows from before it: nothing rewritten, the indexes exist and the customer-first probes read only them.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { migrate } from '../../../db/migrate';
import { MIGRATIONS } from '../../../db/migrations';

const V = 10;
let dir: string;
let raw: Database.Database;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zg-m10-'));
  raw = new Database(path.join(dir, 'zhanggui.db'));
  raw.pragma('foreign_keys = ON');
  migrate(raw, MIGRATIONS.slice(0, V - 1));
  const now = '2026-01-01T00:00:00.000Z';
  raw.prepare("INSERT INTO customers (id, name, province, level, created_at, updated_at) VALUES (1, 'old', '浙江', 'A', ?, ?)").run(now, now);
  raw.prepare("INSERT INTO deals (id, name, customer_id, amount_fen, stage_id, probability, status, created_at, updated_at) VALUES (1, 'd', 1, 500, 1, 10, 'open', ?, ?)").run(now, now);
  raw.prepare("INSERT INTO follow_ups (customer_id, at, method, content, created_at, updated_at) VALUES (1, ?, 'phone', 'x', ?, ?)").run(now, now, now);
});
afterEach(() => {
  raw.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

it('adds the covering indexes without touching the rows', () => {
  expect(MIGRATIONS[V - 1].name).toBe('report_customer_indexes');
  const before = ['customers', 'deals', 'follow_ups', 'deal_stage_history', 'rpt_followups_daily'].map((t) => raw.prepare(`SELECT * FROM ${t}`).all());
  expect(migrate(raw, MIGRATIONS.slice(0, V))).toEqual([V]);
  expect(['customers', 'deals', 'follow_ups', 'deal_stage_history', 'rpt_followups_daily'].map((t) => raw.prepare(`SELECT * FROM ${t}`).all())).toEqual(before);
  const names = raw.prepare("SELECT name FROM sqlite_schema WHERE type = 'index' AND name IN ('rpt_follow_ups_customer', 'rpt_deals_customer', 'rpt_stage_history_deal') ORDER BY name").pluck().all();
  expect(names).toEqual(['rpt_deals_customer', 'rpt_follow_ups_customer', 'rpt_stage_history_deal']);
  const plan = (sql: string) => (raw.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(1) as { detail: string }[]).map((r) => r.detail).join(' | ');
  expect(plan("SELECT at, owner_id FROM follow_ups WHERE customer_id = ? AND deleted_at IS NULL AND at >= '2025'")).toMatch(/COVERING INDEX rpt_follow_ups_customer/);
  expect(plan("SELECT closed_at, owner_id, amount_fen FROM deals WHERE customer_id = ? AND deleted_at IS NULL AND status IN ('won', 'lost')")).toMatch(/COVERING INDEX rpt_deals_customer/);
  expect(raw.prepare('SELECT customer_id, at FROM follow_ups').all()).toEqual([{ customer_id: 1, at: '2026-01-01T00:00:00.000Z' }]);
});
