// Migration 0018 (follow-up text index) on a database holding follow-ups from before it: nothing is indexed at
// upgrade (the fill is a worker's), the pending range covers exactly the old rows, and until they are filled
// the triggers leave them alone (an update or delete of a row never inserted would corrupt a contentless
// index) while new follow-ups are indexed at once; the fill then gives what a fresh fill gives.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { migrate } from '../../../db/migrate';
import { MIGRATIONS } from '../../../db/migrations';
import { fillTextStep, textFillState } from '../../../main/services/followUps/textIndex';
import { indexContents, refill } from '../followups/textIndexHelpers';

const V = 18;
let dir: string;
let raw: Database.Database;
const at = '2026-01-01T00:00:00.000Z';
const insFu = () => raw.prepare("INSERT INTO follow_ups (customer_id, at, method, content, result, created_at, updated_at) VALUES (1, ?, '电话', ?, ?, ?, ?)");
const match = (q: string) => raw.prepare('SELECT rowid FROM follow_up_text WHERE follow_up_text MATCH ? ORDER BY rowid').pluck().all(q);
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zg-m18-'));
  raw = new Database(path.join(dir, 'zhanggui.db'));
  raw.pragma('foreign_keys = ON');
  migrate(raw, MIGRATIONS.slice(0, V - 1));
  raw.prepare('INSERT INTO customers (id, name, created_at, updated_at) VALUES (1, ?, ?, ?)').run('龙井茶叶店', at, at);
  for (let i = 0; i < 5; i++) insFu().run(at, `旧的记录${i}`, i % 2 ? '有意向' : null, at, at);
});
afterEach(() => {
  raw.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

it('creates the index empty with the old rows pending; triggers skip pending rows and index new ones; the fill completes it', () => {
  expect(MIGRATIONS[V - 1].version).toBe(V);
  const before = raw.prepare('SELECT * FROM follow_ups ORDER BY id').all();
  expect(migrate(raw, MIGRATIONS.slice(0, V))).toEqual([V]);
  expect(raw.prepare('SELECT * FROM follow_ups ORDER BY id').all()).toEqual(before);
  expect(textFillState(raw)).toEqual({ nextId: 1, endId: 6, complete: false });
  expect(indexContents(raw)).toEqual([]);
  // pending rows: edits, deletes and a customer rename write nothing to the index
  raw.prepare("UPDATE follow_ups SET content = '改过的旧记录' WHERE id = 2").run();
  raw.prepare('DELETE FROM follow_ups WHERE id = 3').run();
  raw.prepare("UPDATE customers SET name = '西湖茶庄' WHERE id = 1").run();
  expect(indexContents(raw)).toEqual([]);
  // a new follow-up is indexed at once
  insFu().run(at, '新的记录', null, at, at);
  expect(match('"新的记"')).toEqual([6]);
  // the fill, in steps: old rows with their current text and the customer's current name
  fillTextStep(raw, 2);
  expect(textFillState(raw)).toMatchObject({ nextId: 3, complete: false });
  while (!fillTextStep(raw, 2).complete);
  expect(match('"改过的"')).toEqual([2]);
  expect(match('"西湖茶"')).toEqual([1, 2, 4, 5, 6]);
  expect(match('"旧的记"')).toEqual([1, 4, 5]);
  const filled = indexContents(raw);
  refill(raw);
  expect(indexContents(raw)).toEqual(filled);
});

it('an empty follow_ups table needs no fill', () => {
  raw.prepare('DELETE FROM follow_ups').run();
  migrate(raw, MIGRATIONS.slice(0, V));
  expect(textFillState(raw).complete).toBe(true);
});
