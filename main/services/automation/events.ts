// Domain events: the hook points other services call INSIDE the transaction of the change, e.g. in
// deals:moveStage after the stage history row is written:
//   emitDomainEvent(ctx, { type: 'deal.stageChanged', dealId, fromStageId, toStageId });
// Matching automation rules then run in that same transaction (each in its own savepoint, so a failing rule
// is logged and recorded but never undoes the user's change).
//
// Loop guard: one chain = the user's change plus everything its rules cause. A rule runs at most once per
// chain (a later match is recorded as 'loopBlocked'), and a chain stops at MAX_CHAIN_DEPTH nested events.
// Services are synchronous (better-sqlite3), so the current chain is simply module state.
import type { AppContext } from '../../ipc/context';
import type { SessionUser } from '../../contract/auth';
import { runRulesForEvent } from './engine';

export type DomainEvent =
  | { type: 'deal.stageChanged'; dealId: number; fromStageId?: number | null; toStageId: number }
  | { type: 'deal.closed'; dealId: number; result: 'won' | 'lost' }
  | { type: 'customer.created'; customerId: number }
  | { type: 'customer.ownerChanged'; customerId: number; fromOwnerId?: number | null; toOwnerId: number | null }
  | { type: 'customer.statusChanged'; customerId: number; fromStatus?: string | null; toStatus: string }
  /** raised by the scheduled check only, for one rule; `since` = last follow-up (or creation) time */
  | { type: 'customer.noFollowUp'; customerId: number; since: string; ruleId: number };

/** Who caused the event: the logged-in user, or null for the scheduler. CallContext fits. */
export interface EventContext {
  app: AppContext;
  user: SessionUser | null;
}

export { CHAIN_DEPTH_LIMIT as MAX_CHAIN_DEPTH } from './engine';

export interface Chain {
  depth: number;
  /** rule ids that already ran in this chain */
  ran: Set<number>;
}

let current: Chain | null = null;

export function emitDomainEvent(ctx: EventContext, event: DomainEvent, opts: { dedupeKey?: string } = {}): void {
  if (!ctx.app.db.raw.inTransaction) {
    throw new Error(`emitDomainEvent(${event.type}) must run inside the transaction of the change that raised it`);
  }
  const outer = current;
  const chain: Chain = outer ? { depth: outer.depth + 1, ran: outer.ran } : { depth: 0, ran: new Set() };
  current = chain;
  try {
    // events raised by the rules' own actions (e.g. "set status") continue the same chain, one level deeper
    const raised = runRulesForEvent(ctx, event, chain, opts.dedupeKey ?? null);
    for (const next of raised) emitDomainEvent(ctx, next);
  } finally {
    current = outer;
  }
}

/**
 * For customer edits (customers:update, batch edits): raises customer.statusChanged / customer.ownerChanged
 * for the fields that actually changed. `next` holds only the changed fields.
 */
export function emitCustomerChanges(
  ctx: EventContext,
  customerId: number,
  before: { status: string; ownerId: number | null },
  next: { status?: unknown; ownerId?: unknown },
): void {
  if ('status' in next && next.status !== undefined && next.status !== before.status) {
    emitDomainEvent(ctx, { type: 'customer.statusChanged', customerId, fromStatus: before.status, toStatus: String(next.status) });
  }
  if ('ownerId' in next && next.ownerId !== undefined && next.ownerId !== before.ownerId) {
    emitDomainEvent(ctx, { type: 'customer.ownerChanged', customerId, fromOwnerId: before.ownerId, toOwnerId: (next.ownerId as number | null) ?? null });
  }
}
