// Crash safety: a writer process doing real service calls (create, update, batch edit, transfer, a delete of
// more than 200 customers to the bin and their restore, import)
// is killed with SIGKILL at seeded random moments. After each kill: integrity_check ok, no foreign-key
// damage, every acknowledged change present, the call in flight applied whole or not at all (with its
// audit rows), the app opens normally and answers a call, the audit chain verifies.
// 20 rounds in `npm test`; CRM_LONG=1 (`npm run test:long`) runs 200 (CRM_CRASH_ROUNDS overrides).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../../main/app/createApp';
import { harnessPlatform } from '../../../main/platform/harness';
import { setScryptCostForTests } from '../../../main/services/auth/password';
import { silentLog } from '../../helpers/testApp';
import { rollupDifferences } from '../../../main/services/reports/rollups';
import { bundleChild } from './childBuild';
import { CRASH_USERS, CrashModel, mulberry32, type CrashLine } from './crashModel';

const LONG = process.env.CRM_LONG === '1';
const ROUNDS = Number(process.env.CRM_CRASH_ROUNDS ?? (LONG ? 200 : 20));
const SEED = Number(process.env.CRM_CRASH_SEED ?? 20261122);

let child: { script: string; dir: string };
let dataDir: string;

function openApp() {
  const sink = { send: () => {} };
  return createApp({ dataDir, platform: harnessPlatform(dataDir, sink).platform, events: sink, log: silentLog, scheduler: false });
}

beforeAll(async () => {
  setScryptCostForTests(2 ** 10);
  child = await bundleChild(path.join(__dirname, 'crashWriter.ts'));
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'zg-crashloop-'));
  const app = openApp();
  const ok = async (channel: string, input: unknown) => {
    const r = await app.dispatch('setup', channel, input);
    if (!r.ok) throw new Error(`${channel}: ${r.error.message}`);
    return r.value as Record<string, unknown>;
  };
  await ok('auth:setup', CRASH_USERS.admin);
  const { roles } = (await ok('roles:list', undefined)) as { roles: { id: number; builtinKey: string | null }[] };
  const sales = roles.find((r) => r.builtinKey === 'sales')!.id;
  for (const rep of CRASH_USERS.reps) await ok('users:create', { ...rep, roleId: sales });
  // enough customers for a transfer of more than 200 (the worker's chunks)
  for (let i = 0; i < 240; i++) await ok('customers:create', { name: `种子客户${i}` });
  await app.close();
}, 120_000);

afterAll(() => {
  if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  if (child) fs.rmSync(child.dir, { recursive: true, force: true });
});

interface RoundRun {
  lines: CrashLine[];
  signal: NodeJS.Signals | null;
  code: number | null;
  stderr: string;
}

/**
 * Start the writer, kill it `delay` ms after its `killAfter`-th begin line (0 = after ready); `delay` is
 * a fraction of the call's usual length (an import takes far longer than a create), so kills land inside it.
 */
function runWriter(round: number, killAfter: number, delay: number): Promise<RoundRun> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, [child.script, dataDir, String(SEED + round), String(round)], { stdio: ['ignore', 'pipe', 'pipe'] });
    const lines: CrashLine[] = [];
    let buf = '';
    let stderr = '';
    let begins = 0;
    let armed: NodeJS.Timeout | null = null;
    const arm = (op?: string) => {
      if (armed) return;
      armed = setTimeout(() => p.kill('SIGKILL'), delay * (op === 'import' ? 1500 : op === 'chunked' ? 3000 : 25));
    };
    // a chunked transfer's first chunk is in: aim again, among its chunks (the rest take ~20-100 ms here)
    const aimAtChunks = () => {
      if (armed) clearTimeout(armed);
      armed = setTimeout(() => p.kill('SIGKILL'), delay * 30);
    };
    p.stdout.setEncoding('utf8');
    p.stdout.on('data', (chunk: string) => {
      buf += chunk;
      let nl: number;
      while ((nl = buf.indexOf('\n')) >= 0) {
        const text = buf.slice(0, nl);
        buf = buf.slice(nl + 1);
        // a line cut by the kill is not an acknowledgement
        let line: CrashLine;
        try {
          line = JSON.parse(text) as CrashLine;
        } catch {
          continue;
        }
        lines.push(line);
        if (line.t === 'ready' && killAfter === 0) arm();
        if (line.t === 'begin' && ++begins === killAfter && line.op !== 'import') arm((line.op === 'transfer' && line.chunked) || line.op === 'delete' || line.op === 'restore' ? 'chunked' : line.op);
        if (line.t === 'phase' && begins === killAfter) {
          if (line.phase === 'chunks') aimAtChunks();
          else arm('import');
        }
      }
    });
    p.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    p.on('error', reject);
    p.on('close', (code, signal) => resolve({ lines, signal, code, stderr }));
  });
}

