// FTS5 merges off the main thread (migration 0020 + main/app/ftsMerger.ts): commits on main only add
// segments (apart from FTS5's crisis merge of a full level), the worker merges them, the index stays
// correct, and pause / stop / a closed database end the worker's rounds cleanly.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { makeTestApp, type TestApp } from '../../helpers/testApp';
import { fileIntegrity } from '../../helpers/integrity';
import { FTS_TABLES, ftsMergerOf, startFtsMerger } from '../../../main/app/ftsMerger';
import { mergeRound } from '../../../main/workers/ftsMerge.worker';
import { readFtsStructure, segmentCount, type FtsStructure } from './ftsStructure';

let t: TestApp;
beforeEach(async () => {
  t = await makeTestApp();
  await t.setupAdmin();
  // the app's own merger runs on a timer: held still so the test decides when merges happen
  await ftsMergerOf(t.app.context)!.pause();
});
afterEach(() => t.close());

const raw = () => t.app.context.db.raw;
const config = (table: string) =>
  Object.fromEntries((raw().prepare(`SELECT k, v FROM ${table}_config`).all() as { k: string; v: unknown }[]).map((r) => [r.k, r.v]));
const segids = (s: FtsStructure) => s.levels.map((l) => new Set(l.segments.map((g) => g.segid)));

/**
 * Creates customers one commit each and returns the segments that disappeared in a commit other than a
 * crisis merge (FTS5 merges level 0 inside the writer when it already holds crisismerge - 1 = 15 segments).
 */
async function createAndWatch(n: number, tag: string): Promise<{ merged: number[]; crisis: number }> {
  const merged: number[] = [];
  let crisis = 0;
  for (let i = 0; i < n; i++) {
    const before = readFtsStructure(raw(), 'customer_fts');
    await t.ok('admin', 'customers:create', { name: `${tag}${i}号商贸有限公司`, kind: 'company', allowDuplicate: true });
    const after = segids(readFtsStructure(raw(), 'customer_fts'));
    const still = new Set(after.flatMap((s) => [...s]));
    const levelZeroFull = (before.levels[0]?.segments.length ?? 0) === 15;
    if (levelZeroFull) crisis++;
    before.levels.forEach((l, level) => {
      for (const s of l.segments) {
        if (still.has(s.segid)) continue;
        // a crisis merge removes level-0 segments only
        if (!(level === 0 && levelZeroFull)) merged.push(s.segid);
      }
    });
  }
  return { merged, crisis };
}

