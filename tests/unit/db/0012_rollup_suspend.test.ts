// Migration 0012: every report trigger on customers / deals / deal_stage_history / follow_ups gets the guard
// `NOT EXISTS (SELECT 1 FROM rpt_suspend)`; db/rollupSuspend.ts applies the same counts set-based while the
// flag is set inside a bulk write's transaction. Old rows keep their rollups, the triggers still keep them
// exact without the flag, skip with it, and the flag is invisible to other connections.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { migrate } from '../../../db/migrate';
import { MIGRATIONS } from '../../../db/migrations';
import { guardTriggerSql, SUSPEND_GUARD } from '../../../db/migrations/0012_rollup_suspend';
import { Db } from '../../../db/sql';
import { withRollupsSuspended } from '../../../db/rollupSuspend';
import { rebuildDerivedAndRestore, suspendDerivedTriggers } from '../../../db/seed/bulkMode';
import { rollupDifferences } from '../../../main/services/reports/rollups';

const V = 12;
let dir: string;
let raw: Database.Database;
const GUARDED = "SELECT name, sql FROM sqlite_schema WHERE type = 'trigger' AND name LIKE 'rpt\\_%' ESCAPE '\\' ORDER BY name";
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zg-m12-'));
  raw = new Database(path.join(dir, 'zhanggui.db'));
  raw.pragma('journal_mode = WAL');
  raw.pragma('foreign_keys = ON');
  migrate(raw, MIGRATIONS.slice(0, V - 1));
  const now = '2026-01-01T00:00:00.000Z';
  raw.prepare("INSERT INTO roles (id, name, permissions, scope, created_at, updated_at) VALUES (1, 'r', '[]', 'all', ?, ?)").run(now, now);
  raw.prepare("INSERT INTO users (id, username, display_name, password_hash, role_id, created_at, updated_at) VALUES (7, 'u7', 'U7', 'x', 1, ?, ?)").run(now, now);
  raw.prepare("INSERT INTO users (id, username, display_name, password_hash, role_id, created_at, updated_at) VALUES (8, 'u8', 'U8', 'x', 1, ?, ?)").run(now, now);
  for (const [id, province, level] of [
    [1, '浙江省', 'A'],
    [2, '广东省', 'B'],
  ] as const) {
    raw.prepare("INSERT INTO customers (id, name, owner_id, province, industry, source, level, created_at, updated_at) VALUES (?, 'c', 7, ?, '制造业', '展会', ?, ?, ?)").run(id, province, level, now, now);
    raw.prepare("INSERT INTO deals (name, customer_id, owner_id, amount_fen, stage_id, probability, status, created_at, updated_at) VALUES ('open', ?, 7, 500, 1, 10, 'open', ?, ?)").run(id, now, now);
    raw
      .prepare("INSERT INTO deals (name, customer_id, owner_id, amount_fen, stage_id, probability, status, closed_at, created_at, updated_at) VALUES ('won', ?, 7, 900, 1, 100, 'won', ?, ?, ?)")
      .run(id, '2026-02-01T00:00:00.000Z', now, now);
    for (const d of raw.prepare('SELECT id FROM deals WHERE customer_id = ?').pluck().all(id) as number[]) {
      raw.prepare('INSERT INTO deal_stage_history (deal_id, from_stage_id, to_stage_id, at) VALUES (?, NULL, 1, ?)').run(d, now);
      raw.prepare('INSERT INTO deal_stage_history (deal_id, from_stage_id, to_stage_id, at) VALUES (?, 1, 2, ?)').run(d, '2026-01-05T00:00:00.000Z');
    }
    raw.prepare("INSERT INTO follow_ups (customer_id, owner_id, at, method, content, created_at, updated_at) VALUES (?, 7, ?, 'phone', 'x', ?, ?)").run(id, now, now, now);
  }
});
afterEach(() => {
  raw.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

it('guards every report trigger (same names), keeps the rollups, and the triggers still count without the flag', () => {
  const before = (raw.prepare(GUARDED).all() as { name: string }[]).map((t) => t.name);
  expect(before.length).toBeGreaterThan(20);
  expect(migrate(raw, MIGRATIONS.slice(0, V))).toEqual([V]);
  const after = raw.prepare(GUARDED).all() as { name: string; sql: string }[];
  expect(after.map((t) => t.name)).toEqual(before);
  for (const t of after) expect(t.sql, t.name).toContain(SUSPEND_GUARD);
  expect(raw.prepare('SELECT COUNT(*) FROM rpt_suspend').pluck().get()).toBe(0);
  const db = new Db(raw);
  expect(rollupDifferences(db)).toEqual([]);
  raw.prepare('UPDATE customers SET owner_id = 8, level = ? WHERE id = 1').run('C');
  raw.prepare('UPDATE deals SET owner_id = 8 WHERE customer_id = 2').run();
  raw.prepare("INSERT INTO deal_stage_history (deal_id, from_stage_id, to_stage_id, at) VALUES (1, 2, 3, '2026-01-09T00:00:00.000Z')").run();
  expect(rollupDifferences(db)).toEqual([]);
});

it('with the flag set the triggers skip; withRollupsSuspended applies the same counts set-based', () => {
  migrate(raw, MIGRATIONS.slice(0, V));
  const db = new Db(raw);
  const pipeline = () => raw.prepare('SELECT * FROM rpt_pipeline WHERE n <> 0 ORDER BY stage_id, owner_id').all();
  const start = pipeline();
  db.tx(() => {
    raw.prepare('INSERT INTO rpt_suspend (id) VALUES (1)').run();
    raw.prepare('UPDATE deals SET owner_id = 8').run();
    expect(pipeline()).toEqual(start); // skipped
    raw.prepare('UPDATE deals SET owner_id = 7').run();
    raw.prepare('DELETE FROM rpt_suspend').run();
  });
  expect(rollupDifferences(db)).toEqual([]);

  // attribute change of customer 1 (re-keys its deals, stage entries, follow-ups), a new stage entry, owners
  db.tx(() =>
    withRollupsSuspended(db, { customers: [1, 2], customerFacts: true }, () => {
      raw.prepare("UPDATE customers SET province = '江苏省', level = NULL, owner_id = 8 WHERE id = 1").run();
      raw.prepare('UPDATE deals SET owner_id = 8, amount_fen = amount_fen + 1 WHERE customer_id = 2').run();
      raw.prepare("INSERT INTO deal_stage_history (deal_id, from_stage_id, to_stage_id, at) VALUES (3, 2, 4, '2026-01-20T00:00:00.000Z')").run();
      raw.prepare("UPDATE follow_ups SET owner_id = NULL, at = '2026-03-01T00:00:00.000Z' WHERE customer_id = 2").run();
    }),
  );
  expect(raw.prepare('SELECT COUNT(*) FROM rpt_suspend').pluck().get()).toBe(0);
  expect(rollupDifferences(db)).toEqual([]);
  expect(raw.prepare("SELECT SUM(n) FROM rpt_attr_followups_daily WHERE dim = 'p' AND value = '江苏省'").pluck().get()).toBe(1);
});

it('the flag is never visible to another connection, and outside a transaction the helper refuses', () => {
  migrate(raw, MIGRATIONS.slice(0, V));
  const db = new Db(raw);
  const other = new Database(path.join(dir, 'zhanggui.db'));
  try {
    db.tx(() =>
      withRollupsSuspended(db, { customers: [1] }, () => {
        expect(raw.prepare('SELECT COUNT(*) FROM rpt_suspend').pluck().get()).toBe(1);
        expect(other.prepare('SELECT COUNT(*) FROM rpt_suspend').pluck().get()).toBe(0);
        raw.prepare('UPDATE customers SET owner_id = 8 WHERE id = 1').run();
      }),
    );
  } finally {
    other.close();
  }
  expect(rollupDifferences(db)).toEqual([]);
  expect(() => withRollupsSuspended(db, { customers: [1] }, () => 0)).toThrow(/inside the transaction/);
});

it("the seed's bulk mode drops and restores the guarded triggers unchanged", () => {
  migrate(raw, MIGRATIONS.slice(0, V));
  const db = new Db(raw);
  const sqlBefore = raw.prepare(GUARDED).all();
  const s = suspendDerivedTriggers(db, ['customers', 'deals', 'deal_stage_history', 'follow_ups']);
  raw.prepare("INSERT INTO customers (name, owner_id, created_at, updated_at) VALUES ('bulk', 8, '2026-04-01T00:00:00.000Z', '2026-04-01T00:00:00.000Z')").run();
  rebuildDerivedAndRestore(db, s);
  expect(raw.prepare(GUARDED).all()).toEqual(sqlBefore);
  expect(rollupDifferences(db)).toEqual([]);
});

it('guardTriggerSql adds a WHEN or ANDs the guard in front of an existing one', () => {
  expect(guardTriggerSql('CREATE TRIGGER t AFTER INSERT ON x BEGIN SELECT 1; END')).toBe(`CREATE TRIGGER t AFTER INSERT ON x\n  WHEN ${SUSPEND_GUARD}\nBEGIN SELECT 1; END`);
  expect(guardTriggerSql('CREATE TRIGGER t AFTER UPDATE OF a ON x WHEN OLD.a IS NOT NEW.a OR 1\n BEGIN SELECT 1; END')).toBe(
    `CREATE TRIGGER t AFTER UPDATE OF a ON x WHEN ${SUSPEND_GUARD} AND (OLD.a IS NOT NEW.a OR 1)\nBEGIN SELECT 1; END`,
  );
});
