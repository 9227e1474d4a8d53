// File paths under the app's policy (GrantedPaths, as in Electron): import, export, backup and restore
// refuse a path the user never picked in a dialog of this window (FORBIDDEN, nothing read or written),
// and accept one picked through the dialog double (which grants like the Electron adapter does).
// Also: a write to a chosen path that cannot be written (folder gone, name too long) is a clear
// INVALID_INPUT on `path`, never INTERNAL.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contract } from '../../../main/contract';
import type { ChannelDef } from '../../../main/contract/define';
import { createApp, type CrmApp } from '../../../main/app/createApp';
import { harnessPlatform, ScriptedDialogs } from '../../../main/platform/harness';
import { GrantedPaths } from '../../../main/platform/pathGrants';
import type { Dialogs } from '../../../main/platform/types';
import { setTaskMode } from '../../../main/services/import/runner';
import { setScryptCostForTests } from '../../../main/services/auth/password';
import { ADMIN, FakeClock, silentLog } from '../../helpers/testApp';
import { sampleInput } from '../permissions/sampleInput';

const channels = contract as unknown as Record<string, ChannelDef>;
const sha = (f: string) => (fs.existsSync(f) ? createHash('sha256').update(fs.readFileSync(f)).digest('hex') : 'absent');

/** The Electron adapter's behaviour with scripted answers: the chosen path is granted to the calling window. */
class GrantingDialogs implements Dialogs {
  readonly scripted: ScriptedDialogs;
  constructor(
    dir: string,
    private readonly grants: GrantedPaths,
  ) {
    this.scripted = new ScriptedDialogs(dir);
  }
  async openFile(caller: string, opts: Parameters<Dialogs['openFile']>[1]) {
    const p = await this.scripted.openFile(caller);
    if (p) this.grants.grant(caller, p, 'read');
    void opts;
    return p;
  }
  async saveFile(caller: string, opts: Parameters<Dialogs['saveFile']>[1]) {
    const p = await this.scripted.saveFile(caller, opts);
    if (p) this.grants.grant(caller, p, 'write');
    return p;
  }
}

let dir: string;
let home: string;
let app: CrmApp;
let dialogs: GrantingDialogs;
const realHome = process.env.HOME;

async function call(caller: string, channel: string, input: unknown) {
  return app.dispatch(caller, channel, input);
}
const codeOf = (r: Awaited<ReturnType<typeof call>>) => (r.ok ? 'OK' : r.error.code);

beforeAll(async () => {
  setScryptCostForTests(2 ** 10);
  setTaskMode('inline');
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zg-paths-'));
  // writing channels are pointed at "~/.bashrc" of a stand-in home: if a check were missing, the test
  // must not clobber the real one (tests run as root)
  home = fs.mkdtempSync(path.join(os.tmpdir(), 'zg-home-'));
  fs.writeFileSync(path.join(home, '.bashrc'), '# decoy\n');
  process.env.HOME = home;
  const grants = new GrantedPaths();
  dialogs = new GrantingDialogs(path.join(dir, 'exports'), grants);
  const sink = { send() {} };
  const platform = { ...harnessPlatform(dir, sink).platform, paths: grants, dialogs };
  app = createApp({ dataDir: dir, platform, events: sink, clock: new FakeClock(), log: silentLog, scheduler: false });
  expect(codeOf(await call('w1', 'auth:setup', ADMIN))).toBe('OK');
  expect(codeOf(await call('w2', 'auth:login', { username: ADMIN.username, password: ADMIN.password }))).toBe('OK');
  for (let i = 0; i < 3; i++) expect(codeOf(await call('w1', 'customers:create', { name: `路径客户${i}` }))).toBe('OK');
}, 60_000);

afterAll(async () => {
  process.env.HOME = realHome;
  await app?.close();
  fs.rmSync(dir, { recursive: true, force: true });
  fs.rmSync(home, { recursive: true, force: true });
});

/** every channel that takes a file path, with the rest of a valid input */
function withPath(channel: string, p: string): unknown {
  const base = sampleInput(channels[channel].input) as Record<string, unknown>;
  switch (channel) {
    case 'import:commit':
      return { path: p, sheet: 'Sheet1', headerRow: 1, mapping: [{ column: 0, field: 'name' }], unmapped: 'ignore', onDuplicate: 'skip', allOrNothing: true };
    case 'export:run':
      return { entity: 'customers', format: 'csv', path: p };
    case 'reports:export':
      return { ...base, report: 'salesPerformance', format: 'csv', columns: [{ key: 'owner', title: '销售' }], title: '业绩', path: p };
    case 'backup:settings':
      return { set: { folder: p } };
    default:
      return { ...base, path: p };
  }
}
const READS = ['import:preview', 'import:commit', 'backup:verify', 'backup:inspect', 'backup:restore'];
const WRITES = ['import:template', 'export:run', 'audit:export', 'reports:export', 'backup:create', 'backup:settings'];

