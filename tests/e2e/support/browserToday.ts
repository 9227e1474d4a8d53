// Today as the page under test sees it: the project's browser time zone (playwright.config.ts `timezoneId`,
// Asia/Shanghai), not the test runner's. Between 16:00 and 24:00 UTC the two are on different days, and on
// a month's last day in different months.
import type { TestInfo } from '@playwright/test';
import dayjs, { type Dayjs } from 'dayjs';

export function browserToday(info: TestInfo, at: Date = new Date()): Dayjs {
  const timeZone = info.project.use.timezoneId;
  if (!timeZone) throw new Error('the Playwright project sets no timezoneId: the browser would follow the machine');
  // en-CA writes the date as YYYY-MM-DD
  return dayjs(new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(at));
}
