// Keeps the search tables (customer_fts, customer_grams) and the derived columns (name_sort, name_key,
// company_key) in step with the customers table. Call inside the same db.tx() as the write.
// Other domains (import, recycle bin, backup restore) call reindexCustomers(db, ids) after they
// create, restore or purge customers; it reads the rows itself and drops deleted/missing ones.
import type { Db } from '../../../db/sql';
import { customerSearchFields, type SearchFields, type SearchSource } from './searchFields';

const SOURCE_COLUMNS = 'id, name, kind, company, contact_name, mobile, phone, email, deleted_at';

interface SourceRow {
  id: number;
  name: string;
  kind: 'company' | 'person';
  company: string | null;
  contact_name: string | null;
  mobile: string | null;
  phone: string | null;
  email: string | null;
  deleted_at: string | null;
}

export function sourceOf(r: SourceRow): SearchSource {
  return { name: r.name, kind: r.kind, company: r.company, contactName: r.contact_name, mobile: r.mobile, phone: r.phone, email: r.email };
}

/** Remove customers from the search tables (soft delete, purge). */
export function unindexCustomers(db: Db, ids: readonly number[]): void {
  const delFts = db.prepare('DELETE FROM customer_fts WHERE rowid = ?');
  const delGrams = db.prepare('DELETE FROM customer_grams WHERE rowid = ?');
  for (const id of ids) {
    delFts.run(id);
    delGrams.run(id);
  }
}

/** Write one customer's search rows and derived columns from already computed fields. */
export function writeSearchRows(db: Db, id: number, f: SearchFields, replace: boolean): void {
  if (replace) unindexCustomers(db, [id]);
  insertSearchEntries(db, id, f);
  db.prepare('UPDATE customers SET name_sort = ?, name_key = ?, company_key = ? WHERE id = ?').run(f.nameSort, f.nameKey, f.companyKey, id);
}

/**
 * Only the search-table rows of a customer that is not indexed yet — for a writer (import) that already
 * put the derived columns (name_sort, name_key, company_key) into its own INSERT.
 */
export function insertSearchEntries(db: Db, id: number, f: SearchFields): void {
  db.prepare('INSERT INTO customer_fts (rowid, names, py, ini, digits, email) VALUES (?, ?, ?, ?, ?, ?)').run(
    id,
    f.fts.names,
    f.fts.py,
    f.fts.ini,
    f.fts.digits,
    f.fts.email,
  );
  db.prepare('INSERT INTO customer_grams (rowid, g) VALUES (?, ?)').run(id, f.grams);
}

/**
 * Recompute search rows and derived columns of these customers from what is stored now.
 * Live customers are (re)indexed; deleted or missing ones are removed from the index.
 * Must run inside the caller's transaction.
 */
export function reindexCustomers(db: Db, ids: readonly number[]): void {
  const get = db.prepare(`SELECT ${SOURCE_COLUMNS} FROM customers WHERE id = ?`);
  for (const id of ids) {
    const row = get.get(id) as SourceRow | undefined;
    if (!row || row.deleted_at) {
      unindexCustomers(db, [id]);
      continue;
    }
    writeSearchRows(db, id, customerSearchFields(sourceOf(row)), true);
  }
}

/**
 * Rebuild both search tables for every live customer (bulk: seed, restore of an old backup).
 * Empties the tables first; streams the customers in id order.
 */
export function rebuildSearchIndex(db: Db, onProgress?: (done: number) => void): number {
  db.raw.exec("INSERT INTO customer_fts (customer_fts) VALUES ('delete-all'); INSERT INTO customer_grams (customer_grams) VALUES ('delete-all');");
  const insFts = db.raw.prepare('INSERT INTO customer_fts (rowid, names, py, ini, digits, email) VALUES (?, ?, ?, ?, ?, ?)');
  const insGrams = db.raw.prepare('INSERT INTO customer_grams (rowid, g) VALUES (?, ?)');
  const setCols = db.raw.prepare('UPDATE customers SET name_sort = ?, name_key = ?, company_key = ? WHERE id = ?');
  // chunks by id rather than one iterate(): better-sqlite3 forbids writes while a read cursor is open
  let done = 0;
  let lastId = 0;
  const chunk = db.raw.prepare(`SELECT ${SOURCE_COLUMNS} FROM customers WHERE deleted_at IS NULL AND id > ? ORDER BY id LIMIT 5000`);
  for (;;) {
    const list = chunk.all(lastId) as SourceRow[];
    if (!list.length) break;
    for (const r of list) {
      const f = customerSearchFields(sourceOf(r));
      insFts.run(r.id, f.fts.names, f.fts.py, f.fts.ini, f.fts.digits, f.fts.email);
      insGrams.run(r.id, f.grams);
      setCols.run(f.nameSort, f.nameKey, f.companyKey, r.id);
    }
    lastId = list[list.length - 1].id;
    done += list.length;
    onProgress?.(done);
  }
  return done;
}
