// recycleBin:restore: records come back exactly as they were (no version bump, same values) with the
// records of the same delete batch (a customer's deals, follow-ups and reminders, reminders in the state
// they had). Before writing, clashes are looked for: the mobile/email of a customer now used by another
// live customer, or a deal/follow-up whose customer is still in the bin. The caller chooses: ask
// (CONFLICT with the list), skip them, or restore anyway (a deal/follow-up then brings its customer back).
// A value of a unique custom field now held by another live record (customClashes.ts) is a blocking
// clash: restore anyway answers CONFLICT for it as a create would, only skipping helps.
import type { UserCallContext } from '../../ipc/context';
import { AppError } from '../../ipc/errors';
import type { Db } from '../../../db/sql';
import type { RestoreClash } from '../../contract/recycleBin';
import { actor } from '../audit/actor';
import { newBatchId, recordAudit, type AuditEntry } from '../audit/record';
import { numberedLabel } from '../audit/labels';
import { reindexCustomers } from '../customers/searchIndex';
import { recomputeCustomerFollowUpDates } from '../followUps/customerDates';
import { wakeReminderScheduler } from '../reminders/wake';
import { findCustomClashes, hasUniqueCustomFields, revivedBy } from './customClashes';
import { keyOf, TABLE_OF, type BinRef } from './keys';
import { loadBinRefs } from './purge';
import { withRollupsSuspended } from '../../../db/rollupSuspend';
import { BULK_STEPS, inSteps, nextTurn, walSettle } from '../../platform/inSteps';
import { BIN_WORKER_ABOVE, binWriterOf, runBinWorker, type Actor, type BinWriter } from './binWriter';

const IN = 'IN (SELECT value FROM json_each(?))';

export interface Item {
  entity: BinRef['entity'];
  id: number;
  name: string;
  owner_id: number | null;
  customer_id: number;
}

type Holder = { id: number; name: string; owner_id: number | null };

/** What the mobile/email and parent clash checks read: the items' contacts, live holders of those values, parents. */
export interface ClashFacts {
  contacts: Map<number, { id: number; mobile: string | null; email: string | null }>;
  live: { mobile: Map<string, Holder>; email: Map<string, Holder> };
  parents: Map<number, { id: number; name: string; deleted_at: string | null }>;
}

const emptyFacts = (): ClashFacts => ({ contacts: new Map(), live: { mobile: new Map(), email: new Map() }, parents: new Map() });

/**
 * Read the clash facts of these items into `into`, in a few set-wise statements (one statement per item cost
 * ~200 ms for 10,000 customers at 1M before a restore's first step; set-wise it is still ~100 ms, so the
 * channel reads them in chunks: readPlanInChunks).
 */
function readClashFacts(db: Db, items: readonly Item[], into: ClashFacts = emptyFacts()): ClashFacts {
  const customerIds = items.filter((i) => i.entity === 'customer').map((i) => i.id);
  const contacts = db.prepare(`SELECT id, mobile, email FROM customers WHERE id ${IN}`).all(JSON.stringify(customerIds)) as {
    id: number;
    mobile: string | null;
    email: string | null;
  }[];
  for (const c of contacts) into.contacts.set(c.id, c);
  for (const field of ['mobile', 'email'] as const) {
    const values = [...new Set(contacts.map((c) => c[field]).filter((v): v is string => !!v && !into.live[field].has(v)))];
    const rows = db
      .prepare(`SELECT ${field} AS v, id, name, owner_id FROM customers WHERE ${field} ${IN} AND deleted_at IS NULL ORDER BY id`)
      .all(JSON.stringify(values)) as (Holder & { v: string })[];
    for (const r of rows) if (!into.live[field].has(r.v)) into.live[field].set(r.v, r);
  }
  const parentIds = [...new Set(items.filter((i) => i.entity !== 'customer').map((i) => i.customer_id))];
  const parents = db.prepare(`SELECT id, name, deleted_at FROM customers WHERE id ${IN}`).all(JSON.stringify(parentIds)) as { id: number; name: string; deleted_at: string | null }[];
  for (const c of parents) into.parents.set(c.id, c);
  return into;
}

