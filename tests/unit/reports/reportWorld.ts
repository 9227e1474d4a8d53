// A small report world with fixed random data (seeded): three owners (the admin, rep A logged in as 'rep', rep B)
// and the pool; customers over four attributes with unset values; deals walking through the stages with ties,
// some won or lost; follow-ups; soft-deleted customers and deals. Used by the tests that compare a report with
// its definition written straight over the base tables, on every path the service may take (funnelExact,
// performanceExact).
import fc from 'fast-check';
import { expect } from 'vitest';
import { makeTestApp, type TestApp } from '../../helpers/testApp';
import { hashPassword } from '../../../main/services/auth/password';
import { roleIdByKey } from '../../../main/services/auth/roles';
import { ReportSources } from '../../../main/services/reports/sources';
import { addDays, reportTz } from '../../../main/services/reports/period';

export const PROVS = ['浙江', '广东', '上海', null];
export const INDS = ['制造业', '零售', null];
export const SRCS = ['官网', '展会', null];
export const LVLS = ['A', 'B', 'C', null];
export const FIRST_DAY = '2026-09-01';
export const DAYS = 60;

export interface ReportWorld {
  t: TestApp;
  /** admin, rep A, rep B */
  owners: number[];
  repA: number;
}

/** mulberry32: the same data on every run */
function prng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let x = Math.imul(s ^ (s >>> 15), 1 | s);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

export async function makeReportWorld(): Promise<ReportWorld> {
  const t = await makeTestApp();
  const admin = (await t.setupAdmin()).id;
  const db = t.app.context.db;
  const now = t.clock.now().toISOString();
  const sales = roleIdByKey(db, 'sales');
  const addRep = async (username: string) =>
    Number(
      db
        .prepare('INSERT INTO users (username, display_name, password_hash, role_id, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)')
        .run(username, username, await hashPassword('rep-pass-123'), sales, now, now).lastInsertRowid,
    );
  const repA = await addRep('repa');
  const repB = await addRep('repb');
  const owners = [admin, repA, repB];
  await t.ok('rep', 'auth:login', { username: 'repa', password: 'rep-pass-123' });

  const r = prng(11);
  const pick = <T,>(xs: readonly T[]) => xs[Math.floor(r() * xs.length)];
  const at = (day: number, ms: number) => new Date(Date.parse(`${FIRST_DAY}T00:00:00+08:00`) + day * 86_400_000 + ms).toISOString();
  const stages = (db.prepare("SELECT id, kind FROM stages WHERE archived_at IS NULL ORDER BY position").all() as { id: number; kind: string }[]);
  const open = stages.filter((s) => s.kind === 'open').map((s) => s.id);
  const won = stages.find((s) => s.kind === 'won')!.id;
  const lost = stages.find((s) => s.kind === 'lost')!.id;
  const cust = db.prepare(
    `INSERT INTO customers (name, owner_id, province, industry, source, level, status, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, 'potential', ?, ?)`,
  );
  const deal = db.prepare(
    `INSERT INTO deals (name, customer_id, amount_fen, stage_id, probability, owner_id, status, closed_at, created_at, updated_at) VALUES (?, ?, ?, ?, 50, ?, 'open', NULL, ?, ?)`,
  );
  const hist = db.prepare('INSERT INTO deal_stage_history (deal_id, from_stage_id, to_stage_id, at) VALUES (?, ?, ?, ?)');
  const customers: number[] = [];
  for (let i = 0; i < 70; i++) {
    const created = at(Math.floor(r() * DAYS), Math.floor(r() * 86_400_000));
    customers.push(Number(cust.run(`客户${i}`, r() < 0.15 ? null : pick(owners), pick(PROVS), pick(INDS), pick(SRCS), pick(LVLS), created, created).lastInsertRowid));
  }
  // deals: a walk through the stages (sometimes skipping one, sometimes twice at the same instant with the
  // later entry going to an earlier stage), then maybe won or lost; entries of several deals interleave by id
  const walks: { id: number; day: number; ms: number; stage: number; left: number; end: 'open' | 'won' | 'lost' }[] = [];
  for (let i = 0; i < 160; i++) {
    const day = Math.floor(r() * (DAYS - 10)) - 5;
    const created = at(day, 0);
    const owner = r() < 0.1 ? null : pick(owners);
    const id = Number(deal.run(`商机${i}`, pick(customers), 1000 + Math.floor(r() * 900_000), open[0], owner, created, created).lastInsertRowid);
    walks.push({ id, day, ms: Math.floor(r() * 86_400_000), stage: 0, left: 1 + Math.floor(r() * 5), end: pick(['open', 'won', 'lost', 'won'] as const) });
  }
  while (walks.some((w) => w.left > 0)) {
    const w = pick(walks.filter((x) => x.left > 0));
    const last = w.left === 1;
    const to = last && w.end !== 'open' ? (w.end === 'won' ? won : lost) : open[Math.min(open.length - 1, w.stage)];
    hist.run(w.id, null, to, at(w.day, w.ms));
    db.prepare('UPDATE deals SET stage_id = ? WHERE id = ?').run(to, w.id);
    if (last && w.end !== 'open') db.prepare('UPDATE deals SET status = ?, closed_at = ? WHERE id = ?').run(w.end, at(w.day, w.ms), w.id);
    w.left--;
    w.stage += r() < 0.2 ? 2 : 1;
    // the same instant again (a tie broken by id), or 1 ms to 9 days later with odd milliseconds
    if (r() > 0.15) w.ms += 1 + Math.floor(r() * 9 * 86_400_000);
    if (r() < 0.1) w.stage = Math.max(0, w.stage - 2);
  }
  db.prepare(`UPDATE deals SET deleted_at = ? WHERE id % 13 = 0`).run(now);
  db.prepare(`UPDATE customers SET deleted_at = ? WHERE id % 11 = 0`).run(now);
  // follow-ups (own random stream: the rows above stay as they were): by any owner or none, on live and
  // soft-deleted customers, some deleted themselves, at any time of the range and around it
  const rf = prng(29);
  const fuIns = db.prepare(`INSERT INTO follow_ups (customer_id, owner_id, at, method, content, created_at, updated_at, deleted_at) VALUES (?, ?, ?, '电话', '回访', ?, ?, ?)`);
  for (let i = 0; i < 400; i++) {
    // some exactly at local midnight: the first instant of a day (a period's boundary)
    const fat = at(Math.floor(rf() * (DAYS + 20)) - 10, rf() < 0.15 ? 0 : Math.floor(rf() * 86_400_000));
    const owner = rf() < 0.1 ? null : owners[Math.floor(rf() * owners.length)];
    fuIns.run(customers[Math.floor(rf() * customers.length)], owner, fat, fat, fat, rf() < 0.08 ? now : null);
  }
  return { t, owners, repA };
}

