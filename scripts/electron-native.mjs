// Builds better-sqlite3 for Electron's ABI into .native/electron/better_sqlite3.node, leaving
// node_modules/better-sqlite3/build (the Node build the tests use) untouched, so `npm start` and
// `npm test` work in either order. main/index.ts loads the .native build in development; the
// installer's afterPack hook (scripts/after-pack.cjs) copies it into the packaged app.
// Used by `npm start` and `npm run dist`. Skips the build when .native/electron/stamp.json is current.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { decide, electronBinaryPath, expectedStamp, NOT_INSTALLED_MESSAGE, readStamp } from './lib/electronNative.mjs';

const root = path.resolve(import.meta.dirname, '..');
const nativeDir = path.join(root, '.native', 'electron');
const nodeFile = path.join(nativeDir, 'better_sqlite3.node');
const buildRoot = path.join(root, '.native', 'electron-build');

const expected = expectedStamp(root);
const verdict = decide({
  binaryPath: electronBinaryPath(root),
  stamp: readStamp(nativeDir),
  expected,
  nodeFileExists: fs.existsSync(nodeFile),
});

if (verdict === 'no-electron') {
  process.stderr.write(`${NOT_INSTALLED_MESSAGE}\n`);
  process.exit(1);
}
if (verdict === 'current') {
  process.stdout.write(`better-sqlite3 ${expected.betterSqlite3} for Electron ${expected.electron} is up to date (.native/electron).\n`);
  process.exit(0);
}

const started = Date.now();
process.stdout.write(`Building better-sqlite3 ${expected.betterSqlite3} for Electron ${expected.electron} (${expected.platform}-${expected.arch}); this takes a few minutes...\n`);

// A private copy of the package (without its Node build) so node-gyp cannot touch node_modules.
const src = path.join(root, 'node_modules', 'better-sqlite3');
const pkgCopy = path.join(buildRoot, 'node_modules', 'better-sqlite3');
fs.rmSync(buildRoot, { recursive: true, force: true });
fs.mkdirSync(path.dirname(pkgCopy), { recursive: true });
fs.cpSync(src, pkgCopy, { recursive: true, filter: (p) => path.relative(src, p).split(path.sep)[0] !== 'build' });

/** npm passes its config as npm_config_* variables; a `nodedir` (Node's headers) would silently win over Electron's. */
function gypEnv() {
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^npm_config_(nodedir|target|runtime|disturl|dist_url|arch)$/i.test(k)));
  return { ...env, npm_config_runtime: 'electron', npm_config_target: expected.electron, npm_config_disturl: 'https://electronjs.org/headers' };
}

try {
  execFileSync(
    process.execPath,
    [
      path.join(root, 'node_modules', 'node-gyp', 'bin', 'node-gyp.js'),
      'rebuild',
      '--release',
      '--runtime=electron',
      `--target=${expected.electron}`,
      `--arch=${expected.arch}`,
      '--dist-url=https://electronjs.org/headers',
      // Electron's headers are cached apart from Node's
      `--devdir=${path.join(os.homedir(), '.electron-gyp')}`,
    ],
    { cwd: pkgCopy, stdio: 'inherit', env: gypEnv() },
  );
} catch {
  process.stderr.write(
    '\nBuilding better-sqlite3 for Electron failed (see above). It needs a C++ toolchain (build-essential / Xcode / VS Build Tools)\n' +
      "and Electron's headers from https://electronjs.org/headers. The browser preview (`npm run web`) does not need this build.\n",
  );
  process.exit(1);
}

fs.mkdirSync(nativeDir, { recursive: true });
fs.copyFileSync(path.join(pkgCopy, 'build', 'Release', 'better_sqlite3.node'), nodeFile);
fs.writeFileSync(path.join(nativeDir, 'stamp.json'), JSON.stringify({ ...expected, builtAt: new Date().toISOString() }, null, 2) + '\n');
fs.rmSync(buildRoot, { recursive: true, force: true }); // ~100 MB of objects; the next build starts clean anyway
process.stdout.write(`Built .native/electron/better_sqlite3.node in ${((Date.now() - started) / 1000).toFixed(0)} s.\n`);
