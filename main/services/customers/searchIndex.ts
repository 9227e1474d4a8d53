// Keeps the search tables (customer_fts, customer_grams) and the derived columns (name_sort, name_key,
// company_key) in step with the customers table. Call inside the same db.tx() as the write.
// Other domains (import, recycle bin, backup restore) call reindexCustomers(db, ids) after they
// create, restore or purge customers; it reads the rows itself and drops deleted/missing ones.
// Custom field values (issue 13) are read from customer_field_values here, so every writer that calls
// reindexCustomers (create, update, batch, revert, undo, restore, field delete) keeps them in step.
import type { Db } from '../../../db/sql';
import type { CustomField, FieldType } from '../../contract/fields';
import { listFields } from '../fields/definitions';
import { customerSearchFields, type CustomSearchText, type SearchFields, type SearchSource } from './searchFields';

/** Custom field types whose values are searchable (their values are what a user would type to find a customer). */
export const CUSTOM_SEARCH_TYPES: ReadonlySet<FieldType> = new Set<FieldType>(['text', 'longText', 'url', 'phone', 'email']);

/**
 * Searchable custom fields of customers. Retired fields included: retiring is a one-row write that must
 * not rewrite the index of every customer holding a value (see docs/decisions/custom-fields.md).
 */
const searchableFields = (db: Db) => listFields(db, 'customer').filter((f) => CUSTOM_SEARCH_TYPES.has(f.type));

function addValue(out: CustomSearchText, f: CustomField, v: unknown): void {
  if (typeof v !== 'string' || !v) return;
  if (f.type === 'phone') out.phones.push(v);
  else if (f.type === 'email') out.emails.push(v);
  else out.texts.push(v);
}

/** Search text of custom values given as an object (field key -> API value), e.g. a row being imported. */
export function customSearchOf(db: Db, values: Record<string, unknown> | null | undefined): CustomSearchText | null {
  if (!values) return null;
  const out: CustomSearchText = { texts: [], phones: [], emails: [] };
  for (const f of searchableFields(db)) addValue(out, f, values[f.key]);
  return out.texts.length || out.phones.length || out.emails.length ? out : null;
}

/** Search text of the custom values of these customers, read from the values table. */
export function customSearchMany(db: Db, ids: readonly number[]): Map<number, CustomSearchText> {
  const out = new Map<number, CustomSearchText>();
  const fields = searchableFields(db);
  if (!fields.length || !ids.length) return out; // no searchable field defined: no query at all
  const byId = new Map(fields.map((f) => [f.id, f]));
  const rows = db
    .prepare(
      `SELECT customer_id AS id, field_id AS fid, value FROM customer_field_values
       WHERE customer_id IN (SELECT value FROM json_each(?)) AND field_id IN (SELECT value FROM json_each(?))`,
    )
    .all(JSON.stringify(ids), JSON.stringify([...byId.keys()])) as { id: number; fid: number; value: unknown }[];
  for (const r of rows) {
    let t = out.get(r.id);
    if (!t) out.set(r.id, (t = { texts: [], phones: [], emails: [] }));
    addValue(t, byId.get(r.fid)!, r.value);
  }
  return out;
}

/** True when a planned custom value change touches a searchable field (the writer then reindexes). */
export const touchesCustomSearch = (plan: { prepared: readonly { field: CustomField }[] } | null | undefined): boolean =>
  !!plan && plan.prepared.some((p) => p.field.entity === 'customer' && CUSTOM_SEARCH_TYPES.has(p.field.type));

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
  if (!ids.length) return;
  const get = db.prepare(`SELECT ${SOURCE_COLUMNS} FROM customers WHERE id = ?`);
  const custom = customSearchMany(db, ids);
  for (const id of ids) {
    const row = get.get(id) as SourceRow | undefined;
    if (!row || row.deleted_at) {
      unindexCustomers(db, [id]);
      continue;
    }
    writeSearchRows(db, id, customerSearchFields({ ...sourceOf(row), custom: custom.get(id) ?? null }), true);
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
    const custom = customSearchMany(
      db,
      list.map((r) => r.id),
    );
    for (const r of list) {
      const f = customerSearchFields({ ...sourceOf(r), custom: custom.get(r.id) ?? null });
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
