// Shared by the backup tests: data written straight through SQL (with audit rows, so the data mark
// moves), file hashing, and the stock sqlite3 shell.
import fs from 'node:fs';
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import type { Db } from '../../../db/sql';
import { recordAudit } from '../../../main/services/audit/record';

export function addCustomers(db: Db, n: number, prefix = '客户'): void {
  const now = new Date().toISOString();
  const ins = db.prepare('INSERT INTO customers (name, created_at, updated_at) VALUES (?, ?, ?)');
  db.tx(() => {
    for (let i = 0; i < n; i++) {
      const id = Number(ins.run(`${prefix}${i}`, now, now).lastInsertRowid);
      recordAudit(db, { at: now, userId: null, userName: null, action: 'customer.create', entity: 'customer', entityId: id });
    }
  });
}

export function customerCount(db: Db): number {
  return (db.prepare('SELECT count(*) AS n FROM customers WHERE deleted_at IS NULL').get() as { n: number }).n;
}

export function hashFile(file: string): string {
  return createHash('sha256').update(fs.readFileSync(file)).digest('hex');
}

/** live db + its WAL: the bytes a restore must not change when it fails */
export function hashLive(dbFile: string): string {
  const h = createHash('sha256').update(fs.readFileSync(dbFile));
  if (fs.existsSync(`${dbFile}-wal`)) h.update(fs.readFileSync(`${dbFile}-wal`));
  return h.digest('hex');
}

export function sqliteShell(file: string, sql: string): string {
  return execFileSync('sqlite3', ['-readonly', file, sql], { encoding: 'utf8' }).trim();
}

/** Run SQL with the stock shell, writable (tests that damage a file the way the app itself cannot). */
export function sqliteShellWrite(file: string, sql: string): string {
  return execFileSync('sqlite3', [file, sql], { encoding: 'utf8' }).trim();
}
