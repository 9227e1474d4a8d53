// The import wizard from the customer list up to its preview, for a file the next file dialog answers with,
// keeping the header row and the mapping the wizard proposes.
import { expect, type Page } from '@playwright/test';
import type { RunningHarness } from './harness';

export async function openImportPreview(page: Page, harness: RunningHarness, file: string): Promise<void> {
  await page.goto(`${harness.url}#/customers`);
  await page.getByTestId('customer-import').click();
  await harness.scriptDialog({ openFile: file });
  await page.getByTestId('import-choose').click();
  await expect(page.getByTestId('import-step-sheet')).toBeVisible();
  await page.getByTestId('import-next').click();
  await expect(page.getByTestId('import-step-mapping')).toBeVisible();
  await page.getByTestId('import-next').click();
  await expect(page.getByTestId('import-step-preview')).toBeVisible();
}
