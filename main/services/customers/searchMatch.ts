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
import { CUSTOM_TEXT_MAX, customerSearchFields, directSearchFields, foldText, spell, type SearchSource, type Spelled } from './searchFields';
import { phoneDigits, toHalfWidth } from './normalize';
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

/** foldText, without its work for pure ASCII text (nothing to fold but the case) */
const NON_ASCII = /[\u0080-\uffff]/;
const fold = (s: string): string => (NON_ASCII.test(s) ? foldText(s) : s.toLowerCase());

/**
 * Only trigram phrases (e.g. "qq.com", "138001", "zhang"): each column's text is built only when the
 * columns tested before it did not match — email and digits first (no folding), then the names part by
 * part, the pinyin last (spell of the name, company and contact, memoized per part) — and the grams,
 * which customerSearchFields builds for every text, not at all (they were most of the cost: ~20 µs a
 * row with pinyin, ~3 µs without). The same answer as the joined columns of customerSearchFields: a
 * phrase holds no space (terms are split at whitespace), so it cannot span the " | " or " " that joins
 * the parts.
 */
function phraseMatcher(q: ParsedQuery): (c: SearchSource) => boolean {
  const alts = q.terms.map((term) =>
    term.map((a) => {
      const text = a.text!.toLowerCase();
      return { text, ascii: !NON_ASCII.test(text), columns: new Set(a.columns) };
    }),
  );
  return (c) => {
    const cx = c.custom;
    let email: string | undefined;
    let digits: string | undefined;
    // folded name, company, contact, custom texts (foldText), filled as needed
    const parts = [c.name, c.company, c.contactName, ...(cx ? cx.texts.map((x) => x.slice(0, CUSTOM_TEXT_MAX)) : [])];
    const folded: string[] = [];
    const foldedAt = (i: number) => (folded[i] ??= fold(parts[i] ?? ''));
    let spelled: (Spelled | null)[] | undefined;
    const spells = () =>
      (spelled ??= [spell(foldedAt(0), c.kind === 'person'), c.company ? spell(foldedAt(1)) : null, c.contactName ? spell(foldedAt(2), true) : null]);
    // An ASCII phrase needs no traditional -> simplified conversion: OpenCC's t2s dictionaries map runs of
    // non-ASCII characters to non-empty non-ASCII text and copy everything else, so the ASCII runs of the
    // text are the same before and after it (checked against the dictionaries in session 11), and opencc
    // is not even loaded for "qq.com"
    const lowered: string[] = [];
    const namesHas = (text: string, ascii: boolean) => {
      for (let i = 0; i < parts.length; i++) {
        const p = parts[i];
        if (!p) continue;
        const t = ascii ? (lowered[i] ??= toHalfWidth(p).toLowerCase()) : foldedAt(i).toLowerCase();
        if (t.includes(text)) return true;
      }
      return false;
    };
    return alts.every((term) =>
      term.some((a) => {
        const cols = a.columns;
        if (cols.has('email')) {
          email ??= [c.email ? c.email.toLowerCase() : '', ...(cx ? cx.emails.map((x) => x.toLowerCase()) : [])].join(' ').toLowerCase();
          if (email.includes(a.text)) return true;
        }
        if (cols.has('digits')) {
          digits ??= [phoneDigits(c.mobile), phoneDigits(c.phone), ...(cx ? cx.phones.map(phoneDigits) : [])].join(' ');
          if (digits.includes(a.text)) return true;
        }
        if (cols.has('names') && namesHas(a.text, a.ascii)) return true;
        if (cols.has('py') && spells().some((sp) => !!sp && sp.full.toLowerCase().includes(a.text))) return true;
        return cols.has('ini') && spells().some((sp) => !!sp && sp.initials.toLowerCase().includes(a.text));
      }),
    );
  };
}

/** A row tester for the query: true when the customer with this source text is a match. */
export function rowMatcher(q: ParsedQuery): (c: SearchSource) => boolean {
  if (q.impossible || !q.terms.length) return () => false;
  const test = (v: FieldView) => q.terms.every((term) => term.some((a) => altMatches(v, a)));
  if (q.terms.every((t) => t.every((a) => a.table === 'customer_fts'))) return phraseMatcher(q);
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
