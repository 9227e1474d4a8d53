// Helpers for Ant Design widgets in end-to-end tests.
import { expect, type Locator, type Page } from '@playwright/test';

export interface ChooseOptions {
  /** text typed into a searchable select before choosing (typed again only when the dropdown had to be reopened) */
  type?: string;
  /** what the select shows once the choice is made (default: the option text) */
  shows?: string | RegExp;
}

/**
 * Choose an option of an Ant Design Select by its text. A click that lands while the dropdown is still
 * opening can be lost on a busy machine (seen in CI: the dropdown stayed open with the option hovered),
 * so open, click and check that the select shows the choice, and try again until it does.
 * `text` as a RegExp picks exactly (e.g. /^销售$/ and not 销售经理).
 */
export async function chooseOption(page: Page, selectTestId: string, text: string | RegExp, opts: ChooseOptions = {}): Promise<void> {
  const select = page.getByTestId(selectTestId);
  // the dropdown that is open now: an earlier one may still be playing its closing animation
  const open = page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden):not([class*="-leave"])');
  await expect(async () => {
    if ((await open.count()) === 0) {
      await select.click();
      if (opts.type) await page.keyboard.type(opts.type);
    }
    await open.locator('.ant-select-item-option').filter({ hasText: text }).first().click({ timeout: 2_000 });
    await expect(select).toContainText(opts.shows ?? text, { timeout: 2_000 });
  }).toPass({ timeout: 20_000 });
}

/**
 * Confirm an Ant Design modal.confirm with its OK button and wait for what the confirmation does (`done`). A click
 * that lands while the modal is still zooming in can be lost on a busy machine (seen in CI: the dialog stayed open
 * and nothing was sent), so click again while the button is still there, until `done` shows. A second click cannot
 * send twice: the button is gone once the dialog closes, and ignores clicks while its request runs (loading).
 */
export async function confirmModal(page: Page, okTestId: string, done: Locator): Promise<void> {
  const ok = page.getByTestId(okTestId);
  await expect(async () => {
    if (await ok.count()) await ok.click({ timeout: 2_000 });
    await expect(done).toBeVisible({ timeout: 2_000 });
  }).toPass({ timeout: 20_000 });
}
