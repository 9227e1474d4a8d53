import fs from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { selectRotation } from '../../../main/services/backup/rotation';
import { backupScheduler, backupService } from '../../../main/services/backup';
import { makeTestApp, FakeClock, type TestApp } from '../../helpers/testApp';
import { addCustomers } from './helpers';

const HOUR = 3600_000;
const policy = { keepHourly: 24, keepDaily: 14, keepWeekly: 8 };

describe('selectRotation (pure)', () => {
  it('keeps 24 hourly, 14 daily and 8 weekly from backups every 15 minutes over 90 days', () => {
    const clock = new FakeClock(Date.parse('2026-01-01T00:00:00Z'));
    const items: { id: string; at: string }[] = [];
    for (let i = 0; i < 90 * 24 * 4; i++) {
      items.push({ id: `b${i}`, at: clock.now().toISOString() });
      clock.advance(15 * 60_000);
    }
    const { keep, remove } = selectRotation(items, policy, 0);
    expect(keep.length + remove.length).toBe(items.length);
    const kept = keep.map((id) => Date.parse(items.find((i) => i.id === id)!.at)).sort((a, b) => b - a);
    const newest = kept[0];
    // the newest 24 kept are one per hour, the newest backup of each hour (minute 45)
    expect(kept.slice(0, 24).every((t, i) => t === newest - i * HOUR)).toBe(true);
    // 24 hourly + 13 more days + the weeks not already covered by those days; never more than the sum
    expect(keep.length).toBeLessThanOrEqual(24 + 14 + 8);
    expect(keep.length).toBeGreaterThanOrEqual(24 + 13 + 4);
    const days = new Set(kept.map((t) => new Date(t).toISOString().slice(0, 10)));
    expect(days.size).toBeGreaterThanOrEqual(14 + 4);
    const weeks = new Set(kept.map((t) => Math.floor((t - Date.parse('2025-12-29T00:00:00Z')) / (7 * 24 * HOUR))));
    expect(weeks.size).toBe(8);
    // the oldest kept is about 8 weeks back, nothing from the first of the 90 days survives
    const oldest = kept.at(-1)!;
    expect(newest - oldest).toBeGreaterThan(6 * 7 * 24 * HOUR);
    expect(newest - oldest).toBeLessThan(9 * 7 * 24 * HOUR);
  });

  it('uses local days: in UTC+8 a backup at 23:30 UTC belongs to the next day', () => {
    const items = [
      { id: 'a', at: '2026-03-01T15:30:00Z' }, // 23:30 local 03-01
      { id: 'b', at: '2026-03-01T16:30:00Z' }, // 00:30 local 03-02
    ];
    const onlyDaily = { keepHourly: 0, keepDaily: 2, keepWeekly: 0 };
    expect(selectRotation(items, onlyDaily, 480).keep.sort()).toEqual(['a', 'b']);
    expect(selectRotation(items, onlyDaily, 0).keep).toEqual(['b']); // same UTC day
  });

  it('always keeps the newest, even with all counts at zero', () => {
    const r = selectRotation([{ id: 'x', at: '2026-01-01T00:00:00Z' }, { id: 'y', at: '2026-01-02T00:00:00Z' }], { keepHourly: 0, keepDaily: 0, keepWeekly: 0 }, 0);
    expect(r).toEqual({ keep: ['y'], remove: ['x'] });
  });
});

describe('automatic backups (scheduler with a fake clock)', { timeout: 180_000 }, () => {
  let t: TestApp;
  afterEach(() => t?.close());

  it('backs up only when data changed, at most every 15 minutes, and rotates old automatic ones', async () => {
    t = await makeTestApp({ clock: new FakeClock(Date.parse('2026-05-01T00:00:00Z')) });
    await t.setupAdmin();
    const sched = backupScheduler(t.app.context);
    const svc = backupService(t.app.context);
    addCustomers(t.app.context.db, 1);
    expect(await sched.tick()).toBe('done');
    expect(await sched.tick()).toBe('too-soon');
    t.clock.advance(16 * 60_000);
    expect(await sched.tick()).toBe('unchanged'); // the backup's own audit row does not count as a change
    await t.ok('admin', 'auth:logout'); // nor do logins/logouts
    expect(await sched.tick()).toBe('unchanged');
    addCustomers(t.app.context.db, 1);
    expect(await sched.tick()).toBe('done');
    // a manual one in between also counts as "backed up"
    addCustomers(t.app.context.db, 1);
    await svc.create({ kind: 'manual', actor: null });
    t.clock.advance(16 * 60_000);
    expect(await sched.tick()).toBe('unchanged');

    // switched off: nothing happens
    fs.writeFileSync(`${t.dataDir}/backup-settings.json`, JSON.stringify({ schedule: false }));
    addCustomers(t.app.context.db, 1);
    t.clock.advance(16 * 60_000);
    expect(await sched.tick()).toBe('off');
    fs.writeFileSync(`${t.dataDir}/backup-settings.json`, JSON.stringify({ schedule: true, keepHourly: 2, keepDaily: 0, keepWeekly: 0 }));

    // hourly for 5 hours with keepHourly 2: only the newest 2 automatic ones stay, manual stays
    for (let i = 0; i < 5; i++) {
      addCustomers(t.app.context.db, 1);
      t.clock.advance(HOUR);
      expect(await sched.tick()).toBe('done');
    }
    const list = (await t.ok('admin', 'auth:login', { username: 'owner', password: 'owner-pass-1' }), await t.ok('admin', 'backup:list')).backups;
    expect(list.filter((b) => b.kind === 'auto')).toHaveLength(2);
    expect(list.filter((b) => b.kind === 'manual')).toHaveLength(1);
  });

  it('on quit: one more backup if data changed, even within 15 minutes', async () => {
    t = await makeTestApp();
    await t.setupAdmin();
    const sched = backupScheduler(t.app.context);
    addCustomers(t.app.context.db, 1);
    expect(await sched.tick()).toBe('done');
    addCustomers(t.app.context.db, 1);
    expect(await sched.tick()).toBe('too-soon');
    expect(await sched.beforeQuit()).toBe('done');
    expect(await sched.beforeQuit()).toBe('unchanged');
  });
});
