// customers:delete and recycleBin:restore re-key the report rollups set-based (db/rollupSuspend.ts) instead of
// through the per-row triggers. The rollups must equal a from-scratch GROUP BY after random deletes and restores
// (whole customers with their deals and follow-ups, and lone deals / follow-ups) mixed with ordinary writes.
import { afterAll, beforeAll, expect, it } from 'vitest';
import fc from 'fast-check';
import { makeDataset, type Dataset } from '../reports/dataset';
import { rollupDifferences } from '../../../main/services/reports/rollups';

let d: Dataset;
beforeAll(async () => {
  d = await makeDataset();
});
afterAll(() => d.t.close());

type Op =
  | { k: 'delete'; picks: number[] }
  | { k: 'restore'; picks: number[] }
  | { k: 'deleteDeal'; pick: number }
  | { k: 'deleteFu'; pick: number }
  | { k: 'deal'; cust: number; stage: number; status: number }
  | { k: 'fu'; cust: number };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ k: fc.constant('delete' as const), picks: fc.array(fc.nat(), { minLength: 1, maxLength: 6 }) }) },
  { weight: 3, arbitrary: fc.record({ k: fc.constant('restore' as const), picks: fc.array(fc.nat(), { minLength: 1, maxLength: 6 }) }) },
  fc.record({ k: fc.constant('deleteDeal' as const), pick: fc.nat() }),
  fc.record({ k: fc.constant('deleteFu' as const), pick: fc.nat() }),
  fc.record({ k: fc.constant('deal' as const), cust: fc.nat(), stage: fc.integer({ min: 1, max: 6 }), status: fc.nat(2) }),
  fc.record({ k: fc.constant('fu' as const), cust: fc.nat() }),
);

it('deletes and restores keep every rollup equal to a fresh GROUP BY', async () => {
  const db = d.t.app.context.db;
  const raw = db.raw;
  const ids = (sql: string) => raw.prepare(sql).pluck().all() as number[];
  const pick = <T>(all: T[], picks: number[]) => [...new Set(picks.map((p) => all[p % all.length]))];
  let deleted = 0;
  let restored = 0;
  let n = 0;
  await fc.assert(
    fc.asyncProperty(fc.array(opArb, { minLength: 1, maxLength: 12 }), async (ops) => {
      for (const o of ops) {
        n++;
        const at = new Date(Date.parse('2026-11-01T00:00:00Z') + n * 3_600_000).toISOString();
        const live = ids('SELECT id FROM customers WHERE deleted_at IS NULL ORDER BY id');
        switch (o.k) {
          case 'delete':
            if (live.length > 3) deleted += (await d.t.ok('admin', 'customers:delete', { ids: pick(live, o.picks) })).deleted;
            break;
          case 'restore': {
            // whole customers from the bin, and lone deals / follow-ups whose customer is live
            const bin = [
              ...ids("SELECT id FROM customers WHERE deleted_at IS NOT NULL ORDER BY id").map((i) => `customer:${i}`),
              ...ids('SELECT d.id FROM deals d JOIN customers c ON c.id = d.customer_id WHERE d.deleted_at IS NOT NULL AND c.deleted_at IS NULL ORDER BY d.id').map((i) => `deal:${i}`),
              ...ids('SELECT f.id FROM follow_ups f JOIN customers c ON c.id = f.customer_id WHERE f.deleted_at IS NOT NULL AND c.deleted_at IS NULL ORDER BY f.id').map((i) => `followUp:${i}`),
            ];
            if (bin.length) restored += (await d.t.ok('admin', 'recycleBin:restore', { ids: pick(bin, o.picks), onClash: 'skip' })).restored;
            break;
          }
          case 'deleteDeal': {
            const all = ids("SELECT id FROM deals WHERE deleted_at IS NULL AND status = 'open' ORDER BY id");
            if (all.length) await d.t.ok('admin', 'deals:delete', { ids: [all[o.pick % all.length]] });
            break;
          }
          case 'deleteFu': {
            const all = ids('SELECT id FROM follow_ups WHERE deleted_at IS NULL ORDER BY id');
            if (all.length) await d.t.ok('admin', 'followUps:delete', { ids: [all[o.pick % all.length]] });
            break;
          }
          case 'deal': {
            const st = ['open', 'won', 'lost'][o.status];
            raw
              .prepare('INSERT INTO deals (name, customer_id, amount_fen, stage_id, probability, owner_id, status, closed_at, created_at, updated_at) VALUES (?, ?, 1000, ?, 30, ?, ?, ?, ?, ?)')
              .run('随机', live[o.cust % live.length], o.stage, d.a, st, st === 'open' ? null : at, at, at);
            break;
          }
          case 'fu':
            raw.prepare("INSERT INTO follow_ups (customer_id, owner_id, at, method, content, created_at, updated_at) VALUES (?, ?, ?, 'visit', 'x', ?, ?)").run(live[o.cust % live.length], d.b, at, at, at);
            break;
        }
      }
      expect(rollupDifferences(db)).toEqual([]);
      expect(raw.prepare('SELECT COUNT(*) FROM rpt_suspend').pluck().get()).toBe(0);
    }),
    { numRuns: 25, seed: 20261129 },
  );
  expect(deleted).toBeGreaterThan(20);
  expect(restored).toBeGreaterThan(20);
});
