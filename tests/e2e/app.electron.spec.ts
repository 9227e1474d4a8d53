// The real desktop app under Electron (Playwright's _electron). Runs only where Electron's binary is
// installed; elsewhere it is reported as skipped with the reason (every UI flow is also covered in
// Chromium against the browser harness, which runs the same dispatch and renderer).
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { _electron as electron, expect, test } from '@playwright/test';
import { electronBinaryPath } from '../../scripts/lib/electronNative.mjs';

const root = path.resolve(__dirname, '..', '..');
const dist = path.resolve(root, process.env.CRM_DIST ?? 'dist');
const binary = electronBinaryPath(root);

test.skip(
  !binary,
  "Electron's binary is not installed on this machine (installed with ELECTRON_SKIP_BINARY_DOWNLOAD=1); the UI is tested in Chromium against the browser harness instead",
);

test.beforeAll(() => {
  // better-sqlite3 for Electron's ABI (skipped when current), and the app build
  test.setTimeout(15 * 60_000);
  execFileSync(process.execPath, [path.join(root, 'scripts', 'electron-native.mjs')], { cwd: root, stdio: 'inherit' });
  execFileSync(process.execPath, [path.join(root, 'scripts', 'build.mjs'), '--if-needed'], { cwd: root, stdio: 'inherit' });
});

test('the desktop app starts on an empty data folder with the first-run setup screen, locked down', async () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'zg-electron-'));
  const app = await electron.launch({
    executablePath: binary!,
    args: [path.join(dist, 'main', 'index.js'), '--data', dataDir],
    cwd: root,
  });
  try {
    const win = await app.firstWindow();
    await expect(win.locator('#root')).toHaveAttribute('data-app-state', 'setup');
    await expect(win.getByTestId('setup-page')).toBeVisible();
    await expect(win.getByTestId('setup-page')).toContainText('掌柜');
    // the preload exposes exactly invoke/on; no Node in the page
    expect(await win.evaluate(() => Object.keys((window as unknown as { crm: object }).crm).sort())).toEqual(['invoke', 'on']);
    expect(await win.evaluate(() => typeof (globalThis as { require?: unknown }).require)).toBe('undefined');
    expect(await win.evaluate(() => typeof (globalThis as { process?: unknown }).process)).toBe('undefined');
    // main opened (and created) the database in the folder given with --data
    const info = await win.evaluate(() => (window as unknown as { crm: { invoke(c: string): Promise<unknown> } }).crm.invoke('app:info'));
    expect(info).toMatchObject({ ok: true, value: { dataDir: path.resolve(dataDir) } });
    expect(fs.existsSync(path.join(dataDir, 'zhanggui.db'))).toBe(true);
    // window.open is denied
    await win.evaluate(() => window.open('https://example.com/'));
    expect(app.windows()).toHaveLength(1);
  } finally {
    await app.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
});
