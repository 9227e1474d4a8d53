// The migration runner and the open-time checks: our application_id, user_version, one transaction per
// migration, and refusing (untouched) a newer, foreign or corrupt file.
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { APPLICATION_ID } from '../../../db/constants';
import { openDatabaseFile } from '../../../db/connection';
import { DatabaseOpenError, migrate, readSchemaState } from '../../../db/migrate';
import { MIGRATIONS, SCHEMA_VERSION, type Migration } from '../../../db/migrations';

let dir: string;
let file: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zg-mig-'));
  file = path.join(dir, 'zhanggui.db');
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

const sha = (f: string) => crypto.createHash('sha256').update(fs.readFileSync(f)).digest('hex');
const filesIn = (d: string) => fs.readdirSync(d).sort();

function openError(f: string): DatabaseOpenError {
  try {
    openDatabaseFile(f).close();
  } catch (e) {
    if (e instanceof DatabaseOpenError) return e;
    throw e;
  }
  throw new Error('the file was opened but should have been refused');
}

const toy = (version: number, sql: string, fail = false): Migration => ({
  version,
  name: `toy ${version}`,
  up(db) {
    db.exec(sql);
    if (fail) throw new Error(`toy ${version} fails half-way`);
  },
});

describe('the runner', () => {
  it('applies the static list in order and sets application_id and user_version', () => {
    const db = openDatabaseFile(file);
    try {
      expect(readSchemaState(db.raw)).toEqual({ applicationId: APPLICATION_ID, userVersion: SCHEMA_VERSION });
      expect(SCHEMA_VERSION).toBe(MIGRATIONS.length);
      MIGRATIONS.forEach((m, i) => expect(m.version).toBe(i + 1));
      expect(db.raw.pragma('journal_mode', { simple: true })).toBe('wal');
      expect(db.raw.pragma('synchronous', { simple: true })).toBe(2); // FULL
      expect(db.raw.pragma('foreign_keys', { simple: true })).toBe(1);
      expect(db.raw.pragma('busy_timeout', { simple: true })).toBeGreaterThan(0);
    } finally {
      db.close();
    }
  });

  it('reopening a current database applies nothing', () => {
    openDatabaseFile(file).close();
    const raw = new Database(file);
    try {
      expect(migrate(raw)).toEqual([]);
    } finally {
      raw.close();
    }
  });

  it('runs each migration in its own transaction: a failing one leaves the previous ones applied and itself not at all', () => {
    const list = [toy(1, 'CREATE TABLE a (x INTEGER)'), toy(2, 'CREATE TABLE b (x INTEGER); INSERT INTO b VALUES (1)', true)];
    const raw = new Database(file);
    try {
      expect(() => migrate(raw, list)).toThrow('toy 2 fails half-way');
      expect(readSchemaState(raw)).toEqual({ applicationId: APPLICATION_ID, userVersion: 1 });
      const tables = raw.prepare("SELECT name FROM sqlite_schema WHERE type = 'table'").pluck().all();
      expect(tables).toEqual(['a']);
      // fixed and retried: continues from version 1
      expect(migrate(raw, [list[0], toy(2, 'CREATE TABLE b (x INTEGER)')])).toEqual([2]);
      expect(readSchemaState(raw).userVersion).toBe(2);
    } finally {
      raw.close();
    }
  });

  it('refuses a list with a gap or out of order', () => {
    const raw = new Database(file);
    try {
      expect(() => migrate(raw, [toy(1, 'SELECT 1'), toy(3, 'SELECT 1')])).toThrow(/out of order/);
      expect(readSchemaState(raw).userVersion).toBe(0);
    } finally {
      raw.close();
    }
  });

  it('calls onBeforeMigrate (the backup hook) only when upgrading an existing database', () => {
    const calls: [number, number][] = [];
    const raw = new Database(file);
    try {
      migrate(raw, [toy(1, 'CREATE TABLE a (x)')], (f, t) => calls.push([f, t]));
      expect(calls).toEqual([]);
      migrate(raw, [toy(1, 'CREATE TABLE a (x)'), toy(2, 'CREATE TABLE b (x)')], (f, t) => calls.push([f, t]));
      expect(calls).toEqual([[1, 2]]);
    } finally {
      raw.close();
    }
  });
});

describe('refusing files, untouched', () => {
  it('a database written by a newer version: clear message, byte-identical, no side files', () => {
    openDatabaseFile(file).close();
    const raw = new Database(file);
    raw.pragma(`user_version = ${SCHEMA_VERSION + 5}`);
    raw.close();
    const before = sha(file);
    const listing = filesIn(dir);

    const e = openError(file);
    expect(e.reason).toBe('newer-schema');
    expect(e.message).toContain('newer version of 掌柜 CRM');
    expect(e.message).toContain(`schema ${SCHEMA_VERSION + 5}`);
    expect(e.message).toContain('nothing was changed');
    expect(sha(file)).toBe(before);
    expect(filesIn(dir)).toEqual(listing);
  });

  it('a newer schema still in the write-ahead log (header not yet checkpointed) is refused too', () => {
    openDatabaseFile(file).close();
    const writer = new Database(file);
    try {
      writer.pragma('wal_autocheckpoint = 0');
      writer.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
      expect(fs.statSync(file + '-wal').size).toBeGreaterThan(0);
      const before = sha(file);
      expect(openError(file).reason).toBe('newer-schema');
      expect(sha(file)).toBe(before);
    } finally {
      writer.close();
    }
  });

  it("another application's SQLite file (application_id 0, has tables)", () => {
    const raw = new Database(file);
    raw.exec("CREATE TABLE contacts (name TEXT); INSERT INTO contacts VALUES ('x')");
    raw.close();
    const before = sha(file);
    const e = openError(file);
    expect(e.reason).toBe('not-ours');
    expect(e.message).toMatch(/another application/);
    expect(sha(file)).toBe(before);
  });

  it("another application's SQLite file (a different application_id, even with no tables)", () => {
    const raw = new Database(file);
    raw.pragma('application_id = 1234');
    raw.pragma('user_version = 1');
    raw.close();
    const before = sha(file);
    expect(openError(file).reason).toBe('not-ours');
    expect(sha(file)).toBe(before);
  });

  it('a corrupt file (text renamed .db, truncated database, flipped header)', () => {
    fs.writeFileSync(file, 'name,phone\n张三,13800138000\n'.repeat(100));
    let before = sha(file);
    expect(openError(file).reason).toBe('corrupt');
    expect(openError(file).message).toMatch(/not a readable SQLite database/);
    expect(sha(file)).toBe(before);

    fs.rmSync(file);
    openDatabaseFile(file).close();
    const good = fs.readFileSync(file);
    fs.writeFileSync(file, good.subarray(0, 100)); // header only: page 1 is cut off
    before = sha(file);
    expect(openError(file).reason).toBe('corrupt');
    expect(sha(file)).toBe(before);
    expect(filesIn(dir)).toEqual(['zhanggui.db']); // the probe's -wal/-shm are cleaned up

    const flipped = Buffer.from(good);
    flipped[0] ^= 0xff; // 'SQLite format 3' magic broken
    fs.writeFileSync(file, flipped);
    before = sha(file);
    expect(openError(file).reason).toBe('corrupt');
    expect(sha(file)).toBe(before);
  });

  it('an empty (0-byte) file is treated as a new database', () => {
    fs.writeFileSync(file, '');
    const db = openDatabaseFile(file);
    try {
      expect(readSchemaState(db.raw).userVersion).toBe(SCHEMA_VERSION);
    } finally {
      db.close();
    }
  });
});
