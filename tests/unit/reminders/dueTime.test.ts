// The relative due times the reminder inputs understand (renderer, pure functions of "now").
import { describe, expect, it } from 'vitest';
import dayjs from 'dayjs';
import { duePresets, parseRelative } from '../../../renderer/src/features/followups/reminders/dueTime';

// Wednesday 2026-11-25 14:30:20 local time
const now = dayjs('2026-11-25T14:30:20');
const f = (text: string) => parseRelative(text, now)?.format('YYYY-MM-DD HH:mm:ss') ?? null;

describe('parseRelative', () => {
  it('understands Chinese relative times', () => {
    expect(f('3天后')).toBe('2026-11-28 09:00:00');
    expect(f('三天后 15:00')).toBe('2026-11-28 15:00:00');
    expect(f('2小时后')).toBe('2026-11-25 16:30:00');
    expect(f('30分钟后')).toBe('2026-11-25 15:00:00');
    expect(f('10秒后')).toBe('2026-11-25 14:30:30');
    expect(f('明天9点')).toBe('2026-11-26 09:00:00');
    expect(f('明天 9:00')).toBe('2026-11-26 09:00:00');
    expect(f('明天下午3点半')).toBe('2026-11-26 15:30:00');
    expect(f('后天')).toBe('2026-11-27 09:00:00');
    expect(f('今天20:00')).toBe('2026-11-25 20:00:00');
    expect(f('周五')).toBe('2026-11-27 09:00:00');
    expect(f('下周一 10:00')).toBe('2026-11-30 10:00:00');
    expect(f('下周三')).toBe('2026-12-02 09:00:00');
    expect(f('十天后')).toBe('2026-12-05 09:00:00');
  });

  it('reads 中午, 下午, 晚上 and 凌晨 hours as people mean them', () => {
    expect(f('明天中午1点')).toBe('2026-11-26 13:00:00');
    expect(f('明天中午12点')).toBe('2026-11-26 12:00:00');
    expect(f('明天中午十二点半')).toBe('2026-11-26 12:30:00');
    expect(f('明天下午12点')).toBe('2026-11-26 12:00:00'); // like 中午
    expect(f('明天下午1点')).toBe('2026-11-26 13:00:00');
    // 晚上12点 is the midnight that ends that day
    expect(f('后天晚上12点')).toBe('2026-11-28 00:00:00');
    expect(f('今天晚上12点')).toBe('2026-11-26 00:00:00');
    expect(f('周五晚上12点')).toBe('2026-11-28 00:00:00');
    expect(f('2天后晚上12点')).toBe('2026-11-28 00:00:00');
    expect(f('明天晚上11点')).toBe('2026-11-26 23:00:00');
    expect(f('明天晚上8点半')).toBe('2026-11-26 20:30:00');
    // 凌晨12点 is the midnight that starts that day
    expect(f('后天凌晨12点')).toBe('2026-11-27 00:00:00');
    expect(f('明天凌晨3点')).toBe('2026-11-26 03:00:00');
    // 早上 / 上午 as written
    expect(f('明天早上8点')).toBe('2026-11-26 08:00:00');
    expect(f('明天上午10点半')).toBe('2026-11-26 10:30:00');
    expect(f('明天上午12点')).toBe('2026-11-26 12:00:00');
    expect(f('tomorrow 12am')).toBe('2026-11-26 00:00:00');
    expect(f('tomorrow 12pm')).toBe('2026-11-26 12:00:00');
  });

  it('understands English relative times', () => {
    expect(f('in 3 days')).toBe('2026-11-28 09:00:00');
    expect(f('tomorrow 9:00')).toBe('2026-11-26 09:00:00');
    expect(f('tomorrow at 3pm')).toBe('2026-11-26 15:00:00');
    expect(f('in 2 hours')).toBe('2026-11-25 16:30:00');
    expect(f('next monday')).toBe('2026-11-30 09:00:00');
    expect(f('wednesday 16:00')).toBe('2026-11-25 16:00:00');
    expect(f('wednesday 9:00')).toBe('2026-12-02 09:00:00'); // today's 9:00 has passed: next week
  });

  it('refuses what it does not understand or what is not in the future', () => {
    expect(f('')).toBeNull();
    expect(f('过几天')).toBeNull();
    expect(f('今天9点')).toBeNull(); // already past
    expect(f('明天25点')).toBeNull();
  });
});

describe('duePresets', () => {
  it('offers only future times, tonight only before 20:00', () => {
    const p = Object.fromEntries(duePresets(now).map((x) => [x.key, x.value.format('YYYY-MM-DD HH:mm')]));
    expect(p).toEqual({
      in1h: '2026-11-25 15:30',
      in3h: '2026-11-25 17:30',
      tonight: '2026-11-25 20:00',
      tomorrow9: '2026-11-26 09:00',
      in3d: '2026-11-28 09:00',
      nextMonday9: '2026-11-30 09:00',
      nextWeek: '2026-12-02 09:00',
    });
    expect(duePresets(dayjs('2026-11-25T21:00:00')).map((x) => x.key)).not.toContain('tonight');
  });
});
