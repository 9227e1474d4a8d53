// Validation and normalization of one custom field value, per type. Pure functions: the same rules
// serve record writes, batch edit, import (normalizeFieldValue) and filter parameters.
//
// API value per type -> stored rows (SQLite storage class):
//   text, longText, phone, email, url, date, datetime, singleSelect -> string   -> one TEXT row
//   number -> number -> one REAL/INTEGER row;  money -> integer fen -> one INTEGER row
//   boolean -> true/false -> one INTEGER row (1/0);  multiSelect -> string[] -> one TEXT row per option
// Empty input (undefined, null, '', []) means "no value" (no row).
import type { CustomField } from '../../contract/fields';
import { normalizeEmail, normalizeLandline, normalizeMobile, normalizeText } from '../customers/normalize';

export type Stored = string | number;
export type Normalized = { ok: true; value: unknown; rows: Stored[] } | { ok: false; error: string; params?: Record<string, unknown> };

const EMPTY: Normalized = { ok: true, value: null, rows: [] };
const bad = (error: string, params?: Record<string, unknown>): Normalized => ({ ok: false, error, params });
const one = (v: string | number): Normalized => ({ ok: true, value: v, rows: [v] });

export const isEmptyValue = (v: unknown) => v === undefined || v === null || (typeof v === 'string' && v.trim() === '') || (Array.isArray(v) && v.length === 0);

const MAX_FEN = 1e15; // about 10 trillion yuan: beyond any order, well inside Number.MAX_SAFE_INTEGER

function parseDate(v: unknown): string | null {
  if (typeof v !== 'string') return null;
  const m = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$/.exec(v.trim());
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const dt = new Date(Date.UTC(y, mo - 1, d));
  if (dt.getUTCFullYear() !== y || dt.getUTCMonth() !== mo - 1 || dt.getUTCDate() !== d || y < 1900 || y > 2199) return null;
  return dt.toISOString().slice(0, 10);
}

/** Money: a number is integer fen; a string is yuan as typed in a sheet ('1,234.50', '¥12') -> fen. */
function parseMoney(v: unknown): number | null {
  if (typeof v === 'number') return Number.isSafeInteger(v) && Math.abs(v) <= MAX_FEN ? v : null;
  if (typeof v !== 'string') return null;
  const s = v.replace(/[¥￥,\s]/g, '').replace(/元$/, '');
  if (!/^-?\d+(\.\d{1,2})?$/.test(s)) return null;
  const [int, dec = ''] = s.replace('-', '').split('.');
  const fen = Number(int) * 100 + Number((dec + '00').slice(0, 2));
  const signed = s.startsWith('-') ? -fen : fen;
  return Math.abs(signed) <= MAX_FEN ? signed : null;
}

function parseBoolean(v: unknown): boolean | null {
  if (typeof v === 'boolean') return v;
  if (v === 1 || v === 0) return v === 1;
  if (typeof v === 'string') {
    const s = v.trim().toLowerCase();
    if (['true', 'yes', 'y', '1', '是', '对', '有'].includes(s)) return true;
    if (['false', 'no', 'n', '0', '否', '无', '没有'].includes(s)) return false;
  }
  return null;
}

/** Normalize one value for a field. Error keys are under `fields.validation.*`. */
export function normalizeFieldValue(field: CustomField, input: unknown): Normalized {
  if (isEmptyValue(input)) return EMPTY;
  switch (field.type) {
    case 'text':
    case 'longText': {
      if (typeof input !== 'string' && typeof input !== 'number') return bad('text');
      const s = field.type === 'text' ? normalizeText(String(input)) : String(input).trim();
      if (!s) return EMPTY;
      return s.length > (field.type === 'text' ? 500 : 20_000) ? bad('text') : one(s);
    }
    case 'number': {
      const n = typeof input === 'number' ? input : typeof input === 'string' ? Number(input.replace(/[,\s]/g, '')) : NaN;
      return Number.isFinite(n) ? one(n) : bad('number');
    }
    case 'money': {
      const fen = parseMoney(input);
      return fen === null ? bad('money') : one(fen);
    }
    case 'date': {
      const d = parseDate(input);
      return d ? one(d) : bad('date');
    }
    case 'datetime': {
      if (typeof input !== 'string') return bad('datetime');
      const t = Date.parse(input);
      return Number.isFinite(t) && /\d{4}-\d{2}-\d{2}/.test(input) ? one(new Date(t).toISOString()) : bad('datetime');
    }
    case 'singleSelect': {
      // String() of an object can throw ({ toString: 'x' }) and is never an option anyway
      const s = typeof input === 'string' ? input.trim() : typeof input === 'object' ? '' : String(input);
      return field.options.includes(s) ? one(s) : bad('option', { value: s });
    }
    case 'multiSelect': {
      const list = Array.isArray(input) ? input : typeof input === 'string' ? input.split(/[,，;；、]/) : [input];
      const chosen = new Set<string>();
      for (const x of list) {
        if (typeof x === 'object' && x !== null) return bad('option', { value: '' });
        const s = String(x).trim();
        if (!s) continue;
        if (!field.options.includes(s)) return bad('option', { value: s });
        chosen.add(s);
      }
      const value = field.options.filter((o) => chosen.has(o)); // options order, no repeats
      return value.length ? { ok: true, value, rows: value } : EMPTY;
    }
    case 'phone': {
      if (typeof input !== 'string' && typeof input !== 'number') return bad('phone');
      const m = normalizeMobile(String(input));
      if (m.ok && m.value) return one(m.value);
      const l = normalizeLandline(String(input));
      return l.ok && l.value ? one(l.value) : bad('phone');
    }
    case 'email': {
      if (typeof input !== 'string') return bad('email');
      const r = normalizeEmail(input);
      return r.ok && r.value ? one(r.value) : bad('email');
    }
    case 'url': {
      if (typeof input !== 'string') return bad('url');
      let s = input.trim();
      if (/^www\./i.test(s)) s = `https://${s}`;
      try {
        const u = new URL(s);
        if ((u.protocol !== 'http:' && u.protocol !== 'https:') || !u.hostname.includes('.') || s.length > 2000) return bad('url');
        return one(u.toString());
      } catch {
        return bad('url');
      }
    }
    case 'boolean': {
      const b = parseBoolean(input);
      return b === null ? bad('boolean') : { ok: true, value: b, rows: [b ? 1 : 0] };
    }
  }
}

/** API value from stored rows (what the values table holds for one record and field). */
export function valueFromRows(field: CustomField, rows: Stored[]): unknown {
  if (!rows.length) return null;
  if (field.type === 'multiSelect') return field.options.filter((o) => rows.includes(o)).concat(rows.filter((r) => !field.options.includes(String(r))).map(String));
  if (field.type === 'boolean') return rows[0] === 1;
  return rows[0];
}

/** Types whose values may be declared unique. */
export const UNIQUE_TYPES = new Set(['text', 'number', 'money', 'date', 'datetime', 'phone', 'email', 'url']);
