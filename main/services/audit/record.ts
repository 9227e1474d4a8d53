// Writes audit entries. Call inside the same db.tx() as the change it records.
// Entries are hash-chained: hash = sha256(prev_hash + canonical JSON of the entry's content).
// Since migration 7 the content covers changes_sha = sha256(changes) rather than the changes text, so a
// purge may redact the values of a purged record's entries (docs/decisions/audit-purge.md) while the
// chain still verifies; verification then checks the digest of every entry that was not redacted.
import crypto, { createHash, randomUUID } from 'node:crypto';
import type { Selectable } from 'kysely';
import type { Db } from '../../../db/sql';
import type { AuditLogTable } from '../../../db/schema';

export interface FieldChange {
  field: string;
  old: unknown;
  new: unknown;
  /**
   * On the customer status change a won deal makes (deals/closing.ts): that deal's id. Reopening the deal finds
   * the change by it, whatever language the summary was written in.
   */
  wonByDeal?: number;
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
  /**
   * `changes` already serialized by serializeChanges() (an import computes them on a helper thread);
   * when given, `changes` is not looked at
   */
  serialized?: SerializedChanges | null;
  summary?: string | null;
}

/** What the log stores of an entry's changes: JSON of the redacted changes, and that text's digest. */
export interface SerializedChanges {
  json: string;
  sha: string;
}

export const GENESIS_HASH = '0'.repeat(64);

/** Keys that must never be stored in the audit log, whatever a caller passes. */
const SECRET_FIELDS = /pass(word|phrase)|secret|hash|token/i;

export function redactChanges(changes: FieldChange[] | null | undefined): FieldChange[] | null {
  if (!changes) return null;
  return changes.map((c) => (SECRET_FIELDS.test(c.field) ? { field: c.field, old: '***', new: '***' } : c));
}

