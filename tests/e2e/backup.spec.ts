// Back up with a passphrase, delete a customer, restore the backup in the wizard, find the customer again.
import { test, expect, openAsAdmin, loginViaUi } from './support/fixtures';

const PASS = 'e2e-备份密码-42';
const shots = process.env.BACKUP_SHOTS; // a folder: also save screenshots of the page and the wizard

test('encrypted backup, delete a customer, restore, the customer is back', async ({ page, harness }) => {
  test.slow(); // three scrypt derivations and several worker runs; this shared machine is often loaded
  await openAsAdmin(page, harness);
  const created = await harness.invoke<{ id: number }>('customers:create', { name: '备份测试客户' });
  if (!created.ok) throw new Error(JSON.stringify(created.error));
  const id = created.value.id;

  await page.goto(`${harness.url}#/backup`);
  await expect(page.getByTestId('backup-page')).toBeVisible();
  // reached from 设置: the sidebar says so
  await expect(page.locator('[data-testid="sidebar"] .ant-menu-item-selected')).toContainText('设置');
  await page.getByTestId('backup-passphrase').fill(PASS);
  await page.getByTestId('backup-now').click();
  const row = page.locator('[data-testid^="backup-row-"]').filter({ hasText: '已加密' });
  await expect(row).toHaveCount(1);
  await expect(row).toContainText('1 客户');
  await expect(row.getByTestId('backup-verified')).toBeVisible(); // an encrypted backup is checked before it is sealed
  // the full check on request says what it checked
  await row.getByTestId('backup-verify').click();
  await page.getByTestId('backup-verify-deep').click();
  await page.getByTestId('verify-passphrase').fill(PASS);
  await page.getByTestId('verify-passphrase').press('Enter');
  await expect(page.getByText('完整校验通过（校验和、数据结构、逐一核对索引、外键）：1 个客户')).toBeVisible();
  if (shots) await page.screenshot({ path: `${shots}/backup-page.png`, fullPage: true });

  const del = await harness.invoke('customers:delete', { ids: [id] });
  expect(del.ok).toBe(true);
  expect((await harness.invoke('customers:get', { id })).ok).toBe(false);

  // the wizard: wrong passphrase first, then the right one
  await row.getByTestId('backup-restore').click();
  const wizard = page.getByTestId('restore-wizard');
  await wizard.getByTestId('restore-passphrase').fill('wrong-passphrase');
  await wizard.getByTestId('restore-check').click();
  await expect(wizard).toContainText('备份密码错误，或文件已损坏。');
  if (shots) await page.screenshot({ path: `${shots}/restore-wizard-error.png` });
  await wizard.getByTestId('restore-passphrase').fill(PASS);
  await wizard.getByTestId('restore-check').click();
  await expect(wizard.getByTestId('restore-summary')).toBeVisible();
  await expect(wizard.getByTestId('summary-customers')).toHaveText('1');
  // what the gate checked: the checksum recorded when the backup was written and checked
  await expect(wizard.getByTestId('summary-checked')).toContainText('校验和与备份时一致');
  await expect(wizard.getByTestId('summary-deep-after')).toBeVisible();
  await expect(wizard.getByTestId('restore-confirm')).toBeDisabled();
  await wizard.getByTestId('restore-understand').check();
  if (shots) await page.screenshot({ path: `${shots}/restore-wizard.png` });
  await wizard.getByTestId('restore-confirm').click();

  // everyone is logged out: the login screen, then the customer is there again
  await expect(page.locator('#root')).toHaveAttribute('data-app-state', 'login');
  await page.getByRole('button', { name: /确\s*定|OK/ }).click().catch(() => undefined);
  await loginViaUi(page);
  const back = await harness.invoke<{ customer: { name: string } }>('customers:get', { id });
  expect(back.ok ? back.value.customer.name : JSON.stringify(back.error)).toBe('备份测试客户');
  await page.goto(`${harness.url}#/customers`);
  await expect(page.getByText('备份测试客户')).toBeVisible();
  // the data before the restore was kept as a safety snapshot
  await page.goto(`${harness.url}#/backup`);
  await expect(page.locator('[data-testid^="backup-row-"]').filter({ hasText: '保护快照' })).toHaveCount(1);
});
