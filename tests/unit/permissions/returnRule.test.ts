// The pool return rule driven by a FakeClock: warnings M days before (once), the move after N days,
// won customers stay, a follow-up or a fresh claim restarts the count; the scheduler runs it daily.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FakeClock } from '../../helpers/testApp';
import { runPoolReturn } from '../../../main/services/pool/returnRule';
import { startScheduler } from '../../../main/app/scheduler';
import { auditRows, insertCustomer, makeCompany, ownerOf, type Company } from './fixture';

const DAY = 86_400_000;
let c: Company;
let clock: FakeClock;
beforeEach(async () => {
  clock = new FakeClock(Date.parse('2026-03-01T02:00:00.000Z'));
  c = await makeCompany({ clock });
  await c.t.ok('admin', 'pool:updateSettings', { claimCapPerDay: 50, returnEnabled: true, returnDays: 10, warnDays: 3 });
});
afterEach(() => c.t.close());

const app = () => c.t.app.context;
const day = (n: number) => new Date(Date.parse('2026-03-01T02:00:00.000Z') + n * DAY).toISOString();

describe('runPoolReturn', () => {
  it('does nothing while the rule is off', async () => {
    await c.t.ok('admin', 'pool:updateSettings', { claimCapPerDay: 50, returnEnabled: false, returnDays: 10, warnDays: 3 });
    clock.advance(100 * DAY);
    expect(await runPoolReturn(app(), clock.now())).toEqual({ ran: false, returned: 0, warned: 0, batchId: null });
    expect(ownerOf(c.t, c.customers.a1)).toBe(c.users.repA);
  });

  it('warns once M days before, then returns after N days idle; won customers stay', async () => {
    const won = insertCustomer(c.t, { name: '已成交', ownerId: c.users.repA, status: 'won' });
    const followed = insertCustomer(c.t, { name: '常跟进', ownerId: c.users.repA });
    clock.set(day(6)); // 6 days idle: neither warned nor returned (warn from day 7)
    expect(await runPoolReturn(app(), clock.now())).toMatchObject({ returned: 0, warned: 0 });

    clock.set(new Date(Date.parse(day(7)) + 1000).toISOString()); // within 3 days of the return: warned
    app().db.prepare('UPDATE customers SET last_follow_up_at = ? WHERE id = ?').run(day(7), followed);
    const warnRun = await runPoolReturn(app(), clock.now());
    expect(warnRun).toMatchObject({ returned: 0, warned: 3 }); // a1, a2 (repA) and b1 (repB)
    const repANotes = (await c.t.ok('repA', 'notifications:list')).rows;
    expect(repANotes.map((n) => n.kind)).toEqual(['poolWarning']);
    expect(repANotes[0].body).toContain('甲一贸易');
    expect(repANotes[0].body).not.toContain('已成交');

    clock.set(day(8)); // warned once only
    expect((await runPoolReturn(app(), clock.now())).warned).toBe(0);

    clock.set(day(10)); // exactly N days idle: not yet (strictly more than N days returns)
    expect((await runPoolReturn(app(), clock.now())).returned).toBe(0);
    clock.set(new Date(Date.parse(day(10)) + 1000).toISOString());
    const run = await runPoolReturn(app(), clock.now());
    expect(run.returned).toBe(3);
    expect([ownerOf(c.t, c.customers.a1), ownerOf(c.t, c.customers.b1), ownerOf(c.t, won), ownerOf(c.t, followed)]).toEqual([
      null,
      null,
      c.users.repA,
      c.users.repA,
    ]);
    const batch = auditRows(c.t, 'batch_id = ?', run.batchId);
    expect(batch.map((r) => r.action)).toEqual(['pool.autoReturn', 'pool.autoReturn', 'pool.autoReturn']);
    expect(JSON.parse(batch[0].changes!)).toEqual([{ field: 'ownerId', old: c.users.repA, new: null }]);
    expect((await c.t.ok('repA', 'notifications:list')).rows[0].kind).toBe('poolReturned');
  });

  it('a customer just claimed counts its idle days from the claim, not from its old follow-up', async () => {
    const old = insertCustomer(c.t, { name: '老客户', ownerId: null, createdAt: '2025-01-01T00:00:00.000Z', lastFollowUpAt: '2025-02-01T00:00:00.000Z' });
    clock.set(day(5));
    await c.t.ok('repA', 'pool:claim', { ids: [old] });
    clock.set(day(11)); // the fixture's customers are 11 days idle; the claimed one only 6
    await runPoolReturn(app(), clock.now());
    expect(ownerOf(c.t, old)).toBe(c.users.repA);
    expect(ownerOf(c.t, c.customers.a1)).toBeNull();
  });

  it('returnPreview lists what would move now without moving it', async () => {
    clock.set(day(11));
    const p = await c.t.ok('admin', 'pool:returnPreview', {});
    expect(p.wouldReturnTotal).toBe(3);
    expect(p.wouldReturn.map((r) => r.name).sort()).toEqual(['乙一商行', '甲一贸易', '甲二科技']);
    expect(p.wouldReturn[0].idleDays).toBe(11);
    expect(ownerOf(c.t, c.customers.a1)).toBe(c.users.repA);
    // previewing other rules before saving them
    expect((await c.t.ok('admin', 'pool:returnPreview', { settings: { returnDays: 20 } })).wouldReturnTotal).toBe(0);
    expect((await c.t.call('manager', 'pool:returnPreview', {})).ok).toBe(false);
  });

  it('handles many customers in chunks', async () => {
    const db = app().db;
    const ins = db.prepare('INSERT INTO customers (name, owner_id, created_at, updated_at) VALUES (?, ?, ?, ?)');
    db.tx(() => {
      for (let i = 0; i < 12_000; i++) ins.run(`批量${i}`, c.users.repB, day(0), day(0));
    });
    clock.set(day(11));
    const r = await runPoolReturn(app(), clock.now());
    expect(r.returned).toBe(12_003);
    expect((db.prepare('SELECT count(*) AS n FROM customers WHERE owner_id IS NOT NULL').get() as { n: number }).n).toBe(0);
  });
});

describe('scheduler', () => {
  it('runs the job at the first tick, then only once per 24 h of the app clock', async () => {
    const runs: string[] = [];
    const s = startScheduler(app(), [{ name: 'probe', run: async (_a, now) => (runs.push(now.toISOString()), { ran: true }) }], { autoStart: false });
    await s.tick();
    clock.advance(23 * 3600_000);
    await s.tick();
    clock.advance(3600_000);
    await s.tick();
    expect(runs).toEqual([day(0), day(1)]);
    s.stop();
  });

  it('drives the pool return rule through the app scheduler', async () => {
    clock.set(day(11));
    await c.t.app.scheduler.tick();
    expect(ownerOf(c.t, c.customers.a1)).toBeNull();
  });
});
