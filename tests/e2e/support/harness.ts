// Starts the browser harness (`node dist/web/server.js`) on a fresh temp data folder for one test.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';

export interface RunningHarness {
  url: string;
  origin: string;
  token: string;
  dataDir: string;
  /** call a channel as the harness window with this token (default: the first window) */
  invoke<T = unknown>(channel: string, input?: unknown, token?: string): Promise<{ ok: true; value: T } | { ok: false; error: { code: string; message: string; details?: unknown } }>;
  /** a fresh window token with no session */
  newWindow(): Promise<string>;
  /** script the next file dialog answer for a window */
  scriptDialog(answer: { openFile?: string | null; saveFile?: string | null }, token?: string): Promise<void>;
  /** keepData: leave the data folder (to start another harness on it, e.g. a restart) */
  stop(opts?: { keepData?: boolean }): Promise<void>;
}

const root = path.resolve(__dirname, '..', '..', '..');

export async function startHarness(opts: { dataDir?: string; env?: Record<string, string> } = {}): Promise<RunningHarness> {
  const dataDir = opts.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'zg-e2e-'));
  const child: ChildProcess = spawn(process.execPath, [path.join(path.resolve(root, process.env.CRM_DIST ?? 'dist'), 'web', 'server.js'), '--port', '0', '--data', dataDir], {
    cwd: root,
    env: { ...process.env, ...opts.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    const rl = readline.createInterface({ input: child.stdout! });
    rl.on('line', (line) => {
      const m = /^READY (\S+)$/.exec(line);
      if (m) resolve(m[1]);
    });
    child.once('exit', (code) => reject(new Error(`harness exited (${code}) before READY: ${stderr}`)));
  });
  const u = new URL(url);
  const token = u.searchParams.get('token')!;
  const origin = u.origin;
  const post = async (p: string, body: unknown, tok: string) => {
    const res = await fetch(origin + p, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${tok}` },
      body: JSON.stringify(body),
    });
    return res.json();
  };
  return {
    url,
    origin,
    token,
    dataDir,
    invoke: (channel, input, tok = token) => post('/api/invoke', { channel, input }, tok),
    newWindow: async () => ((await post('/api/window', {}, token)) as { token: string }).token,
    scriptDialog: async (answer, tok = token) => {
      await post('/api/dialog', answer, tok);
    },
    async stop(opts?: { keepData?: boolean }) {
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        // a harness that does not stop in time is killed, so teardown never eats the test's time
        const killer = setTimeout(() => child.kill('SIGKILL'), 5_000);
        await exited;
        clearTimeout(killer);
      }
      if (!opts?.keepData) fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * A fresh data folder filled by the seed CLI (`<dist>/seed/cli.js`, owner / owner-pass-1): for tests that need more
 * rows than the API could create in time. `seed` becomes its flags (`{ customers: 2500 }` -> `--customers 2500`).
 */
export function seedDataDir(prefix: string, seed: Record<string, string | number>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `zg-e2e-${prefix}-`));
  const flags = Object.entries(seed).flatMap(([k, v]) => [`--${k}`, String(v)]);
  execFileSync(process.execPath, [path.join(path.resolve(root, process.env.CRM_DIST ?? 'dist'), 'seed', 'cli.js'), ...flags, '--data', dir], { stdio: 'ignore' });
  return dir;
}

/** A Playwright fixture: the harness on a seeded data folder (removed with the harness). */
export function seededHarness(prefix: string, seed: Record<string, string | number>) {
  // the empty pattern is Playwright's: it reads the fixtures a fixture needs from the first parameter
  return async ({}, use: (h: RunningHarness) => Promise<void>) => {
    const h = await startHarness({ dataDir: seedDataDir(prefix, seed) });
    await use(h);
    await h.stop();
  };
}
