// 销售漏斗: for each stage (in pipeline order), the stage entries made in the range with the deals'
// amounts, conversion to the next stage (entries of the next open stage, or 赢单 after the last open
// stage, divided by entries of this one), the average days spent in the stage, and open deals now.
// A deal that re-enters a stage counts again (entries, not distinct deals); see docs/reports.md.
import type { Db } from '../../../db/sql';
import type { Funnel, ReportInput } from '../../contract/reports';
import type { SessionUser } from '../../contract/auth';
import { previousRange, type ReportTz } from './period';
import { ReportSources } from './sources';
import { rate } from './figures';

interface StageRow {
  id: number;
  name: string;
  kind: 'open' | 'won' | 'lost';
  entered: number;
  entered_amount: number;
  exited: number;
  dwell: number;
  open_n: number;
  open_amount: number;
  won: number;
  lost: number;
}

export function funnel(db: Db, user: SessionUser, tz: ReportTz, input: ReportInput): Funnel {
  // one statement: with two attribute filters the stage entries, open deals and closed deals all read the
  // matching customers' deals, listed once (ReportSources.ctes)
  const src = ReportSources.for(db, user, input.filters ?? {}, tz, { shareDeals: true });
  const w = src.ctes();
  const e = src.stageEntries(input.from, input.to);
  const p = src.pipeline();
  const d = src.closedDeals(input.from, input.to);
  const closedSql = `SELECT IFNULL(SUM(CASE WHEN status = 'won' THEN n END), 0) AS won, IFNULL(SUM(CASE WHEN status = 'lost' THEN n END), 0) AS lost FROM (${d.sql})`;
  const stages = db
    .prepare(
      `${w.sql}
       SELECT s.id, s.name, s.kind,
              IFNULL(e.entered, 0) AS entered, IFNULL(e.entered_amount, 0) AS entered_amount, IFNULL(e.exited, 0) AS exited, IFNULL(e.dwell, 0) AS dwell,
              IFNULL(p.n, 0) AS open_n, IFNULL(p.amount, 0) AS open_amount, k.won, k.lost
       FROM (${closedSql}) k CROSS JOIN stages s
       LEFT JOIN (SELECT stage_id, SUM(entered_n) AS entered, SUM(entered_amount) AS entered_amount, SUM(exited_n) AS exited, SUM(dwell_sec) AS dwell
                  FROM (${e.sql}) GROUP BY stage_id) e ON e.stage_id = s.id
       LEFT JOIN (SELECT stage_id, SUM(n) AS n, SUM(amount_fen) AS amount FROM (${p.sql}) GROUP BY stage_id) p ON p.stage_id = s.id
       WHERE s.archived_at IS NULL OR e.entered > 0 OR p.n > 0
       ORDER BY CASE s.kind WHEN 'open' THEN 0 WHEN 'won' THEN 1 ELSE 2 END, s.position, s.id`,
    )
    .all(...w.params, ...d.params, ...e.params, ...p.params) as StageRow[];
  // the closed deals ride on every stage row; with no stage row at all (never in practice) they are read alone
  const closed = stages[0] ?? (db.prepare(`${w.sql} ${closedSql}`).get(...w.params, ...d.params) as { won: number; lost: number });

  const out = stages.map((s, i) => {
    const next = s.kind === 'open' ? stages.slice(i + 1).find((n) => n.kind !== 'lost') : undefined;
    return {
      stageId: s.id,
      stageName: s.name,
      kind: s.kind,
      entered: s.entered,
      enteredAmountFen: s.entered_amount,
      conversionToNext: next ? rate(next.entered, s.entered) : null,
      avgDaysInStage: s.exited > 0 ? Math.round((s.dwell / s.exited / 86400) * 10) / 10 : null,
      openNow: s.open_n,
      openNowAmountFen: s.open_amount,
    };
  });
  return {
    range: { from: input.from, to: input.to },
    previousRange: previousRange(input.from, input.to),
    tzOffsetMinutes: tz.offsetMin,
    stages: out,
    wonCount: closed.won,
    lostCount: closed.lost,
    winRate: rate(closed.won, closed.won + closed.lost),
  };
}