function findClashes(ctx: UserCallContext, items: Item[], facts: ClashFacts): RestoreClash[] {
  const clashes: RestoreClash[] = [];
  const restoringCustomers = new Set(items.filter((i) => i.entity === 'customer').map((i) => i.id));
  const { contacts, live, parents } = facts;
  const seen = new Map<string, string>();
  for (const i of items) {
    const key = keyOf(i.entity, i.id);
    if (i.entity === 'customer') {
      const c = contacts.get(i.id)!;
      for (const field of ['mobile', 'email'] as const) {
        const value = c[field];
        if (!value) continue;
        // a customer in the bin is never a live holder, so the item itself is not found here
        const o = live[field].get(value);
        const visible = o && (ctx.user.scope === 'all' || o.owner_id === ctx.user.id || o.owner_id === null);
        if (o) clashes.push({ key, name: i.name, field, value, otherId: visible ? o.id : null, otherName: visible ? o.name : null });
        // two customers restored together with the same number clash with each other
        const twin = seen.get(`${field}:${value}`);
        if (!o && twin) clashes.push({ key, name: i.name, field, value, otherId: null, otherName: twin });
        seen.set(`${field}:${value}`, i.name);
      }
    } else {
      const parent = parents.get(i.customer_id)!;
      if (parent.deleted_at && !restoringCustomers.has(i.customer_id)) {
        clashes.push({ key, name: i.name, field: 'customer', value: null, otherId: i.customer_id, otherName: parent.name });
      }
    }
  }
  return clashes;
}

/** The batch-mates that come back with a restored record. */
function related(db: Db, item: Item, batchId: string | null) {
  if (!batchId || item.entity !== 'customer') return { deals: [] as number[], followUps: [] as number[] };
  const deals = db.prepare('SELECT id FROM deals WHERE delete_batch_id = ? AND customer_id = ?').pluck().all(batchId, item.id) as number[];
  const followUps = db.prepare('SELECT id FROM follow_ups WHERE delete_batch_id = ? AND customer_id = ?').pluck().all(batchId, item.id) as number[];
  return { deals, followUps };
}

/** What a restore brings back: the records in the bin (NOT_FOUND otherwise), clashes answered per `onClash`. */
export function planRestore(
  ctx: UserCallContext,
  refs: readonly BinRef[],
  onClash: 'ask' | 'skip' | 'restore',
  read?: { items: Item[]; facts: ClashFacts },
): { items: Item[]; skipped: string[] } {
  const { db } = ctx.app;
  let items = read ? [...read.items] : (loadBinRefs(db, ctx.user, refs, notInBin(ctx)) as Item[]);
  const unique = hasUniqueCustomFields(db);
  const customClashes = (list: Item[]) => (unique ? findCustomClashes(db, ctx, list.flatMap((i) => revivedBy(db, i))) : []);
  const clashes = [...findClashes(ctx, items, read?.facts ?? readClashFacts(db, items)), ...customClashes(items)];
  const skipped: string[] = [];
  // a duplicate unique custom value is refused like a create would refuse it: "restore anyway" does not override it
  const refuseBlocking = (blocking: RestoreClash[]) => {
    if (!blocking.length) return;
    const c = blocking[0];
    const other = c.otherName ? `“${c.otherName}”` : ctx.t('recycleBin.errors.hiddenRecord');
    const more = blocking.length > 1 ? ctx.t('recycleBin.errors.moreClashes', { count: blocking.length - 1 }) : '';
    throw new AppError('CONFLICT', ctx.t('recycleBin.errors.customClash', { name: c.name, field: c.fieldLabel, value: c.value, other }) + more, { clashes: blocking });
  };
  if (clashes.length && onClash === 'ask') {
    if (clashes.every((c) => c.blocking)) refuseBlocking(clashes);
    throw new AppError('CONFLICT', ctx.t('recycleBin.errors.clash', { count: new Set(clashes.map((c) => c.key)).size }), { clashes });
  }
  if (onClash === 'restore') refuseBlocking(clashes.filter((c) => c.blocking));
  if (onClash === 'skip') {
    const bad = new Set(clashes.map((c) => c.key));
    skipped.push(...bad);
    items = items.filter((i) => !bad.has(keyOf(i.entity, i.id)));
  } else if (onClash === 'restore') {
    // a deal / follow-up needs its customer: bring the customer (with its batch) back too
    for (const c of clashes.filter((x) => x.field === 'customer' && x.otherId !== null)) {
      if (!items.some((i) => i.entity === 'customer' && i.id === c.otherId)) {
        const parent = loadBinRefs(db, null, [{ entity: 'customer', id: c.otherId! }], () => new Error('parent gone')) as Item[];
        refuseBlocking(customClashes([...items, ...parent]).filter((x) => x.key === keyOf('customer', c.otherId!)));
        items.push(...parent);
      }
    }
  }
  // customers first, so their batch-mates are not restored twice as separate items
  items.sort((a, b) => (a.entity === 'customer' ? 0 : 1) - (b.entity === 'customer' ? 0 : 1));
  return { items, skipped };
}

/**
 * Bring these records back with their batch-mates, audited under `batchId`; inside the caller's transaction.
 * `reminders`: some came back (the caller wakes the reminder scheduler after the COMMIT).
 */
