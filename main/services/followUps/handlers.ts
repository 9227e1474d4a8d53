// followUps:* — record, change and delete follow-ups. Each write keeps the customer's last/next follow-up
// dates and the follow-up's reminder in step, in one transaction with its audit rows.
import type { HandlersOf, UserCallContext } from '../../ipc/context';
import type { followUpsContract, FollowUp } from '../../contract/followUps';
import { AppError, invalid } from '../../ipc/errors';
import { recordAudit, newBatchId, type FieldChange } from '../audit/record';
import { actor } from '../audit/actor';
import { canSeeOwner } from '../auth/scope';
import { followUpMethods, saveFollowUpMethods } from './methods';
import { listFollowUps, loadFollowUpInScope, toFollowUp } from './queries';
import { recomputeCustomerFollowUpDates } from './customerDates';
import { syncFollowUpReminder } from './reminderLink';
import { toUtcIso } from '../reminders/store';
import { planCustomValues, prepareCustomValues, writeCustomValues } from '../fields/values';

/** A follow-up may be logged a little ahead of the clock (clock skew), not in the future. */
const FUTURE_TOLERANCE_MS = 5 * 60_000;

interface Fields {
  dealId?: number | null;
  at?: string;
  method?: string;
  content?: string;
  result?: string | null;
  nextStep?: string | null;
  nextAt?: string | null;
  ownerId?: number;
}

function checkCustomer(ctx: UserCallContext, customerId: number): { id: number; name: string; owner_id: number | null } {
  const c = ctx.app.db.prepare('SELECT id, name, owner_id FROM customers WHERE id = ? AND deleted_at IS NULL').get(customerId) as
    | { id: number; name: string; owner_id: number | null }
    | undefined;
  if (!c || !canSeeOwner(ctx.user, c.owner_id)) {
    throw new AppError('NOT_FOUND', ctx.t('followUps.errors.customerNotFound'), { fieldErrors: { customerId: ctx.t('followUps.errors.customerNotFound') } });
  }
  return c;
}

/**
 * Business checks shared by create and update; throws INVALID_INPUT with every field error at once,
 * custom field errors (`custom.<key>`, issue 13) included.
 */
function validate(ctx: UserCallContext, customerId: number, f: Fields, isNew: boolean, customErrors: Record<string, string> = {}): void {
  const { db } = ctx.app;
  const now = ctx.app.clock.now().getTime();
  const errors: Record<string, string> = {};
  if (f.method !== undefined && !followUpMethods(db).includes(f.method)) errors.method = ctx.t('followUps.errors.unknownMethod');
  if (f.at !== undefined && Date.parse(f.at) > now + FUTURE_TOLERANCE_MS) errors.at = ctx.t('followUps.errors.atInFuture');
  if (f.nextAt && Date.parse(f.nextAt) <= now) errors.nextAt = ctx.t('followUps.errors.nextAtPast');
  if (f.dealId) {
    const d = db.prepare('SELECT customer_id FROM deals WHERE id = ? AND deleted_at IS NULL').get(f.dealId) as { customer_id: number } | undefined;
    if (!d || d.customer_id !== customerId) errors.dealId = ctx.t('followUps.errors.dealNotOfCustomer');
  }
  if (f.ownerId !== undefined && f.ownerId !== ctx.user.id) {
    if (ctx.user.scope !== 'all') errors.ownerId = ctx.t('followUps.errors.ownerOnlyManagers');
    else if (!db.prepare('SELECT 1 FROM users WHERE id = ? AND disabled_at IS NULL').get(f.ownerId)) errors.ownerId = ctx.t('followUps.errors.ownerUnknown');
  }
  if (isNew && f.content !== undefined && !f.content.trim()) errors.content = ctx.t('validation.required');
  Object.assign(errors, customErrors);
  const keys = Object.keys(errors);
  if (keys.length) throw invalid(ctx.t('errors.invalidInput', { detail: errors[keys[0]] }), errors);
}

const AUDITED: [keyof Fields, string][] = [
  ['dealId', 'deal_id'],
  ['at', 'at'],
  ['method', 'method'],
  ['content', 'content'],
  ['result', 'result'],
  ['nextStep', 'next_step'],
  ['nextAt', 'next_at'],
  ['ownerId', 'owner_id'],
];

