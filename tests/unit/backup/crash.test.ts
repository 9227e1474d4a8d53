// A process killed (SIGKILL) at each step of a restore comes back with the old or the new database
// whole, never a mix: the old one (with its last writes) before the journal's commit point, the new one after.
import fs from 'node:fs';
import path from 'node:path';
import os from 'node:os';
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { makeTestApp } from '../../helpers/testApp';
import { createApp } from '../../../main/app/createApp';
import { harnessPlatform } from '../../../main/platform/harness';
import { SWAP_STEPS } from '../../../main/services/backup/swap';
import { addCustomers, customerCount } from './helpers';

const root = path.resolve(__dirname, '..', '..', '..');
const OLD = 25 + 5; // 25 before the child starts + 5 the child writes
const NEW = 10;

async function prepare(): Promise<{ dataDir: string; backup: string }> {
  const t = await makeTestApp();
  await t.setupAdmin();
  addCustomers(t.app.context.db, NEW);
  const b = await t.ok('admin', 'backup:create', {});
  addCustomers(t.app.context.db, 15, '后来');
  await t.app.close();
  const backup = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'zg-crash-')), 'b.db');
  fs.copyFileSync(b.path, backup);
  return { dataDir: t.dataDir, backup };
}

describe('restore is crash-safe', { timeout: 180_000 }, () => {
  const cases = ['after-stage', ...SWAP_STEPS.filter((s) => s !== 'done'), 'done', 'after-restore'];
  for (const step of cases) {
    const expectNew = !['after-stage', 'staged'].includes(step);
    it(`killed at "${step}" → ${expectNew ? 'new' : 'old'} database, intact`, async () => {
      const { dataDir, backup } = await prepare();
      const child = spawnSync(process.execPath, ['--require', 'tsx/cjs', path.join(__dirname, 'crashChild.ts'), dataDir, backup, step], { cwd: root, encoding: 'utf8', timeout: 60_000 });
      expect(child.signal, child.stderr).toBe('SIGKILL');
      // start-up: recovery runs in createApp before the database is opened
      const sink = { send: () => {} };
      const app = createApp({ dataDir, platform: harnessPlatform(dataDir, sink).platform, events: sink, scheduler: false });
      try {
        const db = app.context.db;
        expect(db.prepare('PRAGMA integrity_check').pluck().get()).toBe('ok');
        expect(db.prepare('PRAGMA foreign_key_check').all()).toEqual([]);
        expect(customerCount(db)).toBe(expectNew ? NEW : OLD);
        expect(fs.existsSync(path.join(dataDir, 'restore.journal'))).toBe(false);
        expect(fs.existsSync(`${app.context.dbFile}.restore-new`)).toBe(false);
        addCustomers(db, 1); // and it is writable
      } finally {
        await app.close();
        fs.rmSync(dataDir, { recursive: true, force: true });
        fs.rmSync(path.dirname(backup), { recursive: true, force: true });
      }
    });
  }
});