export function reviveItems(w: BinWriter, items: readonly Item[], batchId: string): { restored: number; reminders: boolean } {
  const { db, who } = w;
  const now = who.at;

  const entries: AuditEntry[] = [];
  const touchedCustomers = new Set<number>();
  const followUpCustomers = new Set<number>();
  const followUpLabel = numberedLabel(w.t, 'followUp');
  const reminderLabel = numberedLabel(w.t, 'reminder');
  const entry = (entity: string, id: number, deletedAt: string, summary: string) =>
    entries.push({ ...who, action: `${entity}.restore`, entity, entityId: id, batchId, summary, changes: [{ field: 'deletedAt', old: deletedAt, new: null }] });
  const revive = (table: string, ids: number[]) =>
    db
      // +deleted_at: SQLite otherwise walked the partial index of ALL deleted rows for each call (7 ms per
      // customer's follow-ups with 150k rows in the bin) instead of looking the few ids up by rowid
      .prepare(`UPDATE ${table} SET deleted_at = NULL, deleted_by = NULL, delete_batch_id = NULL WHERE id ${IN} AND +deleted_at IS NOT NULL`)
      .run(JSON.stringify(ids));
  let restored = 0;
  // The report rollups set-based (db/rollupSuspend.ts) instead of per-row triggers: every row the loop below
  // may bring back is in scope (more is harmless: an unchanged row nets to zero). 10,000 customers with their
  // deals and follow-ups fired ~70,000 rows of rollup triggers: 120 s on main at 1M customers.
  const scope = { customers: [] as number[], deals: [] as number[], followUps: [] as number[] };
  const batchOf = (table: string, id: number) => db.prepare(`SELECT delete_batch_id FROM ${table} WHERE id = ?`).pluck().get(id) as string | null | undefined;
  for (const item of items) {
    if (item.entity === 'customer') {
      scope.customers.push(item.id);
      const rel = related(db, item, batchOf('customers', item.id) ?? null);
      scope.deals.push(...rel.deals);
      scope.followUps.push(...rel.followUps);
    } else if (item.entity === 'deal') scope.deals.push(item.id);
    else scope.followUps.push(item.id);
  }
  // What comes back is collected first and revived with one UPDATE per table in ascending id order: the deal
  // name index (0017, FTS5) flushes a new segment whenever a row id is lower than the one before, so reviving
  // each customer's deals in turn (their ids are not in customer order) wrote ~one segment per deal and made
  // FTS5 crisis-merge (16 segments a level) inside most steps: the restore's longest blocks at 1M (session 8).
  const back = { customer: new Set<number>(), deal: new Set<number>(), followUp: new Set<number>() };
  withRollupsSuspended(db, { customers: scope.customers, customerFacts: true, deals: scope.deals, followUps: scope.followUps }, () => {
  for (const item of items) {
    if (back[item.entity].has(item.id)) continue; // comes back with its customer in this step
    const table = TABLE_OF[item.entity];
    const row = db.prepare(`SELECT deleted_at, delete_batch_id FROM ${table} WHERE id = ?`).get(item.id) as
      | { deleted_at: string | null; delete_batch_id: string | null }
      | undefined;
    if (!row?.deleted_at) continue; // came back already with its customer
    const rel = related(db, item, row.delete_batch_id);
    rel.deals = rel.deals.filter((id) => !back.deal.has(id));
    rel.followUps = rel.followUps.filter((id) => !back.followUp.has(id));
    const dealRows = rel.deals.map((id) => db.prepare('SELECT id, name, deleted_at FROM deals WHERE id = ?').get(id) as { id: number; name: string; deleted_at: string });
    const fuRows = rel.followUps.map((id) => db.prepare('SELECT id, deleted_at FROM follow_ups WHERE id = ?').get(id) as { id: number; deleted_at: string });
    back[item.entity].add(item.id);
    for (const id of rel.deals) back.deal.add(id);
    for (const id of rel.followUps) back.followUp.add(id);
    entry(item.entity, item.id, row.deleted_at, item.entity === 'followUp' ? followUpLabel(item.id) : item.name);
    for (const d of dealRows) entry('deal', d.id, d.deleted_at, d.name);
    for (const f of fuRows) entry('followUp', f.id, f.deleted_at, followUpLabel(f.id));
    if (row.delete_batch_id) {
      const reminders = db
        .prepare(
          `SELECT id, deleted_at FROM reminders WHERE delete_batch_id = ? AND (customer_id = ? OR deal_id ${IN} OR follow_up_id ${IN})`,
        )
        .all(row.delete_batch_id, item.customer_id, JSON.stringify(item.entity === 'deal' ? [item.id] : rel.deals), JSON.stringify(item.entity === 'followUp' ? [item.id] : rel.followUps)) as {
        id: number;
        deleted_at: string;
      }[];
      // a customer's reminders come back with it; a lone deal / follow-up brings only its own
      const own = reminders;
      db.prepare(
        `UPDATE reminders SET status = coalesce(status_before_delete, status),
           cancelled_at = CASE WHEN status_before_delete = 'pending' THEN NULL ELSE cancelled_at END,
           status_before_delete = NULL, deleted_at = NULL, deleted_by = NULL, delete_batch_id = NULL
         WHERE id ${IN}`,
      ).run(JSON.stringify(own.map((r) => r.id)));
      for (const r of own) entry('reminder', r.id, r.deleted_at, reminderLabel(r.id));
    }
    if (item.entity === 'customer') touchedCustomers.add(item.id);
    if (item.entity === 'followUp') followUpCustomers.add(item.customer_id);
    restored++;
  }
  const ascending = (ids: Set<number>) => [...ids].sort((a, b) => a - b);
  revive('customers', ascending(back.customer));
  revive('deals', ascending(back.deal));
  revive('follow_ups', ascending(back.followUp));
  });
  reindexCustomers(db, [...touchedCustomers].sort((a, b) => a - b));
  for (const c of followUpCustomers) recomputeCustomerFollowUpDates(db, c, now, who, batchId);
  recordAudit(db, entries);
  return { restored, reminders: entries.some((e) => e.entity === 'reminder') };
}

