// The decisions of scripts/electron-native.mjs (no build is run here).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { decide, electronBinaryPath, expectedStamp, NOT_INSTALLED_MESSAGE, readStamp, stampIsCurrent } from '../../../scripts/lib/electronNative.mjs';

const repo = path.resolve(__dirname, '../../..');
let root: string;
beforeEach(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'zg-native-'));
  fs.mkdirSync(path.join(root, 'node_modules', 'electron'), { recursive: true });
  fs.mkdirSync(path.join(root, 'node_modules', 'better-sqlite3'), { recursive: true });
  fs.writeFileSync(path.join(root, 'node_modules', 'electron', 'package.json'), JSON.stringify({ version: '45.5.0' }));
  fs.writeFileSync(path.join(root, 'node_modules', 'better-sqlite3', 'package.json'), JSON.stringify({ version: '12.11.1' }));
});
afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

const installBinary = () => {
  fs.writeFileSync(path.join(root, 'node_modules', 'electron', 'path.txt'), 'electron');
  fs.mkdirSync(path.join(root, 'node_modules', 'electron', 'dist'));
  fs.writeFileSync(path.join(root, 'node_modules', 'electron', 'dist', 'electron'), '');
};

describe('electron binary detection', () => {
  it('is null when Electron was installed with ELECTRON_SKIP_BINARY_DOWNLOAD (no path.txt)', () => {
    expect(electronBinaryPath(root, {})).toBeNull();
  });
  it('is null when path.txt names a binary that is not there', () => {
    fs.writeFileSync(path.join(root, 'node_modules', 'electron', 'path.txt'), 'electron');
    expect(electronBinaryPath(root, {})).toBeNull();
  });
  it('finds the downloaded binary, or one under ELECTRON_OVERRIDE_DIST_PATH', () => {
    installBinary();
    expect(electronBinaryPath(root, {})).toBe(path.join(root, 'node_modules', 'electron', 'dist', 'electron'));
    const other = path.join(root, 'other');
    fs.mkdirSync(other);
    expect(electronBinaryPath(root, { ELECTRON_OVERRIDE_DIST_PATH: other })).toBeNull();
    fs.writeFileSync(path.join(other, 'electron'), '');
    expect(electronBinaryPath(root, { ELECTRON_OVERRIDE_DIST_PATH: other })).toBe(path.join(other, 'electron'));
  });
});

describe('stamp', () => {
  const expected = { electron: '45.5.0', betterSqlite3: '12.11.1', platform: 'linux', arch: 'x64' };
  it('reads versions from node_modules', () => {
    expect(expectedStamp(root, 'linux', 'x64')).toEqual(expected);
  });
  it('is current only when every field matches', () => {
    expect(stampIsCurrent({ ...expected }, expected)).toBe(true);
    expect(stampIsCurrent(null, expected)).toBe(false);
    for (const k of Object.keys(expected) as (keyof typeof expected)[]) {
      expect(stampIsCurrent({ ...expected, [k]: 'other' }, expected), k).toBe(false);
    }
  });
  it('a missing or broken stamp file reads as null', () => {
    expect(readStamp(path.join(root, 'nope'))).toBeNull();
    fs.writeFileSync(path.join(root, 'stamp.json'), '{broken');
    expect(readStamp(root)).toBeNull();
  });
});

describe('decide', () => {
  const expected = { electron: '45.5.0', betterSqlite3: '12.11.1', platform: 'linux', arch: 'x64' };
  it('stops when there is no Electron binary, whatever the stamp says', () => {
    expect(decide({ binaryPath: null, stamp: expected, expected, nodeFileExists: true })).toBe('no-electron');
  });
  it('skips the build when the stamp is current and the .node file exists', () => {
    expect(decide({ binaryPath: '/x/electron', stamp: expected, expected, nodeFileExists: true })).toBe('current');
  });
  it('builds when the stamp is missing, stale (Electron upgraded) or the .node file is gone', () => {
    expect(decide({ binaryPath: '/x/electron', stamp: null, expected, nodeFileExists: false })).toBe('build');
    expect(decide({ binaryPath: '/x/electron', stamp: { ...expected, electron: '44.0.0' }, expected, nodeFileExists: true })).toBe('build');
    expect(decide({ binaryPath: '/x/electron', stamp: expected, expected, nodeFileExists: false })).toBe('build');
  });
});

it('the script itself exits 1 with the clear message on this machine when Electron is missing', () => {
  if (electronBinaryPath(repo)) return; // a machine with Electron builds instead; nothing to check here
  const r = spawnSync(process.execPath, [path.join(repo, 'scripts', 'electron-native.mjs')], { encoding: 'utf8' });
  expect(r.status).toBe(1);
  expect(r.stderr).toContain(NOT_INSTALLED_MESSAGE);
  expect(fs.existsSync(path.join(repo, 'node_modules', 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node'))).toBe(true);
});
