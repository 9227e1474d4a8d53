// A fresh seed builds the customer search tables in a side database in the generator worker and copies
// the FTS5 shadow tables in at the end (db/seed/sideFts.ts). The copied index must answer every kind of
// query exactly like the index the direct path writes, pass FTS5's integrity-check, leave no side file,
// and stay a normal FTS5 table the app keeps writing to. A seed into a database whose search tables are
// not empty writes them directly, as before.
import fs from 'node:fs';
import { createHash } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabaseFile } from '../../../db/connection';
import type { Db } from '../../../db/sql';
import { seedDatabase, type SeedOptions } from '../../../db/seed/seed';
import { CUSTOMER_CHUNK } from '../../../db/seed/customerChunk';
import { setScryptCostForTests } from '../../../main/services/auth/password';
import { rollupDifferences } from '../../../main/services/reports/rollups';
import { makeTestApp, type TestApp } from '../../helpers/testApp';
import { ftsSegmentCount } from '../../helpers/ftsStructure';
import { FTS_TABLES } from '../../../main/app/ftsMerger';

const NOW = new Date('2026-11-22T00:00:00.000Z');
const OPTS: SeedOptions = { customers: 2 * CUSTOMER_CHUNK + 700, deals: 300, followUps: 900, users: 4, seed: 'side', now: NOW };

type Raw = Db['raw'];
const ids = (db: Raw, table: string, match: string) =>
  (db.prepare(`SELECT rowid AS id FROM ${table} WHERE ${table} MATCH ? ORDER BY rowid`).all(match) as { id: number }[]).map((r) => r.id);

/** ~12 queries of every kind, taken from customers of the seeded data (the same rows in both databases) */
function sampleQueries(db: Raw): [string, string][] {
  const one = (sql: string) => db.prepare(sql).get() as Record<string, string>;
  const company = one("SELECT id, name, mobile, email FROM customers WHERE kind = 'company' AND mobile IS NOT NULL AND email IS NOT NULL ORDER BY id LIMIT 1 OFFSET 777");
  const person = one("SELECT id, name, name_sort FROM customers WHERE kind = 'person' AND name GLOB '[^A-Za-z]*' ORDER BY id LIMIT 1 OFFSET 1234");
  const latin = one("SELECT name FROM customers WHERE name GLOB '[A-Z]*' ORDER BY id LIMIT 1 OFFSET 20");
  const py = person.name_sort.split(' ')[0];
  const q = (s: string) => `"${s.replace(/"/g, '""')}"`;
  return [
    ['customer_fts', `{names} : ${q(company.name.slice(2, 6))}`], // company name (trigram)
    ['customer_fts', `{names} : ${q(person.name)}`], // person name
    ['customer_fts', `{py} : ${q(py.slice(0, 6))}`], // full pinyin
    ['customer_fts', `{ini} : ${q('zwl')}`], // initials
    ['customer_fts', `{digits} : ${q(company.mobile.slice(3, 11))}`], // phone digits
    ['customer_fts', `{digits} : ${q('0571')}`], // landline area code
    ['customer_fts', `{email} : ${q(company.email.split('@')[0].slice(-6))}`], // email
    ['customer_fts', `{names} : ${q(latin.name.toLowerCase().slice(0, 5))}`], // latin name
    ['customer_grams', q(person.name.slice(0, 1))], // 1-character gram (a surname)
    ['customer_grams', q(company.name.slice(0, 2))], // 2-character gram (a place)
    ['customer_grams', q('zh')], // syllable head
    ['customer_grams', q(company.mobile.slice(9, 11))], // 2-digit gram
  ];
}

function digest(db: Raw, sql: string): string {
  const h = createHash('sha256');
  for (const r of db.prepare(sql).iterate()) h.update(JSON.stringify(r));
  return h.digest('hex');
}

function integrity(db: Raw): void {
  // throws SQLITE_CORRUPT_VTAB when an index disagrees with itself
  db.exec("INSERT INTO customer_fts (customer_fts) VALUES ('integrity-check'); INSERT INTO customer_grams (customer_grams) VALUES ('integrity-check');");
}

