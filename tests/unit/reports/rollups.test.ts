// The rollups that make reports fast must equal a from-scratch GROUP BY after any sequence of writes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { makeDataset, NOV, L, type Dataset } from './dataset';
import { rollupDifferences, rebuildRollups, setReportTimezone } from '../../../main/services/reports/rollups';

let d: Dataset;
beforeAll(async () => {
  d = await makeDataset();
});
afterAll(() => d.t.close());

const PROVS = ['浙江', '广东', '上海', null];
const STATUSES = ['potential', 'following', 'won', 'lost'];

type Op =
  | { k: 'cust'; owner: number; prov: number; status: number; day: number }
  | { k: 'custUpdate'; pick: number; owner: number; prov: number; status: number; del: boolean }
  | { k: 'custPurge'; pick: number }
  | { k: 'deal'; owner: number; amount: number; stage: number; status: number; day: number }
  | { k: 'dealUpdate'; pick: number; owner: number; amount: number; status: number; del: boolean; day: number }
  | { k: 'dealPurge'; pick: number }
  | { k: 'move'; pick: number; stage: number; minutes: number }
  | { k: 'fu'; owner: number; day: number }
  | { k: 'fuUpdate'; pick: number; owner: number; del: boolean; day: number }
  | { k: 'custAttrs'; pick: number; prov: number; ind: number; src: number; lvl: number }
  | { k: 'custOwner'; pick: number; owner: number }
  | { k: 'custRestore'; pick: number }
  | { k: 'dealCustomer'; pick: number; cust: number }
  | { k: 'fuCustomer'; pick: number; cust: number };

const INDS = ['制造业', '零售', null];
const SRCS = ['官网', '展会', null];
const LVLS = ['A', 'B', 'C', null];

const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ k: fc.constant('cust' as const), owner: fc.nat(4), prov: fc.nat(3), status: fc.nat(3), day: fc.nat(90) }),
  fc.record({ k: fc.constant('custUpdate' as const), pick: fc.nat(), owner: fc.nat(4), prov: fc.nat(3), status: fc.nat(3), del: fc.boolean() }),
  fc.record({ k: fc.constant('custPurge' as const), pick: fc.nat() }),
  fc.record({ k: fc.constant('deal' as const), owner: fc.nat(4), amount: fc.nat(1_000_000), stage: fc.integer({ min: 1, max: 6 }), status: fc.nat(2), day: fc.nat(90) }),
  fc.record({ k: fc.constant('dealUpdate' as const), pick: fc.nat(), owner: fc.nat(4), amount: fc.nat(1_000_000), status: fc.nat(2), del: fc.boolean(), day: fc.nat(90) }),
  fc.record({ k: fc.constant('dealPurge' as const), pick: fc.nat() }),
  fc.record({ k: fc.constant('move' as const), pick: fc.nat(), stage: fc.integer({ min: 1, max: 6 }), minutes: fc.integer({ min: 1, max: 20000 }) }),
  fc.record({ k: fc.constant('fu' as const), owner: fc.nat(4), day: fc.nat(90) }),
  fc.record({ k: fc.constant('fuUpdate' as const), pick: fc.nat(), owner: fc.nat(4), del: fc.boolean(), day: fc.nat(90) }),
  fc.record({ k: fc.constant('custAttrs' as const), pick: fc.nat(), prov: fc.nat(3), ind: fc.nat(2), src: fc.nat(2), lvl: fc.nat(3) }),
  fc.record({ k: fc.constant('custOwner' as const), pick: fc.nat(), owner: fc.nat(4) }),
  fc.record({ k: fc.constant('custRestore' as const), pick: fc.nat() }),
  fc.record({ k: fc.constant('dealCustomer' as const), pick: fc.nat(), cust: fc.nat() }),
  fc.record({ k: fc.constant('fuCustomer' as const), pick: fc.nat(), cust: fc.nat() }),
);

