// Child process of crashLoop.test.ts: opens the app on a data folder and performs real service calls
// through dispatch (create, update, batch edit, transfer, a delete to the bin and its restore, import) forever, printing one JSON line
// BEFORE each call ({t:"begin"}: what it is about to do) and one AFTER the call returned
// ({t:"ack"}: what was committed). The parent SIGKILLs it at random moments and checks that every
// acknowledged change survived and that the one call in flight was applied whole or not at all.
//
// Usage (bundled by the test with esbuild, or via tsx): crashWriter <dataDir> <seed> <round>
// stdout to a pipe is synchronous on Linux, so a printed ack is an ack the parent can see.
import fs from 'node:fs';
import path from 'node:path';
import { createApp } from '../../../main/app/createApp';
import { harnessPlatform } from '../../../main/platform/harness';
import { setScryptCostForTests } from '../../../main/services/auth/password';
import { mulberry32, CRASH_USERS, type CrashLine } from './crashModel';

const [dataDir, seedArg, roundArg] = process.argv.slice(2);
const rnd = mulberry32(Number(seedArg));
const round = Number(roundArg);
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)];
const print = (line: CrashLine) => process.stdout.write(JSON.stringify(line) + '\n');

async function main() {
  setScryptCostForTests(2 ** 10);
  // a chunked call's first progress event (its first chunk committed) is printed as a phase line: the parent
  // aims its kill at the chunks from there (the worker's start-up is most of a small transfer's time)
  let chunkedSeq: number | null = null;
  const sink = {
    send: (_caller: unknown, event: string, payload: unknown) => {
      if (event === 'progress' && chunkedSeq !== null && ['transfer', 'delete', 'restore'].includes(String((payload as { task?: string }).task))) {
        print({ t: 'phase', seq: chunkedSeq, phase: 'chunks' });
        chunkedSeq = null;
      }
    },
  };
  const app = createApp({ dataDir, platform: harnessPlatform(dataDir, sink).platform, events: sink, scheduler: false });
  const dispatch = async (channel: string, input: unknown) => {
    const r = await app.dispatch('writer', channel, input);
    if (!r.ok) throw new Error(`${channel} answered ${r.error.code}: ${r.error.message} ${JSON.stringify(r.error.details ?? {})}`);
    return r.value as Record<string, unknown>;
  };
  await dispatch('auth:login', { username: CRASH_USERS.admin.username, password: CRASH_USERS.admin.password });
  const userIds = (app.context.db.prepare('SELECT id FROM users ORDER BY id').pluck().all() as number[]).slice(0, 3);
  // reads go straight to SQL (they change nothing); every write goes through dispatch
  const liveIds = () => app.context.db.prepare('SELECT id, version FROM customers WHERE deleted_at IS NULL ORDER BY id DESC LIMIT 400').all() as { id: number; version: number }[];
  const importDir = path.join(dataDir, 'import-files');
  fs.mkdirSync(importDir, { recursive: true });
  print({ t: 'ready' });

  for (let seq = 0; ; seq++) {
    const tag = `r${round}-s${seq}`;
    const rows = liveIds();
    const roll = rnd();
    if (rows.length < 5 || roll < 0.3) {
      const ownerId = pick(userIds);
      print({ t: 'begin', seq, op: 'create', name: `崩溃-${tag}`, ownerId });
      const c = await dispatch('customers:create', { name: `崩溃-${tag}`, ownerId, notes: `created ${tag}` });
      print({ t: 'ack', seq, op: 'create', id: c.id as number, version: c.version as number });
    } else if (roll < 0.55) {
      const row = pick(rows);
      print({ t: 'begin', seq, op: 'update', id: row.id, notes: `notes ${tag}` });
      const c = await dispatch('customers:update', { id: row.id, version: row.version, patch: { notes: `notes ${tag}` } });
      print({ t: 'ack', seq, op: 'update', id: row.id, version: c.version as number });
    } else if (roll < 0.75) {
      const ids = [...new Set(Array.from({ length: 1 + Math.floor(rnd() * 40) }, () => pick(rows).id))];
      const industry = `行业-${tag}`;
      print({ t: 'begin', seq, op: 'batch', ids, industry });
      const r = await dispatch('customers:batchUpdate', { ids, patch: { industry } });
      print({ t: 'ack', seq, op: 'batch', ids, batchId: r.batchId as string, updated: r.updated as number });
    } else if (roll < 0.92 && roll >= 0.87 && rows.length > 220) {
      // a delete of more than 200 customers to the bin (the bin's writer thread, in chunks), then their restore;
      // each call's audit rows are found after the audit id printed with its begin line
      const ids = rows.slice(0, 201 + Math.floor(rnd() * (rows.length - 201))).map((r) => r.id).sort((a, b) => a - b);
      const lastAudit = () => Number(app.context.db.prepare('SELECT coalesce(max(id), 0) FROM audit_log').pluck().get());
      print({ t: 'begin', seq, op: 'delete', ids, auditFrom: lastAudit() });
      chunkedSeq = seq;
      const d = await dispatch('customers:delete', { ids });
      chunkedSeq = null;
      print({ t: 'ack', seq, op: 'delete', ids, batchId: d.batchId as string, updated: d.deleted as number });
      seq++;
      print({ t: 'begin', seq, op: 'restore', ids, auditFrom: lastAudit() });
      chunkedSeq = seq;
      const r = await dispatch('recycleBin:restore', { ids: ids.map((id) => `customer:${id}`), onClash: 'skip' });
      chunkedSeq = null;
      print({ t: 'ack', seq, op: 'restore', ids, batchId: r.batchId as string, updated: r.restored as number });
    } else if (roll < 0.92) {
      // one in two is big: more than 200 customers go through the transfer worker, in chunks
      const chunked = rows.length > 220 && rnd() < 0.5;
      const ids = chunked
        ? rows.slice(0, 201 + Math.floor(rnd() * (rows.length - 201))).map((r) => r.id)
        : [...new Set(Array.from({ length: 1 + Math.floor(rnd() * 40) }, () => pick(rows).id))];
      const toUserId = pick(userIds);
      const reason = `crash ${tag}`;
      print({ t: 'begin', seq, op: 'transfer', ids, toUserId, reason, ...(chunked ? { chunked } : {}) });
      chunkedSeq = chunked ? seq : null;
      const startedAt = Date.now();
      const r = await dispatch('customers:transfer', { ids, toUserId, reason });
      chunkedSeq = null;
      print({ t: 'ack', seq, op: 'transfer', ids, batchId: r.batchId as string, updated: r.transferred as number, ms: Date.now() - startedAt });
    } else {
      const rowsInFile = 5 + Math.floor(rnd() * 40);
      const prefix = `导入-${tag}-`;
      const file = path.join(importDir, `${tag}.csv`);
      fs.writeFileSync(file, '客户名称,行业\n' + Array.from({ length: rowsInFile }, (_, i) => `${prefix}${i},导入行业\n`).join(''));
      print({ t: 'begin', seq, op: 'import', prefix, rows: rowsInFile });
      const pv = await dispatch('import:preview', { path: file });
      print({ t: 'phase', seq, phase: 'commit' }); // the parent aims its kill at the commit (snapshot, then the write)
      const commitAt = Date.now();
      const r = await dispatch('import:commit', {
        path: file,
        sheet: pv.sheet,
        headerRow: pv.headerRow,
        mapping: pv.mapping,
        unmapped: 'ignore',
        onDuplicate: 'create',
        allOrNothing: true,
      });
      print({ t: 'ack', seq, op: 'import', prefix, batchId: r.batchId as string, updated: r.created as number, ms: Date.now() - commitAt });
    }
  }
}

void main().catch((e) => {
  process.stderr.write(String(e?.stack ?? e));
  process.exit(3);
});
