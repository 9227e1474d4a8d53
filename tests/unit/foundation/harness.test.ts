// The browser harness protocol (API.md), in-process on port 0.
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../../../main/web/server';
import { setScryptCostForTests } from '../../../main/services/auth/password';

let h: Harness;
let dataDir: string;
let staticDir: string;
let origin: string;
beforeAll(async () => {
  setScryptCostForTests(2 ** 10);
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'zg-harness-'));
  staticDir = fs.mkdtempSync(path.join(os.tmpdir(), 'zg-static-'));
  fs.writeFileSync(path.join(staticDir, 'index.html'), '<!doctype html><div id="root"></div>');
  h = await startHarness({ port: 0, dataDir, staticDir });
  origin = new URL(h.url).origin;
});
afterAll(async () => {
  await h.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
  fs.rmSync(staticDir, { recursive: true, force: true });
});

const post = (p: string, body: string | object, token: string | null = h.token) =>
  fetch(origin + p, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token === null ? {} : { authorization: `Bearer ${token}` }) },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
const invoke = async (channel: unknown, input?: unknown, token = h.token) => (await post('/api/invoke', { channel, input }, token)).json();

describe('browser harness', () => {
  it('gives a loopback URL carrying a random token, and uses the data folder given', async () => {
    expect(h.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[A-Za-z0-9_-]{32}$/);
    expect(h.token).toBe(new URL(h.url).searchParams.get('token'));
    const info = await invoke('app:info');
    expect(info).toMatchObject({ ok: true, value: { dataDir: path.resolve(dataDir), schemaVersion: expect.any(Number), locale: 'zh-CN' } });
    expect(fs.existsSync(path.join(dataDir, 'zhanggui.db'))).toBe(true);
  });

  it('answers 401 without a token, with a bad token, or with a malformed header', async () => {
    for (const token of [null, 'not-a-token', `${h.token}x`, '']) {
      const res = await post('/api/invoke', { channel: 'app:info' }, token);
      expect(res.status, String(token)).toBe(401);
    }
    const res = await fetch(origin + '/api/invoke', { method: 'POST', headers: { authorization: `Basic ${h.token}` }, body: '{}' });
    expect(res.status).toBe(401);
    expect((await fetch(`${origin}/api/events?token=nope`)).status).toBe(401);
  });

  it('answers malformed JSON with an INVALID_INPUT envelope (HTTP 200)', async () => {
    const res = await post('/api/invoke', '{"channel": "app:info", ');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: false, error: { code: 'INVALID_INPUT', message: '请求不是有效的 JSON。' } });
  });

  it('answers envelopes with HTTP 200 for unknown channels and bad input', async () => {
    const res = await post('/api/invoke', { channel: 'nope:nope' });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ ok: false, error: { code: 'UNKNOWN_CHANNEL' } });
    expect(await invoke('auth:login', { username: 3 })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(await invoke(undefined)).toMatchObject({ ok: false, error: { code: 'UNKNOWN_CHANNEL' } });
  });

  it('/api/window gives a new window with an independent session', async () => {
    const setup = await invoke('auth:setup', { username: 'owner', password: 'owner-pass-1', displayName: '王老板' });
    expect(setup).toMatchObject({ ok: true });
    const res = await post('/api/window', {});
    expect(res.status).toBe(200);
    const { token } = (await res.json()) as { token: string };
    expect(token).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(token).not.toBe(h.token);
    expect(await invoke('auth:status', undefined, token)).toEqual({ ok: true, value: { needsSetup: false, user: null } });
    expect(await invoke('auth:status')).toMatchObject({ ok: true, value: { user: { username: 'owner' } } });
    await invoke('auth:login', { username: 'owner', password: 'owner-pass-1' }, token);
    await invoke('auth:logout', undefined, token);
    expect(await invoke('auth:status')).toMatchObject({ ok: true, value: { user: { username: 'owner' } } });
    expect((await post('/api/window', {}, null)).status).toBe(401);
  });

  it('serves the renderer with the CSP and refuses paths outside it', async () => {
    const res = await fetch(`${origin}/`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(await res.text()).toContain('id="root"');
    expect((await fetch(`${origin}/..%2f..%2fetc%2fpasswd.txt`)).status).toBe(404);
    expect((await fetch(`${origin}/nope.js`)).status).toBe(404);
  });

  it('binds 127.0.0.1 only', async () => {
    const port = Number(new URL(h.url).port);
    const reachable = (host: string) =>
      new Promise<boolean>((resolve) => {
        const s = net.connect({ host, port });
        s.once('connect', () => {
          s.destroy();
          resolve(true);
        });
        s.once('error', () => resolve(false));
      });
    expect(await reachable('127.0.0.1')).toBe(true);
    const others = Object.values(os.networkInterfaces())
      .flat()
      .filter((i) => i && !i.internal)
      .map((i) => i!.address);
    for (const addr of [...others, '::1']) expect(await reachable(addr), addr).toBe(false);
  });
});

describe('closing', () => {
  it('closes promptly while a window still holds an event stream and a keep-alive connection', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zg-harness-close-'));
    const h2 = await startHarness({ port: 0, dataDir: dir, staticDir });
    try {
      const o = new URL(h2.url).origin;
      const stream = await fetch(`${o}/api/events?token=${h2.token}`);
      expect(stream.status).toBe(200);
      const reader = stream.body!.getReader();
      await reader.read(); // ': connected'
      // a keep-alive socket that stays open after its request (as a browser's would)
      const agent = new http.Agent({ keepAlive: true });
      await new Promise<void>((resolve) => {
        const req = http.request(
          `${o}/api/invoke`,
          { method: 'POST', agent, headers: { authorization: `Bearer ${h2.token}`, 'content-type': 'application/json' } },
          (res) => res.resume().on('end', () => resolve()),
        );
        req.end(JSON.stringify({ channel: 'app:info' }));
      });
      const started = Date.now();
      await h2.close();
      expect(Date.now() - started).toBeLessThan(2000);
      agent.destroy();
      await reader.cancel().catch(() => undefined);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
