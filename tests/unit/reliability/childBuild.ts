// Bundles a TypeScript child-process entry (and the app's worker threads) once with esbuild, so each
// spawned child starts in a fraction of a second instead of transpiling the app through tsx every time.
// Layout mirrors dist/: <dir>/child/<name>.js and <dir>/workers/*.worker.js, because the app finds its
// workers at <bundle dir>/../workers; <dir>/node_modules links the checkout's (better-sqlite3 stays outside).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { build } from 'esbuild';

const root = path.resolve(__dirname, '..', '..', '..');

export async function bundleChild(entry: string): Promise<{ script: string; dir: string }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zg-child-'));
  fs.symlinkSync(path.join(root, 'node_modules'), path.join(dir, 'node_modules'), 'junction');
  const workers = Object.fromEntries(
    fs
      .readdirSync(path.join(root, 'main', 'workers'))
      .filter((f) => f.endsWith('.worker.ts'))
      .map((f) => [`workers/${f.replace(/\.ts$/, '')}`, path.join(root, 'main', 'workers', f)]),
  );
  const name = path.basename(entry).replace(/\.ts$/, '');
  await build({
    entryPoints: { [`child/${name}`]: entry, ...workers },
    outdir: dir,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    logLevel: 'error',
    define: { __APP_VERSION__: JSON.stringify('0.1.0-test') },
    external: ['electron', 'better-sqlite3'],
    absWorkingDir: root,
  });
  return { script: path.join(dir, 'child', `${name}.js`), dir };
}
