// Closing a deal (结单) and undoing it (撤销结单). Closing moves the deal into the first won/lost stage,
// remembers the stage it came from (reopen_stage_id) and locks it; reopening needs 'deals.reopen' and
// a reason, and returns the deal to that stage. Both are audited in the same transaction.
import type { UserCallContext } from '../../ipc/context';
import type { ChannelOutput } from '../../contract';
import type { dealsContract } from '../../contract/deals';
import type { ParsedInputOf } from '../../contract/define';
import { AppError } from '../../ipc/errors';
import { actor } from '../audit/actor';
import { recordAudit, type FieldChange } from '../audit/record';
import { firstStageOfKind, loadEditableDeal, loadVisibleDeal, selectDeal, selectStage, toDeal } from './rows';
import { cleanText, throwIfErrors, type FieldErrors } from './validate';
import { recordStageMove } from './edit';
import { emitDomainEvent } from '../automation/events';
import { localDay, reportTz } from '../reports/period';
import type { Db } from '../../../db/sql';

type In<C extends keyof typeof dealsContract> = ParsedInputOf<(typeof dealsContract)[C]>;

/** A date picked in the UI ('YYYY-MM-DD') is the user's local day: main runs on the user's own computer. */
export function closeDateToIso(v: string): string {
  return v.length === 10 ? new Date(`${v}T00:00:00`).toISOString() : new Date(v).toISOString();
}

