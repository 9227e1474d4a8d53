// Builds main, preload, the browser harness and node entry points with esbuild, then the renderer with Vite.
// Usage: node scripts/build.mjs [--skip-renderer] [--if-needed]
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
const args = new Set(process.argv.slice(2));
// CRM_DIST lets parallel work (several developers or agents on one checkout) build into separate folders.
const dist = path.resolve(root, process.env.CRM_DIST ?? 'dist');

function newestMtime(dirs) {
  let newest = 0;
  const walk = (p) => {
    if (!fs.existsSync(p)) return;
    const st = fs.statSync(p);
    if (st.isDirectory()) {
      if (p.endsWith('node_modules') || p.endsWith('dist')) return;
      for (const f of fs.readdirSync(p)) walk(path.join(p, f));
    } else newest = Math.max(newest, st.mtimeMs);
  };
  dirs.forEach((d) => walk(path.join(root, d)));
  return newest;
}

// A build folder outside the checkout (CRM_DIST=/tmp/...) cannot find node_modules by walking up from
// itself, so better-sqlite3 (kept outside the bundles) would not load: link the checkout's node_modules.
fs.mkdirSync(dist, { recursive: true });
const linkedModules = path.join(dist, 'node_modules');
if (!(dist + path.sep).startsWith(root + path.sep) && !fs.existsSync(linkedModules)) {
  fs.symlinkSync(path.join(root, 'node_modules'), linkedModules, 'junction');
}

const stamp = path.join(dist, '.build-stamp');
if (args.has('--if-needed') && fs.existsSync(stamp)) {
  const built = fs.statSync(stamp).mtimeMs;
  if (newestMtime(['main', 'preload', 'renderer', 'db', 'package.json', 'vite.config.mts']) < built) {
    process.exit(0);
  }
}

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: true,
  logLevel: 'warning',
  define: { __APP_VERSION__: JSON.stringify(pkg.version) },
  // native and Electron modules stay outside the bundle
  external: ['electron', 'better-sqlite3'],
};

// Node entry points: every file listed here becomes dist/<out>.js
const nodeEntries = {
  'main/index': 'main/index.ts',
  'web/server': 'main/web/server.ts',
  'seed/cli': 'db/seed/cli.ts',
  'bench/run': 'bench/run.ts',
};
for (const extra of ['main/workers']) {
  const dir = path.join(root, extra);
  if (!fs.existsSync(dir)) continue;
  for (const f of fs.readdirSync(dir)) {
    if (f.endsWith('.worker.ts')) nodeEntries[`workers/${f.replace(/\.ts$/, '')}`] = `${extra}/${f}`;
  }
}
const existing = Object.fromEntries(Object.entries(nodeEntries).filter(([, src]) => fs.existsSync(path.join(root, src))));

await build({ ...common, entryPoints: existing, outdir: dist, absWorkingDir: root });
await build({
  ...common,
  platform: 'browser',
  target: 'chrome120',
  entryPoints: { 'preload/index': 'preload/index.ts' },
  outdir: dist,
  absWorkingDir: root,
  external: ['electron'],
});

if (!args.has('--skip-renderer')) {
  execFileSync(process.execPath, [path.join(root, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--logLevel', 'warn'], {
    cwd: root,
    stdio: 'inherit',
  });
}
fs.mkdirSync(path.dirname(stamp), { recursive: true });
fs.writeFileSync(stamp, new Date().toISOString());
