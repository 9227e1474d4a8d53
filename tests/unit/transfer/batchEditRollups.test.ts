// customers:batchUpdate of status / level / region / industry / source re-keys the report rollups set-based
// (db/rollupSuspend.ts with only the changed attribute dimensions of the customers' deals and follow-ups).
// The rollups must equal a from-scratch GROUP BY after random batch edits mixed with transfers and ordinary
// writes that go through the triggers.
import { afterAll, beforeAll, expect, it } from 'vitest';
import fc from 'fast-check';
import { makeDataset, type Dataset } from '../reports/dataset';
import { rollupDifferences } from '../../../main/services/reports/rollups';

let d: Dataset;
beforeAll(async () => {
  d = await makeDataset();
});
afterAll(() => d.t.close());

const LEVELS = ['A', 'B', 'C', null] as const;
const STATUSES = ['potential', 'following', 'won', 'lost'] as const;
const PROVS = ['浙江', '广东', null];
const patchArb = fc.record(
  {
    level: fc.constantFrom(...LEVELS),
    status: fc.constantFrom(...STATUSES),
    province: fc.constantFrom(...PROVS),
    industry: fc.constantFrom('制造业', '零售', null),
    source: fc.constantFrom('官网', null),
    city: fc.constantFrom('杭州', null),
  },
  { requiredKeys: [] },
  // 广东 with 杭州 is refused (杭州 is not in 广东): such a patch keeps only the province
).map((p) => (p.province === '广东' && p.city ? { ...p, city: undefined } : p));

type Op =
  | { k: 'batch'; picks: number[]; patch: Record<string, unknown> }
  | { k: 'transfer'; picks: number[]; to: number }
  | { k: 'deal'; cust: number; stage: number; status: number }
  | { k: 'move'; pick: number; stage: number }
  | { k: 'fu'; cust: number };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ k: fc.constant('batch' as const), picks: fc.array(fc.nat(), { minLength: 1, maxLength: 8 }), patch: patchArb }) },
  fc.record({ k: fc.constant('transfer' as const), picks: fc.array(fc.nat(), { minLength: 1, maxLength: 4 }), to: fc.nat(3) }),
  fc.record({ k: fc.constant('deal' as const), cust: fc.nat(), stage: fc.integer({ min: 1, max: 6 }), status: fc.nat(2) }),
  fc.record({ k: fc.constant('move' as const), pick: fc.nat(), stage: fc.integer({ min: 1, max: 6 }) }),
  fc.record({ k: fc.constant('fu' as const), cust: fc.nat() }),
);

it('batch edits keep every rollup equal to a fresh GROUP BY', async () => {
  const db = d.t.app.context.db;
  const raw = db.raw;
  const users = [d.admin, d.a, d.b, d.c];
  const live = () => raw.prepare('SELECT id FROM customers WHERE deleted_at IS NULL ORDER BY id').pluck().all() as number[];
  const pickIds = (picks: number[]) => {
    const all = live();
    return [...new Set(picks.map((p) => all[p % all.length]))];
  };
  let updated = 0;
  let n = 0;
  await fc.assert(
    fc.asyncProperty(fc.array(opArb, { minLength: 1, maxLength: 15 }), async (ops) => {
      for (const o of ops) {
        n++;
        const at = new Date(Date.parse('2026-11-01T00:00:00Z') + n * 3_600_000).toISOString();
        switch (o.k) {
          case 'batch':
            if (Object.keys(o.patch).length) updated += (await d.t.ok('admin', 'customers:batchUpdate', { ids: pickIds(o.picks), patch: o.patch })).updated;
            break;
          case 'transfer':
            await d.t.ok('admin', 'customers:transfer', { ids: pickIds(o.picks), toUserId: users[o.to], withOpenDeals: true });
            break;
          case 'deal': {
            const cust = pickIds([o.cust])[0];
            const st = ['open', 'won', 'lost'][o.status];
            raw
              .prepare('INSERT INTO deals (name, customer_id, amount_fen, stage_id, probability, owner_id, status, closed_at, created_at, updated_at) VALUES (?, ?, 1000, ?, 30, ?, ?, ?, ?, ?)')
              .run('随机', cust, o.stage, d.a, st, st === 'open' ? null : at, at, at);
            break;
          }
          case 'move': {
            const ids = raw.prepare('SELECT id FROM deals ORDER BY id').pluck().all() as number[];
            const id = ids[o.pick % ids.length];
            // history is append-only (the triggers rely on it): the new entry is the deal's latest
            const last = (raw.prepare('SELECT MAX(at) FROM deal_stage_history WHERE deal_id = ?').pluck().get(id) as string | null) ?? at;
            raw.prepare('INSERT INTO deal_stage_history (deal_id, to_stage_id, at) VALUES (?, ?, ?)').run(id, o.stage, new Date(Date.parse(last > at ? last : at) + 60_000).toISOString());
            raw.prepare('UPDATE deals SET stage_id = ? WHERE id = ?').run(o.stage, id);
            break;
          }
          case 'fu':
            raw.prepare("INSERT INTO follow_ups (customer_id, owner_id, at, method, content, created_at, updated_at) VALUES (?, ?, ?, 'visit', 'x', ?, ?)").run(pickIds([o.cust])[0], d.b, at, at, at);
            break;
        }
      }
      expect(rollupDifferences(db)).toEqual([]);
      expect(raw.prepare('SELECT COUNT(*) FROM rpt_suspend').pluck().get()).toBe(0);
    }),
    { numRuns: 30, seed: 20261130 },
  );
  expect(updated).toBeGreaterThan(30);
});