/**
 * Bring planned items back, never in one transaction on main (10,000 customers with their deals and follow-ups
 * took 14 s at 1M in one transaction that froze every window). Up to BIN_WORKER_ABOVE items: steps on main
 * (main/platform/inSteps.ts, ~30 ms transactions, the event loop turning in between); more: chunks in a writer
 * thread on its own connection (binTask.ts; main's steps still blocked it 100–160 ms now and then at 1M). One
 * batch id, progress events {task:"restore", jobId: batchId} between steps / chunks. A record that came back
 * meanwhile (another window, its customer's step) is skipped.
 */
export async function reviveInSteps(ctx: UserCallContext, items: readonly Item[], batchId: string, who: Actor): Promise<number> {
  const { db } = ctx.app;
  const w = binWriterOf(ctx, who);
  const progress = (done: number, total: number) => ctx.app.events.send(ctx.caller, 'progress', { task: 'restore', jobId: batchId, done, total });
  let restored = 0;
  let reminders = false;
  if (items.length > BIN_WORKER_ABOVE) {
    try {
      await runBinWorker(ctx, { kind: 'restore', items: [...items] }, batchId, who, (c) => {
        restored += c.count;
        reminders ||= c.reminders;
        if (c.done < c.total) progress(c.done, c.total);
      });
    } finally {
      if (reminders) wakeReminderScheduler(ctx.app);
    }
    return restored;
  }
  try {
    await inSteps(
      items,
      (part) => {
        const r = db.tx(() => reviveItems(w, part, batchId));
        restored += r.restored;
        reminders ||= r.reminders;
      },
      { ...BULK_STEPS, db, settle: walSettle(ctx.app), onStep: progress },
    );
  } finally {
    if (reminders) wakeReminderScheduler(ctx.app);
  }
  return restored;
}

const notInBin = (ctx: UserCallContext) => (n: number) => new AppError('NOT_FOUND', ctx.t('recycleBin.errors.notInBin', { count: n }), { missing: n });
const PLAN_CHUNK = 2000;

/**
 * The items (all must be in the bin: NOT_FOUND otherwise, nothing written) and their clash facts, read in chunks
 * of 2,000 with the event loop turning in between: 10,000 customers in one read blocked main 130–250 ms at 1M.
 * A value taken meanwhile by another window is the same race as one taken between the plan and a step.
 */
async function readPlanInChunks(ctx: UserCallContext, refs: readonly BinRef[]): Promise<{ items: Item[]; facts: ClashFacts }> {
  const { db } = ctx.app;
  const items: Item[] = [];
  const facts = emptyFacts();
  for (let i = 0; i < refs.length; i += PLAN_CHUNK) {
    await nextTurn();
    db.tx(() => {
      const part = loadBinRefs(db, ctx.user, refs.slice(i, i + PLAN_CHUNK), () => new Error('unused'), { lenient: true }) as Item[];
      items.push(...part);
      readClashFacts(db, part, facts);
    });
  }
  if (items.length < refs.length) throw notInBin(ctx)(refs.length - items.length);
  return { items, facts };
}

/** The recycleBin:restore channel: decide first (clashes; many items read in chunks), then bring the records back in steps. */
export async function restoreFromBinInSteps(ctx: UserCallContext, refs: readonly BinRef[], onClash: 'ask' | 'skip' | 'restore' = 'ask') {
  const batchId = newBatchId();
  const read = refs.length > PLAN_CHUNK ? await readPlanInChunks(ctx, refs) : undefined;
  const { items, skipped } = ctx.app.db.tx(() => planRestore(ctx, refs, onClash, read));
  const restored = await reviveInSteps(ctx, items, batchId, actor(ctx));
  return { restored, skipped, batchId: restored ? batchId : null };
}
