// 销售业绩: per owner, won amount/count, win rate, average deal size, new customers, follow-ups made,
// for the period and the previous one. One GROUP BY over both periods (rollups or base rows), split by day.
import type { Db } from '../../../db/sql';
import type { ReportInput, SalesPerformance } from '../../contract/reports';
import { previousRange, type ReportTz } from './period';
import { ReportSources } from './sources';
import { addSums, perfFigures, ZERO_SUMS, type PerfSums } from './figures';
import type { SessionUser } from '../../contract/auth';

/**
 * Per owner, the sums of [from, to] and of the period before it ([prevFrom, from - 1], adjoining), in one
 * statement: each source is read once over both periods and split at the current period's first day (a
 * comparison, no local day computed per row). On the customers-first path (two or more attributes filtered)
 * that reads the matching customers' deals and follow-ups once instead of twice.
 */
function sumsByOwner(db: Db, src: ReportSources, prevFrom: string, from: string, to: string): { cur: Map<number, PerfSums>; old: Map<number, PerfSums> } {
  const deals = src.closedDeals(prevFrom, to, from);
  const cust = src.customerDays(prevFrom, to, from);
  const fu = src.followUps(prevFrom, to, from);
  const rows = db
    .prepare(
      `SELECT owner_id, cur, SUM(won_amount) AS won_amount, SUM(won_n) AS won_n, SUM(lost_n) AS lost_n, SUM(new_c) AS new_c, SUM(fu) AS fu FROM (
         SELECT owner_id, cur, CASE WHEN status = 'won' THEN amount_fen ELSE 0 END AS won_amount, CASE WHEN status = 'won' THEN n ELSE 0 END AS won_n,
                CASE WHEN status = 'lost' THEN n ELSE 0 END AS lost_n, 0 AS new_c, 0 AS fu FROM (${deals.sql})
         UNION ALL SELECT owner_id, cur, 0, 0, 0, n, 0 FROM (${cust.sql})
         UNION ALL SELECT owner_id, cur, 0, 0, 0, 0, n FROM (${fu.sql})
       ) GROUP BY owner_id, cur`,
    )
    .all(...deals.params, ...cust.params, ...fu.params) as (PerfSums & { owner_id: number; cur: 0 | 1 })[];
  const cur = new Map<number, PerfSums>();
  const old = new Map<number, PerfSums>();
  for (const { owner_id, cur: isCur, ...sums } of rows) (isCur ? cur : old).set(owner_id, sums);
  return { cur, old };
}

export function salesPerformance(db: Db, user: SessionUser, tz: ReportTz, input: ReportInput): SalesPerformance {
  const src = ReportSources.for(db, user, input.filters ?? {}, tz);
  const prev = previousRange(input.from, input.to);
  const { cur, old } = sumsByOwner(db, src, prev.from, input.from, input.to);

  // every active user the caller may see (so a rep with nothing yet still shows), plus owners with data
  const o = src.ownerConds('u.id');
  const users = db
    .prepare(`SELECT u.id, u.display_name AS name, u.disabled_at FROM users u WHERE ${o.sql} ORDER BY u.id`)
    .all(...o.params) as { id: number; name: string; disabled_at: string | null }[];
  const names = new Map(users.map((u) => [u.id, u.name]));
  const ids = new Set<number>([...users.filter((u) => !u.disabled_at).map((u) => u.id), ...cur.keys(), ...old.keys()]);

  let totCur = ZERO_SUMS;
  let totOld = ZERO_SUMS;
  const rows = [...ids].map((ownerId) => {
    const c = cur.get(ownerId) ?? ZERO_SUMS;
    const p = old.get(ownerId) ?? ZERO_SUMS;
    totCur = addSums(totCur, c);
    totOld = addSums(totOld, p);
    return { ownerId, ownerName: ownerId === 0 ? null : (names.get(ownerId) ?? null), current: perfFigures(c), previous: perfFigures(p) };
  });
  rows.sort((a, b) => b.current.wonAmountFen - a.current.wonAmountFen || a.ownerId - b.ownerId);
  return {
    range: { from: input.from, to: input.to },
    previousRange: prev,
    tzOffsetMinutes: tz.offsetMin,
    rows,
    totals: { current: perfFigures(totCur), previous: perfFigures(totOld) },
  };
}
