// customers:get — one live customer in scope, its deals and its latest 50 follow-ups (with their custom values).
import type { UserCallContext } from '../../ipc/context';
import { notFound } from '../../ipc/errors';
import { canSeeOwner } from '../auth/scope';
import { listFields } from '../fields/definitions';
import { readCustomValuesMany } from '../fields/values';
import { loadCustomer } from './rows';

const MAX_DEALS = 500;
const LATEST_FOLLOW_UPS = 50;

export function getCustomerDetail(ctx: UserCallContext, id: number) {
  const { db } = ctx.app;
  const customer = loadCustomer(db, id);
  if (!customer || customer.deletedAt || !canSeeOwner(ctx.user, customer.ownerId)) throw notFound(ctx.t('customers.errors.notFound'));
  const deals = db
    .prepare(
      `SELECT d.id, d.name, d.amount_fen AS amountFen, d.stage_id AS stageId, s.name AS stageName, d.status,
              d.expected_close_date AS expectedCloseDate, d.closed_at AS closedAt, u.display_name AS ownerName
       FROM deals d JOIN stages s ON s.id = d.stage_id LEFT JOIN users u ON u.id = d.owner_id
       WHERE d.customer_id = ? AND d.deleted_at IS NULL ORDER BY d.id DESC LIMIT ${MAX_DEALS}`,
    )
    .all(id) as {
    id: number;
    name: string;
    amountFen: number;
    stageId: number;
    stageName: string;
    status: 'open' | 'won' | 'lost';
    expectedCloseDate: string | null;
    closedAt: string | null;
    ownerName: string | null;
  }[];
  const followUps = db
    .prepare(
      `SELECT f.id, f.at, f.method, f.content, f.result, f.next_step AS nextStep, f.next_at AS nextAt,
              u.display_name AS ownerName, f.deal_id AS dealId
       FROM follow_ups f LEFT JOIN users u ON u.id = f.owner_id
       WHERE f.customer_id = ? AND f.deleted_at IS NULL ORDER BY f.at DESC, f.id DESC LIMIT ${LATEST_FOLLOW_UPS}`,
    )
    .all(id) as {
    id: number;
    at: string;
    method: string;
    content: string;
    result: string | null;
    nextStep: string | null;
    nextAt: string | null;
    ownerName: string | null;
    dealId: number | null;
  }[];
  // follow-up custom values for 联系历史 (one query for the page; none when follow-ups have no fields)
  const custom = listFields(db, 'followUp').length
    ? readCustomValuesMany(
        db,
        'followUp',
        followUps.map((f) => f.id),
      )
    : new Map<number, Record<string, unknown>>();
  return { customer, deals, followUps: followUps.map((f) => ({ ...f, custom: custom.get(f.id) ?? {} })) };
}
