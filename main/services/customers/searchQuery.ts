// Turns what the user typed into FTS5 lookups on customer_fts (trigram, >= 3 chars) and customer_grams
// (1-2 char tokens). A query is one or more terms (AND); each term is a few alternatives (OR).
//
//   '张' / '张三'        -> grams token (汉字 substring of 1-2 chars)
//   '张三丰', 'acme'     -> trigram on names (and pinyin/initials/email for latin)
//   'zs'                 -> grams token (initials, or first letters of a syllable / word)
//   'zhangsan', 'zhang san' -> trigram on full pinyin (latin words are joined)
//   '8000', '138 0013'   -> phone digits (separators dropped)
//   '+86 181-3192-5915'  -> the national number '18131925915' (country code dropped, as mobiles are stored)
//   'qq.com', 'a@b'      -> email substring
//   '张san'              -> names substring or pinyin 'zhangsan'
import { CJK, foldText, spell } from './searchFields';
import { normalizeMobile } from './normalize';
import { fts5String } from '../../../db/fts5';

export type SearchTable = 'customer_fts' | 'customer_grams';
export interface SearchAlt {
  table: SearchTable;
  /** FTS5 MATCH expression */
  match: string;
  /** what the expression tests, for evaluating it in JS (searchMatch.ts): a grams token, or a substring of columns */
  token?: string;
  columns?: FtsColumn[];
  text?: string;
}
export type FtsColumn = 'names' | 'py' | 'ini' | 'digits' | 'email';
export type SearchTerm = SearchAlt[];

/** FTS5 string literal. */
const phrase = fts5String;

function gramAlt(token: string): SearchAlt | null {
  // the grams table only holds letters, digits and 汉字
  const t = token.replace(/[^0-9a-z\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]/g, '');
  if (!t || t.length > 2) return null;
  return { table: 'customer_grams', match: phrase(t), token: t };
}

function ftsAlt(columns: string, text: string): SearchAlt | null {
  return [...text].length >= 3 ? { table: 'customer_fts', match: `{${columns}} : ${phrase(text)}`, columns: columns.split(' ') as FtsColumn[], text } : null;
}

/**
 * A whole mainland mobile written with the country code ('+8618131925915', '008618131925915',
 * '8618131925915') -> its national number, the form mobiles are stored (and indexed) in; the same
 * normalisation as the duplicate check (a plain 11-digit mobile comes back unchanged). null for anything
 * else, so digit fragments ('86', '8613') stay substring searches.
 */
function chinaMobileNational(t: string): string | null {
  const n = normalizeMobile(t);
  return n.ok && n.value && /^1[3-9]\d{9}$/.test(n.value) ? n.value : null;
}

/** One term, already folded (half-width, simplified, lower-case) and without spaces. */
function termAlternatives(t: string): SearchTerm {
  const alts: (SearchAlt | null)[] = [];
  const len = [...t].length;
  if (/^[+\d\-()]+$/.test(t)) {
    const d = chinaMobileNational(t) ?? t.replace(/\D/g, '');
    if (!d) return [];
    alts.push(d.length <= 2 ? gramAlt(d) : ftsAlt('digits names email', d));
  } else if (/[@.]/.test(t) && !CJK.test(t)) {
    alts.push(len <= 2 ? gramAlt(t) : ftsAlt('email names', t));
  } else if (/^[a-z0-9]+$/.test(t)) {
    alts.push(len <= 2 ? gramAlt(t) : ftsAlt('names py ini email', t));
  } else {
    // 汉字 (maybe mixed with latin): substring of names, or pinyin when latin letters are mixed in
    alts.push(len <= 2 ? gramAlt(t) : ftsAlt('names', t));
    if (/[a-z]/.test(t) && CJK.test(t)) {
      const sp = spell(t).full;
      alts.push(ftsAlt('py', sp));
    }
  }
  const seen = new Set<string>();
  return alts.filter((a): a is SearchAlt => {
    if (!a || seen.has(a.table + a.match)) return false;
    seen.add(a.table + a.match);
    return true;
  });
}

export interface ParsedQuery {
  terms: SearchTerm[];
  /** true when the query has characters but none that can match anything (only punctuation) */
  impossible: boolean;
}

/** null when there is nothing to search for (empty or blank query). */
export function parseSearchQuery(query: string | null | undefined): ParsedQuery | null {
  if (!query) return null;
  const folded = foldText(query).trim();
  if (!folded) return null;
  const words = folded.split(/\s+/);
  let parts: string[];
  if (words.every((w) => /^[+\d\-()]+$/.test(w))) parts = [words.join('')]; // '138 0013'
  else if (words.every((w) => /^[a-z]+$/.test(w))) parts = [words.join('')]; // 'zhang san'
  else parts = words;
  const terms = parts.map(termAlternatives);
  if (terms.some((t) => t.length === 0)) return { terms: [], impossible: true };
  return { terms, impossible: false };
}

/** SQL for the set of matching customer ids (materialized: rare terms), with its parameters. */
export function matchSetSql(q: ParsedQuery): { sql: string; params: string[] } {
  const params: string[] = [];
  const termSql = q.terms.map((term) =>
    term
      .map((a) => {
        params.push(a.match);
        return `SELECT rowid AS id FROM ${a.table} WHERE ${a.table} MATCH ?`;
      })
      .join(' UNION '),
  );
  const sql = termSql.length === 1 ? termSql[0] : termSql.map((s) => `SELECT id FROM (${s})`).join(' INTERSECT ');
  return { sql, params };
}
