// Deal list and kanban speed at scale (issue #6). Usage: npx tsx bench/deals.bench.ts [deals=200000] [dataDir]
// Generates deals straight into a migrated database (deterministic), then times the handlers through
// dispatch (zod + session + permission + service + SQLite) and, as the baseline, the raw keyset SQL
// with better-sqlite3 prepared statements on the same data. Prints medians and p95 in ms.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { createApp } from '../main/app/createApp';
import { harnessPlatform } from '../main/platform/harness';
import { roleIdByKey } from '../main/services/auth/roles';
import { hashPassword, setScryptCostForTests } from '../main/services/auth/password';

const N = Number(process.argv[2] ?? 200_000);
const dataDir = process.argv[3] ?? fs.mkdtempSync(path.join(os.tmpdir(), 'zg-deals-bench-'));
const quiet = { info() {}, warn() {}, error(m: string, e?: unknown) { console.error(m, e); } };
setScryptCostForTests(2 ** 10);

function rng(seed: number) {
  let s = seed >>> 0;
  return () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32);
}

async function main() {
  const { platform } = harnessPlatform(dataDir, { send() {} });
  const app = createApp({ dataDir, platform, log: quiet });
  const db = app.context.db;
  const call = async (caller: string, ch: string, input?: unknown) => {
    const r = await app.dispatch(caller, ch, input);
    if (!r.ok) throw new Error(`${ch}: ${JSON.stringify(r.error)}`);
    return r.value as never;
  };
  const existing = (db.prepare('SELECT count(*) AS n FROM deals').get() as { n: number }).n;
  if (!existing) {
    await call('admin', 'auth:setup', { username: 'owner', password: 'owner-pass-1', displayName: '王老板' });
  } else {
    await call('admin', 'auth:login', { username: 'owner', password: 'owner-pass-1' });
  }
  const now = new Date('2026-11-01T00:00:00Z').getTime();
  if (!existing) {
    const t0 = performance.now();
    const r = rng(42);
    const repHash = await hashPassword('rep-pass-1');
    const iso = (ms: number) => new Date(ms).toISOString();
    db.tx(() => {
      const salesRole = roleIdByKey(db, 'sales');
      const u = db.prepare('INSERT INTO users (username, display_name, password_hash, role_id, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)');
      for (let i = 1; i <= 19; i++) u.run(`rep${i}`, `销售${i}`, repHash, salesRole, iso(now), iso(now));
      const c = db.prepare('INSERT INTO customers (name, owner_id, status, created_at, updated_at) VALUES (?, ?, ?, ?, ?)');
      const customers = Math.max(1000, Math.floor(N / 5));
      for (let i = 1; i <= customers; i++) c.run(`客户${i}`, 1 + Math.floor(r() * 20), 'following', iso(now), iso(now));
      const stages = db.prepare('SELECT id, probability, kind FROM stages ORDER BY position').all() as { id: number; probability: number; kind: string }[];
      const d = db.prepare(
        `INSERT INTO deals (name, customer_id, amount_fen, expected_close_date, stage_id, probability, owner_id, status, closed_at, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      );
      for (let i = 1; i <= N; i++) {
        const s = stages[Math.floor(r() * stages.length)];
        const created = now - Math.floor(r() * 730) * 86_400_000;
        const exp = r() < 0.1 ? null : iso(created + Math.floor(r() * 365) * 86_400_000).slice(0, 10);
        d.run(
          `商机${i}`,
          1 + Math.floor(r() * customers),
          Math.floor(r() * 100_000_000),
          exp,
          s.id,
          s.probability,
          1 + Math.floor(r() * 20),
          s.kind,
          s.kind === 'open' ? null : iso(created + 86_400_000),
          iso(created),
          iso(created + Math.floor(r() * 30) * 86_400_000),
        );
      }
    });
    db.raw.exec('ANALYZE');
    console.log(`generated ${N} deals in ${((performance.now() - t0) / 1000).toFixed(1)} s (${dataDir})`);
  }
  // a sales rep (scope own) in another window
  await call('rep', 'auth:login', { username: 'rep3', password: 'rep-pass-1' });

  async function time(label: string, fn: () => unknown, runs = 60) {
    const ms: number[] = [];
    for (let i = 0; i < runs; i++) {
      const t = performance.now();
      await fn();
      ms.push(performance.now() - t);
    }
    ms.sort((a, b) => a - b);
    const med = ms[Math.floor(runs / 2)];
    const p95 = ms[Math.floor(runs * 0.95)];
    console.log(`${label.padEnd(58)} median ${med.toFixed(2).padStart(7)} ms   p95 ${p95.toFixed(2).padStart(7)} ms`);
    return med;
  }

  const stageId = (db.prepare("SELECT id FROM stages WHERE name = '需求确认'").get() as { id: number }).id;
  const last = async (input: Record<string, unknown>) => {
    // walk to a deep page once to get a "middle" cursor
    let cursor: string | null = null;
    for (let i = 0; i < 20; i++) {
      const p: { nextCursor: string | null } = await call('admin', 'deals:list', { ...input, limit: 500, cursor });
      cursor = p.nextCursor;
    }
    return cursor;
  };
  const cases: [string, Record<string, unknown>][] = [
    ['list first page, newest first', {}],
    ['list first page, amount desc', { sort: { field: 'amountFen', dir: 'desc' } }],
    ['list first page, expected close asc', { sort: { field: 'expectedCloseDate', dir: 'asc' } }],
    ['list first page, updated desc', { sort: { field: 'updatedAt', dir: 'desc' } }],
    ['list first page, name asc', { sort: { field: 'name', dir: 'asc' } }],
    ['list stage filter, amount desc', { filter: { stageIds: [stageId] }, sort: { field: 'amountFen', dir: 'desc' } }],
    ['list stage filter, expected asc', { filter: { stageIds: [stageId] }, sort: { field: 'expectedCloseDate', dir: 'asc' } }],
    ['list stage filter, name asc', { filter: { stageIds: [stageId] }, sort: { field: 'name', dir: 'asc' } }],
    ['list two stages, amount desc', { filter: { stageIds: [stageId, stageId + 1] }, sort: { field: 'amountFen', dir: 'desc' } }],
    ['list amount range ¥100k–¥200k, amount asc', { filter: { amountMinFen: 10_000_000, amountMaxFen: 20_000_000 }, sort: { field: 'amountFen', dir: 'asc' } }],
    ['list expected close 2026-12, expected asc', { filter: { expectedCloseMonth: '2026-12' }, sort: { field: 'expectedCloseDate', dir: 'asc' } }],
    ['list expected close 2026-12, amount desc', { filter: { expectedCloseMonth: '2026-12' }, sort: { field: 'amountFen', dir: 'desc' } }],
    ['list far month 2030-01 (few deals), amount desc', { filter: { expectedCloseMonth: '2030-01' }, sort: { field: 'amountFen', dir: 'desc' } }],
    ['list amount range ¥100k–¥200k, updated desc', { filter: { amountMinFen: 10_000_000, amountMaxFen: 20_000_000 }, sort: { field: 'updatedAt', dir: 'desc' } }],
    ['list owner filter, updated desc', { filter: { ownerIds: [5] }, sort: { field: 'updatedAt', dir: 'desc' } }],
    ['list customer filter', { filter: { customerId: 77 } }],
    ['list open status + expected month, amount desc', { filter: { statuses: ['open'], expectedCloseMonth: '2027-03' }, sort: { field: 'amountFen', dir: 'desc' } }],
  ];
  console.log(`\n${N} deals — handler level (dispatch → service → SQLite), 100 rows per page`);
  for (const [label, input] of cases) await time(label, () => call('admin', 'deals:list', { ...input, limit: 100 }));
  for (const [label, input] of cases.slice(0, 3)) {
    const cursor = await last(input);
    await time(`${label} — page 101 (after 10,000 rows)`, () => call('admin', 'deals:list', { ...input, limit: 100, cursor }));
  }
  await time('list with total (aggregate: no filter)', () => call('admin', 'deals:list', { limit: 100, withTotal: true }));
  await time('list with total (COUNT: amount filter)', () => call('admin', 'deals:list', { limit: 100, withTotal: true, filter: { amountMinFen: 90_000_000 } }), 10);
  await time('board (all scope, 6 columns × 20 cards)', () => call('admin', 'deals:board', {}));
  await time('board (one owner)', () => call('admin', 'deals:board', { ownerId: 7 }));
  const col = ((await call('admin', 'deals:board', {})) as { columns: { stageId: number; nextCursor: string }[] }).columns[1];
  await time('board column next page', () => call('admin', 'deals:board', { stageId: col.stageId, cursor: col.nextCursor }));
  await time('sales rep (scope own): list amount desc', () => call('rep', 'deals:list', { sort: { field: 'amountFen', dir: 'desc' }, limit: 100 }));
  await time('sales rep (scope own): list stage filter, expected asc', () =>
    call('rep', 'deals:list', { filter: { stageIds: [stageId] }, sort: { field: 'expectedCloseDate', dir: 'asc' }, limit: 100 }),
  );
  await time('sales rep (scope own): board', () => call('rep', 'deals:board', {}));

  console.log('\nraw baseline (better-sqlite3 prepared keyset query, same data, ids only)');
  const raw = db.raw;
  const q1 = raw.prepare('SELECT id FROM deals WHERE deleted_at IS NULL ORDER BY id DESC LIMIT 101');
  const q2 = raw.prepare('SELECT id FROM deals WHERE deleted_at IS NULL ORDER BY amount_fen DESC, id DESC LIMIT 101');
  const q3 = raw.prepare('SELECT * FROM deals WHERE deleted_at IS NULL ORDER BY amount_fen DESC, id DESC LIMIT 101');
  await time('raw: newest first (ids)', () => q1.all());
  await time('raw: amount desc (ids)', () => q2.all());
  await time('raw: amount desc (all columns)', () => q3.all());
  const countAll = raw.prepare('SELECT stage_id, count(*), sum(amount_fen) FROM deals WHERE deleted_at IS NULL GROUP BY stage_id');
  await time('raw: COUNT+SUM per stage over all deals (what the aggregate avoids)', () => countAll.all(), 5);

  // one write, with triggers + 13 indexes + audit
  const d = (await call('admin', 'deals:list', { limit: 1 })) as { rows: { id: number; version: number }[] };
  let v = d.rows[0].version;
  const id = d.rows[0].id;
  const stages = [stageId, stageId - 1];
  let k = 0;
  await time('moveStage (write + history + audit + totals)', async () => {
    const r = (await call('admin', 'deals:moveStage', { id, version: v, stageId: stages[k++ % 2] })) as { version: number };
    v = r.version;
  }, 40);
  await app.close();
}

void main().catch((e) => {
  console.error(e);
  process.exit(1);
});
