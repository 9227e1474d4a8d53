// Audit summaries are stored text written in the app's language at the time: the trail shows a follow-up's reminder,
// a won and reopened deal's customer change and a backup in Chinese, and, written after switching to English, in
// English — while the Chinese rows stay as they were written.
import { test, expect, ADMIN, openAsAdmin } from './support/fixtures';
import type { RunningHarness } from './support/harness';

type Ok<T> = { ok: true; value: T };
async function api<T = unknown>(h: RunningHarness, token: string, channel: string, input?: unknown): Promise<T> {
  const r = await h.invoke<T>(channel, input, token);
  if (!r.ok) throw new Error(`${channel}: ${r.error.code} ${r.error.message}`);
  return (r as Ok<T>).value;
}

/** a customer with a follow-up that sets a next time, a deal won (marking the customer) and reopened, and a backup */
async function activity(h: RunningHarness, token: string, name: string) {
  const c = await api<{ id: number }>(h, token, 'customers:create', { name });
  const f = await api<{ id: number }>(h, token, 'followUps:create', {
    customerId: c.id,
    at: new Date().toISOString(),
    method: '电话',
    content: 'quote',
    nextAt: new Date(Date.now() + 86_400_000).toISOString(),
  });
  const d = await api<{ id: number; version: number }>(h, token, 'deals:create', { name: `${name} deal`, customerId: c.id, amountFen: 100_000 });
  await api(h, token, 'deals:close', { id: d.id, version: d.version, result: 'won', amount: 120_000, closedAt: '2026-11-20', setCustomerWon: true });
  await api(h, token, 'deals:reopen', { id: d.id, reason: 'contract void' });
  const b = await api<{ path: string }>(h, token, 'backup:create', {});
  return { followUp: f.id, deal: d.id, backup: b.path };
}

test('the audit trail shows backup, reminder and won/reopened summaries in the language they were written in', async ({ page, harness }) => {
  test.setTimeout(90_000);
  await openAsAdmin(page, harness);
  const token = await harness.newWindow();
  await api(harness, token, 'auth:login', { username: ADMIN.username, password: ADMIN.password });

  const zh = await activity(harness, token, '西湖茶业');
  await page.goto(`${harness.url}#/audit`);
  await expect(page.getByTestId('audit-page')).toBeVisible();
  const summaries = page.getByTestId('audit-summary');
  await expect(summaries.filter({ hasText: `跟进记录 ${zh.followUp} 的下次跟进提醒：西湖茶业` })).toHaveCount(1);
  await expect(summaries.filter({ hasText: `西湖茶业：状态改为已成交（商机 #${zh.deal} 赢单）` })).toHaveCount(1);
  await expect(summaries.filter({ hasText: `西湖茶业：状态恢复（商机 #${zh.deal} 撤销结单）` })).toHaveCount(1);
  await expect(summaries.filter({ hasText: `创建了手动备份：${zh.backup}` })).toHaveCount(1);
  await expect(page.getByTestId('audit-page')).not.toContainText(/\bwon\)|reopened|backup:|follow-up \d/);
  // a deal's changes in words of a deal (stage by name, status and probability as the app shows them), not field keys
  await expect(page.getByTestId('audit-change').filter({ hasText: /^将 阶段 从 初步接触 改为 赢单$/ })).toHaveCount(1);
  await expect(page.getByTestId('audit-change').filter({ hasText: /^将 阶段 从 赢单 改为 初步接触$/ })).toHaveCount(1);
  await expect(page.getByTestId('audit-change').filter({ hasText: '将 赢单率 从' }).first()).toHaveText(/^将 赢单率 从 \d+% 改为 100%$/);
  await expect(page.getByTestId('audit-page')).toContainText('结单（赢单）');
  await expect(page.getByTestId('audit-page')).not.toContainText(/stageId|amountFen|closeWon|followUpDates|dueAt/);
  await page.screenshot({ path: test.info().outputPath('audit-summaries-zh.png'), fullPage: true });

  await page.getByTestId('language-switch').getByText('English').click();
  const en = await activity(harness, token, 'Westlake Tea');
  await page.reload();
  await expect(page.getByTestId('audit-page')).toBeVisible();
  await expect(summaries.filter({ hasText: `next follow-up reminder of follow-up ${en.followUp}: Westlake Tea` })).toHaveCount(1);
  await expect(summaries.filter({ hasText: `Westlake Tea: status set to won (deal #${en.deal} won)` })).toHaveCount(1);
  await expect(summaries.filter({ hasText: `Westlake Tea: status restored (deal #${en.deal} reopened)` })).toHaveCount(1);
  await expect(summaries.filter({ hasText: `manual backup created: ${en.backup}` })).toHaveCount(1);
  await expect(page.getByTestId('audit-change').filter({ hasText: 'changed Status from Open to Won' })).toHaveCount(2);
  await expect(page.getByTestId('audit-change').filter({ hasText: 'changed Language from 中文 to English' })).toHaveCount(1);
  // written before the switch: still Chinese (stored text)
  await expect(summaries.filter({ hasText: `西湖茶业：状态恢复（商机 #${zh.deal} 撤销结单）` })).toHaveCount(1);
  await page.screenshot({ path: test.info().outputPath('audit-summaries-en.png'), fullPage: true });
});
