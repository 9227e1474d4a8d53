// Playwright fixtures: every test gets its own harness and temp data folder.
import { test as base, expect, type Page } from '@playwright/test';
import { startHarness, type RunningHarness } from './harness';

export const ADMIN = { username: 'owner', password: 'owner-pass-1', displayName: '王老板' };

type Fixtures = {
  harness: RunningHarness;
  /** the app opened in the page, waiting for its first screen */
  app: Page;
};

export const test = base.extend<Fixtures>({
  harness: async ({}, use) => {
    const h = await startHarness();
    await use(h);
    await h.stop();
  },
  app: async ({ page, harness }, use) => {
    await page.goto(harness.url);
    await page.waitForSelector('#root:not([data-app-state="loading"])');
    await use(page);
  },
});

/** Create the owner account through the API from another window (the page's window stays logged out). */
export async function setupAdminViaApi(h: RunningHarness): Promise<void> {
  const r = await h.invoke('auth:setup', ADMIN, await h.newWindow());
  if (!r.ok) throw new Error(`setup failed: ${JSON.stringify(r.error)}`);
}

/** Log in through the login screen. */
export async function loginViaUi(page: Page, username = ADMIN.username, password = ADMIN.password): Promise<void> {
  await page.getByTestId('login-username').fill(username);
  await page.getByTestId('login-password').fill(password);
  await page.getByTestId('login-submit').click();
  // the password check is a deliberately slow KDF (scrypt); with both cores busy it took over 10 s (session 12)
  await expect(page.locator('#root')).toHaveAttribute('data-app-state', 'ready', { timeout: 20_000 });
}

/** Fresh harness with the owner set up and logged in on the page. */
export async function openAsAdmin(page: Page, h: RunningHarness): Promise<void> {
  await setupAdminViaApi(h);
  await page.goto(h.url);
  await page.waitForSelector('#root[data-app-state="login"]');
  await loginViaUi(page);
}

/** An API window logged in as the owner (the page's window is logged in through the UI): call(channel, input) → value. */
export async function apiAsAdmin(h: RunningHarness) {
  const tok = await h.newWindow();
  const r = await h.invoke('auth:login', { username: ADMIN.username, password: ADMIN.password }, tok);
  if (!r.ok) throw new Error(JSON.stringify(r.error));
  return <T>(channel: string, input?: unknown) =>
    h.invoke<T>(channel, input, tok).then((x) => {
      if (!x.ok) throw new Error(`${channel}: ${JSON.stringify(x.error)}`);
      return x.value;
    });
}

export { expect };
