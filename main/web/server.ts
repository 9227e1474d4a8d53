// The browser harness: the same dispatch as the Electron app, over HTTP on 127.0.0.1, for tests and
// preview only (never packaged). Protocol: ../shared/design/API.md.
import http from 'node:http';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { createApp, type CrmApp } from '../app/createApp';
import type { EventSink } from '../ipc/context';
import { harnessPlatform } from '../platform/harness';
import { CONTENT_SECURITY_POLICY } from '../window/security';
import { tFor } from '../i18n';

const MAX_BODY = 16 * 1024 * 1024;

export interface HarnessOptions {
  port: number;
  dataDir?: string;
  staticDir: string;
}

export interface Harness {
  url: string;
  token: string;
  app: CrmApp;
  close(): Promise<void>;
}

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
  '.ico': 'image/x-icon',
};

export async function startHarness(opts: HarnessOptions): Promise<Harness> {
  const dataDir = opts.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'zhanggui-web-'));
  const windows = new Set<string>();
  const streams = new Map<string, Set<http.ServerResponse>>();
  const events: EventSink = {
    send(caller, event, payload) {
      const data = `event: crm\ndata: ${JSON.stringify({ event, payload })}\n\n`;
      for (const res of streams.get(caller) ?? []) res.write(data);
    },
  };
  const { platform, dialogs } = harnessPlatform(dataDir, events);
  const app = createApp({ dataDir, platform, events });
  const newToken = () => {
    const t = randomBytes(24).toString('base64url');
    windows.add(t);
    return t;
  };
  const token = newToken();

  const bearer = (req: http.IncomingMessage): string | null => {
    const h = req.headers.authorization ?? '';
    const m = /^Bearer ([A-Za-z0-9_-]+)$/.exec(h);
    return m && windows.has(m[1]) ? m[1] : null;
  };

  const readBody = (req: http.IncomingMessage) =>
    new Promise<string>((resolve, reject) => {
      let size = 0;
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => {
        size += c.length;
        if (size > MAX_BODY) {
          reject(new Error('too large'));
          req.destroy();
        } else chunks.push(c);
      });
      req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
      req.on('error', reject);
    });

  const json = (res: http.ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
    res.end(JSON.stringify(body));
  };

  const serveStatic = (req: http.IncomingMessage, res: http.ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    let rel = decodeURIComponent(url.pathname);
    if (rel === '/' || !path.extname(rel)) rel = '/index.html';
    const file = path.resolve(opts.staticDir, '.' + rel);
    if (!file.startsWith(path.resolve(opts.staticDir) + path.sep) || !fs.existsSync(file)) {
      res.writeHead(404).end('not found');
      return;
    }
    res.writeHead(200, {
      'content-type': MIME[path.extname(file)] ?? 'application/octet-stream',
      'content-security-policy': CONTENT_SECURITY_POLICY,
      'x-content-type-options': 'nosniff',
      'cache-control': 'no-store',
    });
    fs.createReadStream(file).pipe(res);
  };

  const server = http.createServer(async (req, res) => {
    try {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      if (!url.pathname.startsWith('/api/')) {
        if (req.method !== 'GET') return void res.writeHead(405).end();
        return serveStatic(req, res);
      }
      if (url.pathname === '/api/events' && req.method === 'GET') {
        const t = url.searchParams.get('token');
        if (!t || !windows.has(t)) return json(res, 401, { error: 'bad token' });
        res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive' });
        res.write(': connected\n\n');
        let set = streams.get(t);
        if (!set) streams.set(t, (set = new Set()));
        set.add(res);
        req.on('close', () => set!.delete(res));
        return;
      }
      const caller = bearer(req);
      if (!caller) return json(res, 401, { error: 'missing or bad token' });
      if (req.method !== 'POST') return json(res, 405, { error: 'POST only' });
      let body: unknown;
      try {
        const text = await readBody(req);
        body = text ? JSON.parse(text) : {};
      } catch {
        return json(res, 200, { ok: false, error: { code: 'INVALID_INPUT', message: tFor(app.context.locale())('errors.notJson') } });
      }
      if (url.pathname === '/api/invoke') {
        const b = (body ?? {}) as { channel?: unknown; input?: unknown };
        return json(res, 200, await app.dispatch(caller, b.channel, b.input));
      }
      if (url.pathname === '/api/window') return json(res, 200, { token: newToken() });
      if (url.pathname === '/api/dialog') {
        const b = (body ?? {}) as { openFile?: string | null; saveFile?: string | null };
        if ('openFile' in b) dialogs.script(caller, 'open', b.openFile ?? null);
        if ('saveFile' in b) dialogs.script(caller, 'save', b.saveFile ?? null);
        return json(res, 200, { ok: true });
      }
      return json(res, 404, { error: 'no such endpoint' });
    } catch (e) {
      app.context.log.error('harness request failed', { error: String((e as Error)?.stack ?? e) });
      if (!res.headersSent) json(res, 500, { error: 'internal' });
    }
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as { port: number }).port;
  return {
    url: `http://127.0.0.1:${port}/?token=${token}`,
    token,
    app,
    async close() {
      for (const set of streams.values()) for (const r of set) r.end();
      const closed = new Promise<void>((r) => server.close(() => r()));
      // a browser may reuse a kept-alive socket (an EventSource reconnecting) and keep close() waiting forever
      server.closeAllConnections();
      await closed;
      await app.close(); // every worker thread has exited and the database is closed
    },
  };
}

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

// `node dist/web/server.js --port 0 --data DIR`
if (require.main === module) {
  const staticDir = arg('--static') ?? path.join(__dirname, '..', 'renderer');
  startHarness({ port: Number(arg('--port') ?? 5173), dataDir: arg('--data'), staticDir })
    .then((h) => {
      process.stdout.write(`READY ${h.url}\n`);
      const stop = () => void h.close().then(() => process.exit(0));
      process.on('SIGINT', stop);
      process.on('SIGTERM', stop);
    })
    .catch((e: Error) => {
      process.stderr.write(`harness failed to start: ${e.message}\n`);
      process.exit(1);
    });
}
