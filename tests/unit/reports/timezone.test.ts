// reports:setTimezone runs the rebuild in a worker thread (its own connection), reports progress per table,
// and commits the new offset, every recomputed rollup and the audit row together.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { makeDataset, NOV, type Dataset } from './dataset';
import { ROLLUPS, rollupDifferences } from '../../../main/services/reports/rollups';
import { changeTimezone } from '../../../main/services/reports/timezoneTask';
import { applyPragmas } from '../../../db/connection';
import { Db } from '../../../db/sql';

let d: Dataset;
beforeAll(async () => {
  d = await makeDataset();
});
afterAll(() => d.t.close());

const tzRow = () => d.t.app.context.db.prepare('SELECT tz_offset_min, tz_mod FROM rpt_meta WHERE id = 1').get();

describe('report time zone change', () => {
  it('rebuilds in the worker: rollups exact for the new zone, progress per table, audited with it', async () => {
    d.t.events.length = 0;
    const auditsBefore = d.t.app.context.db.prepare("SELECT COUNT(*) FROM audit_log WHERE action = 'report.timezone'").pluck().get() as number;
    expect(await d.t.ok('admin', 'reports:setTimezone', { offsetMinutes: -300 })).toEqual({ tzOffsetMinutes: -300 });
    expect(tzRow()).toEqual({ tz_offset_min: -300, tz_mod: '-300 minutes' });
    expect(rollupDifferences(d.t.app.context.db)).toEqual([]);

    const tables = Object.keys(ROLLUPS);
    const progress = d.t.events.filter((e) => e.caller === 'admin' && e.event === 'progress').map((e) => e.payload as { task: string; phase: string; table: string; done: number; total: number });
    expect(progress.every((p) => p.task === 'reportsTimezone' && p.total === tables.length * 2)).toBe(true);
    expect(progress.filter((p) => p.phase === 'compute').map((p) => p.table)).toEqual(tables);
    expect(progress.filter((p) => p.phase === 'write').map((p) => p.table)).toEqual(tables);
    expect(progress.at(-1)!.done).toBe(tables.length * 2);

    const audits = d.t.app.context.db.prepare("SELECT changes FROM audit_log WHERE action = 'report.timezone' ORDER BY id").pluck().all() as string[];
    expect(audits.length).toBe(auditsBefore + 1);
    expect(JSON.parse(audits.at(-1)!)).toEqual([{ field: 'tzOffsetMinutes', old: 480, new: -300 }]);

    // customer 4 was created at local (UTC+8) Nov 1 00:30 = Oct 31 16:30 UTC = Oct 31 11:30 at UTC-5: out of November
    const r = await d.t.ok('admin', 'reports:customerAnalysis', NOV);
    expect([r.tzOffsetMinutes, r.total]).toEqual([-300, 4]);
    expect(await d.t.ok('admin', 'reports:setTimezone', { offsetMinutes: 480 })).toEqual({ tzOffsetMinutes: 480 });
    expect((await d.t.ok('admin', 'reports:customerAnalysis', NOV)).total).toBe(5);
    expect(rollupDifferences(d.t.app.context.db)).toEqual([]);
  });

  it('a second change while one is running is refused', async () => {
    const [a, b] = await Promise.all([
      d.t.call('admin', 'reports:setTimezone', { offsetMinutes: 0 }),
      d.t.call('admin', 'reports:setTimezone', { offsetMinutes: 60 }),
    ]);
    expect(a.ok).toBe(true);
    expect(!b.ok && b.error.code).toBe('CONFLICT');
    expect(tzRow()).toMatchObject({ tz_offset_min: 0 });
    await d.t.ok('admin', 'reports:setTimezone', { offsetMinutes: 480 });
  });

  it('a write committed while the new counters are computed is not lost: the stale attempt starts again', () => {
    const app = d.t.app.context.db;
    const raw = new Database(d.t.app.context.dbFile);
    applyPragmas(raw);
    const own = new Db(raw);
    let wrote = 0;
    try {
      const res = changeTimezone(own, { dbFile: '', offsetMin: 120, audit: { at: new Date().toISOString(), userId: null, userName: null } }, (p) => {
        // another connection (main) commits a follow-up after this attempt's snapshot was taken
        if (p.phase === 'compute' && p.done === 1 && wrote++ === 0) {
          app.prepare("INSERT INTO follow_ups (customer_id, owner_id, method, content, at, created_at, updated_at) VALUES (1, NULL, 'phone', 'x', '2025-11-03T23:30:00.000Z', '2025-11-03T23:30:00.000Z', '2025-11-03T23:30:00.000Z')").run();
        }
      });
      expect(res).toMatchObject({ before: 480, tzOffsetMinutes: 120, attempts: 2 });
    } finally {
      raw.close();
    }
    expect(rollupDifferences(app)).toEqual([]);
    expect(tzRow()).toMatchObject({ tz_offset_min: 120 });
  });
});
