// Helpers for Ant Design widgets in end-to-end tests.
import { expect, type Page } from '@playwright/test';

/**
 * Choose an option of an Ant Design Select by its text. A click that lands while the dropdown is still
 * opening can be lost on a busy machine (seen in CI: the dropdown stayed open with the option hovered),
 * so open, click and check that the select shows the choice, and try again until it does.
 */
export async function chooseOption(page: Page, selectTestId: string, text: string): Promise<void> {
  const select = page.getByTestId(selectTestId);
  await expect(async () => {
    const open = page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden)');
    if ((await open.count()) === 0) await select.click();
    await open.locator('.ant-select-item-option').filter({ hasText: text }).first().click({ timeout: 2_000 });
    await expect(select).toContainText(text, { timeout: 2_000 });
  }).toPass({ timeout: 20_000 });
}
