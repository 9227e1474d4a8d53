// Electron hardening beyond the window-option tests in tests/unit/foundation/windowSecurity.test.ts:
// the installer's fuses, the shell actually wiring every guard, the preload exposing only window.crm,
// the renderer's CSP meta carrying every key directive of the header (source and built file), and an
// electronegativity scan of main/, preload/ and renderer/ with zero HIGH findings and every lower one
// reviewed (accepted list below, reasons in docs/reliability.md).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as yaml from 'js-yaml';
import { afterAll, describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY } from '../../../main/window/security';

const root = path.resolve(__dirname, '..', '..', '..');
const read = (p: string) => fs.readFileSync(path.join(root, p), 'utf8');
const directives = (csp: string) =>
  new Map(
    csp
      .split(';')
      .map((d) => d.trim())
      .filter(Boolean)
      .map((d) => {
        const [name, ...values] = d.split(/\s+/);
        return [name, values.join(' ')] as const;
      }),
  );

describe('installer fuses (electron-builder.yml)', () => {
  const config = yaml.load(read('electron-builder.yml')) as Record<string, unknown>;
  it('turns off running as Node, NODE_OPTIONS and --inspect; checks asar integrity; loads the app only from asar', () => {
    expect(config.electronFuses).toMatchObject({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
    });
    expect(config.asar).toBe(true);
  });
  it('ships neither the browser harness nor source maps', () => {
    expect(config.files).toEqual(expect.arrayContaining(['!dist/web/**', '!dist/**/*.map']));
  });
});

