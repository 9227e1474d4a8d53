// The funnel equals its definition (docs/reports.md) for any filter combination, whichever path answers it:
// rollups (no or one attribute), customers first on one shared list of their deals (two or more attributes),
// the subtraction of a broad second attribute (rollups minus the left-out customers' rows), or the base tables
// (no attribute without '' to lead). The reference is written straight over the base tables with LEAD() for a
// stage entry's exit, not with the probes or rollups the service uses. The data is random but fixed (seeded):
// stage entries with equal times (the next entry is the one with the higher id, whatever its stage), entries
// before and after the range, soft-deleted customers (their deals count) and deals (they do not), the pool.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../../../main/services/auth/password';
import { roleIdByKey } from '../../../main/services/auth/roles';
import { dayStartUtc, addDays, reportTz } from '../../../main/services/reports/period';
import { rate } from '../../../main/services/reports/figures';
import type { Db } from '../../../db/sql';
import { makeReportWorld, onEveryPath, type Filters, type ReportWorld } from './reportWorld';

let w: ReportWorld;
let t: ReportWorld['t'];
let repA: number;
beforeAll(async () => {
  w = await makeReportWorld();
  ({ t, repA } = w);
});
afterAll(() => t.close());

/** The funnel by its definition, over the base tables. */
function reference(db: Db, who: 'admin' | 'rep', from: string, to: string, f: Filters) {
  const tz = reportTz(db);
  const conds: string[] = [];
  const params: unknown[] = [];
  for (const [col, xs] of [['province', f.provinces], ['industry', f.industries], ['source', f.sources], ['level', f.levels]] as const) {
    if (!xs?.length) continue;
    conds.push(`IFNULL(c.${col}, '') IN (${xs.map(() => '?').join(', ')})`);
    params.push(...xs);
  }
  let ownerIds = f.ownerIds?.length ? [...new Set(f.ownerIds)] : null;
  if (who === 'rep') ownerIds = ownerIds ? ownerIds.filter((x) => x === 0 || x === repA) : [repA];
  if (ownerIds) {
    conds.push(ownerIds.length ? `IFNULL(d.owner_id, 0) IN (${ownerIds.map(() => '?').join(', ')})` : '0 = 1');
    params.push(...ownerIds);
  }
  const where = conds.length ? conds.join(' AND ') : '1 = 1';
  const lo = dayStartUtc(from, tz);
  const hi = dayStartUtc(addDays(to, 1), tz);
  const entries = new Map(
    (
      db.raw
        .prepare(
          `SELECT h.to_stage_id AS stage, COUNT(*) AS n, SUM(d.amount_fen) AS amount, COUNT(h.next_at) AS exited,
                  IFNULL(SUM(CAST(ROUND((julianday(h.next_at) - julianday(h.at)) * 86400) AS INTEGER)), 0) AS dwell
           FROM (SELECT deal_id, at, to_stage_id, LEAD(at) OVER (PARTITION BY deal_id ORDER BY at, id) AS next_at FROM deal_stage_history) h
           JOIN deals d ON d.id = h.deal_id JOIN customers c ON c.id = d.customer_id
           WHERE d.deleted_at IS NULL AND h.at >= ? AND h.at < ? AND ${where} GROUP BY 1`,
        )
        .all(lo, hi, ...params) as { stage: number; n: number; amount: number; exited: number; dwell: number }[]
    ).map((x) => [x.stage, x]),
  );
  const openNow = new Map(
    (
      db.raw
        .prepare(
          `SELECT d.stage_id AS stage, COUNT(*) AS n, SUM(d.amount_fen) AS amount FROM deals d JOIN customers c ON c.id = d.customer_id
           WHERE d.deleted_at IS NULL AND d.status = 'open' AND ${where} GROUP BY 1`,
        )
        .all(...params) as { stage: number; n: number; amount: number }[]
    ).map((x) => [x.stage, x]),
  );
  const closed = db.raw
    .prepare(
      `SELECT COUNT(CASE WHEN d.status = 'won' THEN 1 END) AS won, COUNT(CASE WHEN d.status = 'lost' THEN 1 END) AS lost FROM deals d JOIN customers c ON c.id = d.customer_id
       WHERE d.deleted_at IS NULL AND d.closed_at >= ? AND d.closed_at < ? AND ${where}`,
    )
    .get(lo, hi, ...params) as { won: number; lost: number };
  const stages = (
    db.raw.prepare(`SELECT id, name, kind, archived_at FROM stages ORDER BY CASE kind WHEN 'open' THEN 0 WHEN 'won' THEN 1 ELSE 2 END, position, id`).all() as {
      id: number;
      name: string;
      kind: string;
      archived_at: string | null;
    }[]
  ).filter((s) => !s.archived_at || entries.get(s.id)?.n || openNow.get(s.id)?.n);
  const rows = stages.map((s, i) => {
    const e = entries.get(s.id);
    const next = s.kind === 'open' ? stages.slice(i + 1).find((n) => n.kind !== 'lost') : undefined;
    return {
      stageId: s.id,
      entered: e?.n ?? 0,
      enteredAmountFen: e?.amount ?? 0,
      conversionToNext: next ? rate(entries.get(next.id)?.n ?? 0, e?.n ?? 0) : null,
      avgDaysInStage: e?.exited ? Math.round((e.dwell / e.exited / 86400) * 10) / 10 : null,
      openNow: openNow.get(s.id)?.n ?? 0,
      openNowAmountFen: openNow.get(s.id)?.amount ?? 0,
    };
  });
  return { rows, wonCount: closed.won, lostCount: closed.lost };
}

