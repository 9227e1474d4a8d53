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
