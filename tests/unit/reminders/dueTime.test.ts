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
