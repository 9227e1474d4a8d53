// Evaluates a parsed search query against a customer's search fields in JS — the same test the FTS
// tables answer, computed from the row instead of read from the index.
//
// Why: a common query ('8' matches 80 % of 1M customers) sorted by another column (name, level…) has
// to test, for each entry of the sort index, "is this customer a match?". FTS5 cannot answer that per
// row: it returns matches in rowid order only, a `rowid = ?` constraint next to MATCH is ignored, and a
// `rowid >= ? LIMIT 1` probe costs 0.2–12 ms at 1M (measured, docs/customers-search.md). SQLite's
// `c.id IN (fts query)` builds the whole match set first (813k ids for '8': 66 ms). The fields the
// index was built from are computed by customerSearchFields (the one function every writer uses), so
// recomputing them for the ~page/density candidates of a dense query answers the same question in
// microseconds per row (searchProbe.ts); without pinyin when the query cannot depend on it (directOnly).
//
// Equivalence with the index (tests/unit/customers/searchMatch.test.ts checks it against FTS):
//  - customer_grams (unicode61, detail none): the grams string is space-separated tokens of
//    [0-9a-z汉字] only, so "the token occurs" is membership in that list;
//  - customer_fts (trigram, case-insensitive): a phrase of >= 3 characters on columns {a b} matches when
//    one of those column texts contains it as a substring (both sides are folded to lower case).
import { customerSearchFields, directSearchFields, type SearchSource } from './searchFields';
import type { ParsedQuery, SearchAlt } from './searchQuery';

interface FieldView {
  grams: Set<string>;
  fts: { names: string; digits: string; email: string; py?: string; ini?: string };
}

function altMatches(v: FieldView, a: SearchAlt): boolean {
  if (a.table === 'customer_grams') return a.token !== undefined && v.grams.has(a.token);
  if (!a.columns || a.text === undefined) return false;
  const text = a.text.toLowerCase();
  return a.columns.some((c) => (v.fts[c] ?? '').toLowerCase().includes(text));
}

/**
 * True when pinyin cannot change whether a row matches, so the direct texts suffice (pinyin-pro costs
 * ~0.2 ms a name the first time): a grams token of one digit or one 汉字 (pinyin initials and syllable
 * heads hold such a character only when the text itself does: latin words are substrings of the text,
 * syllables have no digits, and a 汉字 without pinyin is spelled as itself), or a phrase on the names,
 * digits and email columns only. Anything with letters, two characters (initials of neighbouring words
 * pair up) or the py/ini columns takes the full fields.
 */
export function directOnly(q: ParsedQuery): boolean {
  return q.terms.every((t) =>
    t.every((a) =>
      a.table === 'customer_grams'
        ? a.token !== undefined && [...a.token].length === 1 && /^[0-9\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]$/.test(a.token)
        : !!a.columns && a.columns.every((c) => c === 'names' || c === 'digits' || c === 'email'),
    ),
  );
}

/** A row tester for the query: true when the customer with this source text is a match. */
export function rowMatcher(q: ParsedQuery): (c: SearchSource) => boolean {
  if (q.impossible || !q.terms.length) return () => false;
  const test = (v: FieldView) => q.terms.every((term) => term.some((a) => altMatches(v, a)));
  if (directOnly(q)) {
    const grams = q.terms.some((t) => t.some((a) => a.table === 'customer_grams'));
    return (c) => {
      const d = directSearchFields(c, grams);
      return test({ grams: d.grams, fts: d });
    };
  }
  return (c) => {
    const f = customerSearchFields(c);
    return test({ grams: new Set(f.grams.split(' ')), fts: f.fts });
  };
}

/** True when every alternative carries what the matcher needs (always, for queries from parseSearchQuery). */
export function evaluableInJs(q: ParsedQuery): boolean {
  return q.terms.every((t) => t.every((a) => (a.table === 'customer_grams' ? a.token !== undefined : !!a.columns && a.text !== undefined)));
}
