// A page of a common search in an order other than newest first (name, level, owner…), read along the
// sort index and tested row by row in JS (searchMatch.ts) instead of building the whole match set.
//
// Why: above COUNT_CAP matches the match set is the FTS query, which SQLite materializes in full before
// the first row (813k ids for '8' at 1M: 66 ms cpu); FTS5 cannot test one row (see searchMatch.ts). When
// the matches are dense, a page needs only about page / density entries of the sort index: reading those
// rows and recomputing their search fields (customerSearchFields, the function the index was built with)
// costs O(page / density), independent of the number of matches. The caller estimates the density from
// the match ids it already holds and only comes here when the expected number of candidates is small;
// past `budget` candidates this gives up (null) and the caller takes the SQL path.
import type { Db } from '../../../db/sql';
import type { SqlPart } from './filters';
import { customSearchMany } from './searchIndex';
import { rowMatcher } from './searchMatch';
import type { ParsedQuery } from './searchQuery';
import { continuationSql, nextKeysPart, orderSql, SORT_KEYS, type Sort } from './sort';
import type { CustomerRow } from './rows';

type Candidate = Pick<CustomerRow, 'id' | 'name' | 'kind' | 'company' | 'contact_name' | 'mobile' | 'phone' | 'email'> & { sort_key: string | number };
/** what a candidate needs to be tested (the search source columns), not the whole page row */
const SOURCE = 'c.id, c.name, c.kind, c.company, c.contact_name, c.mobile, c.phone, c.email';

export interface ProbeInput {
  /** `customers c INDEXED BY <sort index>` */
  from: string;
  /** the columns of a page row (read for the hits only) and the join they need */
  columns: string;
  join: string;
  /** scope + filters (no match set) */
  base: SqlPart;
  sort: Sort;
  /** start after this (key, id), or at the start of the list */
  after: { k: string | number; id: number } | null;
  limit: number;
  /** expected share of candidates that match (0–1], sizes the batches */
  density: number;
  /** candidates looked at before giving up */
  budget: number;
  ownerKeys?: readonly number[];
}

export interface ProbeResult<R> {
  /** at most limit + 1 rows in sort order (limit + 1: there is more) */
  rows: R[];
  tested: number;
}

/** pages answered here (tests check that the path under test ran) */
export const probeStats = { pages: 0, gaveUp: 0 };

export function probePage<R extends { id: number; sort_key: string | number }>(db: Db, q: ParsedQuery, p: ProbeInput): ProbeResult<R> | null {
  const { expr: key } = SORT_KEYS[p.sort.field];
  const select = (where: string, order: string, params: unknown[], n: number) =>
    db
      .prepare(`SELECT ${SOURCE}, ${key} AS sort_key FROM ${p.from} WHERE ${p.base.sql} AND ${where} ORDER BY ${order} LIMIT ?`)
      .all(...p.base.params, ...params, n) as Candidate[];
  const candidates = (after: { k: string | number; id: number } | null, n: number): Candidate[] => {
    if (!after) return select('1=1', orderSql(p.sort), [], n);
    const c = continuationSql(p.sort, false);
    let rows = select(c.sameKey, c.sameKeyOrder, [after.k, after.id], n);
    if (rows.length < n) {
      const next = nextKeysPart(p.sort, after.k, p.ownerKeys);
      if (next) rows = rows.concat(select(next.sql, orderSql(p.sort), next.params, n - rows.length));
    }
    return rows;
  };
  const need = p.limit + 1;
  const matches = rowMatcher(q);
  const hits: Candidate[] = [];
  let after = p.after;
  let tested = 0;
  while (hits.length < need) {
    const n = Math.max(32, Math.min(512, Math.ceil(((need - hits.length) / Math.max(p.density, 0.01)) * 1.25)));
    const batch = candidates(after, n);
    if (!batch.length) break;
    tested += batch.length;
    if (tested > p.budget) {
      probeStats.gaveUp++;
      return null;
    }
    const custom = customSearchMany(
      db,
      batch.map((r) => r.id),
    );
    for (const r of batch) {
      const source = {
        name: r.name,
        kind: r.kind,
        company: r.company,
        contactName: r.contact_name,
        mobile: r.mobile,
        phone: r.phone,
        email: r.email,
        custom: custom.get(r.id) ?? null,
      };
      if (matches(source)) {
        hits.push(r);
        if (hits.length === need) break;
      }
    }
    const last = batch[batch.length - 1];
    after = { k: last.sort_key, id: last.id };
    if (batch.length < n) break;
  }
  probeStats.pages++;
  // the page rows of the hits, in the order found
  const full = hits.length
    ? (db.prepare(`SELECT ${p.columns}, ${key} AS sort_key FROM customers c ${p.join} WHERE c.id IN (SELECT value FROM json_each(?))`).all(JSON.stringify(hits.map((h) => h.id))) as R[])
    : [];
  const byId = new Map(full.map((r) => [r.id, r]));
  return { rows: hits.map((h) => byId.get(h.id)).filter((r): r is R => r !== undefined), tested };
}
