// The data the app ships with (deal stages, loss reasons, follow-up methods) is stored in Chinese; the English UI
// shows a value still called by its shipped name in English, and a renamed / typed value as stored. Filters still
// send the stored value.
import { test, expect, openAsAdmin, apiAsAdmin } from './support/fixtures';
import { chooseOption } from './support/antd';

type Stage = { id: number; name: string; probability: number; kind: 'open' | 'won' | 'lost' };

test('English shows shipped stages, methods and loss reasons in English; renamed and typed values as stored', async ({ page, harness }, testInfo) => {
  test.setTimeout(120_000);
  await openAsAdmin(page, harness);
  const api = await apiAsAdmin(harness);
  const { stages } = await api<{ stages: Stage[] }>('stages:list');
  // the user renames one stage: it shows as typed in both languages
  await api('stages:update', { stages: stages.map((s) => ({ id: s.id, name: s.name === '方案报价' ? '方案报价（新版）' : s.name, probability: s.probability, kind: s.kind })) });
  const customer = await api<{ id: number }>('customers:create', { name: '杭州西湖茶业有限公司' });
  const deal = await api<{ id: number; version: number }>('deals:create', { name: '龙井礼盒采购', customerId: customer.id, amountFen: 1_280_000 });
  const lost = await api<{ id: number; version: number }>('deals:create', { name: '年会茶歇', customerId: customer.id, amountFen: 300_000 });
  await api('deals:close', { id: lost.id, version: lost.version, result: 'lost', reason: '价格太高' });
  // a method the user added (typed) next to the shipped ones
  const { methods } = await api<{ methods: string[] }>('followUps:methods');
  await api('followUps:setMethods', { methods: [...methods, '钉钉'] });
  await api('followUps:create', { customerId: customer.id, method: '电话', content: '电话介绍新品' });
  await api('followUps:create', { customerId: customer.id, method: '钉钉', content: '钉钉发了报价单' });

  await page.getByTestId('language-switch').getByText('English').click();
  await expect(page.getByTestId('nav-deals')).toContainText('Deals');

  // the board: shipped stages in English, the renamed one as typed; the columns are still the stored stages
  await page.getByTestId('nav-deals').click();
  const columnName = (stored: string) => page.locator(`[data-stage-name="${stored}"]`).getByTestId('column-name');
  await expect(columnName('初步接触')).toHaveText('Initial contact');
  await expect(columnName('需求确认')).toHaveText('Needs analysis');
  await expect(columnName('方案报价（新版）')).toHaveText('方案报价（新版）');
  await expect(columnName('赢单')).toHaveText('Won');
  await expect(columnName('输单')).toHaveText('Lost');
  await expect(page.locator('.deal-board')).not.toContainText('初步接触');
  await page.screenshot({ path: testInfo.outputPath('shipped-labels-board.png'), fullPage: true });

  // the list: stage column, and the stage filter (labels in English, filtering by stage id)
  await page.getByTestId('view-list').click();
  const lostRow = page.locator('tr', { hasText: '年会茶歇' });
  await expect(lostRow).toContainText('Lost');
  await expect(page.locator('tr', { hasText: '龙井礼盒采购' })).toContainText('Initial contact');

  // the deal page: the stage steps and the loss reason
  await page.goto(`${harness.url}#/deals/${deal.id}`);
  await expect(page.getByTestId('step-初步接触')).toHaveText('Initial contact');
  await expect(page.getByTestId('step-方案报价（新版）')).toHaveText('方案报价（新版）');
  await page.goto(`${harness.url}#/deals/${lost.id}`);
  await expect(page.getByText('Price too high')).toBeVisible();

  // follow-ups: the shipped method in English, the typed one as stored; the filter sends the stored value
  await page.getByTestId('nav-follow-ups').click();
  const table = page.getByTestId('follow-ups-table');
  await expect(table.locator('tr', { hasText: '电话介绍新品' }).getByTestId('follow-up-method-tag')).toHaveText('Phone');
  await expect(table.locator('tr', { hasText: '钉钉发了报价单' }).getByTestId('follow-up-method-tag')).toHaveText('钉钉');
  await page.screenshot({ path: testInfo.outputPath('shipped-labels-follow-ups.png'), fullPage: true });
  await chooseOption(page, 'filter-method', /^Phone$/);
  await expect(table.locator('tr', { hasText: '钉钉发了报价单' })).toHaveCount(0);
  await expect(table.locator('tr', { hasText: '电话介绍新品' })).toHaveCount(1);

  // the funnel report: table and chart
  await page.goto(`${harness.url}#/reports?tab=funnel`);
  const report = page.getByTestId('report-funnel');
  await expect(report).toHaveAttribute('data-state', 'ready');
  await expect(report.getByTestId('report-table')).toContainText('Initial contact');
  await expect(report.getByTestId('report-table')).toContainText('方案报价（新版）');
  await expect(report.getByTestId('report-table')).not.toContainText('初步接触');
  await page.getByTestId('view-chart').click();
  const axis = report.locator('.recharts-wrapper');
  await expect(axis).toContainText('Initial contact');
  await expect(axis).toContainText('Negotiation');
  await expect(axis).toContainText('方案报价（新版）');
  await expect(axis).not.toContainText('初步接触');
  await page.screenshot({ path: testInfo.outputPath('shipped-labels-funnel.png'), fullPage: true });

  // back in Chinese: the stored names
  await page.getByTestId('language-switch').getByText('中文').click();
  await page.getByTestId('nav-deals').click();
  await page.getByTestId('view-board').click();
  await expect(columnName('初步接触')).toHaveText('初步接触');
  await expect(columnName('赢单')).toHaveText('赢单');

  // stored data never changed
  const after = await api<{ stages: Stage[] }>('stages:list');
  expect(after.stages.map((s) => s.name)).toEqual(['初步接触', '需求确认', '方案报价（新版）', '谈判签约', '赢单', '输单']);
});