describe('seed: search tables built in a side database', () => {
  const dirs: string[] = [];
  const tmp = () => {
    const d = fs.mkdtempSync(path.join(os.tmpdir(), 'zg-sidefts-'));
    dirs.push(d);
    return d;
  };
  beforeAll(() => setScryptCostForTests(2 ** 10));
  afterAll(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

  it('answers every kind of query like the directly written index, passes integrity-check, leaves no side file', async () => {
    const seed = async (inlineGenerator: boolean) => {
      const dir = tmp();
      const db = openDatabaseFile(path.join(dir, 'zg.db'));
      // a small in-memory term buffer: the indexes flush many segments at this size, as they do at 1M rows
      for (const t of FTS_TABLES) db.raw.exec(`INSERT INTO ${t} (${t}, rank) VALUES ('hashsize', 4096)`);
      const r = await seedDatabase(db, { ...OPTS, inlineGenerator });
      return { dir, db, timings: r.timingsMs };
    };
    const side = await seed(false);
    const direct = await seed(true);
    try {
      // the worker path took the side build, the inline path wrote directly
      expect(side.timings.ftsCopy).toBeTypeOf('number');
      expect(side.timings.followUpsCopy).toBeTypeOf('number'); // the follow-ups were built aside too
      expect(direct.timings.followUpsCopy).toBeUndefined();
      expect(side.timings.ftsOptimize).toBeUndefined();
      expect(direct.timings.ftsOptimize).toBeTypeOf('number');
      expect(fs.readdirSync(side.dir).filter((f) => f.includes('seed-fts'))).toEqual([]);
      // every search index ends merged into one segment, as the app's idle merger leaves them (a level of big
      // unmerged segments made the first bulk write after a seed crisis-merge it on main: 2 s, session 11)
      for (const db of [side.db, direct.db]) {
        expect(Object.fromEntries(FTS_TABLES.map((t) => [t, ftsSegmentCount(db.raw, t)]))).toEqual(Object.fromEntries(FTS_TABLES.map((t) => [t, 1])));
      }
      integrity(side.db.raw);
      // the rows are the same whichever thread made a chunk (the third chunk is made on the seed thread),
      // and so are the customer rollups counted on both threads
      // and so are the follow-ups the worker wrote in the side database, and their rollups
      for (const sql of [
        'SELECT * FROM customers ORDER BY id',
        'SELECT * FROM customer_tags ORDER BY customer_id, tag',
        'SELECT * FROM rpt_attr_customers_daily ORDER BY 1, 2, 3, 4',
        'SELECT * FROM follow_ups ORDER BY id',
        'SELECT * FROM rpt_attr_followups_daily ORDER BY 1, 2, 3, 4',
        'SELECT * FROM rpt_followups_daily ORDER BY 1, 2',
      ]) {
        expect(digest(side.db.raw, sql), sql).toBe(digest(direct.db.raw, sql));
      }
      expect(rollupDifferences(side.db)).toEqual([]);
      expect((side.db.raw.prepare('SELECT count(*) AS n FROM follow_ups').get() as { n: number }).n).toBe(OPTS.followUps);
      // the copied follow_ups indexes agree with the table, and queries by index find the same rows
      expect(side.db.raw.pragma('integrity_check')).toEqual([{ integrity_check: 'ok' }]);
      const byIndex = (db: Raw) => db.prepare('SELECT id FROM follow_ups INDEXED BY follow_ups_customer WHERE customer_id = 5 ORDER BY at, id').all();
      expect(byIndex(side.db.raw)).toEqual(byIndex(direct.db.raw));
      expect(side.db.raw.pragma('foreign_key_check')).toEqual([]);
      const queries = sampleQueries(direct.db.raw);
      for (const [table, match] of queries) {
        const want = ids(direct.db.raw, table, match);
        expect(want.length, `${table} ${match}`).toBeGreaterThan(0);
        expect(ids(side.db.raw, table, match), `${table} ${match}`).toEqual(want);
      }
      // the whole index, not just samples: the same documents with the same sizes
      for (const t of ['customer_fts', 'customer_grams']) {
        const docs = (db: Raw) => db.prepare(`SELECT id, sz FROM ${t}_docsize ORDER BY id`).all();
        expect(docs(side.db.raw)).toEqual(docs(direct.db.raw));
      }
      const count = (db: Raw, t: string) => (db.prepare(`SELECT count(*) AS n FROM ${t}_docsize`).get() as { n: number }).n;
      expect(count(side.db.raw, 'customer_fts')).toBe(OPTS.customers);
      // the app's merge settings (migration 0020: automerge 0, crisismerge 16) and the table takes the app's
      // writes: delete one row, add one, still intact
      const config = Object.fromEntries((side.db.raw.prepare('SELECT k, v FROM customer_fts_config').all() as { k: string; v: unknown }[]).map((r) => [r.k, r.v]));
      expect(config).toMatchObject({ automerge: 0, crisismerge: 16 });
      const [table, match] = queries[4];
      const hit = ids(side.db.raw, table, match)[0];
      side.db.raw.prepare('DELETE FROM customer_fts WHERE rowid = ?').run(hit);
      side.db.raw.prepare('INSERT INTO customer_fts (rowid, names, py, ini, digits, email) VALUES (?, ?, ?, ?, ?, ?)').run(9_999_999, '新客户', 'xinkehu', 'xkh', '13900001111', '');
      expect(ids(side.db.raw, table, match)).not.toContain(hit);
      expect(ids(side.db.raw, 'customer_fts', '{digits} : "900001111"')).toEqual([9_999_999]);
      integrity(side.db.raw);
    } finally {
      side.db.close();
      direct.db.close();
    }
  }, 180_000);

  it('stops the side build and removes its file when the seed fails after the customers', async () => {
    const dir = tmp();
    const db = openDatabaseFile(path.join(dir, 'zg.db'));
    try {
      const failAtDeals = (msg: string) => {
        if (msg.startsWith('deals:')) throw new Error('stopped by the test');
      };
      await expect(seedDatabase(db, { ...OPTS, seed: 'side-fail', log: failAtDeals })).rejects.toThrow('stopped by the test');
      expect(fs.readdirSync(dir).filter((f) => f.includes('seed-fts'))).toEqual([]);
      // the customers are in; the search tables stay empty and intact (the seed did not finish)
      expect((db.raw.prepare('SELECT count(*) AS n FROM customers').get() as { n: number }).n).toBe(OPTS.customers);
      expect((db.raw.prepare('SELECT count(*) AS n FROM customer_fts_docsize').get() as { n: number }).n).toBe(0);
      integrity(db.raw);
    } finally {
      db.close();
    }
  }, 180_000);

  describe('into a database that already has customers', () => {
    let t: TestApp;
    let timings: Record<string, number>;
    beforeAll(async () => {
      t = await makeTestApp();
      await t.setupAdmin();
      await t.ok('admin', 'customers:create', { name: '种子之前的客户', mobile: '13800000001' });
      timings = (await seedDatabase(t.app.context.db, { ...OPTS, customers: CUSTOMER_CHUNK + 300, seed: 'side-existing' })).timingsMs;
    }, 180_000);
    afterAll(() => t.close());

    it('writes the search rows directly and finds the old and the new customers', async () => {
      expect(timings.ftsCopy).toBeUndefined();
      expect(timings.ftsOptimize).toBeTypeOf('number');
      const db = t.app.context.db.raw;
      integrity(db);
      expect(fs.readdirSync(t.dataDir).filter((f) => f.includes('seed-fts'))).toEqual([]);
      expect((db.prepare('SELECT count(*) AS n FROM customer_fts_docsize').get() as { n: number }).n).toBe(CUSTOMER_CHUNK + 301);
      const found = async (query: string) => (await t.ok('admin', 'customers:list', { query, limit: 50 })).rows.map((r: { name: string }) => r.name);
      expect(await found('种子之前')).toContain('种子之前的客户');
      const c = db.prepare("SELECT name, mobile FROM customers WHERE mobile IS NOT NULL ORDER BY id DESC LIMIT 1").get() as { name: string; mobile: string };
      expect(await found(c.mobile.slice(3))).toContain(c.name);
    });
  });
});

describe('side files of a seed that was killed', () => {
  it('are removed when their process is gone; a live process keeps its file; other files are left alone', async () => {
    const { removeStaleSideFiles } = await import('../../../db/seed/sideFts');
    const { spawnSync } = await import('node:child_process');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zg-sidefts-stale-'));
    try {
      const db = path.join(dir, 'zhanggui.db');
      fs.writeFileSync(db, '');
      // a pid that existed and is gone: a child that has exited
      const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' }).stdout;
      const stale = `zhanggui.db.seed-fts-${dead}-0b5e2c4e-1111-4222-8333-944455556666.tmp`;
      const staleJournal = `${stale}-journal`;
      const live = `zhanggui.db.seed-fts-${process.pid}-0b5e2c4e-1111-4222-8333-944455556667.tmp`;
      const other = 'zhanggui.db.seed-fts-notes.txt';
      for (const f of [stale, staleJournal, live, other]) fs.writeFileSync(path.join(dir, f), 'x');
      expect(removeStaleSideFiles(db).sort()).toEqual([stale, staleJournal].sort());
      expect(fs.readdirSync(dir).sort()).toEqual(['zhanggui.db', live, other].sort());
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