describe(`crash loop: ${ROUNDS} SIGKILLs of a writer doing real service calls`, () => {
  it('after every kill the database is whole, acknowledged changes are there and the app opens', { timeout: (LONG ? 60 : 6) * 60_000 }, async () => {
    const rnd = mulberry32(SEED);
    const model = new CrashModel();
    const importMs: number[] = [];
    const chunkedMs: number[] = [];
    const stats = { rounds: 0, acks: 0, chunkedTransfers: 0, binTrips: 0, inFlight: {} as Record<string, { applied: number; notApplied: number }>, killedBeforeReady: 0 };
    const started = Date.now();
    // an import drops the customers INSERT triggers inside each chunk's transaction (import/rollups.ts): a kill
    // must never leave the schema without them
    let triggersFirst: unknown[] | null = null;
    for (let round = 1; round <= ROUNDS; round++) {
      const killAfter = Math.floor(rnd() * 9); // 0..8 begin lines
      const delay = rnd();
      const run = await runWriter(round, killAfter, delay);
      expect(run.signal, `round ${round}: the writer was not killed (exit ${run.code}): ${run.stderr.slice(0, 2000)}`).toBe('SIGKILL');

      // the app opens normally on the same folder
      const app = openApp();
      try {
        const db = app.context.db;
        const problems: string[] = [];
        expect(db.prepare('PRAGMA integrity_check').pluck().get(), `round ${round}`).toBe('ok');
        expect(db.prepare('PRAGMA foreign_key_check').all(), `round ${round}`).toEqual([]);
        const triggers = db.prepare("SELECT name, sql FROM sqlite_schema WHERE type = 'trigger' ORDER BY name").all() as { name: string }[];
        expect(triggers.map((t) => t.name), `round ${round}`).toEqual(expect.arrayContaining(['customers_counts_ins', 'rpt_attr_customers_ai', 'rpt_customers_ai']));
        expect(triggers, `round ${round}: triggers`).toEqual((triggersFirst ??= triggers));
        const outcome = model.applyRound(run.lines, db, problems);
        model.verify(db, problems);
        // every report rollup equals a fresh GROUP BY (a chunk's rollups commit with its rows or not at all)
        expect(rollupDifferences(db), `round ${round}: rollups`).toEqual([]);
        expect(problems, `round ${round} (kill after begin #${killAfter}, delay ${delay.toFixed(2)})`).toEqual([]);

        const login = await app.dispatch('checker', 'auth:login', { username: CRASH_USERS.admin.username, password: CRASH_USERS.admin.password });
        expect(login.ok, `round ${round}: login after the crash`).toBe(true);
        const list = await app.dispatch('checker', 'customers:list', { limit: 5 });
        expect(list.ok, `round ${round}: customers:list after the crash`).toBe(true);
        const chain = await app.dispatch('checker', 'audit:verify', {});
        expect(chain, `round ${round}: audit chain`).toMatchObject({ ok: true, value: { ok: true } });

        stats.rounds++;
        for (const l of run.lines) if (l.t === 'ack' && l.op === 'import' && l.ms !== undefined) importMs.push(l.ms);
        stats.acks += outcome.acks;
        const chunkedSeqs = new Set(run.lines.filter((l) => l.t === 'begin' && l.op === 'transfer' && l.chunked).map((l) => (l as { seq: number }).seq));
        stats.chunkedTransfers += chunkedSeqs.size;
        stats.binTrips += run.lines.filter((l) => l.t === 'begin' && l.op === 'delete').length;
        for (const l of run.lines) if (l.t === 'ack' && l.op === 'transfer' && chunkedSeqs.has(l.seq) && l.ms !== undefined) chunkedMs.push(l.ms);
        if (!run.lines.some((l) => l.t === 'ready')) stats.killedBeforeReady++;
        if (outcome.inFlight) {
          const s = (stats.inFlight[outcome.inFlight] ??= { applied: 0, notApplied: 0 });
          if (outcome.inFlightApplied) s.applied++;
          else s.notApplied++;
        }
      } finally {
        await app.close();
      }
      // pinned pre-import snapshots are kept until the user deletes them; the loop makes hundreds
      const backups = path.join(dataDir, 'backups');
      if (fs.existsSync(backups)) for (const f of fs.readdirSync(backups)) if (/pinned|import/.test(f)) fs.rmSync(path.join(backups, f), { force: true });
    }
    expect(model.ackCount, 'the writer got work done between kills').toBeGreaterThan(ROUNDS);
    console.log(`[crash loop] ${JSON.stringify({ ...stats, customersTracked: model.customers.size, batchesTracked: model.batches.length, importCommitMs: importMs.sort((a, b) => a - b), chunkedTransferMs: chunkedMs.sort((a, b) => a - b), seconds: Math.round((Date.now() - started) / 1000) })}`);
  });
});

