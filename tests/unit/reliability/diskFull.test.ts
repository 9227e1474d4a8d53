// A full or read-only data folder: writes answer a clear sentence (dispatch maps SQLITE_FULL and
// SQLITE_READONLY*/IOERR to them, details.reason says which), never the generic INTERNAL text; nothing
// is corrupted and earlier data is intact once space is back. A real small tmpfs when this machine
// allows mounting (tests run as root here; chmod would not stop root), and always the injected variant
// (PRAGMA max_page_count makes SQLite itself answer SQLITE_FULL).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import { createApp, type CrmApp } from '../../../main/app/createApp';
import { harnessPlatform } from '../../../main/platform/harness';
import { setScryptCostForTests } from '../../../main/services/auth/password';
import { ADMIN, FakeClock, silentLog } from '../../helpers/testApp';

const GENERIC = '出现了意外错误'; // the start of the generic INTERNAL sentence: a full disk must say more
const mounts: string[] = [];
const dirs: string[] = [];
afterAll(() => {
  for (const m of mounts) {
    try {
      execFileSync('umount', ['-l', m]);
    } catch {
      /* already gone */
    }
  }
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

function tryMountTmpfs(sizeMb: number): string | null {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zg-tmpfs-'));
  dirs.push(dir);
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${sizeMb}m`, 'tmpfs', dir], { stdio: 'pipe' });
    mounts.push(dir);
    return dir;
  } catch {
    return null;
  }
}
const canMount = (() => {
  const d = tryMountTmpfs(1);
  return d !== null;
})();

async function openWithData(dataDir: string) {
  setScryptCostForTests(2 ** 10);
  const sink = { send() {} };
  const app = createApp({ dataDir, platform: harnessPlatform(dataDir, sink).platform, events: sink, clock: new FakeClock(), log: silentLog, scheduler: false });
  const call = (channel: string, input: unknown) => app.dispatch('w', channel, input);
  expect((await call('auth:setup', ADMIN)).ok).toBe(true);
  const ids: number[] = [];
  for (let i = 0; i < 20; i++) {
    const r = await call('customers:create', { name: `早先客户${i}`, notes: '早先的备注' });
    if (!r.ok) throw new Error(r.error.message);
    ids.push((r.value as { id: number }).id);
  }
  return { app, call, ids };
}

function fillDisk(dir: string): string {
  const filler = path.join(dir, 'filler.bin');
  const fd = fs.openSync(filler, 'w');
  const chunk = Buffer.alloc(64 * 1024, 1);
  try {
    for (;;) fs.writeSync(fd, chunk);
  } catch (e) {
    expect((e as { code?: string }).code).toBe('ENOSPC');
  }
  // the last few bytes too
  try {
    for (;;) fs.writeSync(fd, chunk.subarray(0, 512));
  } catch {
    /* full */
  }
  fs.closeSync(fd);
  return filler;
}

function intact(app: CrmApp, ids: number[]) {
  const db = app.context.db;
  expect(db.prepare('PRAGMA integrity_check').pluck().get()).toBe('ok');
  const rows = db.prepare(`SELECT name, notes FROM customers WHERE id IN (${ids.join(',')}) ORDER BY id`).all() as { name: string; notes: string }[];
  expect(rows.map((r) => r.name)).toEqual(ids.map((_, i) => `早先客户${i}`));
  expect(new Set(rows.map((r) => r.notes))).toEqual(new Set(['早先的备注']));
}

/** the writes a user does when the disk fills: each must fail with the clear sentence or succeed */
async function writesUnderPressure(call: (c: string, i: unknown) => Promise<Awaited<ReturnType<CrmApp['dispatch']>>>, ids: number[]) {
  const outcomes: { channel: string; code: string; reason?: unknown; message: string }[] = [];
  const big = '满'.repeat(15_000);
  const attempts: [string, unknown][] = [
    ['customers:create', { name: '磁盘满时新建', notes: big }],
    ['customers:batchUpdate', { ids, patch: { industry: '满盘行业'.repeat(20) } }],
    ['customers:update', { id: ids[0], version: 1, patch: { notes: big } }],
    ['customers:delete', { ids: ids.slice(0, 5) }],
  ];
  for (let i = 0; i < 30; i++) attempts.push(['customers:create', { name: `再来${i}`, notes: big }]);
  for (const [channel, input] of attempts) {
    const r = await call(channel, input);
    outcomes.push(r.ok ? { channel, code: 'OK', message: '' } : { channel, code: r.error.code, reason: (r.error.details as { reason?: unknown })?.reason, message: r.error.message });
  }
  return outcomes;
}

describe('disk full', () => {
  it.skipIf(!canMount)('on a full tmpfs: writes answer the disk-full sentence, nothing is corrupted, earlier data intact, works again once space is freed', { timeout: 120_000 }, async () => {
    const dir = tryMountTmpfs(24)!;
    const { app, call, ids } = await openWithData(dir);
    try {
      const filler = fillDisk(dir);
      const outcomes = await writesUnderPressure(call, ids);
      const failed = outcomes.filter((o) => o.code !== 'OK');
      expect(failed.length, JSON.stringify(outcomes)).toBeGreaterThan(0);
      for (const o of failed) {
        expect(o.message, `${o.channel}: ${o.message}`).not.toContain(GENERIC);
        expect(o.reason, `${o.channel}: ${o.message}`).toBe('disk-full');
      }
      intact(app, ids);
      fs.rmSync(filler);
      const again = await call('customers:create', { name: '空间回来了' });
      expect(again.ok, JSON.stringify(again)).toBe(true);
      intact(app, ids);
    } finally {
      await app.close();
    }
    // and it opens again normally
    const sink = { send() {} };
    const reopened = createApp({ dataDir: dir, platform: harnessPlatform(dir, sink).platform, events: sink, log: silentLog, scheduler: false });
    try {
      intact(reopened, ids);
    } finally {
      await reopened.close();
    }
  });

  it('injected at the SQLite layer (max_page_count): SQLITE_FULL is the disk-full sentence and the data stays whole', { timeout: 60_000 }, async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zg-full-'));
    dirs.push(dir);
    const { app, call, ids } = await openWithData(dir);
    try {
      const pages = Number(app.context.db.prepare('PRAGMA page_count').pluck().get());
      app.context.db.raw.pragma(`max_page_count = ${pages}`);
      const outcomes = await writesUnderPressure(call, ids);
      const failed = outcomes.filter((o) => o.code !== 'OK');
      expect(failed.length).toBeGreaterThan(0);
      for (const o of failed) {
        expect(o.reason, `${o.channel}: ${o.message}`).toBe('disk-full');
        expect(o.message).toContain('磁盘空间不足');
      }
      intact(app, ids);
      app.context.db.raw.pragma('max_page_count = 4294967294');
      expect((await call('customers:create', { name: '恢复后' })).ok).toBe(true);
    } finally {
      await app.close();
    }
  });
});

describe('read-only data folder', () => {
  it('injected under the running app (PRAGMA query_only, SQLite answers SQLITE_READONLY): writes answer the read-only sentence, reads work, data intact', { timeout: 60_000 }, async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zg-ro-'));
    dirs.push(dir);
    const { app, call, ids } = await openWithData(dir);
    try {
      app.context.db.raw.pragma('query_only = ON');
      const outcomes = await writesUnderPressure(call, ids);
      for (const o of outcomes) {
        expect(o.code, `${o.channel} on a read-only database`).not.toBe('OK');
        expect(o.message, `${o.channel}: ${o.message}`).not.toContain(GENERIC);
        expect(o.reason, `${o.channel}: ${o.message}`).toBe('read-only');
      }
      const list = await call('customers:list', { limit: 5 });
      expect(list.ok, JSON.stringify(list)).toBe(true);
      app.context.db.raw.pragma('query_only = OFF');
      intact(app, ids);
    } finally {
      await app.close();
    }
  });

  // A mounted file system cannot be remounted read-only while the app holds files open for writing
  // (EBUSY), so the real read-only disk is tested where it bites: opening the app on it.
  it.skipIf(!canMount)('opening the app on a read-only mount says the folder cannot be written (not "damaged"), and changes no byte', { timeout: 60_000 }, async () => {
    const dir = tryMountTmpfs(24)!;
    const { app, ids } = await openWithData(dir);
    await app.close();
    const snapshot = () => fs.readdirSync(dir).filter((f) => f.startsWith('zhanggui')).map((f) => `${f}:${fs.readFileSync(path.join(dir, f)).toString('base64').length}:${fs.readFileSync(path.join(dir, f)).subarray(0, 4096).toString('hex')}`);
    const before = snapshot();
    execFileSync('mount', ['-o', 'remount,ro', dir]);
    const sink = { send() {} };
    let error: unknown = null;
    try {
      await createApp({ dataDir: dir, platform: harnessPlatform(dir, sink).platform, events: sink, log: silentLog, scheduler: false }).close();
    } catch (e) {
      error = e;
    }
    expect(error).toMatchObject({ name: 'DatabaseOpenError', reason: 'unreadable', message: expect.stringMatching(/cannot be written.*read-only/) });
    expect(snapshot()).toEqual(before);
    execFileSync('mount', ['-o', 'remount,rw', dir]);
    const back = createApp({ dataDir: dir, platform: harnessPlatform(dir, sink).platform, events: sink, log: silentLog, scheduler: false });
    try {
      intact(back, ids);
    } finally {
      await back.close();
    }
  });
});