describe('the funnel equals its definition', () => {
  it('for random filters, ranges, the owner and a rep, on every path', async () => {
    const db = t.app.context.db;
    // levels A, B, C leave out '' (customers without a level): the subtraction; two narrow attributes: customers first (one shared list of their deals)
    await onEveryPath(w, 400, async (who, from, to, f) => {
      const got = await t.ok(who, 'reports:funnel', { from, to, filters: f });
      const want = reference(db, who, from, to, f);
      expect({
        rows: got.stages.map((s) => ({
          stageId: s.stageId,
          entered: s.entered,
          enteredAmountFen: s.enteredAmountFen,
          conversionToNext: s.conversionToNext,
          avgDaysInStage: s.avgDaysInStage,
          openNow: s.openNow,
          openNowAmountFen: s.openNowAmountFen,
        })),
        wonCount: got.wonCount,
        lostCount: got.lostCount,
      }).toEqual(want);
    });
  });

  it('the data has what the paths need: equal-time entries of one deal, exits after the range, deleted rows', () => {
    const db = t.app.context.db.raw;
    const ties = db.prepare('SELECT COUNT(*) FROM deal_stage_history a JOIN deal_stage_history b ON b.deal_id = a.deal_id AND b.at = a.at AND b.id > a.id AND b.to_stage_id < a.to_stage_id').pluck().get() as number;
    expect(ties).toBeGreaterThan(0);
    expect(db.prepare('SELECT COUNT(*) FROM customers WHERE deleted_at IS NOT NULL').pluck().get()).toBeGreaterThan(0);
    expect(db.prepare('SELECT COUNT(*) FROM deals WHERE deleted_at IS NOT NULL').pluck().get()).toBeGreaterThan(0);
  });

  it('with no stage row to show (every stage archived, nothing entered or open), the closed deals are still counted', async () => {
    const db = t.app.context.db;
    const now = t.clock.now().toISOString();
    // a rep whose only deal was won without a stage entry (as if imported closed)
    const repC = Number(
      db.prepare('INSERT INTO users (username, display_name, password_hash, role_id, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)')
        .run('repc', 'repc', await hashPassword('rep-pass-123'), roleIdByKey(db, 'sales'), now, now).lastInsertRowid,
    );
    const c = Number(db.prepare(`INSERT INTO customers (name, owner_id, province, level, status, created_at, updated_at) VALUES ('c', ?, '浙江', 'A', 'won', ?, ?)`).run(repC, now, now).lastInsertRowid);
    const wonStage = db.prepare(`SELECT id FROM stages WHERE kind = 'won'`).pluck().get() as number;
    const closedAt = '2026-10-10T02:00:00.000Z';
    const deal = Number(
      db.prepare(`INSERT INTO deals (name, customer_id, amount_fen, stage_id, probability, owner_id, status, closed_at, created_at, updated_at) VALUES ('d', ?, 500, ?, 100, ?, 'won', ?, ?, ?)`)
        .run(c, wonStage, repC, closedAt, closedAt, closedAt).lastInsertRowid,
    );
    const saved = db.raw.prepare('SELECT id, archived_at FROM stages').all() as { id: number; archived_at: string | null }[];
    try {
      db.raw.exec(`UPDATE stages SET archived_at = '2026-11-01T00:00:00.000Z'`);
      // rollups; two attributes (customers first, the shared deal list); a broad second attribute (subtraction)
      for (const more of [{}, { provinces: ['浙江'], levels: ['A' as const] }, { provinces: ['浙江'], levels: ['A', 'B', 'C'] as ('A' | 'B' | 'C')[] }]) {
        const r = await t.ok('admin', 'reports:funnel', { from: '2026-10-01', to: '2026-10-31', filters: { ownerIds: [repC], ...more } });
        expect(r.stages).toEqual([]);
        expect([r.wonCount, r.lostCount]).toEqual([1, 0]);
      }
    } finally {
      const back = db.raw.prepare('UPDATE stages SET archived_at = ? WHERE id = ?');
      for (const s of saved) back.run(s.archived_at, s.id);
      db.prepare('DELETE FROM deals WHERE id = ?').run(deal);
      db.prepare('DELETE FROM customers WHERE id = ?').run(c);
    }
  });
});
