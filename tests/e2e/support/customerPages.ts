// Page objects for the customer module (list, form drawer, detail, batch edit) so specs read like the user's steps.
import { expect, type Locator, type Page } from '@playwright/test';
import type { RunningHarness } from './harness';

export class CustomerList {
  constructor(readonly page: Page) {}
  async open() {
    await this.page.getByTestId('nav-customers').click();
    await expect(this.page.getByTestId('customer-list-page')).toBeVisible();
    await expect(this.page.getByTestId('customer-total')).not.toHaveAttribute('data-total', '');
  }
  rows(): Locator {
    return this.page.getByTestId('customer-row');
  }
  row(name: string): Locator {
    return this.rows().filter({ has: this.page.getByTestId('customer-link').getByText(name, { exact: true }) });
  }
  async search(q: string) {
    await this.page.getByTestId('customer-search').fill(q);
  }
  async expectTotal(n: number) {
    await expect(this.page.getByTestId('customer-total')).toHaveAttribute('data-total', String(n));
  }
  async names(): Promise<string[]> {
    return this.page.getByTestId('customer-link').allInnerTexts();
  }
}

export class CustomerForm {
  readonly root: Locator;
  constructor(readonly page: Page) {
    this.root = page.getByTestId('customer-form');
  }
  field(name: string): Locator {
    return this.page.getByTestId(`field-${name}`);
  }
  /** the inline message under a field */
  error(name: string): Locator {
    return this.page.locator('.ant-form-item').filter({ has: this.field(name) }).locator('.ant-form-item-explain-error');
  }
  async save() {
    await this.page.getByTestId('form-save').click();
  }
}

export async function createCustomerApi(h: RunningHarness, input: Record<string, unknown>): Promise<{ id: number; version: number; name: string }> {
  const r = await h.invoke<{ id: number; version: number; name: string }>('customers:create', { allowDuplicate: true, ...input });
  if (!r.ok) throw new Error(`customers:create failed: ${JSON.stringify(r.error)}`);
  return r.value;
}
