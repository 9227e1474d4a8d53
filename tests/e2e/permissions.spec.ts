// Users, roles, pool and transfer end to end in Chromium against the harness.
import { test, expect, ADMIN, openAsAdmin, loginViaUi } from './support/fixtures';
import { chooseOption } from './support/antd';
import { CustomerList } from './support/customerPages';
import type { Page } from '@playwright/test';
import type { RunningHarness } from './support/harness';

type Ok<T> = { ok: true; value: T };
async function api<T = unknown>(h: RunningHarness, token: string, channel: string, input?: unknown): Promise<T> {
  const r = await h.invoke<T>(channel, input, token);
  if (!r.ok) throw new Error(`${channel}: ${r.error.code} ${r.error.message}`);
  return (r as Ok<T>).value;
}

async function logout(page: Page) {
  await page.getByTestId('user-menu').hover();
  await page.getByTestId('logout').click();
  await expect(page.locator('#root')).toHaveAttribute('data-app-state', 'login');
}

test('admin creates a rep; the rep sees own + pool customers only, cannot delete, claims from the pool; a transfer notifies the new owner', async ({ page, harness }) => {
  test.setTimeout(150_000); // a long story on a shared, busy machine
  await openAsAdmin(page, harness);
  const admin = await harness.newWindow();
  await api(harness, admin, 'auth:login', { username: ADMIN.username, password: ADMIN.password });

  // admin creates rep A in 设置 → 用户管理
  await page.getByTestId('nav-settings').click();
  await page.getByTestId('user-add').click();
  await page.getByTestId('user-create-username').fill('zhangsan');
  await page.getByTestId('user-create-display-name').fill('张三');
  await chooseOption(page, 'user-create-role', /^销售$/, { shows: '销售' });
  await page.getByTestId('user-create-password').fill('sales-pass-1');
  await page.getByTestId('user-create-submit').click();
  await expect(page.getByTestId('user-row-zhangsan')).toContainText('销售');

  // rep B and some customers through the API
  const { roles } = await api<{ roles: { id: number; builtinKey: string | null }[] }>(harness, admin, 'roles:list');
  const sales = roles.find((r) => r.builtinKey === 'sales')!.id;
  const repB = await api<{ id: number }>(harness, admin, 'users:create', { username: 'lisi', displayName: '李四', password: 'sales-pass-1', roleId: sales });
  const { users } = await api<{ users: { id: number; username: string }[] }>(harness, admin, 'users:list');
  const repA = users.find((u) => u.username === 'zhangsan')!.id;
  const mk = async (name: string, ownerId: number | null) => (await api<{ id: number }>(harness, admin, 'customers:create', { name, ownerId })).id;
  const own = await mk('张三的老客户', repA);
  await mk('李四的客户', repB.id);
  await mk('公海客户甲', null);
  await mk('公海客户乙', null);

  // rep A logs in: the menu hides settings; the customer list shows own + pool only
  await logout(page);
  await loginViaUi(page, 'zhangsan', 'sales-pass-1');
  await expect(page.getByTestId('nav-settings')).toHaveCount(0);
  // the address of a page the rep may not see: "not found" with a way back, not an empty page
  await page.evaluate(() => {
    location.hash = '#/settings';
  });
  await expect(page.getByTestId('not-found')).toContainText('找不到这个页面');
  await page.getByTestId('not-found-home').click();
  await expect(page.getByTestId('not-found')).toHaveCount(0);
  await page.getByTestId('nav-customers').click();
  await expect(page.getByTestId('customer-list-page')).toBeVisible();
  await expect(page.getByTestId('customer-row')).toHaveCount(3);
  await expect(page.getByTestId('customer-list-page')).not.toContainText('李四的客户');
  await expect(page.getByTestId('customer-list-page').getByRole('button', { name: /删\s*除/ })).toHaveCount(0);
  // main refuses the delete even if the UI were bypassed
  const repWindow = await harness.newWindow();
  await api(harness, repWindow, 'auth:login', { username: 'zhangsan', password: 'sales-pass-1' });
  const del = await harness.invoke('customers:delete', { ids: [own] }, repWindow);
  expect(!del.ok && del.error.code).toBe('FORBIDDEN');

  // rep A claims from the pool page
  await page.getByTestId('nav-pool').click();
  await expect(page.getByTestId('pool-row')).toHaveCount(2);
  await expect(page.getByTestId('pool-total')).toHaveText('共 2 位');
  await expect(page.getByTestId('pool-claims-left')).toContainText('50');
  const firstId = await page.getByTestId('pool-row').first().getAttribute('data-id');
  await page.getByTestId(`pool-claim-${firstId}`).click();
  await expect(page.getByTestId('pool-row')).toHaveCount(1);
  await expect(page.getByTestId('pool-claims-left')).toContainText('49');
  await page.getByTestId('nav-customers').click();
  await expect(page.getByTestId('customer-row')).toHaveCount(3); // 2 own now + 1 left in the pool

  // admin transfers rep A's customer to rep B; B sees it in the bell
  const r = await api<{ transferred: number }>(harness, admin, 'customers:transfer', { ids: [own], toUserId: repB.id, reason: '区域调整' });
  expect(r.transferred).toBe(1);
  await logout(page);
  await loginViaUi(page, 'lisi', 'sales-pass-1');
  await expect(page.getByTestId('notification-badge')).toContainText('1');
  await page.getByTestId('notification-bell').click();
  await expect(page.getByTestId('notification-item').first()).toContainText('王老板 将 1 位客户转给了您');
  await expect(page.getByTestId('notification-item').first()).toContainText('张三的老客户');
  await expect(page.getByTestId('notification-item').first()).toContainText('区域调整');
  await page.getByTestId('notification-mark-all').click();
  await expect(page.getByTestId('notification-badge')).not.toContainText('1');
});

