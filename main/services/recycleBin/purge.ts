// recycleBin:purge and the retention purge: records leave the database for good, in short transactions
// with secure_delete on (freed cells are overwritten with zeros): the rows and everything that belongs
// to them (a customer's deals of any batch, follow-ups, reminders, tags, pool rows, automation runs,
// notifications linking to them, search rows), the values in the audit entries of those records are
// redacted (see docs/decisions/audit-purge.md), and one '<entity>.purge' entry per record says it
// happened (id + name only). Afterwards scrubAfterPurge rebuilds the file off the main thread.
import type { AppContext, UserCallContext } from '../../ipc/context';
import { AppError } from '../../ipc/errors';
import type { Db } from '../../../db/sql';
import type { SessionUser } from '../../contract/auth';
import { actor } from '../audit/actor';
import { newBatchId, recordAudit, type AuditEntry } from '../audit/record';
import { unindexCustomers } from '../customers/searchIndex';
import { TABLE_OF, type BinRef } from './keys';
import { runScrub } from './scrub';
import { BULK_STEPS, inSteps, walSettle } from '../../platform/inSteps';
import { tFor } from '../../i18n';

interface Found {
  entity: BinRef['entity'];
  id: number;
  name: string;
  owner_id: number | null;
  customer_id: number;
}

const NAME_SQL = { customer: 'name', deal: 'name', followUp: "'#' || id" } as const;

/** The referenced records, which must be in the bin and (scope own) owned by the user. */
export function loadBinRefs(
  db: Db,
  user: SessionUser | null,
  refs: readonly BinRef[],
  notFound: (n: number) => Error,
  opts: { lenient?: boolean } = {},
): Found[] {
  // one read per kind (a statement per ref cost ~10 µs each: 100 ms for 10,000 refs before a purge's first step)
  const byKind = new Map<BinRef['entity'], Map<number, Omit<Found, 'entity'>>>();
  for (const entity of new Set(refs.map((r) => r.entity))) {
    const cust = entity === 'customer' ? 'id' : 'customer_id';
    const rows = db
      .prepare(
        `SELECT id, ${NAME_SQL[entity]} AS name, owner_id, ${cust} AS customer_id FROM ${TABLE_OF[entity]}
         WHERE id IN (SELECT value FROM json_each(?)) AND +deleted_at IS NOT NULL`,
      )
      .all(JSON.stringify(refs.filter((r) => r.entity === entity).map((r) => r.id))) as Omit<Found, 'entity'>[];
    byKind.set(entity, new Map(rows.map((row) => [row.id, row])));
  }
  const out: Found[] = [];
  for (const r of refs) {
    const row = byKind.get(r.entity)?.get(r.id);
    if (row && (!user || user.scope === 'all' || row.owner_id === user.id)) out.push({ entity: r.entity, ...row });
  }
  if (out.length < refs.length && !opts.lenient) throw notFound(refs.length - out.length);
  return out;
}

const json = (ids: Iterable<number>) => JSON.stringify([...new Set(ids)]);
const IN = 'IN (SELECT value FROM json_each(?))';

/** Everything that goes with the purged records: ids per table, names for the audit entries. */
function expand(db: Db, found: Found[]) {
  const customers = found.filter((f) => f.entity === 'customer');
  const c = json(customers.map((f) => f.id));
  const deals = db.prepare(`SELECT id, name FROM deals WHERE customer_id ${IN} OR id ${IN}`).all(c, json(found.filter((f) => f.entity === 'deal').map((f) => f.id))) as {
    id: number;
    name: string;
  }[];
  const d = json(deals.map((x) => x.id));
  const followUps = db
    .prepare(`SELECT id FROM follow_ups WHERE customer_id ${IN} OR id ${IN}`)
    .pluck()
    .all(c, json(found.filter((f) => f.entity === 'followUp').map((f) => f.id))) as number[];
  const fu = json(followUps);
  const reminders = db.prepare(`SELECT id FROM reminders WHERE customer_id ${IN} OR deal_id ${IN} OR follow_up_id ${IN}`).pluck().all(c, d, fu) as number[];
  return { customers, c, deals, d, followUps, fu, reminders, r: json(reminders) };
}

