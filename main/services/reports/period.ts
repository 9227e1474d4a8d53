// Calendar arithmetic for reports. Report days are local calendar days in the report time zone
// (rpt_meta, default UTC+8 = Asia/Shanghai, which has no daylight saving): a day 'YYYY-MM-DD' covers
// the UTC instants [day 00:00 - offset, next day 00:00 - offset). Days are handled as strings and
// plain UTC dates so the machine's own time zone never matters.
import type { ReportGrouping } from '../../contract/reports';
import type { Db } from '../../../db/sql';

export interface ReportTz {
  offsetMin: number;
  /** the SQLite date modifier, e.g. '+480 minutes' */
  mod: string;
}

export function reportTz(db: Db): ReportTz {
  const r = db.prepare('SELECT tz_offset_min AS offsetMin, tz_mod AS mod FROM rpt_meta WHERE id = 1').get() as ReportTz | undefined;
  return r ?? { offsetMin: 480, mod: '+480 minutes' };
}

const DAY_MS = 86_400_000;
const toDate = (day: string) => new Date(`${day}T00:00:00Z`);
const fmt = (d: Date) => d.toISOString().slice(0, 10);

export function addDays(day: string, n: number): string {
  return fmt(new Date(toDate(day).getTime() + n * DAY_MS));
}

export function addMonths(day: string, n: number): string {
  const d = toDate(day);
  const target = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + n, 1));
  const last = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(d.getUTCDate(), last));
  return fmt(target);
}

export function daysBetween(from: string, to: string): number {
  return Math.round((toDate(to).getTime() - toDate(from).getTime()) / DAY_MS);
}

/** The UTC ISO instant where a local day begins (compares correctly with stored ISO strings). */
export function dayStartUtc(day: string, tz: ReportTz): string {
  return new Date(toDate(day).getTime() - tz.offsetMin * 60_000).toISOString();
}

export function localDay(instant: Date, tz: ReportTz): string {
  return fmt(new Date(instant.getTime() + tz.offsetMin * 60_000));
}

export function monthStart(day: string): string {
  return `${day.slice(0, 7)}-01`;
}
export function monthEnd(day: string): string {
  return addDays(addMonths(monthStart(day), 1), -1);
}

/** Whole calendar months: from is a 1st and to is the last day of a month. */
export function isWholeMonths(from: string, to: string): boolean {
  return from.endsWith('-01') && addDays(to, 1).endsWith('-01');
}

/**
 * The period just before [from, to]: the same number of calendar months when the range is whole months
 * (上月 for 本月, last quarter for 本季度, last year for 今年), otherwise the same number of days.
 */
export function previousRange(from: string, to: string): { from: string; to: string } {
  if (isWholeMonths(from, to)) {
    const months = (Number(to.slice(0, 4)) - Number(from.slice(0, 4))) * 12 + Number(to.slice(5, 7)) - Number(from.slice(5, 7)) + 1;
    return { from: addMonths(from, -months), to: addDays(from, -1) };
  }
  const days = daysBetween(from, to) + 1;
  return { from: addDays(from, -days), to: addDays(from, -1) };
}

/** SQL expression turning a 'YYYY-MM-DD' column into its bucket key (must agree with bucketOf). */
export function bucketSql(col: string, g: ReportGrouping): string {
  switch (g) {
    case 'day':
      return col;
    case 'week': // the Monday of the week
      return `date(${col}, '-' || ((CAST(strftime('%w', ${col}) AS INTEGER) + 6) % 7) || ' days')`;
    case 'month':
      return `substr(${col}, 1, 7)`;
    case 'quarter':
      return `substr(${col}, 1, 4) || '-Q' || ((CAST(substr(${col}, 6, 2) AS INTEGER) + 2) / 3)`;
  }
}

export function bucketOf(day: string, g: ReportGrouping): string {
  switch (g) {
    case 'day':
      return day;
    case 'week':
      return addDays(day, -((toDate(day).getUTCDay() + 6) % 7));
    case 'month':
      return day.slice(0, 7);
    case 'quarter':
      return `${day.slice(0, 4)}-Q${Math.floor((Number(day.slice(5, 7)) + 2) / 3)}`;
  }
}

/** Every bucket touched by [from, to], in order. */
export function bucketsBetween(from: string, to: string, g: ReportGrouping): string[] {
  const out: string[] = [];
  let day = from;
  while (day <= to) {
    const b = bucketOf(day, g);
    if (out[out.length - 1] !== b) out.push(b);
    day = g === 'day' ? addDays(day, 1) : g === 'week' ? addDays(bucketOf(day, 'week'), 7) : addMonths(monthStart(day), g === 'month' ? 1 : 3 - ((Number(day.slice(5, 7)) - 1) % 3));
  }
  return out;
}

export const MAX_POINTS = 1000;
const ORDER: ReportGrouping[] = ['day', 'week', 'month', 'quarter'];

/** The grouping asked for, made coarser until the chart has at most MAX_POINTS points. */
export function fitGrouping(from: string, to: string, wanted: ReportGrouping): ReportGrouping {
  const days = daysBetween(from, to) + 1;
  const approx: Record<ReportGrouping, number> = { day: days, week: days / 7 + 1, month: days / 28 + 1, quarter: days / 90 + 1 };
  for (const g of ORDER.slice(ORDER.indexOf(wanted))) if (approx[g] <= MAX_POINTS) return g;
  return 'quarter';
}