test('a transfer pushes the notification to the new owner while they are logged in', async ({ page, harness }) => {
  await openAsAdmin(page, harness);
  const admin = await harness.newWindow();
  await api(harness, admin, 'auth:login', { username: ADMIN.username, password: ADMIN.password });
  const { roles } = await api<{ roles: { id: number; builtinKey: string | null }[] }>(harness, admin, 'roles:list');
  const rep = await api<{ id: number }>(harness, admin, 'users:create', { username: 'lisi', displayName: '李四', password: 'sales-pass-1', roleId: roles.find((r) => r.builtinKey === 'sales')!.id });
  const c = await api<{ id: number }>(harness, admin, 'customers:create', { name: '推送测试客户', ownerId: null });
  await logout(page);
  await loginViaUi(page, 'lisi', 'sales-pass-1');
  await expect(page.getByTestId('notification-badge')).not.toContainText('1');
  await api(harness, admin, 'customers:transfer', { ids: [c.id], toUserId: rep.id });
  // no reload: the event stream updates the bell
  await expect(page.getByTestId('notification-badge')).toContainText('1');
});

test('a rep (no audit log) is told whom to ask to undo a batch edit, with the batch id', async ({ page, harness }, info) => {
  await openAsAdmin(page, harness);
  const admin = await harness.newWindow();
  await api(harness, admin, 'auth:login', { username: ADMIN.username, password: ADMIN.password });
  const { roles } = await api<{ roles: { id: number; builtinKey: string | null }[] }>(harness, admin, 'roles:list');
  const rep = await api<{ id: number }>(harness, admin, 'users:create', { username: 'lisi', displayName: '李四', password: 'sales-pass-1', roleId: roles.find((r) => r.builtinKey === 'sales')!.id });
  for (const name of ['李四客户甲', '李四客户乙']) await api(harness, admin, 'customers:create', { name, ownerId: rep.id, level: 'C' });
  await logout(page);
  await loginViaUi(page, 'lisi', 'sales-pass-1');
  const list = new CustomerList(page);
  await list.open();
  await list.expectTotal(2);
  for (const name of ['李四客户甲', '李四客户乙']) await list.row(name).getByRole('checkbox').check();
  await page.getByTestId('bulk-batchEdit').click();
  await chooseOption(page, 'batch-value-level', 'B 中意向');
  await expect(page.getByTestId('batch-preview')).toContainText('将修改 2 位客户中的 2 位');
  await page.getByTestId('batch-apply').click();
  await expect(page.getByTestId('batch-result')).toContainText('实际修改 2 位客户');
  // the audit log is not the rep's: no way there, but the words and the batch id to give the administrator
  await expect(page.getByTestId('batch-open-audit')).toHaveCount(0);
  const hint = page.getByTestId('batch-undo-hint');
  await expect(hint).toContainText('如需撤销本批次，请联系管理员');
  const { rows } = await api<{ rows: { batchId: string | null; action: string }[] }>(harness, admin, 'audit:list', { action: 'customer.batchUpdate', limit: 10 });
  expect(rows).toHaveLength(2);
  const short = rows[0].batchId!.slice(0, 8);
  await expect(hint).toContainText(short);
  await page.screenshot({ path: info.outputPath('rep-batch-undo-hint.png') });

  // the administrator finds the batch in the audit log by those 8 characters
  await page.getByTestId('batch-close').click();
  await logout(page);
  await loginViaUi(page);
  await page.goto(`${harness.url}#/audit`);
  await page.getByTestId('audit-filter-batch').locator('input').fill(short);
  await page.keyboard.press('Enter');
  await expect(page.locator('[data-testid="audit-row"]')).toHaveCount(2);
  await expect(page.locator('[data-testid="audit-row"][data-action="customer.batchUpdate"]')).toHaveCount(2);
});

