// Migration 0011: the trigger that re-keys a customer's deals, stage entries and follow-ups in the attribute
// rollups is split per attribute, so changing one attribute moves only that dimension's counts. The rollups
// must stay equal to a fresh GROUP BY after each kind of change, and a level change must not touch the
// province/industry/source rows at all.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { migrate } from '../../../db/migrate';
import { MIGRATIONS } from '../../../db/migrations';
import { Db } from '../../../db/sql';
import { rollupDifferences } from '../../../main/services/reports/rollups';

const V = 11;
let dir: string;
let raw: Database.Database;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zg-m11-'));
  raw = new Database(path.join(dir, 'zhanggui.db'));
  raw.pragma('foreign_keys = ON');
  migrate(raw, MIGRATIONS.slice(0, V - 1));
  const now = '2026-01-01T00:00:00.000Z';
  for (const [id, province, level] of [
    [1, '浙江省', 'A'],
    [2, '广东省', 'B'],
  ] as const) {
    raw.prepare("INSERT INTO customers (id, name, province, industry, source, level, created_at, updated_at) VALUES (?, 'c', ?, '制造业', '展会', ?, ?, ?)").run(id, province, level, now, now);
    raw.prepare("INSERT INTO deals (name, customer_id, amount_fen, stage_id, probability, status, created_at, updated_at) VALUES ('open', ?, 500, 1, 10, 'open', ?, ?)").run(id, now, now);
    raw
      .prepare("INSERT INTO deals (name, customer_id, amount_fen, stage_id, probability, status, closed_at, created_at, updated_at) VALUES ('won', ?, 900, 1, 100, 'won', ?, ?, ?)")
      .run(id, '2026-02-01T00:00:00.000Z', now, now);
    for (const d of raw.prepare('SELECT id FROM deals WHERE customer_id = ?').pluck().all(id) as number[]) {
      raw.prepare('INSERT INTO deal_stage_history (deal_id, from_stage_id, to_stage_id, at) VALUES (?, NULL, 1, ?)').run(d, now);
      raw.prepare('INSERT INTO deal_stage_history (deal_id, from_stage_id, to_stage_id, at) VALUES (?, 1, 2, ?)').run(d, '2026-01-05T00:00:00.000Z');
    }
    raw.prepare("INSERT INTO follow_ups (customer_id, at, method, content, created_at, updated_at) VALUES (?, ?, 'phone', 'x', ?, ?)").run(id, now, now, now);
  }
});
afterEach(() => {
  raw.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

it('replaces the all-dimension trigger with one per attribute, and the rollups stay exact', () => {
  expect(migrate(raw, MIGRATIONS.slice(0, V))).toEqual([V]);
  const triggers = raw.prepare("SELECT name FROM sqlite_schema WHERE type = 'trigger' AND name LIKE 'rpt_attr_customers_au_facts%' ORDER BY name").pluck().all();
  expect(triggers).toEqual(['rpt_attr_customers_au_facts_i', 'rpt_attr_customers_au_facts_l', 'rpt_attr_customers_au_facts_p', 'rpt_attr_customers_au_facts_s']);
  const db = new Db(raw);
  const other = () => raw.prepare("SELECT * FROM rpt_attr_followups_daily WHERE dim <> 'l' AND n <> 0 ORDER BY dim, value").all();
  const before = other();
  raw.prepare("UPDATE customers SET level = 'C' WHERE id = 1").run();
  expect(other()).toEqual(before); // a level change leaves the other dimensions' rows alone
  expect(raw.prepare("SELECT value, n FROM rpt_attr_followups_daily WHERE dim = 'l' AND n <> 0 ORDER BY value").all()).toEqual([
    { value: 'B', n: 1 },
    { value: 'C', n: 1 },
  ]);
  expect(rollupDifferences(db)).toEqual([]);
  raw.prepare("UPDATE customers SET province = '江苏省', industry = NULL, source = '转介绍' WHERE id = 2").run();
  expect(rollupDifferences(db)).toEqual([]);
  raw.prepare("UPDATE customers SET level = NULL, province = province WHERE id = 2").run();
  expect(rollupDifferences(db)).toEqual([]);
});