describe('FTS5 merges off the main thread', () => {
  it('migration 0020 turns automerge off on every FTS5 table the app writes', () => {
    for (const table of FTS_TABLES) expect(config(table), table).toMatchObject({ automerge: 0 });
    // and that is every FTS5 table in the schema
    const fts = (raw().prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND sql LIKE '%USING fts5%' ORDER BY name").all() as { name: string }[]).map((r) => r.name);
    expect([...FTS_TABLES].sort()).toEqual(fts);
  });

  it('commits on main never merge beyond the crisis merge of a full level 0', async () => {
    // 100 commits write > 64 leaf pages: with FTS5's default automerge the 64th would merge level 1 too
    const r = await createAndWatch(100, '主线程');
    expect(r.crisis).toBeGreaterThanOrEqual(5);
    expect(r.merged).toEqual([]);
  });

  it('(control) with automerge back at 4 the same commits do merge on main', async () => {
    raw().exec("INSERT INTO customer_fts (customer_fts, rank) VALUES ('automerge', 4)");
    const r = await createAndWatch(100, '对照');
    expect(r.merged.length).toBeGreaterThan(0);
  });

  it('the worker merges the segments and the index stays correct', async () => {
    await createAndWatch(40, '后台合并');
    const customerId = (raw().prepare('SELECT max(id) AS id FROM customers').get() as { id: number }).id;
    for (let i = 0; i < 20; i++) await t.ok('admin', 'deals:create', { name: `后台合并商机${i}`, customerId });
    const dealsBefore = segmentCount(readFtsStructure(raw(), 'deal_name_tri'));
    expect(dealsBefore).toBeGreaterThanOrEqual(4);
    const before = segmentCount(readFtsStructure(raw(), 'customer_fts'));
    // a merger of its own, without the timer: small steps, no pause between them
    const m = startFtsMerger(t.app.context, { autoStart: false, pages: 8, gapMs: 0, quietMs: 0 });
    try {
      await m.tick(true);
      expect(m.stats.failures).toBe(0);
      expect(m.stats.worked).toBeGreaterThan(0);
      expect(m.stats.maxStepMs).toBeGreaterThan(0);
      const after = readFtsStructure(raw(), 'customer_fts');
      expect(segmentCount(after)).toBeLessThan(before);
      // what is left: fewer than usermerge (4) segments on every level
      for (const l of after.levels) expect(l.segments.length).toBeLessThan(4);
      expect(segmentCount(readFtsStructure(raw(), 'deal_name_tri'))).toBeLessThan(dealsBefore);
      // nothing left to do: a second round does no work
      const worked = m.stats.worked;
      await m.tick(true);
      expect(m.stats.worked).toBe(worked);
    } finally {
      m.stop();
    }
    // integrity-check throws SQLITE_CORRUPT_VTAB when an index disagrees with itself
    for (const table of FTS_TABLES) raw().exec(`INSERT INTO ${table} (${table}) VALUES ('integrity-check')`);
    const list = await t.ok('admin', 'customers:list', { query: '后台合并', limit: 100 });
    expect(list.rows.length).toBe(40);
    const deals = raw().prepare(`SELECT count(*) AS n FROM deal_name_tri WHERE deal_name_tri MATCH '"后台合并商机"'`).get() as { n: number };
    expect(deals.n).toBe(20);
  });

  it("main's queries and writes stay right while the worker merges between them (main's FTS5 caches the segment structure)", async () => {
    const m = startFtsMerger(t.app.context, { autoStart: false, pages: 8, gapMs: 0, quietMs: 0 });
    const fresh = new Database(t.app.context.dbFile, { readonly: true });
    const ids = (db: Database.Database, table: string, q: string) => db.prepare(`SELECT rowid FROM ${table} WHERE ${table} MATCH ? ORDER BY rowid`).pluck().all(q);
    try {
      let merged = 0;
      for (let round = 0; round < 12; round++) {
        for (let i = 0; i < 5; i++) await t.ok('admin', 'customers:create', { name: `交替${round}号${i}商行`, kind: 'company', allowDuplicate: true });
        const id = round + 2;
        const version = raw().prepare('SELECT version FROM customers WHERE id = ?').pluck().get(id) as number;
        await t.ok('admin', 'customers:update', { id, version, patch: { name: `改过${round}商行` } });
        const worked = m.stats.worked;
        await m.tick(true);
        merged += m.stats.worked - worked;
        // main's connection (which read and wrote the indexes before this merge) answers as a fresh one does
        for (const q of ['"交替"', `"号${round % 5}"`, '"改过"', '"商行"']) expect(ids(raw(), 'customer_fts', q), `${round} ${q}`).toEqual(ids(fresh, 'customer_fts', q));
        expect((await t.ok('admin', 'customers:list', { query: '改过', limit: 100 })).rows.length).toBe(round + 1);
      }
      expect(merged).toBeGreaterThan(0);
    } finally {
      m.stop();
      fresh.close();
    }
    // the file: sound (checked on a connection of its own: tests/helpers/integrity.ts says why not main's)
    expect(fileIntegrity(t.app.context.dbFile)).toBe('ok');
    for (const table of FTS_TABLES) raw().exec(`INSERT INTO ${table} (${table}) VALUES ('integrity-check')`);
  });

  it('a round stops at once when main cancels it, and when its time is up', async () => {
    await createAndWatch(20, '取消');
    const cancel = new SharedArrayBuffer(4);
    Atomics.store(new Int32Array(cancel), 0, 1);
    const cancelled = mergeRound(raw(), { tables: FTS_TABLES, pages: 8, gapMs: 0, quietMs: 0, budgetMs: 10_000, cancel });
    expect(cancelled.steps).toBe(0);
    expect(cancelled.unfinished).toEqual([...FTS_TABLES]);
    const late = mergeRound(raw(), { tables: FTS_TABLES, pages: 8, gapMs: 0, quietMs: 0, budgetMs: 0 });
    expect(late.steps).toBe(0);
    // main asked right after a write: no step until nothing was committed for quietMs
    const early = mergeRound(raw(), { tables: FTS_TABLES, pages: 8, gapMs: 5, quietMs: 60_000, budgetMs: 100 });
    expect(early.steps).toBe(0);
    expect(early.yielded).toBeGreaterThan(0);
    // with time and no cancel, the same call merges
    const done = mergeRound(raw(), { tables: FTS_TABLES, pages: 8, gapMs: 0, quietMs: 0, budgetMs: 10_000 });
    expect(done.worked).toBeGreaterThan(0);
    expect(done.unfinished).toEqual([]);
  });

  it('a worker that fails three rounds in a row is given up (the writers keep the indexes bounded)', async () => {
    const warnings: string[] = [];
    const ctx = { ...t.app.context, dbFile: `${t.dataDir}/missing.db`, log: { ...t.app.context.log, warn: (m: string) => warnings.push(m) } };
    const m = startFtsMerger(ctx, { autoStart: false, quietMs: 0 });
    try {
      for (let i = 0; i < 3; i++) await m.tick(true);
      expect(m.stats.failures).toBe(3);
      expect(m.stats.fallback).toBe(true);
      await m.tick(true);
      expect(m.stats.rounds).toBe(3);
      expect(warnings.filter((w) => w.startsWith('FTS merge failed'))).toHaveLength(3);
    } finally {
      m.stop();
    }
  });

  it('a round goes only when something was written, and pause / stop / a closed database end it cleanly', async () => {
    const m = startFtsMerger(t.app.context, { autoStart: false, pages: 1, gapMs: 5, quietMs: 0 });
    await m.tick(true);
    const rounds = m.stats.rounds;
    await m.tick();
    expect(m.stats.rounds).toBe(rounds); // nothing written since
    await createAndWatch(40, '暂停');
    // pause while a round (1 page a step) is running: it ends after the current step and no new one starts
    const running = m.tick();
    await m.pause();
    await running;
    const paused = m.stats.rounds;
    await m.tick(true);
    expect(m.stats.rounds).toBe(paused);
    m.resume();
    m.stop();
    await m.tick(true);
    expect(m.stats.rounds).toBe(paused);
    expect(m.stats.failures).toBe(0);
    // the app's own merger after close(): no round, no error
    const own = ftsMergerOf(t.app.context)!;
    own.resume();
    t.app.context.db.close();
    await own.tick(true);
    expect(own.stats.failures).toBe(0);
  });
});