/** Replace the values of these records' earlier audit entries by their field names (the chain covers only their digest). */
function redactAudit(db: Db, entity: string, ids: readonly number[], purgeEntryId: (id: number) => number, at: string): number {
  const rows = db
    .prepare(
      // driven from the ids through audit_entity: with the seed's planner statistics SQLite scanned the whole
      // audit log (850k entries at 1M customers) with a Bloom filter for every step of a purge
      `SELECT a.id, a.entity_id, a.changes FROM json_each(?) j CROSS JOIN audit_log a INDEXED BY audit_entity
       LEFT JOIN audit_redactions r ON r.audit_id = a.id
       WHERE a.entity = ? AND a.entity_id = j.value AND a.changes IS NOT NULL AND a.changes_sha IS NOT NULL AND r.audit_id IS NULL`,
    )
    .all(json(ids), entity) as { id: number; entity_id: number; changes: string }[];
  const mark = db.prepare('INSERT INTO audit_redactions (audit_id, purge_audit_id, at) VALUES (?, ?, ?)');
  const set = db.prepare('UPDATE audit_log SET changes = ? WHERE id = ?');
  for (const a of rows) {
    let fields: string[];
    try {
      fields = (JSON.parse(a.changes) as { field: string }[]).map((x) => String(x.field));
    } catch {
      fields = [];
    }
    mark.run(a.id, purgeEntryId(a.entity_id), at);
    set.run(JSON.stringify(fields.map((field) => ({ field }))), a.id);
  }
  return rows.length;
}

export interface PurgeResult {
  purged: number;
  batchId: string | null;
  redacted: number;
}

type Who = Pick<AuditEntry, 'at' | 'userId' | 'userName'>;

/**
 * One step of a purge, inside the caller's transaction: `found` go with everything that belongs to them.
 * `summary` (the first step's) writes the entry naming the whole purge. Returns how many audit values were redacted.
 */
function purgeFound(db: Db, found: readonly Found[], batchId: string, action: string, who: Who, summary: string | null): number {
  const x = expand(db, [...found]);
  const names = new Map(found.map((f) => [`${f.entity}:${f.id}`, f.name]));
  const entries: AuditEntry[] = [];
  const add = (entity: string, id: number, name: string) =>
    entries.push({ ...who, action: `${entity}.purge`, entity, entityId: id, batchId, summary: name, changes: null });
  for (const cst of x.customers) add('customer', cst.id, cst.name);
  for (const dl of x.deals) add('deal', dl.id, dl.name);
  for (const f of x.followUps) add('followUp', f, names.get(`followUp:${f}`) ?? `#${f}`);
  for (const r of x.reminders) add('reminder', r, `#${r}`);
  // one entry naming the whole purge, so the viewer shows what the user (or the retention rule) did
  if (summary) entries.push({ ...who, action, entity: null, entityId: null, batchId, summary, changes: null });
  // ids of the purge entries about to be written (after this mark), to link every redaction to its entry
  const mark = (db.prepare('SELECT coalesce(max(id), 0) AS m FROM audit_log').get() as { m: number }).m;
  recordAudit(db, entries);
  const written = db
    .prepare('SELECT id, entity, entity_id FROM audit_log WHERE id > ? AND batch_id = ? AND entity IS NOT NULL')
    .all(mark, batchId) as { id: number; entity: string; entity_id: number }[];
  const entryOf = new Map(written.map((w) => [`${w.entity}:${w.entity_id}`, w.id]));
  let redacted = 0;
  const redact = (entity: string, ids: number[]) => {
    if (ids.length) redacted += redactAudit(db, entity, ids, (id) => entryOf.get(`${entity}:${id}`)!, who.at);
  };
  redact('customer', x.customers.map((c) => c.id));
  redact('deal', x.deals.map((d) => d.id));
  redact('followUp', x.followUps);
  redact('reminder', x.reminders);

  // the rows, children first (foreign keys); live follow-ups lose the link to a purged deal. Freed cells are
  // zeroed: secure_delete is on for every writable connection (db/connection.ts).
  db.prepare(`DELETE FROM reminders WHERE id ${IN}`).run(x.r);
  db.prepare(`UPDATE follow_ups SET deal_id = NULL WHERE deal_id ${IN} AND id NOT ${IN}`).run(x.d, x.fu);
  db.prepare(`DELETE FROM follow_ups WHERE id ${IN}`).run(x.fu);
  db.prepare(`DELETE FROM deals WHERE id ${IN}`).run(x.d);
  db.prepare(`DELETE FROM pool_claims WHERE customer_id ${IN}`).run(x.c);
  db.prepare(`DELETE FROM customer_tags WHERE customer_id ${IN}`).run(x.c);
  // automation_runs_entity and notifications_link (migration 0019): a step used to scan both tables
  const runs = db.prepare(`DELETE FROM automation_runs WHERE entity = ? AND entity_id ${IN}`);
  runs.run('customer', x.c);
  runs.run('deal', x.d);
  runs.run('followUp', x.fu);
  const links = [...x.customers.map((c) => `/customers/${c.id}`), ...x.deals.map((d) => `/deals/${d.id}`)];
  db.prepare(`DELETE FROM notifications WHERE link IN (SELECT value FROM json_each(?))`).run(JSON.stringify(links));
  db.prepare(`DELETE FROM customers WHERE id ${IN}`).run(x.c);
  unindexCustomers(
    db,
    x.customers.map((c) => c.id),
  );
  return redacted;
}

