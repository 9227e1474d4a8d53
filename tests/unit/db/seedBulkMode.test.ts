// The seed's bulk mode (db/seed/bulkMode.ts): triggers that keep derived data and secondary indexes are
// dropped while generated rows go in, and put back at the end with the derived tables recomputed. After a
// seed the schema must be exactly what it was, the derived tables must equal a fresh GROUP BY, foreign keys
// must hold, and the triggers must be live again for the app's next write. The customer generator must give
// the same rows from the worker thread as inline.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabaseFile } from '../../../db/connection';
import { seedDatabase, type SeedOptions } from '../../../db/seed/seed';
import { CUSTOMER_CHUNK } from '../../../db/seed/customerChunk';
import { rollupDifferences, setReportTimezone } from '../../../main/services/reports/rollups';
import { setScryptCostForTests } from '../../../main/services/auth/password';
import { makeTestApp, type TestApp } from '../../helpers/testApp';

const NOW = new Date('2026-11-22T00:00:00.000Z');

function schema(db: { prepare(sql: string): { all(): unknown[] } }) {
  return db.prepare("SELECT type, name, tbl_name, sql FROM sqlite_schema WHERE type IN ('index', 'trigger') ORDER BY type, name").all();
}

describe('seed bulk mode', () => {
  const dirs: string[] = [];
  const tmp = () => {
    const d = fs.mkdtempSync(path.join(os.tmpdir(), 'zg-bulk-'));
    dirs.push(d);
    return d;
  };
  beforeAll(() => setScryptCostForTests(2 ** 10));
  afterAll(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

  describe('on a running app with data of its own', () => {
    let t: TestApp;
    let before: unknown[];
    beforeAll(async () => {
      t = await makeTestApp();
      await t.setupAdmin();
      // a customer written through the service before the seed: the rebuilt counters must include it
      await t.ok('admin', 'customers:create', { name: '种子之前的客户', mobile: '13800000001', industry: '制造业', source: '转介绍' });
      before = schema(t.app.context.db.raw);
      await seedDatabase(t.app.context.db, { customers: 900, deals: 700, followUps: 2000, users: 5, seed: 'bulk', now: NOW });
    });
    afterAll(() => t.close());

    it('puts back exactly the indexes and triggers it suspended', () => {
      expect(schema(t.app.context.db.raw)).toEqual(before);
    });

    it('leaves every rollup equal to a fresh GROUP BY', () => {
      expect(rollupDifferences(t.app.context.db)).toEqual([]);
    });

    it('leaves the list counters and deal stage totals exact', () => {
      const db = t.app.context.db.raw;
      const owners = db.prepare('SELECT owner_key, n FROM customer_owner_counts WHERE n <> 0 ORDER BY 1').all();
      expect(owners).toEqual(db.prepare('SELECT coalesce(owner_id, 0) AS owner_key, count(*) AS n FROM customers WHERE deleted_at IS NULL GROUP BY 1 ORDER BY 1').all());
      expect((db.prepare('SELECT sum(n) AS n FROM customer_owner_counts').get() as { n: number }).n).toBe(901);
      const options = db.prepare("SELECT kind, value, n FROM customer_option_counts WHERE n <> 0 AND kind <> 'tag' ORDER BY 1, 2").all();
      expect(options).toEqual(
        db
          .prepare(
            `SELECT 'industry' AS kind, industry AS value, count(*) AS n FROM customers WHERE deleted_at IS NULL AND industry IS NOT NULL GROUP BY 2
             UNION ALL SELECT 'source', source, count(*) FROM customers WHERE deleted_at IS NULL AND source IS NOT NULL GROUP BY 2 ORDER BY 1, 2`,
          )
          .all(),
      );
      const tags = db.prepare("SELECT value, n FROM customer_option_counts WHERE kind = 'tag' AND n <> 0 ORDER BY 1").all();
      expect(tags).toEqual(db.prepare('SELECT tag AS value, count(*) AS n FROM customer_tags GROUP BY 1 ORDER BY 1').all());
      const totals = db.prepare('SELECT stage_id, owner_key, deal_count, amount_fen FROM deal_stage_totals WHERE deal_count <> 0 ORDER BY 1, 2').all();
      expect(totals).toEqual(
        db
          .prepare(
            'SELECT stage_id, ifnull(owner_id, 0) AS owner_key, count(*) AS deal_count, sum(amount_fen) AS amount_fen FROM deals WHERE deleted_at IS NULL GROUP BY 1, 2 ORDER BY 1, 2',
          )
          .all(),
      );
    });

    it('leaves both search indexes intact with the app\'s FTS5 merge settings restored', async () => {
      const db = t.app.context.db.raw;
      // integrity-check throws SQLITE_CORRUPT_VTAB when the index disagrees with itself
      db.exec("INSERT INTO customer_fts (customer_fts) VALUES ('integrity-check'); INSERT INTO customer_grams (customer_grams) VALUES ('integrity-check');");
      for (const table of ['customer_fts', 'customer_grams']) {
        const config = Object.fromEntries((db.prepare(`SELECT k, v FROM ${table}_config`).all() as { k: string; v: unknown }[]).map((r) => [r.k, r.v]));
        // the app's own settings are back (migration 0020: no automerge in the writer, a worker merges)
        expect(config).toMatchObject({ automerge: 0, crisismerge: 16 });
      }
      // seeded customers are found by a 3+ character query (trigram table) and a 1-2 character one (grams)
      const c = db.prepare("SELECT id, name, mobile FROM customers WHERE kind = 'company' AND mobile IS NOT NULL ORDER BY id DESC LIMIT 1").get() as {
        id: number;
        name: string;
        mobile: string;
      };
      expect((await t.ok('admin', 'customers:list', { query: c.mobile.slice(2, 10), limit: 50 })).rows.map((r: { id: number }) => r.id)).toContain(c.id);
      const grams = db.prepare('SELECT rowid AS id FROM customer_grams WHERE customer_grams MATCH ?').all(`"${c.name.slice(0, 2)}"`) as { id: number }[];
      expect(grams.map((r) => r.id)).toContain(c.id);
    });

    it('writes only rows whose foreign keys hold, and turns foreign keys back on', () => {
      const db = t.app.context.db.raw;
      expect(db.pragma('foreign_key_check')).toEqual([]);
      expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    });

    it('leaves the triggers live: the next write through the service moves the counters', async () => {
      const db = t.app.context.db.raw;
      const n = () => (db.prepare("SELECT n FROM customer_option_counts WHERE kind = 'industry' AND value = '制造业'").get() as { n: number }).n;
      const was = n();
      await t.ok('admin', 'customers:create', { name: '种子之后的客户', mobile: '13800000002', industry: '制造业' });
      expect(n()).toBe(was + 1);
      expect(rollupDifferences(t.app.context.db)).toEqual([]);
    });
  });

  it('makes the same customers in the worker thread as inline (more than one chunk)', async () => {
    const opts: SeedOptions = { customers: CUSTOMER_CHUNK + 1500, deals: 0, followUps: 0, users: 3, seed: 'chunks', now: NOW };
    const digest = async (inlineGenerator: boolean) => {
      const file = path.join(tmp(), 'zg.db');
      const db = openDatabaseFile(file);
      await seedDatabase(db, { ...opts, inlineGenerator });
      const h = createHash('sha256');
      for (const r of db.raw.prepare('SELECT * FROM customers ORDER BY id').iterate()) h.update(JSON.stringify(r));
      for (const r of db.raw.prepare('SELECT * FROM customer_tags ORDER BY customer_id, tag').iterate()) h.update(JSON.stringify(r));
      const count = (db.raw.prepare('SELECT count(*) AS n FROM customers').get() as { n: number }).n;
      // the customer rollups were counted in the worker (or inline) and added, not rebuilt by GROUP BY
      const rollupsOff = rollupDifferences(db).length;
      db.close();
      return { count, hash: h.digest('hex'), rollupsOff };
    };
    const worker = await digest(false);
    const inline = await digest(true);
    expect(worker.count).toBe(opts.customers);
    expect(worker.rollupsOff).toBe(0);
    expect(worker).toEqual(inline);
  }, 120_000);

  it('counts the rollups of customers, deals, stage entries and follow-ups in the report time zone (negative and non-hour offsets)', async () => {
    for (const offset of [-300, 345]) {
      const db = openDatabaseFile(path.join(tmp(), 'zg.db'));
      setReportTimezone(db, offset);
      await seedDatabase(db, { customers: CUSTOMER_CHUNK + 200, deals: 50, followUps: 100, users: 4, seed: `tz${offset}`, now: NOW });
      expect(rollupDifferences(db)).toEqual([]);
      // the customer rollups are not empty: the comparison above compared something
      expect((db.raw.prepare('SELECT sum(n) AS n FROM rpt_attr_customers_daily').get() as { n: number }).n).toBe(4 * (CUSTOMER_CHUNK + 200));
      db.close();
    }
  }, 120_000);
});
