// The reports' time range: the presets (本月, 上月 …) and the range the page asks for. Pure (no API, no React):
// the presets count from today in the reports' time zone, the zone the rollups count days in.
import dayjs, { type Dayjs } from 'dayjs';
import type { ReportFilters } from '@contract/reports';

export const PRESETS = ['thisMonth', 'lastMonth', 'thisQuarter', 'thisYear', 'last30', 'custom'] as const;
export type Preset = (typeof PRESETS)[number];
const D = (d: Dayjs) => d.format('YYYY-MM-DD');

/**
 * Today in the reports' time zone (设置 → 报表, `tzOffsetMinutes` of reports:options): the rollups count days
 * there, so 本月 / 上月 … must start from that zone's date, not the machine's (they differ for hours every day
 * when the machine runs in another zone). A plain date: only its year, month and day are used.
 */
export function reportToday(tzOffsetMinutes: number, now: Date = new Date()): Dayjs {
  return dayjs(new Date(now.getTime() + tzOffsetMinutes * 60_000).toISOString().slice(0, 10));
}

/** [from, to] (inclusive days in the reports' time zone) of a preset, relative to `today` (reportToday). */
export function presetRange(p: Exclude<Preset, 'custom'>, today: Dayjs): { from: string; to: string } {
  switch (p) {
    case 'thisMonth':
      return { from: D(today.startOf('month')), to: D(today.endOf('month')) };
    case 'lastMonth': {
      const m = today.subtract(1, 'month');
      return { from: D(m.startOf('month')), to: D(m.endOf('month')) };
    }
    case 'thisQuarter': {
      const start = today.month(Math.floor(today.month() / 3) * 3).startOf('month');
      return { from: D(start), to: D(start.add(2, 'month').endOf('month')) };
    }
    case 'thisYear':
      return { from: D(today.startOf('year')), to: D(today.endOf('year')) };
    case 'last30':
      return { from: D(today.subtract(29, 'day')), to: D(today) };
  }
}

export interface ReportParams {
  preset: Preset;
  from: string;
  to: string;
  filters: ReportFilters;
}

/** 本月 until the user picks another range (a preset's days are worked out by withRange once the zone is known). */
export function initialParams(): ReportParams {
  return { preset: 'thisMonth', from: '', to: '', filters: {} };
}

/**
 * The params with a preset's days worked out from today in the reports' time zone (`tzOffsetMinutes`); a
 * custom range as chosen.
 */
export function withRange(params: ReportParams, tzOffsetMinutes: number, now: Date = new Date()): ReportParams {
  return params.preset === 'custom' ? params : { ...params, ...presetRange(params.preset, reportToday(tzOffsetMinutes, now)) };
}