describe('with the Electron path policy (GrantedPaths)', () => {
  it('every path-taking channel is covered here', () => {
    const takesPath = Object.keys(channels).filter((n) => {
      const shape = (channels[n].input as unknown as { _zod: { def: { shape?: Record<string, unknown>; innerType?: { _zod: { def: { shape?: Record<string, unknown> } } } } } })._zod.def;
      const s = shape.shape ?? shape.innerType?._zod.def.shape;
      return !!s && 'path' in s;
    });
    // import:errorReport needs a finished import job first (checked below); backup:delete takes only listed backups
    expect(takesPath.filter((n) => ![...READS, ...WRITES, 'import:errorReport', 'backup:delete'].includes(n))).toEqual([]);
  });

  it('refuses /etc/passwd and ~/.bashrc for reading: import, backup verify, inspect and restore', async () => {
    const targets = ['/etc/passwd', path.join(realHome ?? '/root', '.bashrc'), '~/.bashrc'];
    for (const channel of READS) {
      for (const p of targets) {
        const r = await call('w1', channel, withPath(channel, p));
        expect(codeOf(r), `${channel} ${p}`).toBe('FORBIDDEN');
      }
    }
  });

  it('refuses ~/.bashrc and a never-chosen file for writing: template, export, audit and report export, backup, backup folder', async () => {
    const bashrc = path.join(home, '.bashrc');
    const decoy = path.join(dir, 'not-chosen.xlsx');
    const before = sha(bashrc);
    for (const channel of WRITES) {
      for (const p of [bashrc, decoy, '/etc/cron.d/zg-evil']) {
        const r = await call('w1', channel, withPath(channel, p));
        expect(codeOf(r), `${channel} ${p}`).toBe('FORBIDDEN');
      }
    }
    expect(sha(bashrc)).toBe(before);
    expect(fs.existsSync(decoy)).toBe(false);
    expect(fs.existsSync('/etc/cron.d/zg-evil')).toBe(false);
  });

  it('a grant belongs to one window and one mode: another window, or writing a file picked for reading, is refused', async () => {
    const csv = path.join(dir, 'customers.csv');
    fs.writeFileSync(csv, '客户名称\n导入甲\n');
    dialogs.scripted.script('w1', 'open', csv);
    expect(await call('w1', 'dialog:openFile', {})).toMatchObject({ ok: true, value: { path: csv } });
    expect(codeOf(await call('w2', 'import:preview', { path: csv })), 'another window').toBe('FORBIDDEN');
    expect(codeOf(await call('w1', 'export:run', withPath('export:run', csv))), 'write to a read grant').toBe('FORBIDDEN');
    expect(fs.readFileSync(csv, 'utf8')).toBe('客户名称\n导入甲\n');
  });

  it('paths picked in the dialog work: import, export, backup to a file and reading it back', async () => {
    const csv = path.join(dir, 'customers.csv');
    dialogs.scripted.script('w1', 'open', csv);
    await call('w1', 'dialog:openFile', {});
    const pv = await call('w1', 'import:preview', { path: csv });
    expect(codeOf(pv), JSON.stringify(pv)).toBe('OK');

    const out = path.join(dir, 'out', 'customers.csv');
    fs.mkdirSync(path.dirname(out));
    dialogs.scripted.script('w1', 'save', out);
    await call('w1', 'dialog:saveFile', {});
    const ex = await call('w1', 'export:run', withPath('export:run', out));
    expect(codeOf(ex), JSON.stringify(ex)).toBe('OK');
    expect(fs.readFileSync(out, 'utf8')).toContain('路径客户0');

    const bak = path.join(dir, 'out', 'mine.db');
    dialogs.scripted.script('w1', 'save', bak);
    await call('w1', 'dialog:saveFile', {});
    const b = await call('w1', 'backup:create', { path: bak });
    expect(codeOf(b), JSON.stringify(b)).toBe('OK');
    const v = await call('w1', 'backup:verify', { path: bak }); // a save grant allows reading back what was written
    expect(codeOf(v), JSON.stringify(v)).toBe('OK');
  }, 60_000);

  it('a chosen file that cannot be written is INVALID_INPUT on path with a sentence, never INTERNAL', async () => {
    const gone = path.join(dir, 'no-such-folder', 'x.xlsx');
    const long = path.join(dir, `${'长'.repeat(300)}.xlsx`);
    for (const p of [gone, long]) {
      for (const channel of ['export:run', 'audit:export', 'reports:export', 'import:template']) {
        dialogs.scripted.script('w1', 'save', p);
        await call('w1', 'dialog:saveFile', {});
        const r = await call('w1', channel, withPath(channel, p));
        expect(r.ok, `${channel} ${p.slice(0, 60)}`).toBe(false);
        if (!r.ok) {
          expect(r.error.code, `${channel}: ${r.error.message}`).toBe('INVALID_INPUT');
          expect(r.error.details).toMatchObject({ fieldErrors: { path: expect.any(String) } });
        }
      }
    }
  });
});
