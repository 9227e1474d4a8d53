// Decisions for scripts/electron-native.mjs, kept free of side effects so a unit test can check them
// without building anything: is Electron's binary here, and is the Electron build of better-sqlite3 current?
import fs from 'node:fs';
import path from 'node:path';

export const NOT_INSTALLED_MESSAGE =
  "Electron's binary is not installed on this machine; use `npm run web` for the browser preview " +
  '(`npm run web -- --port 5173 --data /tmp/crm`).';

/** Path of node_modules/electron's executable, or null when it was never downloaded. */
export function electronBinaryPath(root, env = process.env) {
  const pkgDir = path.join(root, 'node_modules', 'electron');
  const pathFile = path.join(pkgDir, 'path.txt');
  const rel = fs.existsSync(pathFile) ? fs.readFileSync(pathFile, 'utf8').trim() : null;
  if (env.ELECTRON_OVERRIDE_DIST_PATH) {
    const p = path.join(env.ELECTRON_OVERRIDE_DIST_PATH, rel || 'electron');
    return fs.existsSync(p) ? p : null;
  }
  if (!rel) return null;
  const full = path.join(pkgDir, 'dist', rel);
  return fs.existsSync(full) ? full : null;
}

/** What the Electron build of better-sqlite3 must have been made for. */
export function expectedStamp(root, platform = process.platform, arch = process.arch) {
  const version = (name) => JSON.parse(fs.readFileSync(path.join(root, 'node_modules', name, 'package.json'), 'utf8')).version;
  return { electron: version('electron'), betterSqlite3: version('better-sqlite3'), platform, arch };
}

export function readStamp(nativeDir) {
  try {
    return JSON.parse(fs.readFileSync(path.join(nativeDir, 'stamp.json'), 'utf8'));
  } catch {
    return null;
  }
}

export function stampIsCurrent(stamp, expected) {
  return !!stamp && ['electron', 'betterSqlite3', 'platform', 'arch'].every((k) => stamp[k] === expected[k]);
}

/**
 * 'no-electron': print NOT_INSTALLED_MESSAGE and stop; 'current': nothing to do; 'build': (re)build.
 */
export function decide({ binaryPath, stamp, expected, nodeFileExists }) {
  if (!binaryPath) return 'no-electron';
  if (nodeFileExists && stampIsCurrent(stamp, expected)) return 'current';
  return 'build';
}
