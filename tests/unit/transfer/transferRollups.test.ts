// customers:transfer re-keys the report rollups set-based (migration 0012's suspend flag + db/rollupSuspend.ts)
// instead of through the per-row triggers. The rollups must still equal a from-scratch GROUP BY after random
// transfers (with and without open deals, by id and by filter) mixed with ordinary writes that go through
// the triggers, and the flag must never outlive the transaction.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { makeDataset, type Dataset } from '../reports/dataset';
import { rollupDifferences } from '../../../main/services/reports/rollups';

let d: Dataset;
beforeAll(async () => {
  d = await makeDataset();
});
afterAll(() => d.t.close());

type Op =
  | { k: 'transfer'; picks: number[]; to: number; deals: boolean; reminders: boolean }
  | { k: 'transferFilter'; owner: number; to: number }
  | { k: 'deal'; cust: number; owner: number; stage: number; amount: number; status: number; day: number }
  | { k: 'move'; pick: number; stage: number; minutes: number }
  | { k: 'dealOwner'; pick: number; owner: number }
  | { k: 'dealDelete'; pick: number }
  | { k: 'custAttrs'; pick: number; prov: number; lvl: number }
  | { k: 'custDelete'; pick: number; del: boolean }
  | { k: 'fu'; cust: number; owner: number; day: number }
  | { k: 'reminder'; cust: number };

const PROVS = ['浙江', '广东', null];
const LVLS = ['A', 'B', null];

const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ k: fc.constant('transfer' as const), picks: fc.array(fc.nat(), { minLength: 1, maxLength: 6 }), to: fc.nat(3), deals: fc.boolean(), reminders: fc.boolean() }) },
  fc.record({ k: fc.constant('transferFilter' as const), owner: fc.nat(3), to: fc.nat(3) }),
  fc.record({ k: fc.constant('deal' as const), cust: fc.nat(), owner: fc.nat(4), stage: fc.integer({ min: 1, max: 6 }), amount: fc.nat(1_000_000), status: fc.nat(2), day: fc.nat(60) }),
  fc.record({ k: fc.constant('move' as const), pick: fc.nat(), stage: fc.integer({ min: 1, max: 6 }), minutes: fc.integer({ min: 1, max: 20000 }) }),
  fc.record({ k: fc.constant('dealOwner' as const), pick: fc.nat(), owner: fc.nat(4) }),
  fc.record({ k: fc.constant('dealDelete' as const), pick: fc.nat() }),
  fc.record({ k: fc.constant('custAttrs' as const), pick: fc.nat(), prov: fc.nat(2), lvl: fc.nat(2) }),
  fc.record({ k: fc.constant('custDelete' as const), pick: fc.nat(), del: fc.boolean() }),
  fc.record({ k: fc.constant('fu' as const), cust: fc.nat(), owner: fc.nat(4), day: fc.nat(60) }),
  fc.record({ k: fc.constant('reminder' as const), cust: fc.nat() }),
);

