// Pure normalizers for customer fields. Used by validation (main), the search-column builder, the seed
// generator and import, so a value typed in any of those places ends up in the same canonical form.
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';

/** Full-width ASCII (Ｕ+FF01..FF5E) to half-width and the ideographic space to a space; CJK untouched. */
const FULL_WIDTH = /[\uff01-\uff5e\u3000]/;

export function toHalfWidth(s: string): string {
  // most text has no full-width character: no copy (the search fields fold every name, company and contact)
  if (!FULL_WIDTH.test(s)) return s;
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xff01 && c <= 0xff5e) out += String.fromCharCode(c - 0xfee0);
    else if (c === 0x3000) out += ' ';
    else out += s[i];
  }
  return out;
}

/** Half-width, trimmed, inner runs of whitespace collapsed; empty becomes null. */
export function normalizeText(v: string | null | undefined): string | null {
  if (v === null || v === undefined) return null;
  const s = toHalfWidth(v).replace(/\s+/g, ' ').trim();
  return s === '' ? null : s;
}

const MAINLAND_MOBILE = /^1[3-9]\d{9}$/;

/** Strip the separators people type inside phone numbers. */
function compactPhone(s: string): string {
  return toHalfWidth(s).replace(/[\s\-–—.·()（）]/g, '');
}

/** Mainland mobile without country prefix, or null if it is not one. */
function mainlandMobile(compact: string): string | null {
  let d = compact;
  if (d.startsWith('+86')) d = d.slice(3);
  else if (d.startsWith('0086')) d = d.slice(4);
  else if (d.startsWith('86') && d.length === 13) d = d.slice(2);
  return MAINLAND_MOBILE.test(d) ? d : null;
}

/** International number (must start with + or 00) in E.164, if libphonenumber says it is valid. */
function international(compact: string): string | null {
  let s = compact;
  if (s.startsWith('00')) s = '+' + s.slice(2);
  if (!s.startsWith('+') || !/^\+\d{6,15}$/.test(s)) return null;
  const p = parsePhoneNumberFromString(s);
  return p && p.isValid() ? p.number : null;
}

export type PhoneResult = { ok: true; value: string | null } | { ok: false };

/**
 * Mobile: mainland 11 digits (with or without +86/0086/86, spaces, dashes) -> '13800138000';
 * international (+ or 00 prefix) -> E.164 '+14155552671'. Empty -> null.
 */
export function normalizeMobile(v: string | null | undefined): PhoneResult {
  const raw = normalizeText(v);
  if (raw === null) return { ok: true, value: null };
  const c = compactPhone(raw);
  const m = mainlandMobile(c);
  if (m) return { ok: true, value: m };
  if (c.startsWith('+86') || c.startsWith('0086')) return { ok: false };
  const intl = international(c);
  return intl ? { ok: true, value: intl } : { ok: false };
}

// Mainland area codes: 010 and 02x are 3 digits, every other one is 4 (0571, 0755...).
function splitAreaCode(digits: string): [string, string] | null {
  if (!digits.startsWith('0') || digits.startsWith('00')) return null;
  const areaLen = /^0(10|2\d)/.test(digits) ? 3 : 4;
  const area = digits.slice(0, areaLen);
  const local = digits.slice(areaLen);
  if (!/^[1-9]\d{6,7}$/.test(local)) return null;
  return [area, local];
}

/**
 * Landline: '0571-88886666', '(010)12345678', '0571 8888 6666', '+86 571 88886666' -> '0571-88886666'
 * (extension kept as '-123'); 400/800 service numbers -> '400-123-4567'; a mainland mobile typed here
 * -> 11 digits; an international number -> E.164.
 */
export function normalizeLandline(v: string | null | undefined): PhoneResult {
  const raw = normalizeText(v);
  if (raw === null) return { ok: true, value: null };
  let s = raw;
  let ext = '';
  const extMatch = /(?:转|ext\.?|x|#)\s*(\d{1,6})\s*$/i.exec(s);
  if (extMatch) {
    ext = extMatch[1];
    s = s.slice(0, extMatch.index);
  }
  let c = compactPhone(s);
  const mobile = mainlandMobile(c);
  if (mobile && !ext) return { ok: true, value: mobile };
  if (/^[48]00\d{7}$/.test(c)) return { ok: true, value: `${c.slice(0, 3)}-${c.slice(3, 6)}-${c.slice(6)}` };
  if (c.startsWith('+86')) c = '0' + c.slice(3);
  else if (c.startsWith('0086')) c = '0' + c.slice(4);
  if (/^\d+$/.test(c)) {
    const parts = splitAreaCode(c);
    if (parts) return { ok: true, value: `${parts[0]}-${parts[1]}${ext ? `-${ext}` : ''}` };
    return { ok: false };
  }
  const intl = international(c);
  return intl ? { ok: true, value: intl + (ext ? `-${ext}` : '') } : { ok: false };
}

// Deliberately simple and strict: what mail clients accept in practice, lower-cased.
const EMAIL = /^[a-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*@(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,24}$/;

export function normalizeEmail(v: string | null | undefined): PhoneResult {
  const raw = normalizeText(v);
  if (raw === null) return { ok: true, value: null };
  const s = raw.replace(/。/g, '.').replace(/＠/g, '@').toLowerCase();
  if (s.length > 254 || !EMAIL.test(s)) return { ok: false };
  return { ok: true, value: s };
}

/** Birthday: ISO date, a real calendar day, not after `today` (YYYY-MM-DD), not before 1900. */
export function normalizeBirthday(v: string | null | undefined, today: string): { ok: true; value: string | null } | { ok: false; reason: 'format' | 'future' } {
  const raw = normalizeText(v);
  if (raw === null) return { ok: true, value: null };
  const m = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$/.exec(raw);
  if (!m) return { ok: false, reason: 'format' };
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const dt = new Date(Date.UTC(y, mo - 1, d));
  if (dt.getUTCFullYear() !== y || dt.getUTCMonth() !== mo - 1 || dt.getUTCDate() !== d || y < 1900) {
    return { ok: false, reason: 'format' };
  }
  const iso = dt.toISOString().slice(0, 10);
  if (iso > today) return { ok: false, reason: 'future' };
  return { ok: true, value: iso };
}

/** Digits only (for the search index and phone-fragment queries). */
export function phoneDigits(v: string | null | undefined): string {
  return v ? v.replace(/\D/g, '') : '';
}

/** Tags: half-width, trimmed, de-duplicated, empty ones dropped, order kept. */
export function normalizeTags(tags: readonly string[] | undefined): string[] {
  if (!tags) return [];
  const seen = new Set<string>();
  for (const t of tags) {
    const n = normalizeText(t);
    if (n) seen.add(n.slice(0, 50));
  }
  return [...seen];
}