test('idle lock covers the page without losing unsaved input; the same user unlocks back into it', async ({ page, harness }) => {
  await page.clock.install();
  await openAsAdmin(page, harness);
  const admin = await harness.newWindow();
  await api(harness, admin, 'auth:login', { username: ADMIN.username, password: ADMIN.password });
  await api(harness, admin, 'security:updateSettings', { idleMinutes: 1 });
  await page.reload();
  await expect(page.locator('#root')).toHaveAttribute('data-app-state', 'ready');
  await page.getByTestId('nav-settings').click();
  await page.getByTestId('user-add').click();
  await page.getByTestId('user-create-username').fill('half-typed');

  await page.clock.fastForward('00:50');
  await expect(page.getByTestId('idle-lock')).toHaveCount(0);
  await page.clock.fastForward('00:15');
  await expect(page.getByTestId('idle-lock')).toBeVisible();
  // the session is over in main too
  const status = await page.evaluate(async () => {
    const token = sessionStorage.getItem('crm.token');
    const r = await fetch('/api/invoke', { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ channel: 'users:list' }) });
    return ((await r.json()) as { error?: { code: string } }).error?.code;
  });
  expect(status).toBe('UNAUTHENTICATED');

  await page.getByTestId('idle-lock-password').fill('wrong-password');
  await page.getByTestId('idle-lock-submit').click();
  await expect(page.getByTestId('idle-lock-error')).toBeVisible();
  await page.getByTestId('idle-lock-password').fill(ADMIN.password);
  await page.getByTestId('idle-lock-submit').click();
  await expect(page.getByTestId('idle-lock')).toHaveCount(0);
  await expect(page.getByTestId('user-create-username')).toHaveValue('half-typed');
});

test('idle lock: logging in as another user reloads the shell as that user', async ({ page, harness }) => {
  await page.clock.install();
  await openAsAdmin(page, harness);
  const admin = await harness.newWindow();
  await api(harness, admin, 'auth:login', { username: ADMIN.username, password: ADMIN.password });
  const { roles } = await api<{ roles: { id: number; builtinKey: string | null }[] }>(harness, admin, 'roles:list');
  await api(harness, admin, 'users:create', { username: 'lisi', displayName: '李四', password: 'sales-pass-1', roleId: roles.find((r) => r.builtinKey === 'sales')!.id });
  await api(harness, admin, 'security:updateSettings', { idleMinutes: 1 });
  await page.reload();
  await page.getByTestId('nav-settings').click();
  await page.clock.fastForward('01:05');
  await expect(page.getByTestId('idle-lock')).toBeVisible();
  await page.getByTestId('idle-lock-username').fill('lisi');
  await page.getByTestId('idle-lock-password').fill('sales-pass-1');
  await page.getByTestId('idle-lock-submit').click();
  await expect(page.getByTestId('idle-lock')).toHaveCount(0);
  await expect(page.getByTestId('current-user')).toHaveText('李四');
  await expect(page.getByTestId('nav-settings')).toHaveCount(0);
});
