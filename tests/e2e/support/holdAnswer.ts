// Hold the app server's answer to one channel until the test releases it, so the page can be looked at while
// that call is in flight (a progress line, disabled buttons, a dialog that already closed). Other calls pass.
import type { Page } from '@playwright/test';

export interface HeldAnswer {
  /** let the held answer (and any later one on the channel) through */
  release(): void;
  /** stop holding: remove the route (call after the answer has arrived) */
  stop(): Promise<void>;
}

export async function holdAnswer(page: Page, channel: string): Promise<HeldAnswer> {
  let release!: () => void;
  const held = new Promise<void>((r) => (release = r));
  const handler = async (route: Parameters<Parameters<Page['route']>[1]>[0]) => {
    const body = route.request().postDataJSON() as { channel?: string } | null;
    if (body?.channel !== channel) return route.continue();
    // the call runs on the server now; only its answer waits
    const response = await route.fetch();
    await held;
    await route.fulfill({ response });
  };
  await page.route('**/api/invoke', handler);
  return { release, stop: () => page.unroute('**/api/invoke', handler) };
}
