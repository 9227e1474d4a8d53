// The Electron window's security settings, checked as data (no Electron here), and the IPC registration
// through a fake ipcMain.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  CONTENT_SECURITY_POLICY,
  isAllowedNavigation,
  permissionRequestHandler,
  validateSender,
  windowOpenHandler,
  windowOptions,
  type IpcSenderLike,
} from '../../../main/window/security';
import { INVOKE_CHANNEL, registerIpc, type IpcMainLike } from '../../../main/ipc/register';
import type { Dispatch } from '../../../main/ipc/dispatch';

const INDEX = 'file:///opt/zhanggui/resources/app.asar/dist/renderer/index.html';

describe('window options', () => {
  const wp = windowOptions('/app/preload/index.js').webPreferences;
  it('isolates and sandboxes the renderer, with no Node anywhere', () => {
    expect(wp).toMatchObject({
      preload: '/app/preload/index.js',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
    });
  });
  it('has no option that would weaken the defaults', () => {
    const keys = Object.keys(wp);
    for (const risky of ['enableRemoteModule', 'enableBlinkFeatures', 'additionalArguments', 'disableBlinkFeatures', 'partition']) {
      expect(keys).not.toContain(risky);
    }
  });
});

describe('content security policy', () => {
  const directives = new Map(
    CONTENT_SECURITY_POLICY.split(';').map((d) => {
      const [name, ...values] = d.trim().split(/\s+/);
      return [name, values] as const;
    }),
  );
  it('allows scripts only from the app itself: no inline, no eval, no remote', () => {
    expect(directives.get('default-src')).toEqual(["'self'"]);
    expect(directives.get('script-src')).toEqual(["'self'"]);
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-eval|https?:|\*/);
  });
  it('forbids plugins, framing, base and form targets; connects only to itself', () => {
    expect(directives.get('object-src')).toEqual(["'none'"]);
    expect(directives.get('frame-src')).toEqual(["'none'"]);
    expect(directives.get('frame-ancestors')).toEqual(["'none'"]);
    expect(directives.get('base-uri')).toEqual(["'none'"]);
    expect(directives.get('form-action')).toEqual(["'none'"]);
    expect(directives.get('connect-src')).toEqual(["'self'"]);
  });
  it("the renderer's own <meta> CSP (for file:// loads) is no looser than the header", () => {
    const html = fs.readFileSync(path.resolve(__dirname, '../../../renderer/index.html'), 'utf8');
    const meta = /<meta http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(html)?.[1];
    expect(meta).toBeTruthy();
    for (const d of meta!.split(';')) {
      const [name, ...values] = d.trim().split(/\s+/);
      expect(values, name).toEqual(directives.get(name));
    }
    expect(meta).toContain("script-src 'self'");
    expect(meta).toContain("object-src 'none'");
  });
  it('inline styles are the only relaxation (antd injects <style> at run time)', () => {
    const unsafe = [...directives].filter(([, v]) => v.some((x) => x.startsWith("'unsafe"))).map(([k]) => k);
    expect(unsafe).toEqual(['style-src']);
  });
});

describe('navigation, new windows, permissions', () => {
  it('allows only the app index (hash routes included)', () => {
    expect(isAllowedNavigation(INDEX, INDEX)).toBe(true);
    expect(isAllowedNavigation(`${INDEX}#/customers/12`, INDEX)).toBe(true);
    expect(isAllowedNavigation(`${INDEX}?x=1#/`, INDEX)).toBe(true);
  });
  it('refuses the web, other local files, other schemes and junk', () => {
    for (const url of [
      'https://evil.example/',
      'http://127.0.0.1:5173/',
      'file:///etc/passwd',
      'file:///opt/zhanggui/resources/app.asar/dist/renderer/other.html',
      'javascript:alert(1)',
      'data:text/html,<script>1</script>',
      'devtools://devtools/bundled/inspector.html',
      'not a url',
      '',
    ]) {
      expect(isAllowedNavigation(url, INDEX), url).toBe(false);
    }
  });
  it('denies every window.open and every permission request', () => {
    expect(windowOpenHandler()).toEqual({ action: 'deny' });
    for (const p of ['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal', 'fullscreen']) {
      expect(permissionRequestHandler(p)).toBe(false);
    }
  });
});

describe('sender check', () => {
  const ours = new Set([3, 7]);
  const ev = (id: number, url: string | null): IpcSenderLike => ({ sender: { id }, senderFrame: url === null ? null : { url } });
  it('accepts our window showing our index and returns its caller key', () => {
    expect(validateSender(ev(7, `${INDEX}#/deals`), ours, INDEX)).toBe('7');
  });
  it('refuses unknown webContents ids', () => {
    expect(validateSender(ev(8, INDEX), ours, INDEX)).toBeNull();
  });
  it("refuses other frames' URLs and a missing frame", () => {
    expect(validateSender(ev(3, 'https://evil.example/'), ours, INDEX)).toBeNull();
    expect(validateSender(ev(3, 'file:///tmp/x.html'), ours, INDEX)).toBeNull();
    expect(validateSender(ev(3, null), ours, INDEX)).toBeNull();
  });
});

describe('registerIpc with a fake ipcMain', () => {
  function setup() {
    const handlers = new Map<string, (event: never, ...args: unknown[]) => unknown>();
    const ipc: IpcMainLike = { handle: (channel, listener) => void handlers.set(channel, listener as never) };
    const calls: [string, unknown, unknown][] = [];
    const dispatch: Dispatch = async (caller, channel, input) => {
      calls.push([caller, channel, input]);
      return { ok: true, value: 'dispatched' };
    };
    registerIpc(ipc, dispatch, new Set([5]), () => INDEX);
    return { handlers, calls };
  }

  it('registers exactly one invoke channel', () => {
    expect([...setup().handlers.keys()]).toEqual([INVOKE_CHANNEL]);
  });

  it('refuses a bad sender without dispatching', async () => {
    const { handlers, calls } = setup();
    const handler = handlers.get(INVOKE_CHANNEL)!;
    const r1 = await handler({ sender: { id: 6 }, senderFrame: { url: INDEX } } as never, 'auth:status', undefined);
    const r2 = await handler({ sender: { id: 5 }, senderFrame: { url: 'https://evil.example/' } } as never, 'auth:status', undefined);
    for (const r of [r1, r2]) expect(r).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(calls).toEqual([]);
  });

  it('forwards a good sender to dispatch with its webContents id as the caller', async () => {
    const { handlers, calls } = setup();
    const r = await handlers.get(INVOKE_CHANNEL)!({ sender: { id: 5 }, senderFrame: { url: `${INDEX}#/` } } as never, 'auth:login', { username: 'a' });
    expect(r).toEqual({ ok: true, value: 'dispatched' });
    expect(calls).toEqual([['5', 'auth:login', { username: 'a' }]]);
  });
});
