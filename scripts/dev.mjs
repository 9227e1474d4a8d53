// Development: the browser harness (built main + dispatch) plus Vite's dev server for the renderer with
// hot reload, proxying /api to the harness. Prints the URL to open (with the window token).
//   npm run dev [-- --port 5173] [--data DIR]
// Changes under renderer/ reload at once; after changing main/ or db/, restart this script.
import { execFileSync, spawn } from 'node:child_process';
import path from 'node:path';
import readline from 'node:readline';
import { createServer } from 'vite';

const root = path.resolve(import.meta.dirname, '..');
const dist = path.resolve(root, process.env.CRM_DIST ?? 'dist');
const arg = (name, fallback) => {
  const i = process.argv.indexOf(name);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1] : fallback;
};
const port = Number(arg('--port', '5173'));
const dataDir = arg('--data', undefined);

execFileSync(process.execPath, [path.join(root, 'scripts', 'build.mjs'), '--skip-renderer'], { cwd: root, stdio: 'inherit' });

const harness = spawn(
  process.execPath,
  [path.join(dist, 'web', 'server.js'), '--port', '0', ...(dataDir ? ['--data', dataDir] : [])],
  { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] },
);
const harnessUrl = await new Promise((resolve, reject) => {
  readline.createInterface({ input: harness.stdout }).on('line', (line) => {
    const m = /^READY (\S+)$/.exec(line);
    if (m) resolve(new URL(m[1]));
    else process.stdout.write(`[harness] ${line}\n`);
  });
  harness.once('exit', (code) => reject(new Error(`the harness exited (${code}) before it was ready`)));
});

const vite = await createServer({
  configFile: path.join(root, 'vite.config.mts'),
  server: { host: '127.0.0.1', port, strictPort: true, proxy: { '/api': { target: harnessUrl.origin, changeOrigin: false } } },
  plugins: [
    {
      // the production CSP forbids inline scripts; Vite's dev client and React refresh need them
      name: 'zhanggui-dev-csp',
      apply: 'serve',
      transformIndexHtml: (html) => html.replace(/<meta http-equiv="Content-Security-Policy"[^>]*>\s*/i, ''),
    },
  ],
});
await vite.listen();
process.stdout.write(`\nDEV http://127.0.0.1:${port}/?token=${harnessUrl.searchParams.get('token')}\n`);
process.stdout.write(`(harness ${harnessUrl.origin}; data ${dataDir ?? 'a fresh temporary folder'}; Ctrl+C to stop)\n`);

const stop = async () => {
  harness.kill('SIGTERM'); // first: vite.close() can wait on its dependency optimizer
  await vite.close();
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
harness.once('exit', (code) => {
  process.stderr.write(`the harness stopped (${code})\n`);
  void vite.close().then(() => process.exit(1));
});
