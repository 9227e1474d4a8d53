import { defineConfig } from '@playwright/test';

const chromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export default defineConfig({
  testDir: 'tests/e2e',
  // Playwright empties its output folder when a run starts: runs sharing a checkout (CRM_DIST set) keep
  // theirs apart, or one run deletes another's traces mid-test.
  outputDir: process.env.CRM_DIST ? `${process.env.CRM_DIST}/test-results` : 'test-results',
  fullyParallel: true,
  workers: process.env.CI ? 2 : 2,
  retries: 0,
  // a test's whole budget: some log in several times (scrypt, deliberately slow) and the 2-core CI machine runs two
  // browsers and two app servers at once; a 60 s budget ran out in a passing flow there (session 12)
  timeout: 120_000,
  expect: { timeout: 10_000 },
  reporter: [['list'], ['./tests/e2e/support/skipReporter.ts']],
  use: {
    viewport: { width: 1360, height: 860 },
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
  },
  projects: [
    {
      name: 'web',
      testMatch: /.*\.spec\.ts$/,
      testIgnore: /.*\.electron\.spec\.ts$/,
      use: {
        browserName: 'chromium',
        launchOptions: { executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: chromiumArgs },
      },
    },
    {
      name: 'electron',
      testMatch: /.*\.electron\.spec\.ts$/,
    },
  ],
});
