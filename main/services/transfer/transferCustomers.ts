// 变更所属人: give customers a new owner under one audit batch. The audit rows keep the old owner of every
// customer, deal and reminder, so the batch can be undone by its id.
//
// A transfer of up to WHOLE customers (well under 100 ms at 1M) is one transaction on main: all or nothing, with
// its automation events and the new owner's notification inside it. A bigger one runs in a worker thread on its
// own connection, in chunks of ~250 ms (transferTask.ts): 10,000 customers with their open deals were one
// transaction of ~2 s at 1M (18 covering indexes hold the owner, plus the rollup re-key), during which every window
// froze; as ~30 ms steps on main (sessions 5-10) they took 2-2.5× as long, the steps' COMMITs and log checkpoints
// rewriting the same index pages over and over. Each chunk is whole — its customers, their deals and reminders,
// audit rows and rollups — and re-reads its customers, so one another window moved or deleted meanwhile is left
// alone. The trade-off, as for a delete: a crash or a failing chunk leaves the chunks before it done (a prefix of
// the batch, which audit:undoBatch can undo); never a half-written customer. After the worker, main runs the
// customer.ownerChanged automation rules (if any are on) in steps, as an import does for customer.created, then
// writes the notification.
import type { UserCallContext } from '../../ipc/context';
import type { TransferInput } from '../../contract/transfer';
import { AppError } from '../../ipc/errors';
import { newBatchId } from '../audit/record';
import { actor } from '../audit/actor';
import { targetSql } from '../customers/list';
import { nameList, notifyUser, pushNotification } from '../notifications/notify';
import { BULK_STEPS, inSteps } from '../../platform/inSteps';
import { activeRules } from '../automation/rules';
import { checkpointerOf } from '../../app/walCheckpointer';
import { currentTargets, ownerChangedEvents, transferStep, type TransferScope, type TransferTarget } from './transferStep';
import { runChunkedWorker } from '../../platform/chunkedWrites';
import type { TransferChunk, TransferTask } from './transferTask';
import { writersHeld } from '../../platform/appWorkers';

type Target = TransferTarget;

export interface TransferResult {
  transferred: number;
  /** selected customers that already belonged to the new owner (not moved, not counted in transferred) */
  alreadyOwned: number;
  /** customers another window deleted or moved while the steps ran */
  skipped: number;
  deals: number;
  reminders: number;
  batchId: string;
}

/** The active user customers are given to, or a field error on toUserId. */
export function activeUser(ctx: UserCallContext, userId: number): { id: number; displayName: string } {
  const u = ctx.app.db.prepare('SELECT id, display_name, disabled_at FROM users WHERE id = ?').get(userId) as
    | { id: number; display_name: string; disabled_at: string | null }
    | undefined;
  if (!u || u.disabled_at) {
    const msg = ctx.t('perm.targetUserInactive');
    throw new AppError('INVALID_INPUT', msg, { fieldErrors: { toUserId: msg } });
  }
  return { id: u.id, displayName: u.display_name };
}

/** Customers the caller named by id, in id order (the chunks go in it): all must exist and be theirs to transfer (scope own = own only). */
function targetsById(ctx: UserCallContext, ids: number[]): Target[] {
  const unique = [...new Set(ids)];
  const rows = ctx.app.db
    .prepare('SELECT id, name, owner_id FROM customers WHERE id IN (SELECT value FROM json_each(?)) AND deleted_at IS NULL ORDER BY id')
    .all(JSON.stringify(unique)) as Target[];
  const own = ctx.user.scope === 'own';
  // another rep's customer is invisible to a rep: answer as if it did not exist
  const visible = own ? rows.filter((r) => r.owner_id === ctx.user.id || r.owner_id === null) : rows;
  if (visible.length < unique.length) {
    throw new AppError('NOT_FOUND', ctx.t('perm.customerNotFound', { count: unique.length - visible.length }));
  }
  if (own && visible.some((r) => r.owner_id !== ctx.user.id)) throw new AppError('FORBIDDEN', ctx.t('perm.onlyOwnTransfer'));
  return visible;
}

/** Everything matching the list's filter + search in the caller's scope (scope own: own customers, not the pool). */
function targetsByFilter(ctx: UserCallContext, input: TransferInput): Target[] {
  // the customers list's own matcher, so "all matching" is exactly what the list showed
  const match = targetSql(ctx.app.db, ctx.user, input.filter, input.query, ctx.app.clock.now());
  if (!match) return [];
  const own = ctx.user.scope === 'own' ? { sql: 'c.owner_id = ?', params: [ctx.user.id] } : { sql: '1=1', params: [] };
  return ctx.app.db
    .prepare(`SELECT c.id, c.name, c.owner_id FROM customers c WHERE ${match.sql} AND ${own.sql} ORDER BY c.id`)
    .all(...match.params, ...own.params) as Target[];
}