export interface Filters {
  ownerIds?: number[];
  provinces?: string[];
  industries?: string[];
  sources?: string[];
  levels?: ('A' | 'B' | 'C')[];
}

const subset = <T,>(xs: readonly T[]) => fc.subarray([...xs], { minLength: 0 });
const anyFilters: fc.Arbitrary<Filters> = fc.record(
  {
    provinces: subset(PROVS.map((x) => x ?? '')),
    industries: subset(INDS.map((x) => x ?? '')),
    sources: subset(SRCS.map((x) => x ?? '')),
    levels: subset(['A', 'B', 'C'] as const),
    ownerIds: fc.subarray([0, 1, 2, 3, 999]),
  },
  { requiredKeys: [] },
);
// '' (not set) in every attribute filtered, levels left out (they cannot name ''): nothing leads a customer scan
const withNotSet = anyFilters.map(({ levels: _levels, ...f }) => {
  const add = (xs?: string[]) => (xs?.length ? [...new Set([...xs, ''])] : xs);
  return { ...f, provinces: add(f.provinces), industries: add(f.industries), sources: add(f.sources) };
});
export const filtersArb = fc.oneof({ arbitrary: anyFilters, weight: 4 }, { arbitrary: withNotSet, weight: 1 });

/** Which way the service answers these filters (to check that every path was met). */
export function pathOf(w: ReportWorld, who: 'admin' | 'rep', f: Filters): string {
  const db = w.t.app.context.db;
  const user = { id: who === 'rep' ? w.repA : w.owners[0], scope: who === 'rep' ? 'own' : 'all' } as never;
  type Inner = { base: boolean; minus: Inner | null; customerSet(): unknown };
  const src = ReportSources.for(db, user, f, reportTz(db)) as unknown as Inner;
  const customersFirst = (x: Inner) => x.base && x.customerSet() !== null;
  if (src.minus) return customersFirst(src.minus) ? 'rollups minus customers first' : 'rollups minus base';
  if (customersFirst(src)) return 'customers first';
  return src.base ? 'base tables' : 'rollups';
}

/**
 * Runs `check` for `numRuns` random filter sets (owner ids 1-3 = the world's owners), ranges around the data and
 * callers (the admin or rep A), then asserts that every path was met more than 5 times.
 */
export async function onEveryPath(
  w: ReportWorld,
  numRuns: number,
  check: (who: 'admin' | 'rep', from: string, to: string, f: Filters) => Promise<void>,
): Promise<void> {
  const seen = new Map<string, number>();
  await fc.assert(
    fc.asyncProperty(filtersArb, fc.nat(DAYS + 9), fc.nat(40), fc.constantFrom('admin' as const, 'rep' as const), async (filters, start, len, who) => {
      const from = addDays(FIRST_DAY, start - 8);
      const to = addDays(from, len);
      const ownerIds = filters.ownerIds?.map((i) => (i >= 1 && i <= 3 ? w.owners[i - 1] : i));
      const f = { ...filters, ...(ownerIds ? { ownerIds } : {}) };
      const path = pathOf(w, who, f);
      seen.set(path, (seen.get(path) ?? 0) + 1);
      await check(who, from, to, f);
    }),
    { numRuns, seed: 20261130 },
  );
  for (const path of ['rollups', 'customers first', 'rollups minus customers first', 'base tables']) expect(seen.get(path) ?? 0, `${path}: ${JSON.stringify([...seen])}`).toBeGreaterThan(5);
}
