// Migration 0003 (deals) on a database holding deals from before it: loss reasons seeded, the
// overridden-probability flag derived, the per-stage totals backfilled and then kept by the triggers.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { migrate } from '../../../db/migrate';
import { MIGRATIONS } from '../../../db/migrations';

const V = MIGRATIONS.findIndex((m) => m.name.startsWith('deals:')) + 1;
let dir: string;
let raw: Database.Database;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zg-m3-'));
  raw = new Database(path.join(dir, 'zhanggui.db'));
  raw.pragma('foreign_keys = ON');
  migrate(raw, MIGRATIONS.slice(0, V - 1));
  const now = '2026-01-01T00:00:00.000Z';
  raw.prepare("INSERT INTO roles (id, name, permissions, scope, created_at, updated_at) VALUES (1, 'r', '[]', 'all', ?, ?)").run(now, now);
  raw.prepare("INSERT INTO users (id, username, display_name, password_hash, role_id, created_at, updated_at) VALUES (7, 'u', 'U', 'x', 1, ?, ?)").run(now, now);
  raw.prepare("INSERT INTO customers (id, name, created_at, updated_at) VALUES (1, 'c', ?, ?)").run(now, now);
  const deal = raw.prepare(
    'INSERT INTO deals (name, customer_id, amount_fen, stage_id, probability, owner_id, created_at, updated_at, deleted_at) VALUES (?, 1, ?, ?, ?, ?, ?, ?, ?)',
  );
  deal.run('follows', 1000, 1, 10, 7, now, now, null); // 初步接触 10%: the default
  deal.run('typed', 2000, 1, 25, 7, now, now, null); // typed-in probability
  deal.run('no owner', 500, 2, 30, null, now, now, null);
  deal.run('in bin', 9999, 1, 10, 7, now, now, now);
});
afterEach(() => {
  raw.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

it('migrates old deals: override flag, backfilled totals, seeded loss reasons', () => {
  expect(migrate(raw, MIGRATIONS.slice(0, V))).toEqual([V]);
  expect(raw.prepare('SELECT name, probability_overridden AS o, amount_source AS s FROM deals ORDER BY id').all()).toEqual([
    { name: 'follows', o: 0, s: 'manual' },
    { name: 'typed', o: 1, s: 'manual' },
    { name: 'no owner', o: 0, s: 'manual' },
    { name: 'in bin', o: 0, s: 'manual' },
  ]);
  expect(raw.prepare('SELECT stage_id, owner_key, deal_count, amount_fen FROM deal_stage_totals ORDER BY stage_id, owner_key').all()).toEqual([
    { stage_id: 1, owner_key: 7, deal_count: 2, amount_fen: 3000 },
    { stage_id: 2, owner_key: 0, deal_count: 1, amount_fen: 500 },
  ]);
  expect(raw.prepare('SELECT name FROM deal_loss_reasons ORDER BY position').pluck().all()).toContain('价格太高');
});

it('keeps the totals equal to a fresh count through inserts, moves, amount edits, soft deletes, restores and deletes', () => {
  migrate(raw, MIGRATIONS.slice(0, V));
  const now = '2026-02-01T00:00:00.000Z';
  raw.prepare("INSERT INTO deals (name, customer_id, amount_fen, stage_id, probability, owner_id, created_at, updated_at) VALUES ('n', 1, 700, 3, 50, 7, ?, ?)").run(now, now);
  raw.prepare('UPDATE deals SET stage_id = 4, amount_fen = amount_fen + 1 WHERE name = ?').run('follows');
  raw.prepare('UPDATE deals SET owner_id = 7 WHERE name = ?').run('no owner');
  raw.prepare('UPDATE deals SET deleted_at = ? WHERE name = ?').run(now, 'typed');
  raw.prepare('UPDATE deals SET deleted_at = NULL WHERE name = ?').run('in bin');
  raw.prepare('DELETE FROM deals WHERE name = ?').run('n');
  const fresh = raw
    .prepare('SELECT stage_id, ifnull(owner_id, 0) AS owner_key, count(*) AS deal_count, sum(amount_fen) AS amount_fen FROM deals WHERE deleted_at IS NULL GROUP BY 1, 2 ORDER BY 1, 2')
    .all();
  const kept = raw.prepare('SELECT stage_id, owner_key, deal_count, amount_fen FROM deal_stage_totals WHERE deal_count > 0 ORDER BY 1, 2').all();
  expect(kept).toEqual(fresh);
});
