// recycleBin:purge and the retention purge: records leave the database for good. In one transaction
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

interface Found {
  entity: BinRef['entity'];
  id: number;
  name: string;
  owner_id: number | null;
  customer_id: number;
}

const NAME_SQL = { customer: 'name', deal: 'name', followUp: "'#' || id" } as const;

/** The referenced records, which must be in the bin and (scope own) owned by the user. */
export function loadBinRefs(db: Db, user: SessionUser | null, refs: readonly BinRef[], notFound: (n: number) => Error): Found[] {
  const out: Found[] = [];
  for (const r of refs) {
    const table = TABLE_OF[r.entity];
    const cust = r.entity === 'customer' ? 'id' : 'customer_id';
    const row = db
      .prepare(`SELECT id, ${NAME_SQL[r.entity]} AS name, owner_id, ${cust} AS customer_id FROM ${table} WHERE id = ? AND deleted_at IS NOT NULL`)
      .get(r.id) as Omit<Found, 'entity'> | undefined;
    if (row && (!user || user.scope === 'all' || row.owner_id === user.id)) out.push({ entity: r.entity, ...row });
  }
  if (out.length < refs.length) throw notFound(refs.length - out.length);
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
      `SELECT a.id, a.entity_id, a.changes FROM audit_log a LEFT JOIN audit_redactions r ON r.audit_id = a.id
       WHERE a.entity = ? AND a.entity_id ${IN} AND a.changes IS NOT NULL AND a.changes_sha IS NOT NULL AND r.audit_id IS NULL`,
    )
    .all(entity, json(ids)) as { id: number; entity_id: number; changes: string }[];
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

/**
 * Purge the given bin items (already checked). `who` is the caller, or the system for the retention purge.
 * Returns the number of top-level items.
 */
export function purgeRefs(
  app: AppContext,
  user: SessionUser | null,
  refs: readonly BinRef[],
  action: string,
  who: Pick<AuditEntry, 'at' | 'userId' | 'userName'>,
  notFound: (n: number) => Error = (n) => new AppError('NOT_FOUND', `${n} not in the recycle bin`),
): PurgeResult {
  const { db } = app;
  const batchId = newBatchId();
  db.raw.pragma('secure_delete = ON');
  try {
    return db.tx(() => {
      const found = loadBinRefs(db, user, refs, notFound);
      if (!found.length) return { purged: 0, batchId: null, redacted: 0 };
      const x = expand(db, found);
      const names = new Map(found.map((f) => [`${f.entity}:${f.id}`, f.name]));
      const entries: AuditEntry[] = [];
      const add = (entity: string, id: number, name: string) =>
        entries.push({ ...who, action: `${entity}.purge`, entity, entityId: id, batchId, summary: name, changes: null });
      for (const cst of x.customers) add('customer', cst.id, cst.name);
      for (const dl of x.deals) add('deal', dl.id, dl.name);
      for (const f of x.followUps) add('followUp', f, names.get(`followUp:${f}`) ?? `#${f}`);
      for (const r of x.reminders) add('reminder', r, `#${r}`);
      // one entry naming the whole purge, so the viewer shows what the user (or the retention rule) did
      entries.push({ ...who, action, entity: null, entityId: null, batchId, summary: found.map((f) => f.name).slice(0, 20).join('、'), changes: null });
      recordAudit(db, entries);
      // ids of the purge entries just written, to link every redaction to the entry that justifies it
      const written = db
        .prepare('SELECT id, entity, entity_id FROM audit_log WHERE batch_id = ? AND entity IS NOT NULL')
        .all(batchId) as { id: number; entity: string; entity_id: number }[];
      const entryOf = new Map(written.map((w) => [`${w.entity}:${w.entity_id}`, w.id]));
      let redacted = 0;
      const redact = (entity: string, ids: number[]) => {
        if (ids.length) redacted += redactAudit(db, entity, ids, (id) => entryOf.get(`${entity}:${id}`)!, who.at);
      };
      redact('customer', x.customers.map((c) => c.id));
      redact('deal', x.deals.map((d) => d.id));
      redact('followUp', x.followUps);
      redact('reminder', x.reminders);

      // the rows, children first (foreign keys); live follow-ups lose the link to a purged deal
      db.prepare(`DELETE FROM reminders WHERE id ${IN}`).run(x.r);
      db.prepare(`UPDATE follow_ups SET deal_id = NULL WHERE deal_id ${IN} AND id NOT ${IN}`).run(x.d, x.fu);
      db.prepare(`DELETE FROM follow_ups WHERE id ${IN}`).run(x.fu);
      db.prepare(`DELETE FROM deals WHERE id ${IN}`).run(x.d);
      db.prepare(`DELETE FROM pool_claims WHERE customer_id ${IN}`).run(x.c);
      db.prepare(`DELETE FROM customer_tags WHERE customer_id ${IN}`).run(x.c);
      db.prepare(
        `DELETE FROM automation_runs WHERE (entity = 'customer' AND entity_id ${IN}) OR (entity = 'deal' AND entity_id ${IN}) OR (entity = 'followUp' AND entity_id ${IN})`,
      ).run(x.c, x.d, x.fu);
      const links = [...x.customers.map((c) => `/customers/${c.id}`), ...x.deals.map((d) => `/deals/${d.id}`)];
      db.prepare(`DELETE FROM notifications WHERE link IN (SELECT value FROM json_each(?))`).run(JSON.stringify(links));
      db.prepare(`DELETE FROM customers WHERE id ${IN}`).run(x.c);
      unindexCustomers(
        db,
        x.customers.map((c) => c.id),
      );
      return { purged: found.length, batchId, redacted };
    });
  } finally {
    db.raw.pragma('secure_delete = OFF');
  }
}

export async function purgeFromBin(ctx: UserCallContext, refs: readonly BinRef[]): Promise<{ purged: number; batchId: string | null }> {
  const r = purgeRefs(ctx.app, ctx.user, refs, 'recycleBin.purge', actor(ctx), (n) =>
    new AppError('NOT_FOUND', ctx.t('recycleBin.errors.notInBin', { count: n }), { missing: n }),
  );
  if (r.purged) await scrubAfterPurge(ctx.app);
  return { purged: r.purged, batchId: r.batchId };
}

/**
 * Make the purged bytes unrecoverable from the file: merge the FTS segments (a deleted row's tokens stay in
 * old segments until merged), VACUUM (free space written before secure_delete was on) and truncate the WAL.
 * Runs in a worker thread with its own connection so the main process stays responsive.
 */
export async function scrubAfterPurge(app: AppContext): Promise<void> {
  try {
    await runScrub(app.dbFile, app.nativeBinding);
  } catch (e) {
    // the rows are gone already; the next purge or the daily run scrubs again
    app.log.warn('recycle bin scrub failed', { error: e instanceof Error ? e.message : String(e) });
  }
}
