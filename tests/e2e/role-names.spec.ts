// Built-in role names are data (roles.name, Chinese as shipped); the English UI shows the shipped ones in English
// wherever a role name appears, and a name the user typed (a renamed built-in role) as typed.
import { test, expect, ADMIN, openAsAdmin } from './support/fixtures';
import type { RunningHarness } from './support/harness';

type Ok<T> = { ok: true; value: T };
async function api<T = unknown>(h: RunningHarness, token: string, channel: string, input?: unknown): Promise<T> {
  const r = await h.invoke<T>(channel, input, token);
  if (!r.ok) throw new Error(`${channel}: ${r.error.code} ${r.error.message}`);
  return (r as Ok<T>).value;
}

test('English shows the shipped role names in English (header, users, roles, pickers, audit); a renamed role keeps its name', async ({ page, harness }) => {
  test.setTimeout(90_000);
  await openAsAdmin(page, harness);
  const admin = await harness.newWindow();
  await api(harness, admin, 'auth:login', { username: ADMIN.username, password: ADMIN.password });
  const { roles } = await api<{ roles: { id: number; version: number; builtinKey: string | null }[] }>(harness, admin, 'roles:list');
  const byKey = (k: string) => roles.find((r) => r.builtinKey === k)!;
  await api(harness, admin, 'users:create', { username: 'lisi', displayName: '李四', password: 'sales-pass-1', roleId: byKey('sales').id });
  // a second user whose role changes: the audit trail names both roles, not their ids
  const wangwu = await api<{ id: number; version: number }>(harness, admin, 'users:create', { username: 'wangwu', displayName: '王五', password: 'sales-pass-1', roleId: byKey('sales').id });
  await api(harness, admin, 'users:update', { id: wangwu.id, version: wangwu.version, roleId: byKey('admin').id });
  // the manager role renamed by the user: shown as typed in both languages
  await api(harness, admin, 'roles:update', { id: byKey('manager').id, version: byKey('manager').version, name: '大客户经理' });

  await expect(page.getByTestId('current-role')).toHaveText('管理员');
  await page.getByTestId('language-switch').getByText('English').click();
  await expect(page.getByTestId('current-role')).toHaveText('Administrator');

  await page.getByTestId('nav-settings').click();
  await expect(page.getByTestId('user-row-lisi')).toContainText('Sales rep');
  await expect(page.getByTestId('user-row-owner')).toContainText('Administrator');
  await expect(page.getByTestId('users-tab')).not.toContainText('销售');
  // the role picker of a new user
  await page.getByTestId('user-add').click();
  await page.getByTestId('user-create-role').click();
  const picker = page.locator('.ant-select-dropdown:visible');
  await expect(picker).toContainText('Sales rep');
  await expect(picker).toContainText('大客户经理');
  await expect(picker).not.toContainText('销售');
  await page.keyboard.press('Escape');
  await page.getByRole('button', { name: 'Cancel' }).click();

  await page.getByRole('tab', { name: 'Roles & permissions' }).click();
  // .first(): the matrix's sticky header is rendered twice
  await expect(page.getByTestId(`role-name-${byKey('admin').id}`).first()).toHaveText('Administrator');
  await expect(page.getByTestId(`role-name-${byKey('sales').id}`).first()).toHaveText('Sales rep');
  await expect(page.getByTestId(`role-name-${byKey('manager').id}`).first()).toHaveText('大客户经理');

  // the audit log: the user's creation names the role in brackets
  await page.goto(`${harness.url}#/audit`);
  await expect(page.getByTestId('audit-page')).toBeVisible();
  await expect(page.getByTestId('audit-summary').filter({ hasText: 'lisi' })).toHaveText('lisi (Sales rep)');
  // a role change reads as words: the field's name and both roles in English
  await expect(page.getByTestId('audit-change').filter({ hasText: 'changed Role' })).toHaveText('changed Role from Sales rep to Administrator');
  await expect(page.getByTestId('audit-page')).not.toContainText('roleId');

  // back in Chinese: the shipped name again
  await page.getByTestId('language-switch').getByText('中文').click();
  await expect(page.getByTestId('current-role')).toHaveText('管理员');
});
