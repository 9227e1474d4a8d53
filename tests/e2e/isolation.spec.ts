// Renderer isolation: a 销售 (sales rep) is logged in, and script running in the page does what an XSS
// would — call channels the rep has no permission for, reach Node, inject inline script, open frames.
// Everything is refused. Customer names carrying HTML and script render as text in the list and on the
// detail page, and the payloads (which set window.__pwned) never run.
import { test, expect, loginViaUi } from './support/fixtures';
import type { RunningHarness } from './support/harness';

const ADMIN = { username: 'owner', password: 'owner-pass-1', displayName: '王老板' };
const REP = { username: 'xiaowang', password: 'sales-pass-1', displayName: '小王' };
const PAYLOADS = [
  '<img src=x onerror="window.__pwned=1">',
  '<script>window.__pwned=2</script>',
  '"><svg onload="window.__pwned=3">',
  "javascript:window.__pwned=4//<a href='javascript:window.__pwned=5'>点我</a>",
];

async function api<T = unknown>(h: RunningHarness, token: string, channel: string, input?: unknown): Promise<T> {
  const r = await h.invoke<T>(channel, input, token);
  if (!r.ok) throw new Error(`${channel}: ${r.error.code} ${r.error.message}`);
  return r.value;
}

test.describe.configure({ timeout: 120_000 });

test('a sales rep page running hostile script: forbidden channels, no Node, no inline script; HTML in names renders as text', async ({ page, harness }) => {
  const admin = await harness.newWindow();
  await api(harness, admin, 'auth:setup', ADMIN);
  const { roles } = await api<{ roles: { id: number; builtinKey: string | null }[] }>(harness, admin, 'roles:list');
  const rep = await api<{ id: number }>(harness, admin, 'users:create', { ...REP, roleId: roles.find((r) => r.builtinKey === 'sales')!.id });
  const ids: number[] = [];
  for (const name of PAYLOADS) ids.push((await api<{ id: number }>(harness, admin, 'customers:create', { name, ownerId: rep.id, notes: name, allowDuplicate: true })).id);
  await api(harness, admin, 'customers:create', { name: '公海里的客户', ownerId: null });

  const dialogs: string[] = [];
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  const response = await page.goto(harness.url);
  // the document comes with the CSP header: scripts only from the app itself
  const csp = response!.headers()['content-security-policy'];
  expect(csp).toContain("script-src 'self'");
  expect(csp).toContain("object-src 'none'");
  expect(csp).toContain("frame-src 'none'");
  expect(csp).not.toMatch(/script-src[^;]*unsafe/);
  await page.waitForSelector('#root[data-app-state="login"]');
  await loginViaUi(page, REP.username, REP.password);

  // --- what an XSS payload would try, run inside the page with the page's own credentials ---
  const attempts = await page.evaluate(async () => {
    const token = sessionStorage.getItem('crm.token') ?? '';
    const call = async (channel: string, input?: unknown) => {
      const res = await fetch('/api/invoke', { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ channel, input }) });
      const env = (await res.json()) as { ok: boolean; error?: { code: string } };
      return env.ok ? 'OK' : env.error!.code;
    };
    const out: Record<string, string> = {};
    out['users:create'] = await call('users:create', { username: 'evil', displayName: 'evil', password: 'evil-pass-123', roleId: 1 });
    out['users:resetPassword'] = await call('users:resetPassword', { id: 1, newPassword: 'taken-over-1' });
    out['roles:update'] = await call('roles:update', { id: 3, version: 1, permissions: ['users.manage', 'backup.manage'] });
    out['recycleBin:purge'] = await call('recycleBin:purge', { ids: ['customer:1'] });
    out['backup:create'] = await call('backup:create', {});
    out['backup:restore'] = await call('backup:restore', { path: '/etc/passwd' });
    out['audit:verify'] = await call('audit:verify', {});
    out['customers:delete'] = await call('customers:delete', { ids: [1] });
    out['export:run'] = await call('export:run', { entity: 'customers', format: 'csv', path: '/tmp/zg-stolen.csv' });
    out['settings'] = await call('security:updateSettings', { idleMinutes: 0 });
    // Node is not reachable from the page
    const w = window as unknown as Record<string, unknown>;
    out.require = typeof w.require;
    out.process = typeof w.process;
    out.module = typeof w.module;
    out.Buffer = typeof w.Buffer;
    // inline script injected into the DOM does not run (CSP), nor does eval
    const s = document.createElement('script');
    s.textContent = 'window.__inline = 1';
    document.body.appendChild(s);
    out.inline = typeof w.__inline;
    try {
      (0, eval)('window.__eval = 1');
      out.eval = 'ran';
    } catch (e) {
      out.eval = (e as Error).name;
    }
    // an inline event handler in injected HTML does not run either
    const div = document.createElement('div');
    div.innerHTML = '<img src="data:image/gif;base64,R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7" onload="window.__handler=1">';
    const img = div.querySelector('img')!;
    // the inline attribute handler would run first in the same dispatch as this listener
    const loaded = new Promise((r) => {
      img.addEventListener('load', () => r('load'));
      img.addEventListener('error', () => r('error'));
    });
    document.body.appendChild(div);
    out.imageEvent = String(await loaded);
    out.handler = typeof w.__handler;
    return out;
  });
  expect(attempts).toEqual({
    'users:create': 'FORBIDDEN',
    'users:resetPassword': 'FORBIDDEN',
    'roles:update': 'FORBIDDEN',
    'recycleBin:purge': 'FORBIDDEN',
    'backup:create': 'FORBIDDEN',
    'backup:restore': 'FORBIDDEN',
    'audit:verify': 'FORBIDDEN',
    'customers:delete': 'FORBIDDEN',
    'export:run': 'FORBIDDEN',
    settings: 'FORBIDDEN',
    require: 'undefined',
    process: 'undefined',
    module: 'undefined',
    Buffer: 'undefined',
    inline: 'undefined',
    eval: 'EvalError',
    imageEvent: 'load',
    handler: 'undefined',
  });
  // and nothing changed for the admin: the role kept its permissions, no user was added
  const users = await api<{ users: { username: string }[] }>(harness, admin, 'users:list');
  expect(users.users.map((u) => u.username).sort()).toEqual(['owner', 'xiaowang']);

  // --- HTML and script in customer names render as text ---
  await page.getByTestId('nav-customers').click();
  await expect(page.getByTestId('customer-list-page')).toBeVisible();
  const links = page.getByTestId('customer-link');
  // the rep's own customers and the pool one
  await expect(links).toHaveCount(PAYLOADS.length + 1);
  expect((await links.allInnerTexts()).sort()).toEqual([...PAYLOADS, '公海里的客户'].sort());
  await expect(page.locator('img[src="x"], svg[onload], #root script')).toHaveCount(0);

  for (const [i, name] of PAYLOADS.entries()) {
    await page.goto(`${harness.url}#/customers/${ids[i]}`);
    await expect(page.getByTestId('detail-name')).toHaveText(name);
    await expect(page.locator('img[src="x"], svg[onload], #root script')).toHaveCount(0);
    await expect(page.locator('#root a[href^="javascript:"]')).toHaveCount(0);
  }
  expect(await page.evaluate(() => (window as unknown as { __pwned?: unknown }).__pwned)).toBeUndefined();
  expect(dialogs).toEqual([]);
});
