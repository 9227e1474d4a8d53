// Relative due times ("3天后", "明天 9:00", "in 2 hours") turned into an absolute local time with dayjs.
// Pure functions of `now`, so they are unit-tested; main only ever receives the resulting ISO time.
import dayjs, { type Dayjs } from 'dayjs';

export type PresetKey = 'in1h' | 'in3h' | 'tonight' | 'tomorrow9' | 'in3d' | 'nextMonday9' | 'nextWeek';

const at = (d: Dayjs, h: number, m = 0) => d.hour(h).minute(m).second(0).millisecond(0);

/** The preset times offered next to the date picker (local time of this computer). */
export function duePresets(now: Dayjs): { key: PresetKey; value: Dayjs }[] {
  const list: { key: PresetKey; value: Dayjs }[] = [
    { key: 'in1h', value: now.add(1, 'hour').second(0).millisecond(0) },
    { key: 'in3h', value: now.add(3, 'hour').second(0).millisecond(0) },
    { key: 'tonight', value: at(now, 20) },
    { key: 'tomorrow9', value: at(now.add(1, 'day'), 9) },
    { key: 'in3d', value: at(now.add(3, 'day'), 9) },
    // day(): 0 = Sunday; "next Monday" is always 1–7 days ahead
    { key: 'nextMonday9', value: at(now.add(((8 - now.day()) % 7) || 7, 'day'), 9) },
    { key: 'nextWeek', value: at(now.add(7, 'day'), 9) },
  ];
  return list.filter((p) => p.value.isAfter(now));
}

const CN_DIGITS: Record<string, number> = { 零: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9, 十: 10 };

function num(s: string): number | null {
  if (/^\d+$/.test(s)) return Number(s);
  if (s in CN_DIGITS) return CN_DIGITS[s];
  const m = /^([一二三四五六七八九])?十([一二三四五六七八九])?$/.exec(s);
  if (m) return (m[1] ? CN_DIGITS[m[1]] : 1) * 10 + (m[2] ? CN_DIGITS[m[2]] : 0);
  return null;
}

/** A time of day; `nextDay` when it falls on the following day (晚上12点 is the midnight that ends the day). */
type Clock = { h: number; m: number; nextDay?: boolean };

/** That day (or the next, for 晚上12点) at the clock time. */
const atClock = (d: Dayjs, c: Clock) => at(c.nextDay ? d.add(1, 'day') : d, c.h, c.m);

/**
 * "9", "9:30", "9点", "9点半", "下午3点", "中午1点" (13:00), "晚上12点" (00:00 of the next day),
 * "凌晨12点" (00:00 of that day), "3pm" → the time of day
 */
function clock(s: string): Clock | null {
  const t = s.trim().toLowerCase();
  if (!t) return null;
  const m = /^(凌晨|上午|早上|中午|下午|晚上)?\s*(\d{1,2}|[一二三四五六七八九十]{1,3})\s*(?:[:：点时]\s*(\d{1,2}|半)?\s*分?)?\s*(am|pm)?$/.exec(t);
  if (!m) return null;
  let h = num(m[2]);
  if (h === null) return null;
  const min = m[3] === '半' ? 30 : m[3] ? Number(m[3]) : 0;
  if (h > 23 || min > 59) return null;
  const period = m[1];
  let nextDay = false;
  if (period === '中午') {
    // 中午12点 is noon, 中午1点 is 13:00 (11点 stays 11:00)
    if (h < 11) h += 12;
  } else if (period === '晚上' && h === 12) {
    // 晚上12点: the midnight at the end of that evening
    h = 0;
    nextDay = true;
  } else if (period === '凌晨' && h === 12) {
    h = 0;
  } else if ((period === '下午' || period === '晚上' || m[4] === 'pm') && h < 12) {
    h += 12;
  } else if (m[4] === 'am' && h === 12) {
    h = 0;
  }
  return nextDay ? { h, m: min, nextDay } : { h, m: min };
}

/**
 * Understands: N秒后 / N分钟后 / N小时后 / N天后 / N周后, 今天|明天|后天 [time], 下周一..下周日 [time], 周X [time],
 * and English: in N minutes|hours|days|weeks, today|tomorrow [time], next monday [time].
 * Returns null when the text is not understood or the time is not in the future.
 */
