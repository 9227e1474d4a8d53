import { test, expect, ADMIN, setupAdminViaApi, loginViaUi } from './support/fixtures';

test('first-run setup creates the owner and enters the app', async ({ app }) => {
  await expect(app.getByTestId('setup-page')).toBeVisible();
  await app.getByTestId('setup-username').fill(ADMIN.username);
  await app.getByTestId('setup-display-name').fill(ADMIN.displayName);
  await app.getByTestId('setup-password').fill(ADMIN.password);
  await app.getByTestId('setup-confirm').fill('something-else');
  await app.getByTestId('setup-submit').click();
  await expect(app.getByText('两次输入的密码不一致')).toBeVisible();
  await app.getByTestId('setup-confirm').fill(ADMIN.password);
  await app.getByTestId('setup-submit').click();
  await expect(app.locator('#root')).toHaveAttribute('data-app-state', 'ready');
  await expect(app.getByTestId('current-user')).toHaveText(ADMIN.displayName);
  await expect(app.getByTestId('sidebar')).toContainText('客户');
});

test('a page load asks for nothing the app does not have (no 404 for a favicon)', async ({ page, harness }) => {
  const failed: string[] = [];
  page.on('response', (r) => {
    if (r.status() >= 400) failed.push(`${r.status()} ${r.url()}`);
  });
  page.on('requestfailed', (r) => failed.push(`failed ${r.url()}`));
  // the browser's own favicon request is no page request: it shows only as a console error with its URL
  page.on('console', (m) => {
    if (m.type() === 'error' && /Failed to load resource/.test(m.text())) failed.push(`${m.text()} ${m.location().url}`);
  });
  await page.goto(harness.url);
  await page.waitForSelector('#root:not([data-app-state="loading"])');
  await expect(page.locator('link[rel="icon"]')).toHaveCount(1);
  // the favicon is asked for after the load event: let the page settle before looking
  await page.waitForLoadState('networkidle');
  expect(failed).toEqual([]);
});

test('wrong password shows a clear error; right password logs in; logout returns to login', async ({ app, harness }) => {
  await setupAdminViaApi(harness);
  await app.reload();
  await expect(app.locator('#root')).toHaveAttribute('data-app-state', 'login');
  await app.getByTestId('login-username').fill(ADMIN.username);
  await app.getByTestId('login-password').fill('wrong-password');
  await app.getByTestId('login-submit').click();
  await expect(app.getByTestId('login-error')).toHaveText('用户名或密码错误。');
  await loginViaUi(app);
  await app.getByTestId('user-menu').hover();
  await app.getByTestId('logout').click();
  await expect(app.locator('#root')).toHaveAttribute('data-app-state', 'login');
});

test('language switch changes the UI to English and is remembered', async ({ app, harness }) => {
  await setupAdminViaApi(harness);
  await app.reload();
  await expect(app.getByTestId('login-page')).toContainText('登录掌柜 CRM');
  await app.getByTestId('language-switch').getByText('English').click();
  await expect(app.getByTestId('login-page')).toContainText('Log in to Zhanggui CRM');
  await app.reload();
  await expect(app.getByTestId('login-page')).toContainText('Log in to Zhanggui CRM');
  await loginViaUi(app);
  await expect(app.getByTestId('sidebar')).toContainText('Customers');
});

test('setup refuses bad input with a message next to the field, and creates nothing', async ({ app, harness }) => {
  await app.getByTestId('setup-username').fill('张 三');
  await app.getByTestId('setup-display-name').fill(ADMIN.displayName);
  await app.getByTestId('setup-password').fill('short');
  await app.getByTestId('setup-confirm').fill('short');
  await app.getByTestId('setup-submit').click();
  await expect(app.getByText('密码至少 8 位')).toBeVisible();

  // the password is long enough now; the username is refused by main and shown on its field
  await app.getByTestId('setup-password').fill(ADMIN.password);
  await app.getByTestId('setup-confirm').fill(ADMIN.password);
  await app.getByTestId('setup-submit').click();
  await expect(app.getByText('用户名只能包含字母、数字和 _ . @ -')).toBeVisible();
  await expect(app.locator('#root')).toHaveAttribute('data-app-state', 'setup');
  const status = await harness.invoke<{ needsSetup: boolean }>('auth:status');
  expect(status.ok && status.value.needsSetup).toBe(true);
});

test('a second setup is refused; the harness answers bad requests with envelopes or 401', async ({ harness }) => {
  await setupAdminViaApi(harness);
  const again = await harness.invoke('auth:setup', { username: 'intruder', password: 'intruder-pass-1', displayName: 'X' }, await harness.newWindow());
  expect(again).toEqual({ ok: false, error: { code: 'CONFLICT', message: '已经完成初始设置，请直接登录。' } });

  const post = (body: string, headers: Record<string, string>) =>
    fetch(`${harness.origin}/api/invoke`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
  expect((await post('{"channel":"auth:status"}', {})).status).toBe(401);
  expect((await post('{"channel":"auth:status"}', { authorization: 'Bearer forged-token' })).status).toBe(401);
  const malformed = await post('{"channel":', { authorization: `Bearer ${harness.token}` });
  expect(malformed.status).toBe(200);
  expect(await malformed.json()).toEqual({ ok: false, error: { code: 'INVALID_INPUT', message: '请求不是有效的 JSON。' } });
  expect(await harness.invoke('system:exec', { cmd: 'rm -rf /' })).toMatchObject({ ok: false, error: { code: 'UNKNOWN_CHANNEL' } });
  expect(await harness.invoke('auth:login', { username: 'owner', password: 'x'.repeat(100_000) })).toMatchObject({
    ok: false,
    error: { code: 'INVALID_INPUT', details: { fieldErrors: { password: expect.any(String) } } },
  });
});
