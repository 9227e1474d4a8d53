// Today's calendar date as the page under test sees it: the project's browser time zone
// (playwright.config.ts `timezoneId`, Asia/Shanghai), not the test runner's. Between 16:00 and
// 24:00 UTC the two are on different days, and on a month's last day in different months.
import type { TestInfo } from '@playwright/test';

export interface CalendarDay {
  year: number;
  /** 1-12 */
  month: number;
  day: number;
}

export function browserToday(info: TestInfo, at: Date = new Date()): CalendarDay {
  const timeZone = info.project.use.timezoneId;
  if (!timeZone) throw new Error('the Playwright project sets no timezoneId: the browser would follow the machine');
  const parts = new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric', month: 'numeric', day: 'numeric' }).formatToParts(at);
  const part = (type: 'year' | 'month' | 'day') => Number(parts.find((p) => p.type === type)?.value);
  return { year: part('year'), month: part('month'), day: part('day') };
}

/** 'YYYY-MM' of the month `offset` months from `d` (offset -2: the month before last). */
export function monthKey(d: CalendarDay, offset = 0): string {
  const index = d.year * 12 + (d.month - 1) + offset;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
}