export function parseRelative(text: string, now: Dayjs): Dayjs | null {
  const t = text.trim().toLowerCase().replace(/\s+/g, ' ');
  if (!t) return null;
  let r: Dayjs | null;
  let m: RegExpExecArray | null;

  const unitCn: Record<string, dayjs.ManipulateType> = { 秒钟: 'second', 秒: 'second', 分钟: 'minute', 分: 'minute', 小时: 'hour', 个小时: 'hour', 天: 'day', 日: 'day', 周: 'week', 星期: 'week', 个星期: 'week', 个月: 'month', 月: 'month' };
  const unitEn: Record<string, dayjs.ManipulateType> = { second: 'second', sec: 'second', minute: 'minute', min: 'minute', hour: 'hour', h: 'hour', day: 'day', d: 'day', week: 'week', month: 'month' };
  const weekdaysCn = '日一二三四五六';
  const weekdaysEn = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];

  if ((m = /^(\d+|[一二两三四五六七八九十]{1,3})\s*(秒钟|秒|分钟|分|个小时|小时|天|日|个星期|星期|周|个月|月)(?:后|以后|之后)\s*(.*)$/.exec(t))) {
    const n = num(m[1]);
    if (n === null) return null;
    r = now.add(n, unitCn[m[2]]);
    if (m[3]) {
      const c = clock(m[3]);
      if (!c) return null;
      r = atClock(r, c);
    } else if (unitCn[m[2]] === 'minute' || unitCn[m[2]] === 'hour') r = r.second(0).millisecond(0);
    else if (unitCn[m[2]] === 'second') r = r.millisecond(0);
    else r = at(r, 9);
  } else if ((m = /^in (\d+) ?(seconds?|secs?|minutes?|mins?|hours?|h|days?|d|weeks?|months?)(?: at)? ?(.*)$/.exec(t))) {
    const unit = unitEn[m[2].replace(/s$/, '')] ?? unitEn[m[2]];
    if (!unit) return null;
    r = now.add(Number(m[1]), unit);
    if (m[3]) {
      const c = clock(m[3]);
      if (!c) return null;
      r = atClock(r, c);
    } else if (unit === 'minute' || unit === 'hour') r = r.second(0).millisecond(0);
    else if (unit === 'second') r = r.millisecond(0);
    else r = at(r, 9);
  } else if ((m = /^(今天|明天|后天|大后天|today|tomorrow)(?: at)?\s*(.*)$/.exec(t))) {
    const add = { 今天: 0, today: 0, 明天: 1, tomorrow: 1, 后天: 2, 大后天: 3 }[m[1]]!;
    const c = m[2] ? clock(m[2]) : { h: 9, m: 0 };
    if (!c) return null;
    r = atClock(now.add(add, 'day'), c);
  } else if ((m = /^(下|本|这)?(?:周|星期|礼拜)([一二三四五六日天])\s*(.*)$/.exec(t)) || (m = /^(next )?(sunday|monday|tuesday|wednesday|thursday|friday|saturday)(?: at)?\s*(.*)$/.exec(t))) {
    const target = m[2].length === 1 ? (m[2] === '天' ? 0 : weekdaysCn.indexOf(m[2])) : weekdaysEn.indexOf(m[2]);
    let diff: number;
    if (m[1] === '下') {
      // 下周X: that weekday in next calendar week (weeks start on Monday)
      const nextMonday = ((8 - now.day()) % 7) || 7;
      diff = nextMonday + (target === 0 ? 6 : target - 1);
    } else {
      // 周X / next monday: the next such day (today counts if the time is still ahead)
      diff = (target - now.day() + 7) % 7;
      if (m[1] === 'next ' && diff === 0) diff = 7;
    }
    const c = m[3] ? clock(m[3]) : { h: 9, m: 0 };
    if (!c) return null;
    r = atClock(now.add(diff, 'day'), c);
    if (!r.isAfter(now)) r = r.add(7, 'day');
  } else {
    return null;
  }
  return r && r.isAfter(now) ? r : null;
}
