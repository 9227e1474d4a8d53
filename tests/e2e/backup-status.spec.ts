// A plain backup is listed at once and its content check follows in the background: the list shows
// "校验中" until the check reports, then "已校验" with what was checked; a check that found a problem
// shows "发现问题" with the problem.
import fs from 'node:fs';
import path from 'node:path';
import { test, expect, openAsAdmin } from './support/fixtures';

const shots = process.env.BACKUP_SHOTS; // a folder: also save screenshots

test('plain backup: listed at once, then checked in the background; a problem found is shown', async ({ page, harness }) => {
  test.slow();
  await openAsAdmin(page, harness);
  await page.goto(`${harness.url}#/backup`);
  await expect(page.getByTestId('backup-page')).toBeVisible();
  await page.getByTestId('backup-now').click();
  const row = page.locator('[data-testid^="backup-row-"]').filter({ hasText: '手动' });
  await expect(row).toHaveCount(1);
  // the list polls while a check is pending; no reload needed
  await expect(row.getByTestId('backup-verified')).toBeVisible();
  await row.getByTestId('backup-verified').hover();
  await expect(page.getByText('快速完整性检查通过（页面、记录、约束）；文件校验和已记录')).toBeVisible();
  if (shots) await page.screenshot({ path: `${shots}/backup-list-verified.png`, fullPage: true });

  // a backup whose check found a problem, and one whose check has not reported yet (sidecars as the
  // service writes them)
  const folder = path.join(harness.dataDir, 'backups');
  const file = fs.readdirSync(folder).find((f) => f.endsWith('.db'))!;
  const meta = JSON.parse(fs.readFileSync(path.join(folder, `${file}.json`), 'utf8'));
  const copy = (name: string, extra: Record<string, unknown>) => {
    fs.copyFileSync(path.join(folder, file), path.join(folder, name));
    fs.writeFileSync(path.join(folder, `${name}.json`), JSON.stringify({ ...meta, file: name, kind: 'auto', ...extra }));
  };
  copy('zhanggui-problem-auto.db', { verified: false, verifiedAt: null, checks: null, problem: 'integrity_check failed: row 7 missing from index customers_name' });
  copy('zhanggui-pending-auto.db', { verified: false, verifiedAt: null, checks: null, problem: null, createdAt: new Date(Date.now() + 60_000).toISOString() });
  await page.getByRole('button', { name: /刷\s*新/ }).click();
  const problem = page.getByTestId('backup-row-zhanggui-problem-auto.db');
  await expect(problem.getByTestId('backup-problem')).toBeVisible();
  await expect(page.getByTestId('backup-row-zhanggui-pending-auto.db').getByTestId('backup-checking')).toBeVisible();
  await problem.getByTestId('backup-problem').hover();
  await expect(page.getByText('integrity_check failed: row 7 missing from index customers_name')).toBeVisible();
  await page.getByTestId('backup-row-zhanggui-pending-auto.db').getByTestId('backup-verify').click();
  await expect(page.getByTestId('backup-verify-deep')).toBeVisible();
  if (shots) await page.screenshot({ path: `${shots}/backup-list-states.png`, fullPage: true });
});
