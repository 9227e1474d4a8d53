// 销售业绩 equals its definition (docs/reports.md) for any filter combination, whichever path answers it: the
// rollups (no or one attribute), customers first (two or more attributes), the subtraction of a broad second
// attribute, or the base tables. The reference is written straight over the base tables, per owner and period
// (the range and the one before it): won / lost deals by closing time (the deal's owner, the deal's customer's
// attributes), live customers by creation, follow-ups made (on live and binned customers alike).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dayStartUtc, addDays, previousRange, reportTz } from '../../../main/services/reports/period';
import { addSums, perfFigures, ZERO_SUMS, type PerfSums } from '../../../main/services/reports/figures';
import type { Db } from '../../../db/sql';
import { makeReportWorld, onEveryPath, type Filters, type ReportWorld } from './reportWorld';

let w: ReportWorld;
beforeAll(async () => {
  w = await makeReportWorld();
});
afterAll(() => w.t.close());

/** Per owner (0 = none), the period's sums, by definition over the base tables. */
function sums(db: Db, who: 'admin' | 'rep', from: string, to: string, f: Filters): Map<number, PerfSums> {
  const tz = reportTz(db);
  const attr: string[] = [];
  const attrParams: unknown[] = [];
  for (const [col, xs] of [['province', f.provinces], ['industry', f.industries], ['source', f.sources], ['level', f.levels]] as const) {
    if (!xs?.length) continue;
    attr.push(`IFNULL(c.${col}, '') IN (${xs.map(() => '?').join(', ')})`);
    attrParams.push(...xs);
  }
  let ownerIds = f.ownerIds?.length ? [...new Set(f.ownerIds)] : null;
  if (who === 'rep') ownerIds = ownerIds ? ownerIds.filter((x) => x === 0 || x === w.repA) : [w.repA];
  const where = (ownerCol: string): [string, unknown[]] => {
    const conds = [...attr];
    const params = [...attrParams];
    if (ownerIds) {
      conds.push(ownerIds.length ? `IFNULL(${ownerCol}, 0) IN (${ownerIds.map(() => '?').join(', ')})` : '0 = 1');
      params.push(...ownerIds);
    }
    return [conds.length ? conds.join(' AND ') : '1 = 1', params];
  };
  const range = [dayStartUtc(from, tz), dayStartUtc(addDays(to, 1), tz)];
  const out = new Map<number, PerfSums>();
  const add = (owner: number, s: Partial<PerfSums>) => out.set(owner, addSums(out.get(owner) ?? ZERO_SUMS, { ...ZERO_SUMS, ...s }));
  const [dw, dp] = where('d.owner_id');
  for (const r of db.raw
    .prepare(
      `SELECT IFNULL(d.owner_id, 0) AS o, SUM(CASE WHEN d.status = 'won' THEN d.amount_fen ELSE 0 END) AS won_amount,
              COUNT(CASE WHEN d.status = 'won' THEN 1 END) AS won_n, COUNT(CASE WHEN d.status = 'lost' THEN 1 END) AS lost_n
       FROM deals d JOIN customers c ON c.id = d.customer_id
       WHERE d.deleted_at IS NULL AND d.status IN ('won', 'lost') AND d.closed_at >= ? AND d.closed_at < ? AND ${dw} GROUP BY 1`,
    )
    .all(...range, ...dp) as (PerfSums & { o: number })[])
    add(r.o, { won_amount: r.won_amount, won_n: r.won_n, lost_n: r.lost_n });
  const [cw, cp] = where('c.owner_id');
  for (const r of db.raw
    .prepare(`SELECT IFNULL(c.owner_id, 0) AS o, COUNT(*) AS n FROM customers c WHERE c.deleted_at IS NULL AND c.created_at >= ? AND c.created_at < ? AND ${cw} GROUP BY 1`)
    .all(...range, ...cp) as { o: number; n: number }[])
    add(r.o, { new_c: r.n });
  const [fw, fp] = where('f.owner_id');
  for (const r of db.raw
    .prepare(
      `SELECT IFNULL(f.owner_id, 0) AS o, COUNT(*) AS n FROM follow_ups f JOIN customers c ON c.id = f.customer_id
       WHERE f.deleted_at IS NULL AND f.at >= ? AND f.at < ? AND ${fw} GROUP BY 1`,
    )
    .all(...range, ...fp) as { o: number; n: number }[])
    add(r.o, { fu: r.n });
  return out;
}

function reference(db: Db, who: 'admin' | 'rep', from: string, to: string, f: Filters) {
  const prev = previousRange(from, to);
  const cur = sums(db, who, from, to, f);
  const old = sums(db, who, prev.from, prev.to, f);
  let visible = db.raw.prepare('SELECT id FROM users WHERE disabled_at IS NULL').pluck().all() as number[];
  const ownerIds = f.ownerIds?.length ? f.ownerIds : null;
  if (who === 'rep') visible = visible.filter((id) => id === w.repA && (!ownerIds || ownerIds.includes(id)));
  else if (ownerIds) visible = visible.filter((id) => ownerIds.includes(id));
  const ids = new Set([...visible, ...cur.keys(), ...old.keys()]);
  const rows = [...ids].map((ownerId) => ({ ownerId, current: perfFigures(cur.get(ownerId) ?? ZERO_SUMS), previous: perfFigures(old.get(ownerId) ?? ZERO_SUMS) }));
  rows.sort((a, b) => b.current.wonAmountFen - a.current.wonAmountFen || a.ownerId - b.ownerId);
  const total = (m: Map<number, PerfSums>) => perfFigures([...m.values()].reduce(addSums, ZERO_SUMS));
  return { rows, totals: { current: total(cur), previous: total(old) } };
}

describe('销售业绩 equals its definition', () => {
  it('for random filters, ranges, the owner and a rep, on every path', async () => {
    const { t } = w;
    const db = t.app.context.db;
    await onEveryPath(w, 300, async (who, from, to, f) => {
      const got = await t.ok(who, 'reports:salesPerformance', { from, to, filters: f });
      expect({ rows: got.rows.map((r) => ({ ownerId: r.ownerId, current: r.current, previous: r.previous })), totals: got.totals }).toEqual(reference(db, who, from, to, f));
    });
  });

  it('the data has what the paths need: follow-ups of binned customers, deleted follow-ups, closings in both periods', () => {
    const db = w.t.app.context.db.raw;
    expect(db.prepare('SELECT COUNT(*) FROM follow_ups f JOIN customers c ON c.id = f.customer_id WHERE c.deleted_at IS NOT NULL AND f.deleted_at IS NULL').pluck().get()).toBeGreaterThan(0);
    expect(db.prepare('SELECT COUNT(*) FROM follow_ups WHERE deleted_at IS NOT NULL').pluck().get()).toBeGreaterThan(0);
    expect(db.prepare("SELECT COUNT(*) FROM deals WHERE status IN ('won', 'lost') AND deleted_at IS NULL").pluck().get()).toBeGreaterThan(20);
  });
});
