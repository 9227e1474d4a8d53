// Which program writes the snapshot's copy on Linux: `dd` with O_DIRECT (the copy's pages stay out of the
// page cache: no eviction of the live database's pages, no gigabytes of dirty pages written back while an
// import writes beside the copy), and `cp` where `dd` cannot (a file system refusing O_DIRECT). A `dd` on
// PATH that records its arguments (then runs the real one) or that fails shows which ran.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { makeTestApp, type TestApp } from '../../helpers/testApp';
import { snapshotLive } from '../../../main/services/backup/snapshot';
import { addCustomers, customerCount, hashFile, sqliteShell } from './helpers';

let t: TestApp | undefined;
const savedPath = process.env.PATH;
afterEach(async () => {
  process.env.PATH = savedPath;
  await t?.close();
  t = undefined;
});

/** A folder holding an executable `dd` script, put first on PATH. */
function shimDd(dir: string, body: string): string {
  const bin = path.join(dir, 'shim-bin');
  fs.mkdirSync(bin, { recursive: true });
  fs.writeFileSync(path.join(bin, 'dd'), `#!/bin/sh\n${body}\n`, { mode: 0o755 });
  process.env.PATH = `${bin}:${savedPath}`;
  return bin;
}

async function snapshotOf(app: TestApp) {
  const db = app.app.context.db;
  addCustomers(db, 1500);
  const out = path.join(app.dataDir, 'snap.db');
  const r = await snapshotLive(app.app.context.dbFile, out, {});
  expect(r.method).toBe('file-copy');
  expect(r.counts.customers).toBe(customerCount(db));
  expect(sqliteShell(out, 'PRAGMA integrity_check;')).toBe('ok');
  expect(sqliteShell(out, 'SELECT count(*) FROM customers;')).toBe(String(customerCount(db)));
  expect(r.sha256).toBe(hashFile(out));
  return { out, r };
}

describe.runIf(process.platform === 'linux')('the snapshot copy tool on Linux', { timeout: 60_000 }, () => {
  it('writes the copy with dd and O_DIRECT', async () => {
    t = await makeTestApp();
    await t.setupAdmin();
    const log = path.join(t.dataDir, 'dd-args.txt');
    const realDd = ['/usr/bin/dd', '/bin/dd'].find((p) => fs.existsSync(p))!;
    shimDd(t.dataDir, `echo "$@" >> '${log}'\nexec ${realDd} "$@"`);
    const { out } = await snapshotOf(t);
    const args = fs.readFileSync(log, 'utf8').trim();
    expect(args).toContain('oflag=direct');
    expect(args).toContain(`of=${out}`);
  });

  it('copies with cp when dd fails (a file system without O_DIRECT), and the copy is as sound', async () => {
    t = await makeTestApp();
    await t.setupAdmin();
    const marker = path.join(t.dataDir, 'dd-ran');
    shimDd(t.dataDir, `touch '${marker}'\necho "dd: failed to open: Invalid argument" >&2\nexit 1`);
    await snapshotOf(t);
    expect(fs.existsSync(marker)).toBe(true);
  });
});
