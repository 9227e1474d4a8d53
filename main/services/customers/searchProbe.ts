// A page of a common search in an order other than newest first (name, level, owner…): SQLite walks the
// sort index as for any page and tests each entry that passes scope and filters with a SQL function,
// crm_search_match(query, source columns…), which recomputes the row's search fields in JS
// (searchMatch.ts) — instead of building the whole FTS match set first.
//
// Why: above COUNT_CAP matches the match set is the FTS query, which SQLite materializes in full before
// the first row: a trigram phrase whose trigrams are common costs a whole evaluation ("qq.com" 75k and
// "zhang" 24k matches at 1M: 20–25 ms cpu, the ".co"/"com" and "ang" doclists hold 600–800k rows), and
// FTS5 cannot test one row (a `rowid >= x AND rowid <= x` probe costs the same 17 ms at 1M; `rowid = ?`
// beside MATCH is ignored). When the matches are dense, a page needs only about page / density entries of
// the sort index, so testing rows costs O(page / density), independent of the number of matches.
//
// The test runs inside the page statement (session 11; it was a JS loop over batches of candidate rows):
// no JS object per candidate, no batch continuation statements, and every page path of list.ts
// (first page, cursor pages both ways, owner keys, filters) runs unchanged with the function in place
// of the id set. "qq.com" by name at 1M: the loop 6.5–8 ms, the function 4.5 ms cpu for ~1,500 entries.
// The caller estimates the density from the match ids it holds and only comes here when the expected
// number of entries is small; the function counts the rows it tests and past `budget` throws
// ProbeBudgetExceeded (the statement stops there), and the caller takes the FTS path.
//
// The bench's raw baseline replays the page statement on the same connection, the function included:
// its JS test is part of the "raw" figure of such a row (docs/customers-search.md).
import type { Db } from '../../../db/sql';
import type { SqlPart } from './filters';
import { listFields } from '../fields/definitions';
import { CUSTOM_SEARCH_TYPES } from './searchIndex';
import { rowMatcher } from './searchMatch';
import { parseSearchQuery } from './searchQuery';
import type { CustomSearchText, SearchSource } from './searchFields';

/** pages answered by the function and pages that gave up (tests check that the path under test ran) */
export const probeStats = { pages: 0, gaveUp: 0 };

export const SEARCH_MATCH_FN = 'crm_search_match';

/** Thrown by the function when a page tests more rows than its budget (the caller falls back to FTS). */
export class ProbeBudgetExceeded extends Error {
  constructor() {
    super('search probe budget exceeded');
  }
}

const registered = new WeakSet<object>();
const matchers = new Map<string, (c: SearchSource) => boolean>();
/** rows the running page may still test; null: no limit (e.g. the bench replaying the statement) */
let budget: { left: number } | null = null;

function matcherFor(query: string): (c: SearchSource) => boolean {
  let m = matchers.get(query);
  if (!m) {
    const q = parseSearchQuery(query);
    m = q ? rowMatcher(q) : () => false;
    if (matchers.size >= 64) matchers.clear();
    matchers.set(query, m);
  }
  return m;
}

const str = (v: unknown): string | null => (typeof v === 'string' ? v : v === null || v === undefined ? null : String(v));

/** The custom values of a row as the subquery of probeSql gives them: a JSON array of [type, value]. */
function customOf(json: unknown): CustomSearchText | null {
  if (typeof json !== 'string' || json === '[]') return null;
  const out: CustomSearchText = { texts: [], phones: [], emails: [] };
  for (const [type, v] of JSON.parse(json) as [string, unknown][]) {
    // the same rule as searchIndex.ts addValue
    if (typeof v !== 'string' || !v) continue;
    if (type === 'phone') out.phones.push(v);
    else if (type === 'email') out.emails.push(v);
    else out.texts.push(v);
  }
  return out;
}

/** Registers crm_search_match on this connection (once). */
function register(db: Db): void {
  if (registered.has(db.raw)) return;
  db.raw.function(SEARCH_MATCH_FN, { deterministic: false, directOnly: true }, (query, name, kind, company, contact, mobile, phone, email, custom) => {
    if (budget && --budget.left < 0) throw new ProbeBudgetExceeded();
    const source: SearchSource = {
      name: str(name) ?? '',
      kind: kind === 'company' || kind === 'person' ? kind : null,
      company: str(company),
      contactName: str(contact),
      mobile: str(mobile),
      phone: str(phone),
      email: str(email),
      custom: customOf(custom),
    };
    return matcherFor(String(query))(source) ? 1 : 0;
  });
  registered.add(db.raw);
}

/** True when some searchable custom field exists, retired ones included (its values must be handed to the function). */
const hasCustomSearch = (db: Db): boolean => listFields(db, 'customer').some((f) => CUSTOM_SEARCH_TYPES.has(f.type));

/**
 * The condition "row c matches the query", evaluated per row (registers the function on first use).
 * Custom values of searchable fields (retired ones included, like searchIndex.ts) are handed over as
 * one JSON array per row, read along customer_field_values_record; without such fields, NULL.
 */
export function probeSql(db: Db, query: string): SqlPart {
  register(db);
  const cols = 'c.name, c.kind, c.company, c.contact_name, c.mobile, c.phone, c.email';
  if (!hasCustomSearch(db)) return { sql: `${SEARCH_MATCH_FN}(?, ${cols}, NULL)`, params: [query] };
  const custom = `(SELECT json_group_array(json_array(f.type, v.value)) FROM customer_field_values v JOIN custom_fields f ON f.id = v.field_id
     WHERE v.customer_id = c.id AND f.entity = 'customer' AND f.type IN (SELECT value FROM json_each(?)))`;
  return { sql: `${SEARCH_MATCH_FN}(?, ${cols}, ${custom})`, params: [query, JSON.stringify([...CUSTOM_SEARCH_TYPES])] };
}

/**
 * Runs `read` (the statements of one page with probeSql in their condition) allowing at most `limit`
 * rows to be tested; null when that was not enough (then nothing of the page is used).
 */
export function withProbeBudget<T>(limit: number, read: () => T): T | null {
  const outer = budget;
  budget = { left: limit };
  try {
    const out = read();
    probeStats.pages++;
    return out;
  } catch (e) {
    if (!(e instanceof ProbeBudgetExceeded)) throw e;
    probeStats.gaveUp++;
    return null;
  } finally {
    budget = outer;
  }
}
