// One deal with everything its page shows: items, stage history (with time in each stage, for reports
// and the timeline), contract-term history and the change history — both read from the audit log,
// which is the one record of who changed what and when.
import type { ChannelOutput } from '../../contract';
import type { UserCallContext } from '../../ipc/context';
import { loadVisibleDeal, toDeal } from './rows';

interface AuditRow {
  id: number;
  at: string;
  user_name: string | null;
  action: string;
  summary: string | null;
  changes: string | null;
}

export function getDeal(id: number, ctx: UserCallContext): ChannelOutput<'deals:get'> {
  const { db } = ctx.app;
  const row = loadVisibleDeal(db, ctx.user, ctx.t, id);

  const items = (
    db
      .prepare('SELECT id, position, product, description, quantity, unit_price_fen, discount_bp, total_fen FROM deal_items WHERE deal_id = ? ORDER BY position, id')
      .all(id) as { id: number; position: number; product: string; description: string | null; quantity: number; unit_price_fen: number; discount_bp: number; total_fen: number }[]
  ).map((r) => ({
    id: r.id,
    position: r.position,
    product: r.product,
    description: r.description,
    quantity: r.quantity,
    unitPriceFen: r.unit_price_fen,
    discountBp: r.discount_bp,
    totalFen: r.total_fen,
  }));

  const moves = db
    .prepare(
      `SELECT h.id, h.from_stage_id, fs.name AS from_name, h.to_stage_id, ts.name AS to_name, h.at, u.display_name AS user_name
       FROM deal_stage_history h
       LEFT JOIN stages fs ON fs.id = h.from_stage_id
       JOIN stages ts ON ts.id = h.to_stage_id
       LEFT JOIN users u ON u.id = h.user_id
       WHERE h.deal_id = ? ORDER BY h.at, h.id`,
    )
    .all(id) as { id: number; from_stage_id: number | null; from_name: string | null; to_stage_id: number; to_name: string; at: string; user_name: string | null }[];
  const stageHistory = moves.map((m, i) => ({
    id: m.id,
    fromStageId: m.from_stage_id,
    fromStageName: m.from_name,
    toStageId: m.to_stage_id,
    toStageName: m.to_name,
    at: m.at,
    userName: m.user_name,
    durationMs: i + 1 < moves.length ? Date.parse(moves[i + 1].at) - Date.parse(m.at) : null,
  }));

  const audits = db
    .prepare("SELECT id, at, user_name, action, summary, changes FROM audit_log WHERE entity = 'deal' AND entity_id = ? ORDER BY id DESC LIMIT 500")
    .all(id) as AuditRow[];
  const history = audits.map((a) => ({
    id: a.id,
    at: a.at,
    userName: a.user_name,
    action: a.action,
    summary: a.summary,
    changes: a.changes ? (JSON.parse(a.changes) as { field: string; old: unknown; new: unknown }[]) : [],
  }));
  const termsHistory = history.flatMap((h) =>
    h.changes
      .filter((c) => c.field === 'contractTerms')
      .map((c) => ({ auditId: h.id, at: h.at, userName: h.userName, old: (c.old as string | null) ?? null, new: (c.new as string | null) ?? null })),
  );

  return { deal: toDeal(row), items, stageHistory, termsHistory, history, locked: row.status !== 'open' };
}
