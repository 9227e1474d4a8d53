// The seed generator: same seed -> same data; the data is valid for the service (phones/emails pass
// validation, seeded customers are found by search the same way as ones created through the channel),
// follow-up dates on customers agree with their follow-ups.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabaseFile } from '../../../db/connection';
import { seedDatabase, type SeedOptions } from '../../../db/seed/seed';
import { setScryptCostForTests } from '../../../main/services/auth/password';
import { normalizeEmail, normalizeLandline, normalizeMobile } from '../../../main/services/customers/normalize';
import { makeTestApp, type TestApp } from '../../helpers/testApp';

const opts: SeedOptions = { customers: 400, deals: 300, followUps: 1200, users: 7, seed: 'det', now: new Date('2026-11-22T00:00:00.000Z') };

function digest(file: string): Record<string, string> {
  const db = openDatabaseFile(file);
  const out: Record<string, string> = {};
  const queries: Record<string, string> = {
    users: 'SELECT id, username, display_name, role_id FROM users ORDER BY id',
    customers: 'SELECT * FROM customers ORDER BY id',
    tags: 'SELECT * FROM customer_tags ORDER BY customer_id, tag',
    deals: 'SELECT * FROM deals ORDER BY id',
    history: 'SELECT * FROM deal_stage_history ORDER BY id',
    followUps: 'SELECT * FROM follow_ups ORDER BY id',
  };
  for (const [k, sql] of Object.entries(queries)) {
    out[k] = createHash('sha256').update(JSON.stringify(db.raw.prepare(sql).all())).digest('hex');
  }
  db.close();
  return out;
}

async function seedInto(dir: string, o: SeedOptions) {
  const db = openDatabaseFile(path.join(dir, 'zg.db'));
  await seedDatabase(db, o);
  db.close();
  return path.join(dir, 'zg.db');
}

describe('seed generator', () => {
  const dirs: string[] = [];
  const tmp = () => {
    const d = fs.mkdtempSync(path.join(os.tmpdir(), 'zg-seed-'));
    dirs.push(d);
    return d;
  };
  beforeAll(() => setScryptCostForTests(2 ** 10));
  afterAll(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

  it('makes the same data from the same seed, and other data from another seed', async () => {
    const a = digest(await seedInto(tmp(), opts));
    const b = digest(await seedInto(tmp(), opts));
    expect(a).toEqual(b);
    const c = digest(await seedInto(tmp(), { ...opts, seed: 'other' }));
    expect(c.customers).not.toBe(a.customers);
  });

  describe('on a running app', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await makeTestApp();
      await t.setupAdmin();
      await seedDatabase(t.app.context.db, opts);
    });
    afterAll(() => t.close());

    it('writes valid, normalized phones and emails, unique mobiles, and the requested counts', () => {
      const db = t.app.context.db.raw;
      const rows = db.prepare('SELECT mobile, phone, email FROM customers').all() as { mobile: string | null; phone: string | null; email: string | null }[];
      expect(rows.length).toBe(400);
      for (const r of rows) {
        if (r.mobile) expect(normalizeMobile(r.mobile)).toEqual({ ok: true, value: r.mobile });
        if (r.phone) expect(normalizeLandline(r.phone)).toEqual({ ok: true, value: r.phone });
        if (r.email) expect(normalizeEmail(r.email)).toEqual({ ok: true, value: r.email });
      }
      const mobiles = rows.map((r) => r.mobile).filter(Boolean);
      expect(new Set(mobiles).size).toBe(mobiles.length);
      expect((db.prepare('SELECT count(*) AS n FROM deals').get() as { n: number }).n).toBe(300);
      expect((db.prepare('SELECT count(*) AS n FROM follow_ups').get() as { n: number }).n).toBe(1200);
      const methods = (db.prepare('SELECT DISTINCT method FROM follow_ups').all() as { method: string }[]).map((r) => r.method).sort();
      expect(methods).toEqual(['其他', '拜访', '活动', '电话', '短信', '微信', '邮件'].sort());
      const roles = db.prepare("SELECT r.builtin_key AS k, count(*) AS n FROM users u JOIN roles r ON r.id = u.role_id WHERE u.username <> 'owner' GROUP BY 1 ORDER BY 1").all();
      expect(roles).toEqual([
        { k: 'manager', n: 1 },
        { k: 'sales', n: 6 },
      ]);
    });

    it('keeps last follow-up dates and deal stage history consistent', () => {
      const db = t.app.context.db.raw;
      const bad = db
        .prepare('SELECT count(*) AS n FROM customers c WHERE c.last_follow_up_at IS NOT (SELECT max(at) FROM follow_ups f WHERE f.customer_id = c.id)')
        .get() as { n: number };
      expect(bad.n).toBe(0);
      const closed = db
        .prepare(
          `SELECT count(*) AS n FROM deals d JOIN stages s ON s.id = d.stage_id WHERE d.status <> s.kind OR (d.status <> 'open') <> (d.closed_at IS NOT NULL)
             OR d.stage_id <> (SELECT h.to_stage_id FROM deal_stage_history h WHERE h.deal_id = d.id ORDER BY h.id DESC LIMIT 1)`,
        )
        .get() as { n: number };
      expect(closed.n).toBe(0);
      // closings lie in the past and are spread out: none after now, no instant holding several (a close past the
      // data's end used to be clamped to it)
      const last = db.prepare('SELECT max(closed_at) AS at, count(*) AS n FROM deals WHERE closed_at IS NOT NULL GROUP BY closed_at ORDER BY n DESC LIMIT 1').get() as {
        at: string;
        n: number;
      };
      expect(last.n).toBeLessThanOrEqual(2);
      expect(db.prepare('SELECT count(*) FROM deals WHERE closed_at > ?').pluck().get(opts.now!.toISOString())).toBe(0);
      expect(db.prepare("SELECT count(*) FROM deals WHERE status <> 'open'").pluck().get()).toBeGreaterThan(60);
    });

    it('seeded customers are found by search like ones created through the service', async () => {
      const db = t.app.context.db.raw;
      const c = db.prepare("SELECT id, name, mobile FROM customers WHERE kind = 'person' AND name GLOB '[一-龥]*' AND mobile IS NOT NULL ORDER BY id LIMIT 1").get() as {
        id: number;
        name: string;
        mobile: string;
      };
      const byName = await t.ok('admin', 'customers:list', { query: c.name, limit: 500 });
      expect(byName.rows.map((r) => r.id)).toContain(c.id);
      const byDigits = await t.ok('admin', 'customers:list', { query: c.mobile.slice(3, 9), limit: 500 });
      expect(byDigits.rows.map((r) => r.id)).toContain(c.id);
      const all = await t.ok('admin', 'customers:list', { limit: 1 });
      expect(all.total).toBe(400);
    });
  });
});
