// The reports' presets (本月, 上月, 本季度, 今年, 近30天) count from today in the reports' time zone (设置 → 报表),
// the zone the rollups count days in — not the machine's. At 20:00 UTC on 30 Nov it is already 1 Dec in UTC+8:
// a UTC+8 report's 本月 is December, a UTC report's is still November, whatever zone the machine runs in.
import { describe, expect, it } from 'vitest';
import { initialParams, presetRange, reportToday, withRange, type ReportParams } from '../../../renderer/src/features/reports/range';

const at = new Date('2026-11-30T20:00:00Z');

describe('report presets in the reports time zone', () => {
  it('today is the date in the given offset', () => {
    expect(reportToday(480, at).format('YYYY-MM-DD')).toBe('2026-12-01');
    expect(reportToday(0, at).format('YYYY-MM-DD')).toBe('2026-11-30');
    expect(reportToday(-600, new Date('2026-01-01T05:00:00Z')).format('YYYY-MM-DD')).toBe('2025-12-31');
  });

  it('every preset follows the zone across a month and a year boundary', () => {
    expect(presetRange('thisMonth', reportToday(480, at))).toEqual({ from: '2026-12-01', to: '2026-12-31' });
    expect(presetRange('thisMonth', reportToday(0, at))).toEqual({ from: '2026-11-01', to: '2026-11-30' });
    expect(presetRange('lastMonth', reportToday(480, at))).toEqual({ from: '2026-11-01', to: '2026-11-30' });
    expect(presetRange('lastMonth', reportToday(0, at))).toEqual({ from: '2026-10-01', to: '2026-10-31' });
    expect(presetRange('thisQuarter', reportToday(480, at))).toEqual({ from: '2026-10-01', to: '2026-12-31' });
    expect(presetRange('last30', reportToday(480, at))).toEqual({ from: '2026-11-02', to: '2026-12-01' });
    const newYear = new Date('2026-12-31T17:00:00Z');
    expect(presetRange('thisYear', reportToday(480, newYear))).toEqual({ from: '2027-01-01', to: '2027-12-31' });
    expect(presetRange('thisYear', reportToday(0, newYear))).toEqual({ from: '2026-01-01', to: '2026-12-31' });
  });

  it('the page params: a preset gets its days from the zone, a custom range stays as chosen', () => {
    expect(withRange(initialParams(), 480, at)).toMatchObject({ preset: 'thisMonth', from: '2026-12-01', to: '2026-12-31' });
    expect(withRange(initialParams(), 0, at)).toMatchObject({ preset: 'thisMonth', from: '2026-11-01', to: '2026-11-30' });
    const custom: ReportParams = { preset: 'custom', from: '2026-03-01', to: '2026-03-15', filters: { levels: ['A'] } };
    expect(withRange(custom, 480, at)).toEqual(custom);
  });
});