export function serializeChanges(changes: FieldChange[] | null | undefined): SerializedChanges | null {
  if (!changes) return null;
  const json = JSON.stringify(redactChanges(changes));
  return { json, sha: sha256Hex(json) };
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

// crypto.hash (Node ≥ 20.12): one call, no Hash object per digest — an import hashes two per entry
const oneShot = (crypto as { hash?: (alg: string, data: string, enc: 'hex') => string }).hash;

export function sha256Hex(text: string): string {
  return oneShot ? oneShot('sha256', text, 'hex') : createHash('sha256').update(text).digest('hex');
}

/** What the chain covers in place of `changes`: its digest when the entry has one (written since migration 7). */
export function chainedChanges(changes: string | null, changesSha: string | null): string | null {
  return changesSha ?? changes;
}

export function chainHash(prevHash: string, content: string): string {
  return sha256Hex(`${prevHash}\n${content}`);
}

export function newBatchId(): string {
  return randomUUID();
}

function lastHash(db: Db): string {
  const row = db.prepare('SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1').get() as { hash: string } | undefined;
  return row?.hash ?? GENESIS_HASH;
}

const COLUMNS = '(at, user_id, user_name, action, entity, entity_id, batch_id, changes, summary, prev_hash, hash, changes_sha)';
const PER_ROW = 12;
/** entries per INSERT statement when many are written at once (an import writes thousands per chunk) */
const BATCH = 64;
const valuesFor = (n: number) => Array.from({ length: n }, () => `(${new Array(PER_ROW).fill('?').join(', ')})`).join(', ');
const SQL_BATCH = `INSERT INTO audit_log ${COLUMNS} VALUES ${valuesFor(BATCH)}`;
const SQL_ONE = `INSERT INTO audit_log ${COLUMNS} VALUES ${valuesFor(1)}`;

/** Append entries continuing the hash chain (64 entries per statement). Must run inside a transaction. */
export function recordAudit(db: Db, entries: AuditEntry | AuditEntry[]): void {
  const list = Array.isArray(entries) ? entries : [entries];
  if (!list.length) return;
  if (!db.raw.inTransaction) throw new Error('recordAudit must run inside the transaction of the change it records');
  let prev = lastHash(db);
  const args: unknown[] = [];
  let rows = 0;
  for (const e of list) {
    const ser = e.serialized !== undefined ? e.serialized : serializeChanges(e.changes);
    const row = {
      at: e.at,
      user_id: e.userId,
      user_name: e.userName,
      action: e.action,
      entity: e.entity ?? null,
      entity_id: e.entityId ?? null,
      batch_id: e.batchId ?? null,
      changes: ser ? ser.json : null,
      summary: e.summary ?? null,
    };
    const changesSha = ser ? ser.sha : null;
    const hash = chainHash(prev, canonicalAuditContent({ ...row, changes: chainedChanges(row.changes, changesSha) }));
    args.push(row.at, row.user_id, row.user_name, row.action, row.entity, row.entity_id, row.batch_id, row.changes, row.summary, prev, hash, changesSha);
    prev = hash;
    if (++rows === BATCH) {
      db.prepare(SQL_BATCH).run(args);
      args.length = 0;
      rows = 0;
    }
  }
  const one = rows ? db.prepare(SQL_ONE) : null;
  for (let i = 0; i < rows; i++) one!.run(args.slice(i * PER_ROW, (i + 1) * PER_ROW));
}

/** An audit entry as the chain check reads it (CHAIN_SELECT): the row plus what audit_redactions says of it. */
export type AuditChainRow = Selectable<AuditLogTable> & {
  /** 1 when a purge redacted this entry's values (audit_redactions) */
  redacted: number;
  /** 1 when that redaction names a later '<entity>.purge' entry of the same record */
  redaction_ok: number;
};

export const CHAIN_SELECT = `SELECT a.id, a.at, a.user_id, a.user_name, a.action, a.entity, a.entity_id, a.batch_id, a.changes, a.summary,
  a.prev_hash, a.hash, a.changes_sha, (r.audit_id IS NOT NULL) AS redacted,
  (p.id > a.id AND p.action = a.entity || '.purge' AND p.entity IS a.entity AND p.entity_id IS a.entity_id) AS redaction_ok
  FROM audit_log a LEFT JOIN audit_redactions r ON r.audit_id = a.id LEFT JOIN audit_log p ON p.id = r.purge_audit_id`;

/**
 * One link of the chain: the entry continues `prev` and its hash matches its content; its changes match
 * their digest unless a purge redacted them (then only the digest, which the chain covers, remains).
 */
export function checkChainRow(prev: string, r: AuditChainRow): boolean {
  if (r.prev_hash !== prev) return false;
  if (chainHash(prev, canonicalAuditContent({ ...r, changes: chainedChanges(r.changes, r.changes_sha) })) !== r.hash) return false;
  if (r.changes_sha !== null && !r.redacted && (r.changes === null || sha256Hex(r.changes) !== r.changes_sha)) return false;
  // a redaction is legitimate only when a later purge entry of the same record is in the chain
  if (r.redacted && !r.redaction_ok) return false;
  return true;
}

/**
 * The same walk in chunks by id, yielding to the event loop between chunks, so millions of entries never
 * block the main process for long. Entries appended meanwhile are checked too (they continue the chain).
 */
export async function verifyAuditChainChunked(
  db: Db,
  opts: { chunk?: number; onProgress?: (checked: number) => void } = {},
): Promise<{ ok: boolean; checked: number; brokenAt?: number; redacted: number }> {
  const chunk = opts.chunk ?? 2000;
  const stmt = db.raw.prepare(`${CHAIN_SELECT} WHERE a.id > ? ORDER BY a.id LIMIT ?`);
  let prev = GENESIS_HASH;
  let checked = 0;
  let redacted = 0;
  let lastId = 0;
  for (;;) {
    const rows = stmt.all(lastId, chunk) as AuditChainRow[];
    if (!rows.length) return { ok: true, checked, redacted };
    for (const r of rows) {
      if (!checkChainRow(prev, r)) return { ok: false, checked, brokenAt: r.id, redacted };
      prev = r.hash;
      if (r.redacted) redacted++;
      checked++;
    }
    lastId = rows[rows.length - 1].id;
    opts.onProgress?.(checked);
    await new Promise((res) => setImmediate(res));
  }
}

/** Walk the chain from the start; report the first entry whose link or hash does not match. */
export function verifyAuditChain(db: Db): { ok: boolean; checked: number; brokenAt?: number } {
  let prev = GENESIS_HASH;
  let checked = 0;
  const rows = db.raw.prepare(`${CHAIN_SELECT} ORDER BY a.id`).iterate() as Iterable<AuditChainRow>;
  for (const r of rows) {
    if (!checkChainRow(prev, r)) return { ok: false, checked, brokenAt: r.id };
    prev = r.hash;
    checked++;
  }
  return { ok: true, checked };
}
