// The kanban board: one column per live stage with its count and total (read from the trigger-kept
// per-(stage, owner) aggregate, never a COUNT over the deals) and its first cards, latest activity first
// (index deals_board / deals_owner_board). A column pages on with its own cursor.
import type { ChannelOutput } from '../../contract';
import type { BoardCard, BoardColumn, dealsContract } from '../../contract/deals';
import type { ParsedInputOf } from '../../contract/define';
import type { UserCallContext } from '../../ipc/context';
import { AppError } from '../../ipc/errors';
import { liveStages, type StageRow } from './rows';
import { readCustomValuesMany } from '../fields/values';

interface CardRow {
  id: number;
  name: string;
  customer_id: number;
  customer_name: string | null;
  amount_fen: number;
  expected_close_date: string | null;
  stage_id: number;
  probability: number;
  owner_name: string | null;
  status: 'open' | 'won' | 'lost';
  updated_at: string;
  version: number;
}

const toCard = (r: CardRow, custom: Record<string, unknown>): BoardCard => ({
  id: r.id,
  name: r.name,
  customerId: r.customer_id,
  customerName: r.customer_name,
  amountFen: r.amount_fen,
  expectedCloseDate: r.expected_close_date,
  stageId: r.stage_id,
  probability: r.probability,
  ownerName: r.owner_name,
  status: r.status,
  updatedAt: r.updated_at,
  version: r.version,
  custom,
});

const encode = (r: CardRow) => Buffer.from(JSON.stringify([r.updated_at, r.id])).toString('base64url');

export function dealBoard(input: ParsedInputOf<(typeof dealsContract)['deals:board']>, ctx: UserCallContext): ChannelOutput<'deals:board'> {
  const { db } = ctx.app;
  const limit = input?.limit ?? 20;
  // own scope: only the caller's deals, whatever owner was asked for
  const owner = ctx.user.scope === 'all' ? input?.ownerId : ctx.user.id;

  const totals = new Map<number, { n: number; fen: number }>();
  const agg = db
    .prepare(
      owner === undefined
        ? 'SELECT stage_id, sum(deal_count) AS n, sum(amount_fen) AS fen FROM deal_stage_totals GROUP BY stage_id'
        : 'SELECT stage_id, deal_count AS n, amount_fen AS fen FROM deal_stage_totals WHERE owner_key = ?',
    )
    .all(...(owner === undefined ? [] : [owner])) as { stage_id: number; n: number; fen: number }[];
  for (const a of agg) totals.set(a.stage_id, { n: a.n, fen: a.fen });

  const cardsSql = (withCursor: boolean) =>
    `SELECT d.id, d.name, d.customer_id, c.name AS customer_name, d.amount_fen, d.expected_close_date, d.stage_id, d.probability,
       u.display_name AS owner_name, d.status, d.updated_at, d.version
     FROM deals d LEFT JOIN customers c ON c.id = d.customer_id LEFT JOIN users u ON u.id = d.owner_id
     WHERE d.deleted_at IS NULL AND d.stage_id = ? ${owner === undefined ? '' : 'AND d.owner_id = ?'}
       ${withCursor ? 'AND (d.updated_at, d.id) < (?, ?)' : ''}
     ORDER BY d.updated_at DESC, d.id DESC LIMIT ?`;

  const column = (s: StageRow, cursor?: string | null): BoardColumn => {
    const params: unknown[] = [s.id];
    if (owner !== undefined) params.push(owner);
    if (cursor) {
      let after: [string, number];
      try {
        after = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as [string, number];
        if (typeof after[0] !== 'string' || !Number.isSafeInteger(after[1])) throw new Error('bad');
      } catch {
        throw new AppError('INVALID_INPUT', ctx.t('deals.errors.badCursor'), { fieldErrors: { cursor: ctx.t('deals.errors.badCursor') } });
      }
      params.push(...after);
    }
    const rows = db.prepare(cardsSql(!!cursor)).all(...params, limit + 1) as CardRow[];
    const more = rows.length > limit;
    const page = more ? rows.slice(0, limit) : rows;
    // custom field values of the page's cards in one query (the card shows the first few)
    const custom = readCustomValuesMany(
      db,
      'deal',
      page.map((r) => r.id),
    );
    const t = totals.get(s.id);
    return {
      stageId: s.id,
      name: s.name,
      kind: s.kind,
      probability: s.probability,
      count: t?.n ?? 0,
      totalFen: t?.fen ?? 0,
      cards: page.map((r) => toCard(r, custom.get(r.id) ?? {})),
      nextCursor: more ? encode(page[page.length - 1]) : null,
    };
  };

  const stages = liveStages(db);
  if (input?.stageId !== undefined) {
    const s = stages.find((x) => x.id === input.stageId);
    if (!s) throw new AppError('NOT_FOUND', ctx.t('deals.errors.stageNotFound'));
    return { columns: [column(s, input.cursor)] };
  }
  return { columns: stages.map((s) => column(s)) };
}
