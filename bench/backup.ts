// Backup throughput against fs.copyFile of the same file, measured in the same run (TARGETS.md).
// Usage: npx tsx bench/backup.ts [MB]   (builds a database of about MB megabytes in a temp folder first)
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { openDatabaseFile, databaseFileIn } from '../db/connection';
import { createApp } from '../main/app/createApp';
import { harnessPlatform } from '../main/platform/harness';
import { backupService } from '../main/services/backup';
import { snapshotLive } from '../main/services/backup/snapshot';
import { monitorEventLoopDelay } from 'node:perf_hooks';

const targetMb = Number(process.argv[2] ?? 220);
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zg-bench-backup-'));
const dbFile = databaseFileIn(dir);

function build(): void {
  const db = openDatabaseFile(dbFile);
  const now = new Date().toISOString();
  const ins = db.raw.prepare('INSERT INTO customers (name, notes, address, created_at, updated_at) VALUES (?, ?, ?, ?, ?)');
  let i = 0;
  while (fs.statSync(dbFile).size + (fs.existsSync(`${dbFile}-wal`) ? fs.statSync(`${dbFile}-wal`).size : 0) < targetMb * 1024 * 1024) {
    db.raw.transaction(() => {
      for (let k = 0; k < 20000; k++, i++) ins.run(`客户${i}`, randomBytes(90).toString('base64'), `地址${i} ${randomBytes(20).toString('hex')}`, now, now);
    })();
    db.raw.pragma('wal_checkpoint(TRUNCATE)');
  }
  db.close();
}

const ms = (t: bigint) => Number(process.hrtime.bigint() - t) / 1e6;

async function main() {
  const t0 = process.hrtime.bigint();
  build();
  const size = fs.statSync(dbFile).size;
  console.log(`database ${(size / 1048576).toFixed(0)} MiB built in ${(ms(t0) / 1000).toFixed(1)} s`);
  const sink = { send: () => {} };
  const app = createApp({ dataDir: dir, platform: harnessPlatform(dir, sink).platform, events: sink, scheduler: false });
  const svc = backupService(app.context);
  const rows: string[] = [];
  const runs = 3;
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const copy: number[] = [];
  const snap: number[] = [];
  const plain: number[] = [];
  const enc: number[] = [];
  let maxLag = 0;
  for (let r = 0; r < runs; r++) {
    let t = process.hrtime.bigint();
    await fs.promises.copyFile(dbFile, path.join(dir, 'copy.db'));
    copy.push(ms(t));
    fs.rmSync(path.join(dir, 'copy.db'));
    t = process.hrtime.bigint();
    await snapshotLive(dbFile, path.join(dir, 'snap.db')); // the copy phase alone (what the worker runs first)
    snap.push(ms(t));
    fs.rmSync(path.join(dir, 'snap.db'));
    const h = monitorEventLoopDelay({ resolution: 5 });
    h.enable();
    t = process.hrtime.bigint();
    const b = await svc.create({ kind: 'manual', actor: null });
    plain.push(ms(t));
    h.disable();
    maxLag = Math.max(maxLag, h.max / 1e6);
    fs.rmSync(b.path);
    fs.rmSync(`${b.path}.json`);
    t = process.hrtime.bigint();
    const e = await svc.create({ kind: 'manual', actor: null, passphrase: 'bench-passphrase' });
    enc.push(ms(t));
    fs.rmSync(e.path);
    fs.rmSync(`${e.path}.json`);
  }
  const mbps = (t: number) => (size / 1048576 / (t / 1000)).toFixed(0);
  const c = median(copy);
  for (const [name, xs] of [['fs.copyFile', copy], ['snapshot copy phase only (snapshotLive)', snap], ['backup (plain; its quick_check follows in the background)', plain], ['backup (encrypted; checked before sealing)', enc]] as const) {
    const m = median(xs);
    rows.push(`| ${name} | ${(m / 1000).toFixed(2)} s | ${mbps(m)} MiB/s | ${(c / m).toFixed(2)} |`);
  }
  console.log(`\n| work (median of ${runs}) | time | throughput | throughput ratio to copyFile |\n|---|---|---|---|\n${rows.join('\n')}`);
  console.log(`\nmain event loop: max delay during backups ${maxLag.toFixed(1)} ms`);
  await app.close();
  fs.rmSync(dir, { recursive: true, force: true });
}
void main();
