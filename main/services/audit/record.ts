// Writes audit entries. Call inside the same db.tx() as the change it records.
// Entries are hash-chained: hash = sha256(prev_hash + canonical JSON of the entry's content).
import { createHash, randomUUID } from 'node:crypto';
import type { Db } from '../../../db/sql';

export interface FieldChange {
  field: string;
  old: unknown;
  new: unknown;
}

export interface AuditEntry {
  at: string;
  userId: number | null;
  userName: string | null;
  action: string;
  entity?: string | null;
  entityId?: number | null;
  batchId?: string | null;
  changes?: FieldChange[] | null;
  summary?: string | null;
}

export const GENESIS_HASH = '0'.repeat(64);

/** Keys that must never be stored in the audit log, whatever a caller passes. */
const SECRET_FIELDS = /pass(word|phrase)|secret|hash|token/i;

export function redactChanges(changes: FieldChange[] | null | undefined): FieldChange[] | null {
  if (!changes) return null;
  return changes.map((c) => (SECRET_FIELDS.test(c.field) ? { field: c.field, old: '***', new: '***' } : c));
}

export function canonicalAuditContent(e: {
  at: string;
  user_id: number | null;
  user_name: string | null;
  action: string;
  entity: string | null;
  entity_id: number | null;
  batch_id: string | null;
  changes: string | null;
  summary: string | null;
}): string {
  return JSON.stringify([e.at, e.user_id, e.user_name, e.action, e.entity, e.entity_id, e.batch_id, e.changes, e.summary]);
}

export function chainHash(prevHash: string, content: string): string {
  return createHash('sha256').update(prevHash).update('\n').update(content).digest('hex');
}

export function newBatchId(): string {
  return randomUUID();
}

function lastHash(db: Db): string {
  const row = db.prepare('SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1').get() as { hash: string } | undefined;
  return row?.hash ?? GENESIS_HASH;
}

/** Append entries (one statement each) continuing the hash chain. Must run inside a transaction. */
export function recordAudit(db: Db, entries: AuditEntry | AuditEntry[]): void {
  const list = Array.isArray(entries) ? entries : [entries];
  if (!list.length) return;
  if (!db.raw.inTransaction) throw new Error('recordAudit must run inside the transaction of the change it records');
  const insert = db.prepare(
    `INSERT INTO audit_log (at, user_id, user_name, action, entity, entity_id, batch_id, changes, summary, prev_hash, hash)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  let prev = lastHash(db);
  for (const e of list) {
    const row = {
      at: e.at,
      user_id: e.userId,
      user_name: e.userName,
      action: e.action,
      entity: e.entity ?? null,
      entity_id: e.entityId ?? null,
      batch_id: e.batchId ?? null,
      changes: e.changes ? JSON.stringify(redactChanges(e.changes)) : null,
      summary: e.summary ?? null,
    };
    const hash = chainHash(prev, canonicalAuditContent(row));
    insert.run(row.at, row.user_id, row.user_name, row.action, row.entity, row.entity_id, row.batch_id, row.changes, row.summary, prev, hash);
    prev = hash;
  }
}

/** Walk the chain from the start; report the first entry whose link or hash does not match. */
export function verifyAuditChain(db: Db): { ok: boolean; checked: number; brokenAt?: number } {
  let prev = GENESIS_HASH;
  let checked = 0;
  const rows = db.raw
    .prepare(
      'SELECT id, at, user_id, user_name, action, entity, entity_id, batch_id, changes, summary, prev_hash, hash FROM audit_log ORDER BY id',
    )
    .iterate() as Iterable<{
    id: number;
    at: string;
    user_id: number | null;
    user_name: string | null;
    action: string;
    entity: string | null;
    entity_id: number | null;
    batch_id: string | null;
    changes: string | null;
    summary: string | null;
    prev_hash: string;
    hash: string;
  }>;
  for (const r of rows) {
    if (r.prev_hash !== prev || chainHash(prev, canonicalAuditContent(r)) !== r.hash) {
      return { ok: false, checked, brokenAt: r.id };
    }
    prev = r.hash;
    checked++;
  }
  return { ok: true, checked };
}