// The checker above must be able to fail: fed a lost acknowledgement and a half-applied batch, it says so.
describe('crash checker', () => {
  it('reports a missing acknowledged customer, a lost update and a half-applied batch edit', async () => {
    const app = openApp();
    try {
      const db = app.context.db;
      const [a, b] = db.prepare('SELECT id FROM customers WHERE deleted_at IS NULL ORDER BY id LIMIT 2').pluck().all() as number[];
      db.prepare("UPDATE customers SET industry = '半截' WHERE id = ?").run(a);
      const model = new CrashModel();
      const problems: string[] = [];
      model.applyRound(
        [
          { t: 'ready' },
          { t: 'begin', seq: 0, op: 'create', name: 'x', ownerId: 1 },
          { t: 'ack', seq: 0, op: 'create', id: 987654, version: 1 },
          { t: 'begin', seq: 1, op: 'update', id: b, notes: 'never written' },
          { t: 'ack', seq: 1, op: 'update', id: b, version: 1 },
          { t: 'begin', seq: 2, op: 'batch', ids: [a, b], industry: '半截' },
        ],
        db,
        problems,
      );
      model.verify(db, problems);
      expect(problems.join('\n')).toMatch(/half-applied batch edit 半截: 1\/2/);
      expect(problems.join('\n')).toMatch(/customer 987654 \(acknowledged\) is missing/);
      expect(problems.join('\n')).toMatch(new RegExp(`customer ${b}: notes .*acknowledged "never written"`));
    } finally {
      await app.close();
    }
  });

  it('reports a killed delete to the bin that left a customer without its audit row, or not a prefix of its customers', async () => {
    const app = openApp();
    try {
      const db = app.context.db;
      const [a, b, c] = db.prepare('SELECT id FROM customers WHERE deleted_at IS NULL ORDER BY id LIMIT 3').pluck().all() as number[];
      const auditFrom = Number(db.prepare('SELECT max(id) FROM audit_log').pluck().get());
      // the second customer went to the bin, the first did not, and no audit row says so
      db.prepare("UPDATE customers SET deleted_at = '2026-11-30T00:00:00.000Z' WHERE id = ?").run(b);
      const model = new CrashModel();
      const problems: string[] = [];
      model.applyRound([{ t: 'ready' }, { t: 'begin', seq: 0, op: 'delete', ids: [a, b, c], auditFrom }], db, problems);
      expect(problems.join('\n')).toMatch(/chunked delete: 1 customers written but 0 audit rows/);
      expect(problems.join('\n')).toMatch(/chunked delete: not a prefix of its customers \(1 of 3\)/);
      db.prepare('UPDATE customers SET deleted_at = NULL WHERE id = ?').run(b);
    } finally {
      await app.close();
    }
  });
});