/** This computer's calendar day (YYYY-MM-DD) of an instant. */
function machineDay(d: Date): string {
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

/**
 * A won deal's close date is when it was won: a day after today is a mistake (it would put the sale in a future
 * month's reports). "Today" is this computer's day or the reports' day (设置 → 报表 time zone), whichever is later:
 * a window whose clock runs in the reports' zone (the browser preview, a machine set to another zone) may be a
 * day ahead of main's own clock around midnight, and its today must not be refused.
 */
function isAfterToday(db: Db, closedAt: string, now: Date): boolean {
  const day = closedAt.length === 10 ? closedAt : machineDay(new Date(closedAt));
  const reportDay = localDay(now, reportTz(db));
  const today = machineDay(now) > reportDay ? machineDay(now) : reportDay;
  return day > today;
}

export function closeDeal(input: In<'deals:close'>, ctx: UserCallContext): ChannelOutput<'deals:close'> {
  const { db } = ctx.app;
  const { t, user } = ctx;
  return db.tx(() => {
    const row = loadEditableDeal(db, user, t, input.id, input.version);
    const errors: FieldErrors = {};
    const reasonText = cleanText(input.reason) ?? null;
    let lossReason: { id: number; name: string } | undefined;
    if (input.result === 'won') {
      if (input.amount === undefined) errors.amount = t('deals.errors.amountRequired');
      if (!input.closedAt) errors.closedAt = t('deals.errors.closedAtRequired');
      else if (isAfterToday(db, input.closedAt, ctx.app.clock.now())) errors.closedAt = t('deals.errors.closedAtFuture');
    } else {
      if (input.lossReasonId !== undefined) {
        lossReason = db.prepare('SELECT id, name FROM deal_loss_reasons WHERE id = ? AND archived_at IS NULL').get(input.lossReasonId) as
          | { id: number; name: string }
          | undefined;
        if (!lossReason) errors.lossReasonId = t('deals.errors.lossReasonNotFound');
      } else if (reasonText) {
        // a reason typed as text that matches the list is linked to it (reports group by the list)
        lossReason = db.prepare('SELECT id, name FROM deal_loss_reasons WHERE name = ? AND archived_at IS NULL').get(reasonText) as
          | { id: number; name: string }
          | undefined;
      } else {
        errors.lossReasonId = t('deals.errors.reasonRequired');
      }
    }
    if (input.setCustomerWon && input.result === 'won' && !user.permissions.includes('customers.edit')) {
      throw new AppError('FORBIDDEN', t('deals.errors.customerEditForbidden'), { permission: 'customers.edit' });
    }
    throwIfErrors(errors, t);
    const stage = firstStageOfKind(db, input.result);
    if (!stage) throw new AppError('INVALID_INPUT', t('deals.errors.noClosingStage'));

    const now = ctx.app.clock.now().toISOString();
    const closedAt = input.closedAt ? closeDateToIso(input.closedAt) : now;
    const amount = input.result === 'won' ? input.amount! : row.amount_fen;
    const closeReason = input.result === 'lost' ? (reasonText ?? lossReason?.name ?? null) : reasonText;
    db.prepare(
      `UPDATE deals SET status = ?, stage_id = ?, reopen_stage_id = ?, probability = ?, probability_overridden = 0, amount_fen = ?,
         amount_source = CASE WHEN ? = amount_fen THEN amount_source ELSE 'manual' END,
         closed_at = ?, closed_by = ?, close_reason = ?, loss_reason_id = ?, updated_at = ?, updated_by = ?, version = version + 1
       WHERE id = ?`,
    ).run(input.result, stage.id, row.stage_id, stage.probability, amount, amount, closedAt, user.id, closeReason, lossReason?.id ?? null, now, user.id, row.id);
    recordStageMove(ctx, row.id, row.stage_id, stage.id, now);

    const changes: FieldChange[] = [
      { field: 'status', old: row.status, new: input.result },
      { field: 'stageId', old: row.stage_id, new: stage.id },
      { field: 'closedAt', old: null, new: closedAt },
    ];
    if (amount !== row.amount_fen) changes.push({ field: 'amountFen', old: row.amount_fen, new: amount });
    if (stage.probability !== row.probability) changes.push({ field: 'probability', old: row.probability, new: stage.probability });
    if (closeReason) changes.push({ field: 'closeReason', old: null, new: closeReason });
    if (lossReason) changes.push({ field: 'lossReasonId', old: null, new: lossReason.id });
    recordAudit(db, {
      ...actor(ctx),
      action: input.result === 'won' ? 'deal.closeWon' : 'deal.closeLost',
      entity: 'deal',
      entityId: row.id,
      changes,
      summary: `${row.name}: ${row.stage_name} → ${stage.name}`,
    });

    if (input.result === 'won' && input.setCustomerWon) markCustomerWon(ctx, row.customer_id, row.id, now);
    emitDomainEvent(ctx, { type: 'deal.closed', dealId: row.id, result: input.result }); // automation (issue 7)
    return toDeal(selectDeal(db, row.id)!);
  });
}

/**
 * How rows written before session 10 marked the customer change a won deal made: this English text at the end of
 * the summary. Newer rows carry the deal's id in the status change itself (`wonByDeal`) and a summary in the app's
 * language; reopening still recognises the old rows (databases from before the change).
 */
const legacyWonMark = (dealId: number) => `(deal #${dealId} won)`;

/** 已成交: the won deal updates its customer's status (an audited customer change of its own). */
function markCustomerWon(ctx: UserCallContext, customerId: number, dealId: number, now: string): void {
  const { db } = ctx.app;
  const c = db.prepare('SELECT id, name, status, deleted_at FROM customers WHERE id = ?').get(customerId) as
    | { id: number; name: string; status: string; deleted_at: string | null }
    | undefined;
  if (!c || c.deleted_at || c.status === 'won') return;
  db.prepare("UPDATE customers SET status = 'won', updated_at = ?, updated_by = ?, version = version + 1 WHERE id = ?").run(now, ctx.user.id, c.id);
  recordAudit(db, {
    ...actor(ctx),
    action: 'customer.update',
    entity: 'customer',
    entityId: c.id,
    changes: [{ field: 'status', old: c.status, new: 'won', wonByDeal: dealId }],
    summary: ctx.t('audit.summaries.deal.customerWon', { customer: c.name, deal: dealId }),
  });
  emitDomainEvent(ctx, { type: 'customer.statusChanged', customerId: c.id, fromStatus: c.status, toStatus: 'won' }); // automation (issue 7)
}

/**
 * Reopening the won deal that marked its customer 已成交 gives the customer back the status it had before —
 * unless the customer has another won deal, or somebody changed the status since (then it is theirs to keep).
 * The closing's own audit entry says which status that was.
 */
function restoreCustomerStatus(ctx: UserCallContext, customerId: number, dealId: number, now: string): void {
  const { db } = ctx.app;
  const c = db.prepare('SELECT id, name, status, deleted_at FROM customers WHERE id = ?').get(customerId) as
    | { id: number; name: string; status: string; deleted_at: string | null }
    | undefined;
  if (!c || c.deleted_at || c.status !== 'won') return;
  const otherWon = db.prepare("SELECT 1 FROM deals WHERE customer_id = ? AND id <> ? AND status = 'won' AND deleted_at IS NULL LIMIT 1").get(customerId, dealId);
  if (otherWon) return;
  // the newest status change of this customer must be the one this deal's closing made
  const last = db
    .prepare(
      `SELECT summary, changes FROM audit_log WHERE entity = 'customer' AND entity_id = ? AND changes LIKE '%"field":"status"%' ORDER BY id DESC LIMIT 1`,
    )
    .get(customerId) as { summary: string | null; changes: string } | undefined;
  if (!last) return;
  const change = (JSON.parse(last.changes) as FieldChange[]).find((x) => x.field === 'status');
  const madeByThisDeal = change?.wonByDeal !== undefined ? change.wonByDeal === dealId : !!last.summary?.endsWith(legacyWonMark(dealId));
  if (!madeByThisDeal) return;
  const previous = typeof change?.old === 'string' && change.old !== 'won' ? change.old : null;
  if (!previous) return;
  db.prepare('UPDATE customers SET status = ?, updated_at = ?, updated_by = ?, version = version + 1 WHERE id = ?').run(previous, now, ctx.user.id, c.id);
  recordAudit(db, {
    ...actor(ctx),
    action: 'customer.update',
    entity: 'customer',
    entityId: c.id,
    changes: [{ field: 'status', old: 'won', new: previous }],
    summary: ctx.t('audit.summaries.deal.customerReopened', { customer: c.name, deal: dealId }),
  });
  emitDomainEvent(ctx, { type: 'customer.statusChanged', customerId: c.id, fromStatus: 'won', toStatus: previous }); // automation (issue 7)
}

export function reopenDeal(input: In<'deals:reopen'>, ctx: UserCallContext): ChannelOutput<'deals:reopen'> {
  const { db } = ctx.app;
  const { t, user } = ctx;
  const reason = cleanText(input.reason);
  if (!reason) throw new AppError('INVALID_INPUT', t('errors.invalidInput', { detail: t('deals.errors.reopenReasonRequired') }), {
    fieldErrors: { reason: t('deals.errors.reopenReasonRequired') },
  });
  return db.tx(() => {
    const row = loadVisibleDeal(db, user, t, input.id);
    if (row.status === 'open') throw new AppError('CONFLICT', t('deals.errors.notClosed'), { current: toDeal(row) });
    // the stage it came from; if that stage was removed meanwhile, the first open stage
    const previous = row.reopen_stage_id ? selectStage(db, row.reopen_stage_id) : undefined;
    const stage = previous && !previous.archived_at && previous.kind === 'open' ? previous : firstStageOfKind(db, 'open');
    if (!stage) throw new AppError('INVALID_INPUT', t('deals.errors.stageNotFound'));
    const now = ctx.app.clock.now().toISOString();
    db.prepare(
      `UPDATE deals SET status = 'open', stage_id = ?, reopen_stage_id = NULL, probability = ?, closed_at = NULL, closed_by = NULL,
         close_reason = NULL, loss_reason_id = NULL, updated_at = ?, updated_by = ?, version = version + 1 WHERE id = ?`,
    ).run(stage.id, stage.probability, now, user.id, row.id);
    recordStageMove(ctx, row.id, row.stage_id, stage.id, now);
    if (row.status === 'won') restoreCustomerStatus(ctx, row.customer_id, row.id, now);
    recordAudit(db, {
      ...actor(ctx),
      action: 'deal.reopen',
      entity: 'deal',
      entityId: row.id,
      changes: [
        { field: 'status', old: row.status, new: 'open' },
        { field: 'stageId', old: row.stage_id, new: stage.id },
        { field: 'closedAt', old: row.closed_at, new: null },
        ...(row.close_reason ? [{ field: 'closeReason', old: row.close_reason, new: null }] : []),
      ],
      summary: reason,
    });
    return toDeal(selectDeal(db, row.id)!);
  });
}