/**
 * Purge the given bin items (checked here) in steps (main/platform/inSteps.ts: ~30 ms transactions, the event
 * loop turning in between): 10,000 customers with their deals and follow-ups took ~5 s at 1M customers in one
 * transaction that froze every window.
 * Every item is checked first (one missing → NOT_FOUND, nothing written). Each step is whole (its items with
 * everything that belongs to them, their audit entries and redactions); all steps share the batch id, and the
 * first writes the entry naming the whole purge. A step re-reads its items leniently: one that went with its
 * customer in an earlier step counts as purged, one restored meanwhile is skipped.
 */
export async function purgeRefsInSteps(
  app: AppContext,
  user: SessionUser | null,
  refs: readonly BinRef[],
  action: string,
  who: Who,
  opts: { notFound?: (n: number) => Error; onStep?: (done: number, total: number, batchId: string) => void } = {},
): Promise<PurgeResult> {
  const { db } = app;
  const notFound = opts.notFound ?? ((n: number) => new AppError('NOT_FOUND', `${n} not in the recycle bin`));
  const batchId = newBatchId();
  const all = db.tx(() => loadBinRefs(db, user, refs, notFound));
  if (!all.length) return { purged: 0, batchId: null, redacted: 0 };
  // customers first: their deals and follow-ups go with them, so the later refs to those are skipped
  const ordered = [...all.filter((f) => f.entity === 'customer'), ...all.filter((f) => f.entity !== 'customer')];
  // the first 20 names, separated as the app's language does (stored text)
  let summary: string | null = all.slice(0, 20).map((f) => f.name).join(tFor(app.locale())('audit.summaries.listSep'));
  let purged = 0;
  let redacted = 0;
  await inSteps(
    ordered,
    (part) => {
      db.tx(() => {
        const found = loadBinRefs(db, user, part, () => new Error('unused'), { lenient: true });
        // an item whose row is gone went with its customer in an earlier step: it was purged all the same
        const here = new Set(found.map((f) => `${f.entity}:${f.id}`));
        for (const f of part) {
          if (!here.has(`${f.entity}:${f.id}`) && !db.prepare(`SELECT 1 FROM ${TABLE_OF[f.entity]} WHERE id = ?`).get(f.id)) purged++;
        }
        if (!found.length) return;
        redacted += purgeFound(db, found, batchId, action, who, summary);
        summary = null;
        purged += found.length;
      });
    },
    { ...BULK_STEPS, db, settle: walSettle(app), onStep: (done, total) => opts.onStep?.(done, total, batchId) },
  );
  // all rows are gone; the window shows it while the scrub (a worker) still runs before the call returns
  opts.onStep?.(ordered.length, ordered.length, batchId);
  return { purged, batchId: purged ? batchId : null, redacted };
}

export async function purgeFromBin(ctx: UserCallContext, refs: readonly BinRef[]): Promise<{ purged: number; batchId: string | null }> {
  const r = await purgeRefsInSteps(ctx.app, ctx.user, refs, 'recycleBin.purge', actor(ctx), {
    notFound: (n) => new AppError('NOT_FOUND', ctx.t('recycleBin.errors.notInBin', { count: n }), { missing: n }),
    onStep: (done, total, jobId) => ctx.app.events.send(ctx.caller, 'progress', { task: 'purge', jobId, done, total }),
  });
  if (r.purged) await scrubAfterPurge(ctx.app);
  return { purged: r.purged, batchId: r.batchId };
}

/**
 * Make the purged bytes unrecoverable from the file: merge the FTS segments (a deleted row's tokens stay in
 * old segments until merged), VACUUM (free space written before secure_delete was on) and truncate the WAL.
 * Runs in a worker thread with its own connection so the main process stays responsive.
 */
export async function scrubAfterPurge(app: AppContext): Promise<void> {
  const t0 = performance.now();
  try {
    const r = await runScrub(app.dbFile, app.nativeBinding, app);
    app.log.info('recycle bin scrub', { merges: r.merges, ms: Math.round(performance.now() - t0) });
  } catch (e) {
    // the rows are gone already; the next purge or the daily run scrubs again
    app.log.warn('recycle bin scrub failed', { error: e instanceof Error ? e.message : String(e) });
  }
}
