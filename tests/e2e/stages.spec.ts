// Pipeline settings: removing a stage that holds deals asks where they go; saving moves them (main moves a
// big stage's deals in steps and shows its progress — the steps are proven in tests/unit/deals/stageMoveSteps)
// and the stage disappears from the list and the board.
import { test, expect, openAsAdmin } from './support/fixtures';
import { chooseOption } from './support/antd';
import { createCustomerApi } from './support/customerPages';

test('remove a stage with deals: choose where they go, save, they moved and the stage is gone', async ({ page, harness }) => {
  await openAsAdmin(page, harness);
  const stages = await harness.invoke<{ stages: { id: number; name: string }[] }>('stages:list', {});
  if (!stages.ok) throw new Error('stages:list');
  const id = (name: string) => stages.value.stages.find((s) => s.name === name)!.id;
  const c = await createCustomerApi(harness, { name: '阶段测试公司' });
  for (const n of ['甲单', '乙单', '丙单']) {
    const r = await harness.invoke('deals:create', { name: n, customerId: c.id, stageId: id('方案报价'), amountFen: 100_00 });
    expect(r.ok).toBe(true);
  }
  await page.evaluate(() => (location.hash = '#/deals/stages'));
  await expect(page.getByTestId('stage-settings')).toBeVisible();
  await expect(page.getByTestId('stage-name-2')).toHaveValue('方案报价');
  await page.getByTestId('stage-remove-2').click();
  await expect(page.getByTestId(`stage-move-${id('方案报价')}`)).toContainText('3');
  await chooseOption(page, `stage-move-to-${id('方案报价')}`, '谈判签约');
  await page.getByTestId('stages-save').click();
  await expect(page.locator('.ant-message-success')).toContainText('阶段已保存');
  await expect(page.getByTestId(`stage-move-${id('方案报价')}`)).toHaveCount(0);
  await expect(page.locator('[data-testid^="stage-name-"]')).toHaveCount(5);
  const after = await harness.invoke<{ stages: { name: string; dealCount: number }[] }>('stages:list', {});
  expect(after.ok && after.value.stages.map((s) => s.name)).not.toContain('方案报价');
  expect(after.ok && after.value.stages.find((s) => s.name === '谈判签约')!.dealCount).toBe(3);
});