export const followUpsHandlers: HandlersOf<typeof followUpsContract> = {
  'followUps:list': (input, ctx) => listFollowUps(ctx.app.db, ctx.user, input ?? {}),

  'followUps:create': (input, ctx) => {
    const { db } = ctx.app;
    const now = ctx.app.clock.now().toISOString();
    const { custom: customInput, ...given } = input;
    const fields: Fields = {
      ...given,
      at: input.at ? toUtcIso(input.at) : now,
      nextAt: input.nextAt ? toUtcIso(input.nextAt) : null,
      ownerId: input.ownerId ?? ctx.user.id,
    };
    return db.tx((): FollowUp => {
      const customer = checkCustomer(ctx, input.customerId);
      const custom = prepareCustomValues(db, 'followUp', customInput, 'create', ctx.t);
      validate(ctx, customer.id, fields, true, custom.errors);
      const id = Number(
        db
          .prepare(
            `INSERT INTO follow_ups (customer_id, deal_id, owner_id, at, method, content, result, next_step, next_at,
                                     created_at, created_by, updated_at, updated_by)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
          )
          .run(customer.id, fields.dealId ?? null, fields.ownerId, fields.at, fields.method, fields.content, fields.result ?? null,
            fields.nextStep ?? null, fields.nextAt, now, ctx.user.id, now, ctx.user.id).lastInsertRowid,
      );
      const customPlan = planCustomValues(db, 'followUp', id, custom.prepared, {}, ctx.t);
      writeCustomValues(db, id, customPlan);
      const who = actor(ctx);
      recordAudit(db, {
        ...who,
        action: 'followUp.create',
        entity: 'followUp',
        entityId: id,
        summary: `${customer.name} · ${fields.method}`,
        changes: [
          ...AUDITED.filter(([k]) => fields[k] !== undefined && fields[k] !== null).map(([k]) => ({ field: k, old: null, new: fields[k] })),
          ...customPlan.changes,
        ],
      });
      syncFollowUpReminder(ctx, id, now);
      recomputeCustomerFollowUpDates(db, customer.id, now, who);
      return toFollowUp(loadFollowUpInScope(db, ctx.user, id)!);
    });
  },

  'followUps:update': (input, ctx) => {
    const { db } = ctx.app;
    const now = ctx.app.clock.now().toISOString();
    return db.tx((): FollowUp => {
      const cur = loadFollowUpInScope(db, ctx.user, input.id);
      if (!cur) throw new AppError('NOT_FOUND', ctx.t('followUps.errors.notFound'));
      if (cur.version !== input.version) throw new AppError('CONFLICT', ctx.t('followUps.errors.stale'), { current: toFollowUp(cur) });
      const { custom: customInput, ...p } = input.patch;
      const patch: Fields = {
        ...p,
        ...(p.at !== undefined ? { at: toUtcIso(p.at) } : {}),
        ...(p.nextAt !== undefined ? { nextAt: p.nextAt ? toUtcIso(p.nextAt) : null } : {}),
      };
      const custom = customInput !== undefined ? prepareCustomValues(db, 'followUp', customInput, 'update', ctx.t) : null;
      validate(ctx, cur.customer_id, patch, false, custom?.errors);
      const before: Record<keyof Fields, unknown> = {
        dealId: cur.deal_id,
        at: cur.at,
        method: cur.method,
        content: cur.content,
        result: cur.result,
        nextStep: cur.next_step,
        nextAt: cur.next_at,
        ownerId: cur.owner_id,
      };
      const changes: FieldChange[] = [];
      const sets: string[] = [];
      const params: unknown[] = [];
      for (const [key, col] of AUDITED) {
        if (!(key in patch) || patch[key] === undefined) continue;
        const next = patch[key] ?? null;
        if (next === before[key]) continue;
        changes.push({ field: key, old: before[key], new: next });
        sets.push(`${col} = ?`);
        params.push(next);
      }
      const customPlan = custom ? planCustomValues(db, 'followUp', cur.id, custom.prepared, cur.custom ?? {}, ctx.t) : null;
      if (customPlan) changes.push(...customPlan.changes);
      if (!changes.length) return toFollowUp(cur);
      db.prepare(`UPDATE follow_ups SET ${[...sets, 'updated_at = ?', 'updated_by = ?', 'version = version + 1'].join(', ')} WHERE id = ?`).run(
        ...params,
        now,
        ctx.user.id,
        cur.id,
      );
      if (customPlan) writeCustomValues(db, cur.id, customPlan);
      const who = actor(ctx);
      recordAudit(db, { ...who, action: 'followUp.update', entity: 'followUp', entityId: cur.id, changes, summary: cur.customer_name });
      if (changes.some((c) => c.field === 'nextAt' || c.field === 'nextStep' || c.field === 'ownerId')) syncFollowUpReminder(ctx, cur.id, now);
      recomputeCustomerFollowUpDates(db, cur.customer_id, now, who);
      return toFollowUp(loadFollowUpInScope(db, ctx.user, cur.id)!);
    });
  },

  'followUps:delete': (input, ctx) => {
    const { db } = ctx.app;
    const now = ctx.app.clock.now().toISOString();
    const batchId = newBatchId();
    return db.tx(() => {
      const who = actor(ctx);
      const customers = new Set<number>();
      let deleted = 0;
      for (const id of new Set(input.ids)) {
        const cur = loadFollowUpInScope(db, ctx.user, id);
        if (!cur) throw new AppError('NOT_FOUND', ctx.t('followUps.errors.notFound'));
        db.prepare('UPDATE follow_ups SET deleted_at = ?, deleted_by = ?, delete_batch_id = ? WHERE id = ?').run(now, ctx.user.id, batchId, id);
        const cancelled = db
          .prepare("UPDATE reminders SET status = 'cancelled', cancelled_at = ?, updated_at = ?, version = version + 1 WHERE follow_up_id = ? AND status = 'pending'")
          .run(now, now, id).changes;
        recordAudit(db, {
          ...who,
          action: 'followUp.delete',
          entity: 'followUp',
          entityId: id,
          batchId,
          summary: `${cur.customer_name} · ${cur.method}${cancelled ? ctx.t('audit.summaries.reminder.cancelledWith', { count: cancelled }) : ''}`,
        });
        customers.add(cur.customer_id);
        deleted++;
      }
      for (const c of customers) recomputeCustomerFollowUpDates(db, c, now, who, batchId);
      return { deleted, batchId };
    });
  },

  'followUps:methods': (_input, ctx) => ({ methods: followUpMethods(ctx.app.db) }),

  'followUps:setMethods': (input, ctx) => {
    const { db } = ctx.app;
    return db.tx(() => {
      const old = followUpMethods(db);
      const methods = saveFollowUpMethods(db, input.methods);
      recordAudit(db, { ...actor(ctx), action: 'settings.followUpMethods', entity: 'settings', changes: [{ field: 'followUpMethods', old, new: methods }] });
      return { methods };
    });
  },
};
