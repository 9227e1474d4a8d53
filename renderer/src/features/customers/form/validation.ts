// Field checks the form runs as the user types. They mirror main's rules
// (main/services/customers/normalize.ts); main stays the authority and its field errors are shown on
// the same fields. Pure functions, unit-tested.
import { parsePhoneNumberFromString } from 'libphonenumber-js/min';

/** Full-width ASCII (Ａ１＋) and the ideographic space → half-width, as main normalizes them. */
export function toHalfWidth(s: string): string {
  return s.replace(/[\uFF01-\uFF5E]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0)).replace(/\u3000/g, ' ');
}

const MAINLAND_MOBILE = /^1[3-9]\d{9}$/;

/** The number with the separators people type removed. */
function compact(raw: string): string {
  return toHalfWidth(raw).trim().replace(/[\s\-–—.·()（）]/g, '');
}

function isMainlandMobile(c: string): boolean {
  let d = c;
  if (d.startsWith('+86')) d = d.slice(3);
  else if (d.startsWith('0086')) d = d.slice(4);
  else if (d.startsWith('86') && d.length === 13) d = d.slice(2);
  return MAINLAND_MOBILE.test(d);
}

function isInternational(c: string): boolean {
  const s = c.startsWith('00') ? `+${c.slice(2)}` : c;
  if (!/^\+\d{6,15}$/.test(s)) return false;
  return !!parsePhoneNumberFromString(s)?.isValid();
}

/** Mainland mobile (11 digits, +86/0086/86 optional, separators allowed) or an international number (+ or 00). */
export function isValidMobile(raw: string): boolean {
  const c = compact(raw);
  if (!c) return true;
  if (isMainlandMobile(c)) return true;
  if (c.startsWith('+86') || c.startsWith('0086')) return false;
  return isInternational(c);
}

/** Landline with area code (010-12345678, 0571 8888 6666, +86 571 88886666, extension 转123), 400/800, a mobile, or international. */
export function isValidPhone(raw: string): boolean {
  let s = toHalfWidth(raw).trim();
  if (!s) return true;
  const ext = /(?:转|ext\.?|x|#)\s*(\d{1,6})\s*$/i.exec(s);
  if (ext) s = s.slice(0, ext.index);
  let c = compact(s);
  if (!ext && isMainlandMobile(c)) return true;
  if (/^[48]00\d{7}$/.test(c)) return true;
  if (c.startsWith('+86')) c = `0${c.slice(3)}`;
  else if (c.startsWith('0086')) c = `0${c.slice(4)}`;
  if (/^\d+$/.test(c)) {
    if (!c.startsWith('0') || c.startsWith('00')) return false;
    // area codes: 010 and 02x have 3 digits, every other one 4
    const areaLen = /^0(10|2\d)/.test(c) ? 3 : 4;
    return /^[1-9]\d{6,7}$/.test(c.slice(areaLen));
  }
  return isInternational(c);
}

const EMAIL = /^[a-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*@(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,24}$/;
export function isValidEmail(raw: string): boolean {
  const s = toHalfWidth(raw).trim().replace(/。/g, '.').toLowerCase();
  return !s || (s.length <= 254 && EMAIL.test(s));
}

/** 'ok' | 'format' | 'future' for a YYYY-MM-DD birthday compared with today's local date. */
export function checkBirthday(raw: string | null | undefined, today: Date = new Date()): 'ok' | 'format' | 'future' {
  if (!raw) return 'ok';
  const m = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$/.exec(raw.trim());
  if (!m) return 'format';
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(y, mo - 1, d);
  if (date.getFullYear() !== y || date.getMonth() !== mo - 1 || date.getDate() !== d || y < 1900) return 'format';
  const t = new Date(today.getFullYear(), today.getMonth(), today.getDate());
  return date > t ? 'future' : 'ok';
}

export type FieldCheck = 'nameRequired' | 'mobile' | 'phone' | 'email' | 'birthdayFuture' | 'birthdayFormat';

/** All client-side problems of a customer draft, keyed by field; message keys under customers.form.errors. */
export function checkCustomerDraft(
  v: { name?: string | null; mobile?: string | null; phone?: string | null; email?: string | null; birthday?: string | null },
  today?: Date,
): Record<string, FieldCheck> {
  const out: Record<string, FieldCheck> = {};
  if (!v.name || !toHalfWidth(v.name).trim()) out.name = 'nameRequired';
  if (v.mobile && !isValidMobile(v.mobile)) out.mobile = 'mobile';
  if (v.phone && !isValidPhone(v.phone)) out.phone = 'phone';
  if (v.email && !isValidEmail(v.email)) out.email = 'email';
  const b = checkBirthday(v.birthday, today);
  if (b === 'future') out.birthday = 'birthdayFuture';
  if (b === 'format') out.birthday = 'birthdayFormat';
  return out;
}
