// Channel fuzzing: every channel of the contract gets random and boundary inputs (fast-check) as the
// admin and without a session. For each call: dispatch never throws, answers a well-formed envelope,
// never INTERNAL; an input the schema rejects is INVALID_INPUT and changes nothing; a call without a
// session changes nothing; a channel that does not mutate changes no row; a mutating call that changed
// rows wrote an audit row. After each channel: integrity_check ok, no foreign-key damage, no prototype
// pollution, and (per table hashes) read-only channels left every table as it was.
// Each channel runs on a fresh copy of a small company. 30 inputs per channel; CRM_LONG=1: 300.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contract, CHANNEL_NAMES } from '../../../main/contract';
import { ERROR_CODES, type ChannelDef, type Envelope } from '../../../main/contract/define';
import { createApp, type CrmApp } from '../../../main/app/createApp';
import { ftsMergerOf } from '../../../main/app/ftsMerger';
import { harnessPlatform } from '../../../main/platform/harness';
import { setTaskMode } from '../../../main/services/import/runner';
import type { Db } from '../../../db/sql';
import { FakeClock, silentLog, ADMIN } from '../../helpers/testApp';
import { CHANNEL_RULES } from '../permissions/channelRules';
import { sampleInput } from '../permissions/sampleInput';
import { makeCompany, type Company } from '../permissions/fixture';
import { fromSchema, junk, mutated } from './fuzzArbitraries';
import { SandboxPaths } from './sandboxPaths';
import { fileIntegrity } from '../../helpers/integrity';

const LONG = process.env.CRM_LONG === '1';
const RUNS = Number(process.env.CRM_FUZZ_RUNS ?? (LONG ? 300 : 30));
const SEED = Number(process.env.CRM_FUZZ_SEED ?? 20261122);
// each valid call makes a real backup in a worker thread (seconds here): fewer of them in npm test
const SLOW: Record<string, number> = { 'backup:create': 6, 'backup:restore': 10, 'import:commit': 10 };

/**
 * Channels that do not declare `mutates` but may write rows, and why (documented in docs/reliability.md).
 * Anything else that changes a row while `mutates: false` fails the test.
 */
const READS_THAT_WRITE: Record<string, string> = {
  'auth:login': 'records last login, failed attempts and the audit row auth.login / auth.loginFailed',
  'auth:logout': 'audit row auth.logout',
};
/** Mutating channels whose row changes carry no audit row by design. */
const UNAUDITED_BY_DESIGN: Record<string, string> = {};
/** Channels that may write (audited) even when they answer an error. */
const FAILED_CALLS_THAT_WRITE: Record<string, string> = {
  'import:commit': 'takes its pinned safety snapshot (audited as backup.create) before it reads the file, so a missing file still leaves a snapshot (reported to impex)',
};

const channels = contract as unknown as Record<string, ChannelDef>;
let company: Company;
let templateDir: string;
const opened: { app: CrmApp; dir: string }[] = [];
const stats = { channels: 0, inputs: 0, calls: 0, schemaValid: 0, byCode: {} as Record<string, number> };

beforeAll(async () => {
  setTaskMode('inline'); // the import worker's code, in-process (no worker start-up per call)
  company = await makeCompany();
  templateDir = company.t.dataDir;
  await company.t.app.close();
}, 120_000);

afterAll(async () => {
  for (const o of opened) {
    try {
      await o.app.close();
    } catch {
      /* already closed */
    }
    fs.rmSync(o.dir, { recursive: true, force: true });
  }
  if (templateDir) fs.rmSync(templateDir, { recursive: true, force: true });
  console.log(`[fuzz] ${JSON.stringify({ runsPerChannel: RUNS, ...stats })}`);
});

function freshCompany(): { app: CrmApp; dir: string; sandbox: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zg-fuzz-'));
  fs.cpSync(templateDir, dir, { recursive: true });
  const sandbox = path.join(dir, 'sandbox');
  fs.mkdirSync(sandbox);
  const sink = { send() {} };
  const platform = { ...harnessPlatform(dir, sink).platform, paths: new SandboxPaths(sandbox) };
  const app = createApp({ dataDir: dir, platform, events: sink, clock: new FakeClock(), log: silentLog, scheduler: false });
  // the background FTS merger (a worker, main/app/ftsMerger.ts) merges the copied search segments about a second
  // after start: same content, other shadow-table rows, and not the fuzzed channel's doing (it landed inside a
  // backup:verify call now and then)
  void ftsMergerOf(app.context)?.pause();
  opened.push({ app, dir });
  return { app, dir, sandbox };
}

const scalar = (db: Db, sql: string) => Number(db.prepare(sql).pluck().get() ?? 0);
/**
 * Cheap signs that something may have been written: statements run by the app's own connection (also
 * counts writes a rollback undid) and data_version (moves when another connection, e.g. a worker, commits).
 * Only when one moves are the tables hashed to see what really changed.
 */
const writeMark = (app: CrmApp) => `${scalar(app.context.db, 'SELECT total_changes()')}/${scalar(app.context.db, 'PRAGMA data_version')}`;

function tableHashes(db: Db): Map<string, string> {
  const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND sql NOT LIKE 'CREATE VIRTUAL%'").pluck().all() as string[];
  return new Map(tables.map((t) => [t, createHash('sha1').update(JSON.stringify(db.prepare(`SELECT * FROM "${t}"`).raw().all())).digest('hex')]));
}

