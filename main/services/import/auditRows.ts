// The audit entries of an import chunk, written the way recordAudit (services/audit/record.ts) writes them
// — same columns, same redaction, same hash chain (hash = sha256(prev_hash + '\n' + canonical content),
// changes_sha = sha256(changes)) — but for thousands of entries at once: one-shot hashing (crypto.hash,
// no Hash object per digest), the secret-field test once per field name instead of once per change, and
// multi-row INSERTs (64 entries a statement) instead of one statement per entry. verifyAuditChain checks
// the result like any other entries (tests/unit/import/auditRows.test.ts).
import crypto from 'node:crypto';
import type { Db } from '../../../db/sql';
import { canonicalAuditContent, chainedChanges, GENESIS_HASH, redactChanges, type AuditEntry, type FieldChange } from '../audit/record';

const COLUMNS = '(at, user_id, user_name, action, entity, entity_id, batch_id, changes, summary, prev_hash, hash, changes_sha)';
const PER_ROW = 12;
const BATCH = 64;
const valuesFor = (n: number) => Array.from({ length: n }, () => `(${new Array(PER_ROW).fill('?').join(', ')})`).join(', ');
const SQL_BATCH = `INSERT INTO audit_log ${COLUMNS} VALUES ${valuesFor(BATCH)}`;
const SQL_ONE = `INSERT INTO audit_log ${COLUMNS} VALUES ${valuesFor(1)}`;

const sha256 = (text: string): string =>
  typeof crypto.hash === 'function' ? crypto.hash('sha256', text, 'hex') : crypto.createHash('sha256').update(text).digest('hex');

/** Append entries continuing the hash chain. Must run inside the transaction of the changes they record. */
export function recordImportAudit(db: Db, entries: readonly AuditEntry[]): void {
  if (!entries.length) return;
  if (!db.raw.inTransaction) throw new Error('recordImportAudit must run inside the transaction of the change it records');
  const last = db.prepare('SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1').get() as { hash: string } | undefined;
  let prev = last?.hash ?? GENESIS_HASH;
  // redactChanges decides per field name; an import repeats the same few names on every entry
  const secret = new Map<string, boolean>();
  const isSecret = (field: string) => {
    let s = secret.get(field);
    if (s === undefined) secret.set(field, (s = redactChanges([{ field, old: 1, new: 1 }])![0].old === '***'));
    return s;
  };
  const redact = (changes: FieldChange[]) => (changes.some((c) => isSecret(c.field)) ? redactChanges(changes)! : changes);
  const args: unknown[] = [];
  const batch = db.prepare(SQL_BATCH);
  const one = db.prepare(SQL_ONE);
  let rows = 0;
  for (const e of entries) {
    const row = {
      at: e.at,
      user_id: e.userId,
      user_name: e.userName,
      action: e.action,
      entity: e.entity ?? null,
      entity_id: e.entityId ?? null,
      batch_id: e.batchId ?? null,
      changes: e.changes ? JSON.stringify(redact(e.changes)) : null,
      summary: e.summary ?? null,
    };
    const changesSha = row.changes === null ? null : sha256(row.changes);
    const hash = sha256(`${prev}\n${canonicalAuditContent({ ...row, changes: chainedChanges(row.changes, changesSha) })}`);
    args.push(row.at, row.user_id, row.user_name, row.action, row.entity, row.entity_id, row.batch_id, row.changes, row.summary, prev, hash, changesSha);
    prev = hash;
    if (++rows === BATCH) {
      batch.run(args);
      args.length = 0;
      rows = 0;
    }
  }
  for (let i = 0; i < rows; i++) one.run(args.slice(i * PER_ROW, (i + 1) * PER_ROW));
}
