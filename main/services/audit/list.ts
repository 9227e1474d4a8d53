// audit:list — entries newest first by the viewer's filters. Who may read what (docs/decisions/audit-purge.md):
// audit.view reads everything; without it, a user may read one customer's own history (entity
// 'customer' + entityId) when they may see that customer (customers.view + data scope) — that is the
// 变更记录 tab of the detail page.
import type { UserCallContext } from '../../ipc/context';
import { AppError } from '../../ipc/errors';
import type { Db } from '../../../db/sql';
import type { AuditEntryRow, AuditFilter } from '../../contract/audit';
import { canSeeOwner } from '../auth/scope';
import { isBatchUndoable, undoableChanges } from './undo';
import type { AuditChainRow } from './record';

/** An audit_log row as the viewer reads it (the chain columns are not needed here). */
type Row = Omit<AuditChainRow, 'prev_hash' | 'hash' | 'changes_sha' | 'redaction_ok'>;

export function checkAuditAccess(ctx: UserCallContext, f: AuditFilter): void {
  if (ctx.user.permissions.includes('audit.view')) return;
  if (f.entity === 'customer' && f.entityId !== undefined && ctx.user.permissions.includes('customers.view')) {
    const c = ctx.app.db.prepare('SELECT owner_id FROM customers WHERE id = ?').get(f.entityId) as { owner_id: number | null } | undefined;
    if (!c || !canSeeOwner(ctx.user, c.owner_id)) throw new AppError('NOT_FOUND', ctx.t('customers.errors.notFound'));
    return;
  }
  throw new AppError('FORBIDDEN', ctx.t('errors.forbidden', { permission: ctx.t('audit.permissionName') }), { permission: 'audit.view' });
}

/** Batch ids are UUIDs (newBatchId); a shorter filter of at least BATCH_PREFIX_MIN characters is their start. */
const BATCH_ID_LENGTH = 36;
const BATCH_PREFIX_MIN = 6;

/** WHERE clause of the filters (shared by list and export). */
export function filterSql(f: AuditFilter): { sql: string; params: unknown[] } {
  const where: string[] = [];
  const params: unknown[] = [];
  const eq = (col: string, v: unknown) => {
    if (v === undefined) return;
    where.push(`a.${col} = ?`);
    params.push(v);
  };
  eq('entity', f.entity);
  eq('entity_id', f.entityId);
  eq('user_id', f.userId);
  // a batch by its whole id, or by the start of it (6+ characters: the short id the batch-edit result shows
  // someone without the audit log, to read out to whoever has it)
  if (f.batchId !== undefined && f.batchId.length >= BATCH_PREFIX_MIN && f.batchId.length < BATCH_ID_LENGTH) {
    where.push('a.batch_id >= ? AND a.batch_id < ?');
    params.push(f.batchId, `${f.batchId}\uffff`);
  } else eq('batch_id', f.batchId);
  if (f.action) {
    if (f.action.endsWith('.')) {
      where.push('a.action >= ? AND a.action < ?');
      params.push(f.action, `${f.action}\uffff`);
    } else eq('action', f.action);
  }
  // `at` is stored as ISO UTC text: compare normalized instants
  if (f.from) {
    where.push('a.at >= ?');
    params.push(new Date(f.from).toISOString());
  }
  if (f.to) {
    where.push('a.at <= ?');
    params.push(new Date(f.to).toISOString());
  }
  return { sql: where.length ? where.join(' AND ') : '1=1', params };
}

export const ENTRY_SELECT = `SELECT a.id, a.at, a.user_id, a.user_name, a.action, a.entity, a.entity_id, a.batch_id, a.changes, a.summary,
  (r.audit_id IS NOT NULL) AS redacted FROM audit_log a LEFT JOIN audit_redactions r ON r.audit_id = a.id`;

export function toEntry(r: Row): AuditEntryRow {
  let changes: AuditEntryRow['changes'] = null;
  if (r.changes) {
    try {
      changes = (JSON.parse(r.changes) as { field: string; old?: unknown; new?: unknown }[]).map((c) =>
        r.redacted ? { field: c.field, old: null, new: null, redacted: true } : { field: c.field, old: c.old ?? null, new: c.new ?? null },
      );
    } catch {
      changes = null;
    }
  }
  return {
    id: r.id,
    at: r.at,
    userId: r.user_id,
    userName: r.user_name,
    action: r.action,
    entity: r.entity,
    entityId: r.entity_id,
    batchId: r.batch_id,
    changes,
    summary: r.summary,
    redacted: !!r.redacted,
    revertible: undoableChanges(r).length > 0,
    batchUndoable: isBatchUndoable(r.action, r.batch_id),
  };
}

export function listAudit(ctx: UserCallContext, input: AuditFilter & { cursor?: string | null; limit?: number }) {
  checkAuditAccess(ctx, input);
  const db: Db = ctx.app.db;
  const limit = input.limit ?? 100;
  const f = filterSql(input);
  let sql = f.sql;
  const params = [...f.params];
  if (input.cursor) {
    const before = Number(input.cursor);
    if (!Number.isInteger(before) || before < 1) {
      throw new AppError('INVALID_INPUT', ctx.t('recycleBin.errors.badCursor'), { fieldErrors: { cursor: ctx.t('recycleBin.errors.badCursor') } });
    }
    sql += ' AND a.id < ?';
    params.push(before);
  }
  const rows = input.action?.endsWith('.') ? byActionPrefix(db, input, input.cursor ? Number(input.cursor) : null, limit + 1) : (db.prepare(`${ENTRY_SELECT} WHERE ${sql} ORDER BY a.id DESC LIMIT ?`).all(...params, limit + 1) as Row[]);
  const page = rows.slice(0, limit);
  return { rows: page.map(toEntry), nextCursor: rows.length > limit ? String(page[page.length - 1].id) : null };
}

/**
 * A page filtered by an action prefix ('customer.'), newest first. As one range of audit_action, SQLite read
 * every entry of the prefix and sorted them (605 ms for the customer actions among 1.3M audit rows); each
 * action's own part of the index is already in id order, so one short arm per action (the distinct actions
 * are found by seeking, a handful) is merged by id: at most `n` entries read per action.
 */
function byActionPrefix(db: Db, input: AuditFilter, before: number | null, n: number): Row[] {
  const prefix = input.action!;
  const end = `${prefix}\uffff`;
  const next = db.prepare('SELECT action FROM audit_log INDEXED BY audit_action WHERE action > ? AND action < ? ORDER BY action LIMIT 1').pluck();
  const actions: string[] = [];
  for (let a = db.prepare('SELECT action FROM audit_log INDEXED BY audit_action WHERE action >= ? AND action < ? ORDER BY action LIMIT 1').pluck().get(prefix, end) as string | undefined; a !== undefined; a = next.get(a, end) as string | undefined) {
    actions.push(a);
  }
  if (!actions.length) return [];
  const rest = filterSql({ ...input, action: undefined });
  const cursor = before !== null ? ' AND a.id < ?' : '';
  const arm = `SELECT a.id FROM audit_log a INDEXED BY audit_action WHERE a.action = ? AND ${rest.sql}${cursor} ORDER BY a.id DESC LIMIT ?`;
  const sql = actions.map(() => `SELECT id FROM (${arm})`).join(' UNION ALL ');
  const params = actions.flatMap((a) => [a, ...rest.params, ...(before !== null ? [before] : []), n]);
  return db.prepare(`${ENTRY_SELECT} WHERE a.id IN (SELECT id FROM (${sql}) ORDER BY id DESC LIMIT ?) ORDER BY a.id DESC`).all(...params, n) as Row[];
}