const show = (v: unknown) => {
  try {
    const s = JSON.stringify(v, (_k, x) => (typeof x === 'bigint' ? `${x}n` : typeof x === 'string' && x.length > 80 ? `${x.slice(0, 80)}…(${x.length})` : x));
    return (s ?? String(v)).slice(0, 400);
  } catch {
    return String(v).slice(0, 400);
  }
};

function envelopeProblem(r: unknown): string | null {
  if (!r || typeof r !== 'object') return 'not an envelope';
  const e = r as Envelope<unknown>;
  if (e.ok === true) return 'value' in e ? null : 'ok without value';
  if (e.ok !== false || !e.error) return 'not an envelope';
  if (!(ERROR_CODES as readonly string[]).includes(e.error.code)) return `unknown code ${e.error.code}`;
  if (typeof e.error.message !== 'string' || !e.error.message) return 'no message';
  if (/\n\s+at .+:\d+:\d+/.test(e.error.message)) return 'stack trace in the message';
  return null;
}

describe.each(CHANNEL_NAMES)('fuzz %s', (name) => {
  it('answers every input with a clean envelope, never INTERNAL, and changes only what it may', { timeout: LONG ? 30 * 60_000 : 120_000 }, async () => {
    const def = channels[name];
    const rule = CHANNEL_RULES[name];
    const { app } = freshCompany();
    const db = () => app.context.db;
    const admin = async () => {
      if (!app.context.sessions.get('admin')) await app.dispatch('admin', 'auth:login', { username: ADMIN.username, password: ADMIN.password });
    };
    await admin();
    const base = rule?.input ? rule.input(company) : sampleInput(def.input);
    const arb = fc.oneof(
      { weight: 3, arbitrary: junk },
      { weight: 3, arbitrary: mutated(base) },
      { weight: 3, arbitrary: fromSchema(def.input) },
      { weight: 1, arbitrary: fc.constant(base) },
    );
    const before = tableHashes(db());
    // the tables as they are now, refreshed whenever a write mark moves
    let state = before;
    let lastMark = writeMark(app);
    const changedSince = (): string[] => {
      const m = writeMark(app);
      if (m === lastMark) return [];
      lastMark = m;
      const next = tableHashes(db());
      const changed = [...next].filter(([t, h]) => state.get(t) !== h).map(([t]) => t);
      state = next;
      return changed;
    };
    const problems: string[] = [];
    stats.channels++;

    await fc.assert(
      fc.asyncProperty(arb, async (input) => {
        stats.inputs++;
        const valid = def.input.safeParse(input).success;
        if (valid) stats.schemaValid++;
        for (const who of ['anon', 'admin'] as const) {
          if (who === 'admin') await admin();
          changedSince(); // the test's own logins are not the channel's doing
          let r: Envelope<unknown>;
          try {
            r = await app.dispatch(who, name, input);
          } catch (e) {
            problems.push(`${who}: dispatch threw ${String((e as Error)?.stack ?? e).slice(0, 300)} for ${show(input)}`);
            return false;
          }
          stats.calls++;
          const code = r.ok ? 'OK' : r.error.code;
          stats.byCode[code] = (stats.byCode[code] ?? 0) + 1;
          const changedTables = changedSince();
          const changed = changedTables.length > 0;
          const audited = changedTables.includes('audit_log');
          const bad = envelopeProblem(r);
          const say = (what: string) => problems.push(`${who}: ${what} — input ${show(input)} → ${show(r)}`);
          if (bad) say(bad);
          else if (code === 'INTERNAL') say(`INTERNAL (logged: ${(silentLog.errors.at(-1) ?? '').slice(0, 700)})`);
          else if (!valid && code !== 'INVALID_INPUT') say(`schema-invalid input answered ${code}`);
          else if (!valid && changed) say('schema-invalid input changed data');
          else if (who === 'anon' && def.access === 'session' && !['UNAUTHENTICATED', 'INVALID_INPUT'].includes(code)) say(`no session answered ${code}`);
          else if (who === 'anon' && def.access === 'session' && changed) say('a call without a session changed data');
          else if (!def.mutates && !READS_THAT_WRITE[name] && changed) say(`read-only channel changed ${changedTables.join(', ')}`);
          else if (def.mutates && !UNAUDITED_BY_DESIGN[name] && changed && !audited) say(`changed ${changedTables.join(', ')} without an audit row`);
          else if (!r.ok && changed && !READS_THAT_WRITE[name] && !FAILED_CALLS_THAT_WRITE[name]) say(`answered ${code} but changed ${changedTables.join(', ')}`);
          if (problems.length) return false;
        }
        return true;
      }),
      { numRuns: SLOW[name] && !LONG ? SLOW[name] : RUNS, seed: SEED, endOnFailure: true },
    ).catch((e: Error) => {
      if (!problems.length) problems.push(String(e.message).slice(0, 1500));
    });
    expect(problems, `${name}`).toEqual([]);

    expect(fileIntegrity(app.context.dbFile)).toBe('ok');
    expect(db().prepare('PRAGMA foreign_key_check').all()).toEqual([]);
    expect(({} as Record<string, unknown>).polluted, 'Object.prototype polluted').toBeUndefined();
    if (!def.mutates && !READS_THAT_WRITE[name]) {
      const after = tableHashes(db());
      const changedTables = [...before].filter(([t, h]) => after.get(t) !== h).map(([t]) => t);
      expect(changedTables, `${name} is read-only but changed these tables`).toEqual([]);
    }
  });
});