/** Up to this many customers move in one transaction on main (~0.2 ms each with their deals at 1M). */
const WHOLE = 200;

export async function transferCustomers(ctx: UserCallContext, input: TransferInput): Promise<TransferResult> {
  const { db } = ctx.app;
  const to = activeUser(ctx, input.toUserId);
  if (!input.ids && !input.filter && input.query === undefined) {
    throw new AppError('INVALID_INPUT', ctx.t('perm.noTargets'), { fieldErrors: { ids: ctx.t('perm.noTargets') } });
  }
  const batchId = newBatchId();
  const who = actor(ctx);
  const reason = input.reason?.trim() || null;
  // read first (explicit ids must all exist and be the caller's to transfer: NOT_FOUND / FORBIDDEN, nothing
  // written), then write
  const selected = db.tx(() => (input.ids ? targetsById(ctx, input.ids) : targetsByFilter(ctx, input)));
  const targets = selected.filter((c) => c.owner_id !== to.id);
  // said in the progress and the result: the dialog counted the whole selection, and a transfer that moves fewer
  // than it showed must say why (at 1M a check selected 8,994 and moved 8,563: 431 were the new owner's already)
  const alreadyOwned = selected.length - targets.length;
  const step = { to: to.id, batchId, who, reason, withOpenDeals: !!input.withOpenDeals, withReminders: !!input.withReminders };
  const moved: Target[] = [];
  let deals = 0;
  let reminders = 0;
  let notice: { id: number; title: string } | null = null;
  // the new owner's notification: in the transaction of a small transfer; after a big one's chunks
  const notify = (): { id: number; title: string } | null => {
    if (!moved.length || to.id === ctx.user.id) return null;
    const t = ctx.t;
    const title = t('perm.notify.transferTitle', { from: ctx.user.displayName, count: moved.length });
    const lines = [t('perm.notify.transferCustomers', { names: nameList(moved.map((c) => c.name), moved.length, t) })];
    if (input.withOpenDeals) lines.push(t('perm.notify.transferDeals', { count: deals }));
    if (input.withReminders) lines.push(t('perm.notify.transferReminders', { count: reminders }));
    if (reason) lines.push(t('perm.notify.transferReason', { reason }));
    const link = moved.length === 1 ? `/customers/${moved[0].id}` : '/customers';
    return { id: notifyUser(db, { userId: to.id, kind: 'transfer', title, body: lines.join('\n'), link }, who.at), title };
  };
  const scope: TransferScope = { userId: ctx.user.id, own: ctx.user.scope === 'own' };
  if (targets.length <= WHOLE) {
    db.tx(() => {
      const r = transferStep(ctx, currentTargets(db, scope, targets.map((c) => c.id), to.id), step);
      moved.push(...r.moved);
      deals += r.deals;
      reminders += r.reminders;
      notice = notify();
    });
  } else {
    // a restore is swapping the database file: no worker connection may open the old one (nothing written yet)
    if (writersHeld(ctx.app)) throw new AppError('CONFLICT', ctx.t('perm.restoreRunning'));
    const progress = (done: number, total: number) => ctx.app.events.send(ctx.caller, 'progress', { task: 'transfer', jobId: batchId, done, total, alreadyOwned });
    await runChunkedWorker<TransferTask, TransferChunk>(
      'transfer',
      {
        dbFile: ctx.app.dbFile,
        nativeBinding: ctx.app.nativeBinding,
        ids: targets.map((c) => c.id),
        scope,
        step,
        walCheckpointer: checkpointerOf(ctx.app)?.stats.fallback === false,
      },
      (c) => {
        moved.push(...c.moved);
        deals += c.deals;
        reminders += c.reminders;
        if (c.done < c.total) progress(c.done, c.total);
      },
      ctx.app,
    );
    if (moved.length && activeRules(db, 'customer.ownerChanged').length) {
      await inSteps(moved, (part) => db.tx(() => ownerChangedEvents(ctx, part, to.id)), { ...BULK_STEPS, db });
    }
    db.tx(() => {
      notice = notify();
    });
  }
  const sent = notice as { id: number; title: string } | null;
  if (sent) pushNotification(ctx.app, to.id, sent.id, sent.title);
  return { transferred: moved.length, alreadyOwned, skipped: targets.length - moved.length, deals, reminders, batchId };
}