describe('report rollups', () => {
  it('start equal to a from-scratch GROUP BY', () => {
    expect(rollupDifferences(d.t.app.context.db)).toEqual([]);
  });

  it('a rebuild gives the same counters, and a time zone change moves the day boundaries', async () => {
    const db = d.t.app.context.db;
    rebuildRollups(db);
    expect(rollupDifferences(db)).toEqual([]);
    setReportTimezone(db, 0);
    expect(rollupDifferences(db)).toEqual([]);
    const utc = db.raw.prepare("SELECT SUM(n) FROM rpt_customers_daily WHERE day = ?").pluck().get('2026-10-31');
    setReportTimezone(db, 480);
    const cn = db.raw.prepare("SELECT SUM(n) FROM rpt_customers_daily WHERE day = ?").pluck().get('2026-10-31');
    // customers 4 (local Nov 1 00:30) and 8 (local Oct 31 23:00) are both on Oct 31 in UTC; only 8 in UTC+8
    expect([utc, cn]).toEqual([2, 1]);
    expect(NOV.from).toBe('2026-11-01');
    expect(L('2026-11-01 00:30')).toBe('2026-10-31T16:30:00.000Z');
  });
  it('stay equal after random inserts, updates, soft deletes, restores, purges, stage moves, customer attribute/owner changes and re-parenting', () => {
    const db = d.t.app.context.db;
    const raw = db.raw;
    const owners = [null, d.admin, d.a, d.b, d.c];
    const iso = (day: number, min = 0) => new Date(Date.parse('2026-09-01T00:00:00Z') + day * 86_400_000 + min * 60_000 + 1000 * (day % 7) * 3600).toISOString();
    const pick = (table: string, n: number) => {
      const ids = raw.prepare(`SELECT id FROM ${table} ORDER BY id`).pluck().all() as number[];
      return ids.length ? ids[n % ids.length] : null;
    };
    fc.assert(
      fc.property(fc.array(opArb, { minLength: 1, maxLength: 40 }), (ops) => {
        for (const o of ops) {
          switch (o.k) {
            case 'cust':
              raw.prepare('INSERT INTO customers (name, owner_id, province, status, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)').run('随机', owners[o.owner], PROVS[o.prov], STATUSES[o.status], iso(o.day), iso(o.day));
              break;
            case 'custUpdate': {
              const id = pick('customers', o.pick);
              if (id) raw.prepare('UPDATE customers SET owner_id = ?, province = ?, status = ?, deleted_at = ? WHERE id = ?').run(owners[o.owner], PROVS[o.prov], STATUSES[o.status], o.del ? iso(1) : null, id);
              break;
            }
            case 'custPurge': {
              const id = raw.prepare('SELECT id FROM customers c WHERE NOT EXISTS (SELECT 1 FROM deals WHERE customer_id = c.id) AND NOT EXISTS (SELECT 1 FROM follow_ups WHERE customer_id = c.id) ORDER BY id LIMIT 1 OFFSET ?').pluck().get(o.pick % 3) as number | undefined;
              if (id) raw.prepare('DELETE FROM customers WHERE id = ?').run(id);
              break;
            }
            case 'deal': {
              const st = ['open', 'won', 'lost'][o.status];
              raw.prepare('INSERT INTO deals (name, customer_id, amount_fen, stage_id, probability, owner_id, status, closed_at, created_at, updated_at) VALUES (?, 1, ?, ?, ?, ?, ?, ?, ?, ?)').run('随机', o.amount, o.stage, o.stage * 10, owners[o.owner], st, st === 'open' ? null : iso(o.day), iso(o.day), iso(o.day));
              break;
            }
            case 'dealUpdate': {
              const id = pick('deals', o.pick);
              const st = ['open', 'won', 'lost'][o.status];
              if (id) raw.prepare('UPDATE deals SET owner_id = ?, amount_fen = ?, status = ?, closed_at = ?, deleted_at = ? WHERE id = ?').run(owners[o.owner], o.amount, st, st === 'open' ? null : iso(o.day), o.del ? iso(2) : null, id);
              break;
            }
            case 'dealPurge': {
              const id = raw.prepare('SELECT id FROM deals d WHERE NOT EXISTS (SELECT 1 FROM follow_ups WHERE deal_id = d.id) ORDER BY id DESC LIMIT 1 OFFSET ?').pluck().get(o.pick % 3) as number | undefined;
              if (id) raw.prepare('DELETE FROM deals WHERE id = ?').run(id);
              break;
            }
            case 'move': {
              const id = pick('deals', o.pick);
              if (!id) break;
              const last = (raw.prepare('SELECT MAX(at) FROM deal_stage_history WHERE deal_id = ?').pluck().get(id) as string | null) ?? '2026-09-01T00:00:00.000Z';
              const at = new Date(Date.parse(last) + o.minutes * 60_000).toISOString();
              raw.prepare('INSERT INTO deal_stage_history (deal_id, to_stage_id, at) VALUES (?, ?, ?)').run(id, o.stage, at);
              raw.prepare('UPDATE deals SET stage_id = ? WHERE id = ?').run(o.stage, id);
              break;
            }
            case 'fu':
              raw.prepare("INSERT INTO follow_ups (customer_id, owner_id, at, method, content, created_at, updated_at) VALUES (2, ?, ?, 'visit', 'x', ?, ?)").run(owners[o.owner], iso(o.day), iso(o.day), iso(o.day));
              break;
            case 'custAttrs': {
              // customers 1 and 2 carry the random deals and follow-ups: re-key everything under them
              const id = pick('customers', o.pick % 4 < 2 ? o.pick % 2 : o.pick);
              if (id) raw.prepare('UPDATE customers SET province = ?, industry = ?, source = ?, level = ? WHERE id = ?').run(PROVS[o.prov], INDS[o.ind], SRCS[o.src], LVLS[o.lvl], id);
              break;
            }
            case 'custOwner': {
              const id = pick('customers', o.pick);
              if (id) raw.prepare('UPDATE customers SET owner_id = ? WHERE id = ?').run(owners[o.owner], id);
              break;
            }
            case 'custRestore': {
              const id = pick('customers', o.pick);
              if (id) raw.prepare('UPDATE customers SET deleted_at = NULL WHERE id = ?').run(id);
              break;
            }
            case 'dealCustomer': {
              const id = pick('deals', o.pick);
              const cust = pick('customers', o.cust);
              if (id && cust) raw.prepare('UPDATE deals SET customer_id = ? WHERE id = ?').run(cust, id);
              break;
            }
            case 'fuCustomer': {
              const id = pick('follow_ups', o.pick);
              const cust = pick('customers', o.cust);
              if (id && cust) raw.prepare('UPDATE follow_ups SET customer_id = ? WHERE id = ?').run(cust, id);
              break;
            }
            case 'fuUpdate': {
              const id = pick('follow_ups', o.pick);
              if (id) raw.prepare('UPDATE follow_ups SET owner_id = ?, at = ?, deleted_at = ? WHERE id = ?').run(owners[o.owner], iso(o.day), o.del ? iso(3) : null, id);
              break;
            }
          }
        }
        expect(rollupDifferences(db)).toEqual([]);
      }),
      { numRuns: 40, seed: 20261122 },
    );
  });

});