describe('transfer keeps the report rollups exact', () => {
  it('after random transfers mixed with ordinary writes, every rollup equals a fresh GROUP BY', async () => {
    const db = d.t.app.context.db;
    const raw = db.raw;
    const users = [d.admin, d.a, d.b, d.c];
    const owners = [null, ...users];
    const iso = (day: number, min = 0) => new Date(Date.parse('2026-10-01T00:00:00Z') + day * 86_400_000 + min * 60_000).toISOString();
    const ids = (table: string) => raw.prepare(`SELECT id FROM ${table} ORDER BY id`).pluck().all() as number[];
    const pick = (table: string, n: number) => {
      const all = ids(table);
      return all.length ? all[n % all.length] : null;
    };
    let moved = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(opArb, { minLength: 1, maxLength: 25 }), async (ops) => {
        for (const o of ops) {
          switch (o.k) {
            case 'transfer': {
              const live = raw.prepare('SELECT id FROM customers WHERE deleted_at IS NULL ORDER BY id').pluck().all() as number[];
              if (!live.length) break;
              const chosen = [...new Set(o.picks.map((p) => live[p % live.length]))];
              const r = await d.t.ok('admin', 'customers:transfer', { ids: chosen, toUserId: users[o.to], withOpenDeals: o.deals, withReminders: o.reminders });
              moved += r.transferred + r.deals;
              break;
            }
            case 'transferFilter':
              await d.t.ok('admin', 'customers:transfer', { filter: { ownerIds: [users[o.owner]] }, toUserId: users[o.to], withOpenDeals: true, withReminders: true });
              break;
            case 'deal': {
              const cust = pick('customers', o.cust);
              const st = ['open', 'won', 'lost'][o.status];
              if (cust)
                raw
                  .prepare('INSERT INTO deals (name, customer_id, amount_fen, stage_id, probability, owner_id, status, closed_at, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)')
                  .run('随机', cust, o.amount, o.stage, o.stage * 10, owners[o.owner], st, st === 'open' ? null : iso(o.day), iso(o.day), iso(o.day));
              break;
            }
            case 'move': {
              const id = pick('deals', o.pick);
              if (!id) break;
              const last = (raw.prepare('SELECT MAX(at) FROM deal_stage_history WHERE deal_id = ?').pluck().get(id) as string | null) ?? '2026-10-01T00:00:00.000Z';
              raw.prepare('INSERT INTO deal_stage_history (deal_id, to_stage_id, at) VALUES (?, ?, ?)').run(id, o.stage, new Date(Date.parse(last) + o.minutes * 60_000).toISOString());
              raw.prepare('UPDATE deals SET stage_id = ? WHERE id = ?').run(o.stage, id);
              break;
            }
            case 'dealOwner': {
              const id = pick('deals', o.pick);
              if (id) raw.prepare('UPDATE deals SET owner_id = ? WHERE id = ?').run(owners[o.owner], id);
              break;
            }
            case 'dealDelete': {
              const id = pick('deals', o.pick);
              if (id) raw.prepare('UPDATE deals SET deleted_at = CASE WHEN deleted_at IS NULL THEN ? END WHERE id = ?').run(iso(5), id);
              break;
            }
            case 'custAttrs': {
              const id = pick('customers', o.pick);
              if (id) raw.prepare('UPDATE customers SET province = ?, level = ? WHERE id = ?').run(PROVS[o.prov], LVLS[o.lvl], id);
              break;
            }
            case 'custDelete': {
              const id = pick('customers', o.pick);
              if (id) raw.prepare('UPDATE customers SET deleted_at = ? WHERE id = ?').run(o.del ? iso(7) : null, id);
              break;
            }
            case 'fu': {
              const cust = pick('customers', o.cust);
              if (cust) raw.prepare("INSERT INTO follow_ups (customer_id, owner_id, at, method, content, created_at, updated_at) VALUES (?, ?, ?, 'visit', 'x', ?, ?)").run(cust, owners[o.owner], iso(o.day), iso(o.day), iso(o.day));
              break;
            }
            case 'reminder': {
              const cust = raw.prepare('SELECT id, owner_id FROM customers WHERE owner_id IS NOT NULL ORDER BY id LIMIT 1 OFFSET ?').get(o.cust % 4) as { id: number; owner_id: number } | undefined;
              if (cust) raw.prepare("INSERT INTO reminders (user_id, customer_id, due_at, content, status, created_at, updated_at) VALUES (?, ?, ?, '回访', 'pending', ?, ?)").run(cust.owner_id, cust.id, iso(9), iso(9), iso(9));
              break;
            }
          }
        }
        expect(rollupDifferences(db)).toEqual([]);
        expect(raw.prepare('SELECT COUNT(*) FROM rpt_suspend').pluck().get()).toBe(0);
      }),
      { numRuns: 30, seed: 20261129 },
    );
    expect(moved).toBeGreaterThan(30); // the property moved real rows, not just no-ops
  });

  it('a transfer that fails half-way leaves no flag and no half-applied rollup', async () => {
    const db = d.t.app.context.db;
    const raw = db.raw;
    // an open deal its customer's owner works, so the transfer moves it
    const cust = raw.prepare('SELECT id, owner_id FROM customers WHERE deleted_at IS NULL AND owner_id IS NOT NULL ORDER BY id LIMIT 1').get() as { id: number; owner_id: number };
    raw.prepare("INSERT INTO deals (name, customer_id, amount_fen, stage_id, probability, owner_id, status, created_at, updated_at) VALUES ('x', ?, 777, 2, 20, ?, 'open', ?, ?)").run(cust.id, cust.owner_id, '2026-11-01T00:00:00.000Z', '2026-11-01T00:00:00.000Z');
    const snapshot = () => raw.prepare('SELECT * FROM rpt_pipeline WHERE n <> 0 ORDER BY stage_id, owner_id').all();
    const before = snapshot();
    const to = [d.a, d.b, d.c].find((u) => u !== cust.owner_id)!;
    // the deals UPDATE aborts inside the suspended window: the whole transaction must roll back
    raw.exec("CREATE TEMP TRIGGER wp_fail BEFORE UPDATE OF owner_id ON deals BEGIN SELECT RAISE(ABORT, 'boom'); END");
    try {
      const env = await d.t.call('admin', 'customers:transfer', { ids: [cust.id], toUserId: to, withOpenDeals: true });
      expect(env.ok).toBe(false);
    } finally {
      raw.exec('DROP TRIGGER temp.wp_fail');
    }
    expect(raw.prepare('SELECT COUNT(*) FROM rpt_suspend').pluck().get()).toBe(0);
    expect(raw.prepare('SELECT owner_id FROM customers WHERE id = ?').pluck().get(cust.id)).toBe(cust.owner_id);
    expect(snapshot()).toEqual(before);
    expect(rollupDifferences(db)).toEqual([]);
    // and the triggers work again for the next ordinary write
    raw.prepare('UPDATE deals SET owner_id = ? WHERE customer_id = ? AND status = ?').run(to, cust.id, 'open');
    expect(rollupDifferences(db)).toEqual([]);
  });
});
