// Child process of hostileFiles.test.ts: the app (its real worker threads, as shipped) on a fresh data
// folder, fed every file of the import corpus (import:preview, then import:commit) and of the restore
// corpus (backup:inspect, then backup:restore). One JSON line per call: the answer's code and reason,
// how long it took, the process's resident memory now and its peak (VmHWM), and whether the data changed.
// The parent runs it as a separate process so memory is measured for the app alone and a crash is seen.
// Usage: hostileChild <dataDir> <corpus.json>   (corpus.json: [{ kind: 'import' | 'restore', name, file, passphrase? }])
import fs from 'node:fs';
import { createApp } from '../../../main/app/createApp';
import { harnessPlatform } from '../../../main/platform/harness';
import { setScryptCostForTests } from '../../../main/services/auth/password';
import { fileIntegrity } from '../../helpers/integrity';

const [dataDir, corpusFile] = process.argv.slice(2);
const corpus = JSON.parse(fs.readFileSync(corpusFile, 'utf8')) as { kind: 'import' | 'restore'; name: string; file: string; passphrase?: string }[];
const mb = (n: number) => Math.round(n / 1024 / 1024);
const hwm = () => Number(/VmHWM:\s+(\d+)/.exec(fs.readFileSync('/proc/self/status', 'utf8'))?.[1] ?? 0) / 1024;

async function main() {
  setScryptCostForTests(2 ** 10);
  const sink = { send: () => {} };
  const app = createApp({ dataDir, platform: harnessPlatform(dataDir, sink).platform, events: sink, scheduler: false });
  const call = (channel: string, input: unknown) => app.dispatch('w', channel, input);
  await call('auth:setup', { username: 'owner', password: 'owner-pass-1', displayName: '王老板' });
  for (let i = 0; i < 10; i++) await call('customers:create', { name: `原有客户${i}` });
  const mark = () => {
    const db = app.context.db;
    return `${db.prepare('SELECT count(*) FROM customers').pluck().get()}/${db.prepare("SELECT group_concat(name) FROM (SELECT name FROM customers ORDER BY id)").pluck().get()}`;
  };
  process.stdout.write(JSON.stringify({ t: 'ready', rssMb: mb(process.memoryUsage().rss), hwmMb: Math.round(hwm()) }) + '\n');
  for (const f of corpus) {
    const steps: [string, unknown][] =
      f.kind === 'import'
        ? [
            ['import:preview', { path: f.file }],
            ['import:commit', { path: f.file, sheet: 'S', headerRow: 1, mapping: [{ column: 0, field: 'name' }], unmapped: 'ignore', onDuplicate: 'skip', allOrNothing: true }],
          ]
        : [
            ['backup:inspect', { path: f.file, ...(f.passphrase ? { passphrase: f.passphrase } : {}) }],
            ['backup:restore', { path: f.file, ...(f.passphrase ? { passphrase: f.passphrase } : {}) }],
          ];
    for (const [channel, input] of steps) {
      const before = mark();
      const t0 = Date.now();
      const r = await call(channel, input);
      const ms = Date.now() - t0;
      const line = {
        t: 'result',
        name: f.name,
        kind: f.kind,
        channel,
        code: r.ok ? 'OK' : r.error.code,
        reason: r.ok ? null : ((r.error.details as { reason?: string } | undefined)?.reason ?? null),
        message: r.ok ? '' : r.error.message.slice(0, 160),
        value: r.ok ? JSON.stringify(r.value).slice(0, 200) : null,
        ms,
        rssMb: mb(process.memoryUsage().rss),
        hwmMb: Math.round(hwm()),
        dataChanged: mark() !== before,
        integrity: fileIntegrity(app.context.dbFile),
      };
      process.stdout.write(JSON.stringify(line) + '\n');
    }
  }
  await app.close();
}
void main().then(
  () => process.exit(0),
  (e) => {
    process.stderr.write(String(e?.stack ?? e));
    process.exit(3);
  },
);
