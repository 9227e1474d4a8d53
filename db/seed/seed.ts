// The deterministic demo/benchmark data generator: users, customers (with search rows computed by the
// same customerSearchFields as the service), tags, deals with stage history, follow-ups over two years.
//
// Speed: secondary indexes of the bulk tables are dropped first and rebuilt at the end (one sort per
// index instead of 1M random inserts), rows go in through prepared statements in big transactions with
// synchronous=OFF (a seed database is disposable until it is finished), and the per-customer facts that
// later rows depend on (owner, status, created/last follow-up time) live in typed arrays. Customers are
// generated on two threads (customerGenerator.ts); on a fresh database the search tables are built by the
// worker in a side database while this thread writes deals, follow-ups and indexes (sideFts.ts).
import type { Db } from '../sql';
import { Prng } from './prng';
import { isoSecond } from './isoTime';
import { person } from './people';
import { CUSTOMER_COLUMNS, type CustomerChunk } from './customerChunk';
import { customerChunks, type SideFtsBuild } from './customerGenerator';
import { threadCpuMs } from '../../main/platform/threadClock';
import { writeDeals } from './deals';
import { hashPassword } from '../../main/services/auth/password';
import { ensureBuiltinRoles, roleIdByKey } from '../../main/services/auth/roles';
import { recordAudit } from '../../main/services/audit/record';
import { rebuildDerivedAndRestore, suspendDerivedTriggers, suspendFtsMerges } from './bulkMode';
import { applyRollupCounts, CUSTOMER_ROLLUP_TABLES, rollupOffsetOf, type RollupCounts } from './customerRollups';
import { FactRollupCounter } from './factRollups';
import type { CountedRollups } from './bulkMode';
import { copySideFts, removeSideFts, sideFtsTarget, type SideFtsTarget } from './sideFts';
import { copyFollowUpsIn, writeFollowUps, type FollowUpJob } from './followUps';
import { indexFollowUpsAfter } from '../../main/services/followUps/textIndex';

export interface SeedOptions {
  customers: number;
  deals: number;
  followUps: number;
  users: number;
  seed: number | string;
  /** "now" of the generated history (fixed for reproducible data) */
  now: Date;
  /** password of every generated user */
  userPassword?: string;
  log?: (msg: string) => void;
  /** generate customers on the calling thread instead of a worker (same data) */
  inlineGenerator?: boolean;
}

export interface SeedResult {
  users: { username: string; displayName: string; role: string }[];
  userPassword: string;
  timingsMs: Record<string, number>;
}

// Tables whose secondary indexes and derived-data triggers are suspended while the seed writes (bulkMode.ts)
/** FTS5 indexes the seed fills without merges besides the customer search (whose build ends in its own 'optimize') */
const SEED_MERGED_FTS = ['deal_name_tri', 'deal_name_grams', 'follow_up_text', 'follow_up_grams'];
const BULK_TABLES = ['customers', 'customer_tags', 'deals', 'deal_stage_history', 'follow_ups'];
const DAY = 86_400;
const STATUSES: ['potential' | 'following' | 'won' | 'lost', number][] = [
  ['potential', 35],
  ['following', 40],
  ['won', 15],
  ['lost', 10],
];
const STATUS_CODE = ['potential', 'following', 'won', 'lost'] as const;

const iso = isoSecond; // = new Date(sec * 1000).toISOString(), faster (isoTime.ts)
const C_ID = CUSTOMER_COLUMNS.indexOf('id');
const C_PROVINCE = CUSTOMER_COLUMNS.indexOf('province');
const C_INDUSTRY = CUSTOMER_COLUMNS.indexOf('industry');
const C_SOURCE = CUSTOMER_COLUMNS.indexOf('source');
const C_LEVEL = CUSTOMER_COLUMNS.indexOf('level');