describe('the Electron shell wires every guard (main/index.ts, preload)', () => {
  const shell = read('main/index.ts');
  it.each([
    ['new windows are denied', /setWindowOpenHandler\(windowOpenHandler\)/],
    ['navigation away is refused', /'will-navigate'[\s\S]{0,120}isAllowedNavigation[\s\S]{0,80}preventDefault/],
    ['redirects away are refused', /'will-redirect'[\s\S]{0,120}isAllowedNavigation[\s\S]{0,80}preventDefault/],
    ['permission requests are denied', /setPermissionRequestHandler\([\s\S]{0,80}permissionRequestHandler/],
    ['permission checks are denied', /setPermissionCheckHandler\(\(\) => false\)/],
    ['the CSP header is set on every response', /onHeadersReceived[\s\S]{0,200}'Content-Security-Policy': \[CONTENT_SECURITY_POLICY\]/],
    ['IPC goes through the sender check', /registerIpc\(ipcMain, crm\.dispatch, ourWindows/],
    ['one instance owns the database', /requestSingleInstanceLock\(\)/],
  ])('%s', (_what, pattern) => {
    expect(shell).toMatch(pattern);
  });
  it('the preload exposes exactly window.crm with invoke and on, never ipcRenderer itself', () => {
    const preload = read('preload/index.ts');
    expect(preload.match(/exposeInMainWorld\(/g)).toHaveLength(1);
    expect(preload).toMatch(/exposeInMainWorld\('crm', api\)/);
    expect(preload).not.toMatch(/exposeInMainWorld\([^)]*ipcRenderer/);
    expect(/const api = \{([\s\S]*?)\n\};/.exec(preload)?.[1].match(/^ {2}(\w+):/gm)).toEqual(['  invoke:', '  on:']);
  });
});

describe("the renderer's CSP <meta> (file:// loads have no header)", () => {
  const header = directives(CONTENT_SECURITY_POLICY);
  const KEY = ['default-src', 'script-src', 'style-src', 'connect-src', 'object-src', 'base-uri', 'form-action', 'frame-src', 'img-src', 'font-src'];
  const metaOf = (html: string) => /<meta http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(html)?.[1];
  it('carries every key directive of the header with the same sources', () => {
    const meta = directives(metaOf(read('renderer/index.html')) ?? '');
    for (const d of KEY) expect(meta.get(d), d).toBe(header.get(d));
  });
  const built = [process.env.CRM_DIST, path.join(root, 'dist')].filter(Boolean).map((d) => path.join(path.resolve(root, d!), 'renderer', 'index.html')).find((f) => fs.existsSync(f));
  it.skipIf(!built)('the built index.html keeps it and has no inline script (script-src would block it)', () => {
    const html = fs.readFileSync(built!, 'utf8');
    const meta = directives(metaOf(html) ?? '');
    for (const d of KEY) expect(meta.get(d), d).toBe(header.get(d));
    const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)];
    expect(scripts.length).toBeGreaterThan(0);
    for (const s of scripts) {
      expect(s[1]).toMatch(/\bsrc=/);
      expect(s[2].trim()).toBe('');
    }
    expect(html).not.toMatch(/\son[a-z]+=/i); // no inline event handlers
  });
});

/**
 * Findings below HIGH that were reviewed and accepted (why: docs/reliability.md). `id @ file`.
 * A new finding fails the test until it is fixed or reviewed and added here.
 */
const ACCEPTED = new Set([
  // antd needs style-src 'unsafe-inline'; the scanner asks for a manual review of every CSP
  'CSP_GLOBAL_CHECK @ main/index.ts',
  'CSP_GLOBAL_CHECK @ renderer/index.html',
  // auxclick opens links in new windows: every window.open and navigation is denied, and the PDF
  // window runs no JavaScript at all
  'AUXCLICK_JS_CHECK @ main/index.ts',
  'AUXCLICK_JS_CHECK @ main/platform/electron.ts',
]);

describe('electronegativity scan of main/, preload/ and renderer/', () => {
  const scanDir = fs.mkdtempSync(path.join(os.tmpdir(), 'zg-eneg-'));
  afterAll(() => fs.rmSync(scanDir, { recursive: true, force: true }));
  it('finds no HIGH issue, and nothing below HIGH that was not reviewed', { timeout: 120_000 }, async () => {
    // one tree, so its global checks (navigation, permission handler, CSP) see the whole app
    fs.cpSync(path.join(root, 'main'), path.join(scanDir, 'main'), { recursive: true });
    fs.cpSync(path.join(root, 'preload'), path.join(scanDir, 'preload'), { recursive: true });
    fs.mkdirSync(path.join(scanDir, 'renderer'));
    fs.cpSync(path.join(root, 'renderer', 'src'), path.join(scanDir, 'renderer', 'src'), { recursive: true });
    fs.copyFileSync(path.join(root, 'renderer', 'index.html'), path.join(scanDir, 'renderer', 'index.html'));
    const mod = (await import('@doyensec/electronegativity')) as unknown as { default: { default?: Scan } & Scan };
    const run: Scan = mod.default.default ?? mod.default;
    const electronVersion = (JSON.parse(read('node_modules/electron/package.json')) as { version: string }).version;
    const log = console.log;
    console.log = () => {}; // the scanner chats about translations it cannot fetch offline
    let result: Awaited<ReturnType<Scan>>;
    try {
      // the security-fixes check downloads Electron's release list (no network here; upgrades are tracked separately)
      result = await run({ input: scanDir, isRelative: true, electronVersionOverride: electronVersion, excludeFromScan: ['AvailableSecurityFixesGlobalCheck'] }, false);
    } finally {
      console.log = log;
    }
    const issues = result.issues.map((i) => ({ key: `${i.id} @ ${i.file}`, severity: i.severity.name, line: i.location.line }));
    console.log(`[electronegativity] ${JSON.stringify({ checks: result.globalChecks + result.atomicChecks, files: 'main, preload, renderer', issues: issues.map((i) => `${i.severity} ${i.key}:${i.line}`), parseErrors: result.errors.length })}`);
    expect(result.atomicChecks).toBeGreaterThan(20);
    expect(result.errors.filter((e) => !e.tolerable)).toEqual([]);
    expect(issues.filter((i) => i.severity === 'HIGH')).toEqual([]);
    expect(issues.filter((i) => !ACCEPTED.has(i.key)).map((i) => `${i.severity} ${i.key}:${i.line}`)).toEqual([]);
  });
});

type Scan = (
  opts: { input: string; isRelative?: boolean; electronVersionOverride?: string; excludeFromScan?: string[] },
  forCli: boolean,
) => Promise<{
  globalChecks: number;
  atomicChecks: number;
  errors: { file: string; message: string; tolerable?: boolean }[];
  issues: { id: string; file: string; severity: { name: string }; confidence: { name: string }; location: { line: number } }[];
}>;