const isFollowUpIndex = (sql: string) => /\bON\s+"?follow_ups"?\s*\(/i.test(sql);
/**
 * The follow_ups indexes the worker builds in the side database (followUps.ts). The last two that cover every
 * row stay with this thread: measured at 1M/1M/5M with all ten in the worker, this thread waited 18.8 s for
 * it (seed thread 100 s CPU, worker 96 s); two such indexes are ~5 s each at 5M rows.
 */
function workerFollowUpIndexes(sqls: string[]): string[] {
  const full = sqls.filter((sql) => !/IS NOT NULL/i.test(sql));
  const mine = new Set(full.slice(-2));
  return sqls.filter((sql) => !mine.has(sql));
}

/** Drop secondary indexes of the bulk tables; returns the SQL to rebuild them. */
function suspendIndexes(db: Db): string[] {
  const rows = db.raw
    .prepare(`SELECT name, sql FROM sqlite_schema WHERE type = 'index' AND sql IS NOT NULL AND tbl_name IN (${BULK_TABLES.map(() => '?').join(',')})`)
    .all(...BULK_TABLES) as { name: string; sql: string }[];
  for (const r of rows) db.raw.exec(`DROP INDEX "${r.name}"`);
  return rows.map((r) => r.sql);
}

async function seedUsers(db: Db, opts: SeedOptions, r: Prng, nowIso: string, password: string) {
  ensureBuiltinRoles(db, nowIso);
  const hash = await hashPassword(password); // one hash for all: generated accounts share the printed password
  const managers = Math.max(1, Math.round(opts.users / 6));
  const made: SeedResult['users'] = [];
  const salesIds: number[] = [];
  const find = db.raw.prepare('SELECT id FROM users WHERE username = ?');
  const ins = db.raw.prepare('INSERT INTO users (username, display_name, password_hash, role_id, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)');
  db.raw.transaction(() => {
    for (let i = 0; i < opts.users; i++) {
      const isManager = i < managers;
      const username = isManager ? `manager${i + 1}` : `sales${i - managers + 1}`;
      const displayName = person(r).name;
      const existing = find.get(username) as { id: number } | undefined;
      const id = existing?.id ?? Number(ins.run(username, displayName, hash, roleIdByKey(db, isManager ? 'manager' : 'sales'), nowIso, nowIso).lastInsertRowid);
      if (!isManager) salesIds.push(id);
      made.push({ username, displayName, role: isManager ? '销售经理' : '销售' });
    }
  })();
  return { made, salesIds };
}

export async function seedDatabase(db: Db, opts: SeedOptions): Promise<SeedResult> {
  const timings: Record<string, number> = {};
  const log = opts.log ?? (() => {});
  let t0 = performance.now();
  let cpu0 = process.cpuUsage();
  let thread0 = threadCpuMs();
  // wall time and this process's CPU time (both threads): on a shared machine the difference is time spent
  // waiting. The seed thread's own CPU shows how much of the phase was its critical path.
  const lap = (name: string) => {
    const t = performance.now();
    const cpu = process.cpuUsage(cpu0);
    const thread = threadCpuMs();
    timings[name] = Math.round(t - t0);
    timings[`${name}Cpu`] = Math.round((cpu.user + cpu.system) / 1000);
    const own = thread !== null && thread0 !== null ? `, seed thread ${thread - thread0} ms` : '';
    log(`${name}: ${timings[name]} ms (cpu ${timings[`${name}Cpu`]} ms${own})`);
    t0 = t;
    cpu0 = process.cpuUsage();
    thread0 = thread;
  };
  const password = opts.userPassword ?? 'sales-pass-1';
  const nowSec = Math.floor(opts.now.getTime() / 1000);
  const nowIso = iso(nowSec);
  const startSec = nowSec - 730 * DAY;
  const C = opts.customers;
  const F = opts.followUps;
  const rUsers = new Prng(`${opts.seed}/users`);
  const { made, salesIds } = await seedUsers(db, opts, rUsers, nowIso, password);
  const adminId = (db.raw.prepare("SELECT u.id FROM users u JOIN roles r ON r.id = u.role_id WHERE r.builtin_key = 'admin' ORDER BY u.id LIMIT 1").get() as { id: number } | undefined)?.id ?? null;
  lap('users');

  const sync = db.raw.pragma('synchronous', { simple: true });
  const foreignKeys = db.raw.pragma('foreign_keys', { simple: true });
  db.raw.pragma('synchronous = OFF');
  // generated rows reference only rows generated before them (checked on a small seed by the tests)
  db.raw.pragma('foreign_keys = OFF');
  const indexSql = suspendIndexes(db);
  const derived = suspendDerivedTriggers(db, BULK_TABLES);
  const restoreFtsMerges = suspendFtsMerges(db);
  // follow-ups above this id are the seed's: indexed for text search in one pass at the end (textIndex.ts)
  const baseFollowUpId = (db.raw.prepare('SELECT coalesce(max(id), 0) AS m FROM follow_ups').get() as { m: number }).m;
  // a fresh seed builds the search tables in a side database in the generator worker (sideFts.ts)
  const side: SideFtsTarget | null = opts.inlineGenerator ? null : sideFtsTarget(db);
  let sideBuild: SideFtsBuild | null = null;
  let restoreError: unknown = null;
  let bodyOk = false;
  // the seeded customers' share of the customer report rollups, counted as they are generated
  const rollupOffsetMin = rollupOffsetOf(db);
  let rollups: RollupCounts[] | null = null;
  // the same for deals, stage entries and follow-ups (on this thread, as they are generated)
  const facts = rollupOffsetMin === null || C === 0 ? null : new FactRollupCounter(rollupOffsetMin, C, startSec);
  let factsComplete = false;
  // the attribute rollups of deals and follow-ups need each customer's attributes; without them, skip that
  const factsNeedCustomers = facts !== null && (opts.deals > 0 || F > 0);
  // the follow-ups, when the worker builds them in the side database (followUps.ts); known after the customers
  let fuAside: FollowUpJob | null = null;
  // whatever happens below, the database gets its indexes and triggers back (and consistent derived data)
  const restore = async (ok: boolean) => {
    // one sort per index; the time by table shows where the (largest) phase goes. PRAGMA threads = 2 did not
    // help here: 1M customers, indexes 25.6 -> 36.3 s wall at load ~3.5 (the worker still builds the search tables)
    const perTable: Record<string, number> = {};
    const build = (sql: string) => {
      const t = performance.now();
      db.raw.exec(sql);
      const table = /\bON\s+"?(\w+)/i.exec(sql)?.[1] ?? '?';
      perTable[table] = (perTable[table] ?? 0) + performance.now() - t;
    };
    // follow_ups indexes the worker leaves to this thread: built after the copy (the transfer needs every
    // index of the real table to exist in the side file too)
    const later = new Set(ok && fuAside ? indexSql.filter((sql) => isFollowUpIndex(sql) && !fuAside!.indexSql.includes(sql)) : []);
    for (const sql of indexSql) if (!later.has(sql)) build(sql);
    lap('indexes');
    log(`  (indexes by table, wall ms: ${Object.entries(perTable).map(([t, ms]) => `${t} ${Math.round(ms)}`).join(', ')})`);
    // the side-built follow-ups go in now: their indexes exist (empty) and the derived triggers are still off
    let copyError: unknown = null;
    if (ok && fuAside) {
      try {
        const done = await (sideBuild as SideFtsBuild | null)!.done;
        lap('sideWait');
        if (done.workerCpuMs !== null) log(`  (generator worker: cpu ${done.workerCpuMs} ms in all)`);
        copyFollowUpsIn(db.raw, fuAside.file);
        lap('followUpsCopy');
      } catch (e) {
        copyError = e;
        factsComplete = false; // the counted follow-ups are not in the table: rebuild by GROUP BY
      }
      for (const sql of later) build(sql);
      if (later.size) lap('followUpsIndexes');
    }
    // counts of a run that stopped early (or overflowed) do not match the rows: rebuild by GROUP BY then
    const counted: CountedRollups[] = [];
    // one part per generating thread; the upserts add them up
    const customerCounts = rollups as RollupCounts[] | null;
    if (customerCounts?.every((c) => c.exact)) {
      counted.push({ tables: CUSTOMER_ROLLUP_TABLES, apply: (d) => customerCounts.forEach((c) => applyRollupCounts(d, c)) });
    }
    if (facts && factsComplete && facts.exact) counted.push(facts);
    // the follow-up text index of the seeded follow-ups (its triggers were off with the other derived ones)
    indexFollowUpsAfter(db.raw, baseFollowUpId);
    lap('followUpText');
    rebuildDerivedAndRestore(db, derived, counted);
    db.raw.pragma(`foreign_keys = ${foreignKeys ? 'ON' : 'OFF'}`);
    lap('derived');
    if (copyError) throw copyError;
  };
  try {
    const baseCustomerId = (db.raw.prepare('SELECT coalesce(max(id), 0) AS m FROM customers').get() as { m: number }).m;

    // Per-customer facts that deals and follow-ups depend on.
    const rPlan = new Prng(`${opts.seed}/plan`);
    const created = new Int32Array(C); // seconds since startSec
    const owner = new Int32Array(C); // user id, 0 = pool
    const status = new Uint8Array(C);
    const span = 730 * DAY - 7 * DAY;
    for (let i = 0; i < C; i++) {
      created[i] = Math.floor((i / Math.max(1, C)) * span) + rPlan.int(0, 3600);
      owner[i] = salesIds.length && !rPlan.chance(0.15) ? salesIds[rPlan.int(0, salesIds.length - 1)] : 0;
      status[i] = STATUS_CODE.indexOf(rPlan.weighted(STATUSES));
    }
    // Follow-ups: who and when, first, so customers can carry consistent last/next follow-up dates.
    const rFu = new Prng(`${opts.seed}/followups`);
    const fuCust = new Int32Array(F);
    const fuAt = new Int32Array(F);
    const lastAt = new Int32Array(C).fill(-1);
    const lastFu = new Int32Array(C).fill(-1);
    for (let j = 0; j < F && C > 0; j++) {
      const c = rFu.int(0, C - 1);
      const from = created[c];
      const at = from + Math.floor(rFu.next() * (730 * DAY - from));
      fuCust[j] = c;
      fuAt[j] = at;
      if (at > lastAt[c]) {
        lastAt[c] = at;
        lastFu[c] = j;
      }
    }
    const nextAt = new Int32Array(C).fill(-1); // seconds since startSec
    for (let i = 0; i < C; i++) {
      if (lastAt[i] >= 0 && status[i] < 2 && rPlan.chance(0.45)) nextAt[i] = 730 * DAY + rPlan.int(-5 * DAY, 30 * DAY);
    }
    lap('plan');

    // Customers + tags + search rows: generated chunk by chunk in a worker thread while this thread writes.
    const insCustomer = db.raw.prepare(
      `INSERT INTO customers (${CUSTOMER_COLUMNS.join(', ')}) VALUES (${CUSTOMER_COLUMNS.map(() => '?').join(', ')})`,
    );
    const insTag = db.raw.prepare('INSERT OR IGNORE INTO customer_tags (customer_id, tag) VALUES (?, ?)');
    const insFts = db.raw.prepare('INSERT INTO customer_fts (rowid, names, py, ini, digits, email) VALUES (?, ?, ?, ?, ?, ?)');
    const insGrams = db.raw.prepare('INSERT INTO customer_grams (rowid, g) VALUES (?, ?)');
    const writeChunk = db.raw.transaction((c: CustomerChunk) => {
      for (const p of c.params) {
        insCustomer.run(p);
        if (factsNeedCustomers) facts!.customer((p[C_ID] as number) - baseCustomerId - 1, p[C_PROVINCE] as string | null, p[C_INDUSTRY] as string | null, p[C_SOURCE] as string | null, p[C_LEVEL] as string | null);
      }
      for (const t of c.tags) insTag.run(t);
      for (const f of c.fts) insFts.run(f);
      for (const g of c.grams) insGrams.run(g);
    });
    const plan = { seed: opts.seed, total: C, baseCustomerId, startSec, adminId, rollupOffsetMin, created, owner, status, lastAt, nextAt };
    // a fresh follow_ups table is built by the worker after the search tables (followUps.ts)
    const fuTable = db.raw.prepare("SELECT sql FROM sqlite_schema WHERE type = 'table' AND name = 'follow_ups'").get() as { sql: string } | undefined;
    const fuJob: FollowUpJob | null =
      side && F > 0 && fuTable && !db.raw.prepare('SELECT 1 FROM follow_ups LIMIT 1').get()
        ? {
            file: side.file,
            tableSql: fuTable.sql,
            indexSql: workerFollowUpIndexes(indexSql.filter(isFollowUpIndex)),
            plan: { seed: opts.seed, total: F, startSec, baseCustomerId, adminId, fuCust, fuAt, lastFu, nextAt, owner },
          }
        : null;
    const onCounts = (c: RollupCounts[] | null) => (rollups = c);
    const onSideFts = (build: SideFtsBuild) => {
      sideBuild = build;
      build.done.catch(() => {}); // awaited after the indexes; a failure surfaces there
    };
    for await (const chunk of customerChunks(plan, { inline: opts.inlineGenerator, onCounts, sideFts: side, onSideFts, followUps: fuJob })) writeChunk(chunk);
    // the job went to the worker only if the side build runs (not when the chunks were made inline)
    if (sideBuild) fuAside = fuJob;
    lap('customers');

    writeDeals(db, { seed: opts.seed, deals: opts.deals, customers: C, baseCustomerId, startSec, adminId, created, owner }, facts);
    lap('deals');

    if (fuAside) {
      // the worker writes the rows; this thread only counts them into the rollups (the same calls in the same order)
      if (facts) for (let j = 0; j < F; j++) facts.followUp(fuCust[j], owner[fuCust[j]] || null, fuAt[j]);
    } else {
      writeFollowUps(db.raw, { seed: opts.seed, total: F, startSec, baseCustomerId, adminId, fuCust, fuAt, lastFu, nextAt, owner }, facts ? (c, ownerId, at) => facts.followUp(c, ownerId, at) : undefined);
    }
    lap('followUps');
    factsComplete = true;
    bodyOk = true;

  } catch (e) {
    await (sideBuild as SideFtsBuild | null)?.stop(); // the worker has stopped before the side file goes
    if (side) removeSideFts(side);
    throw e;
  } finally {
    try {
      try {
        await restore(bodyOk);
      } finally {
        restoreFtsMerges();
      }
    } catch (e) {
      // after a failed run its own error goes on; after a good one this one does (below)
      restoreError = e;
    }
  }
  if (restoreError) {
    await (sideBuild as SideFtsBuild | null)?.stop();
    if (side) removeSideFts(side);
    throw restoreError;
  }
  const builtAside = (sideBuild as SideFtsBuild | null)?.done;
  if (builtAside && side) {
    try {
      const done = await builtAside; // optimized in the worker while this thread wrote deals, follow-ups and indexes
      lap('ftsSideWait');
      if (done.workerCpuMs !== null && !fuAside) log(`  (generator worker: cpu ${done.workerCpuMs} ms in all)`); // else logged above
      copySideFts(db, side);
      lap('ftsCopy');
    } finally {
      removeSideFts(side);
    }
  } else {
    if (side) removeSideFts(side); // generated inline: the search rows went in directly
    db.raw.exec("INSERT INTO customer_fts (customer_fts) VALUES ('optimize'); INSERT INTO customer_grams (customer_grams) VALUES ('optimize');");
    lap('ftsOptimize');
  }
  // The deal-name and follow-up text indexes were filled segment by segment (triggers, one pass) with merges
  // off; merge each into one segment, as the app's background merger (main/app/ftsMerger.ts) does in its first
  // idle minutes. Left as they were (a level of 11-15 big segments), the first bulk write after the seed made
  // FTS5 crisis-merge that level inside a step on main: the 2.0-2.5 s block of session 11's bin restore bench.
  for (const t of SEED_MERGED_FTS) db.raw.exec(`INSERT INTO ${t} (${t}) VALUES ('optimize')`);
  lap('ftsOptimizeDealsFollowUps');
  db.raw.pragma('analysis_limit = 400'); // sampled statistics: seconds instead of minutes at 1M rows
  db.raw.exec('ANALYZE');
  db.raw.pragma(`synchronous = ${sync}`);
  db.raw.pragma('wal_checkpoint(TRUNCATE)');
  db.tx(() =>
    recordAudit(db, {
      at: nowIso,
      userId: adminId,
      userName: null,
      action: 'seed.run',
      summary: `seed ${opts.seed}: ${C} customers, ${opts.deals} deals, ${F} follow-ups, ${opts.users} users`,
    }),
  );
  lap('finish');
  return { users: made, userPassword: password, timingsMs: timings };
}
