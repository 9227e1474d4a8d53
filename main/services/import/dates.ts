// Dates as people put them in spreadsheets: Excel serial numbers (1900 or 1904 date system), real date
// cells, and text like 2024/1/2, 2024-01-02, 2024.1.2, 2024年1月2日, 20240102 (a time after it is ignored).
import * as XLSX from 'xlsx';
import { toHalfWidth } from '../customers/normalize';

const pad = (n: number) => String(n).padStart(2, '0');

function isoOf(y: number, m: number, d: number): string | null {
  const dt = new Date(Date.UTC(y, m - 1, d));
  if (dt.getUTCFullYear() !== y || dt.getUTCMonth() !== m - 1 || dt.getUTCDate() !== d) return null;
  return `${y}-${pad(m)}-${pad(d)}`;
}

/** Excel serial -> YYYY-MM-DD. 1904 workbooks count days from 1904-01-01 (Mac Excel, some WPS files). */
export function serialToIso(serial: number, date1904: boolean): string | null {
  if (!Number.isFinite(serial) || serial < 1 || serial > 2_958_465) return null;
  const p = XLSX.SSF.parse_date_code(serial, { date1904 });
  return p ? isoOf(p.y, p.m, p.d) : null;
}

const TEXT_DATE = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:[\sT].*)?$/;

export function parseDateValue(v: unknown, date1904: boolean): string | null {
  if (v === null || v === undefined || v === '') return null;
  if (typeof v === 'number') return serialToIso(v, date1904);
  // SheetJS gives date cells of ODS files as Date objects in local time
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? null : isoOf(v.getFullYear(), v.getMonth() + 1, v.getDate());
  const s = toHalfWidth(String(v)).trim();
  const m = TEXT_DATE.exec(s);
  if (m) return isoOf(Number(m[1]), Number(m[2]), Number(m[3]));
  const compact = /^(\d{4})(\d{2})(\d{2})$/.exec(s);
  if (compact) return isoOf(Number(compact[1]), Number(compact[2]), Number(compact[3]));
  // a serial typed as text in a CSV ("45293")
  if (/^\d{4,6}(\.\d+)?$/.test(s)) return serialToIso(Number(s), date1904);
  return null;
}

// Date-times in sheets are wall-clock times of the user's machine (a serial's fraction, or text such as
// 2024年1月2日 14:30, 2024/1/2 9:05:10); an ISO text with Z or an offset keeps its own zone.
const TEXT_DATETIME = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:[\sT]+(\d{1,2})\s*[:：时]\s*(\d{1,2})(?:\s*[:：分]\s*(\d{1,2}(?:\.\d+)?))?\s*秒?)?$/;

function localIso(y: number, mo: number, d: number, h: number, mi: number, sec: number): string | null {
  if (!isoOf(y, mo, d) || h > 23 || mi > 59 || sec >= 60) return null;
  return new Date(y, mo - 1, d, h, mi, Math.floor(sec)).toISOString();
}

/** A date-time cell -> ISO UTC (what custom date-time fields store), or null when it is not one. */
export function parseDateTimeValue(v: unknown, date1904: boolean): string | null {
  if (v === null || v === undefined || v === '') return null;
  if (typeof v === 'number') {
    if (!Number.isFinite(v) || v < 1 || v > 2_958_465) return null;
    const p = XLSX.SSF.parse_date_code(v, { date1904 });
    return p ? localIso(p.y, p.m, p.d, p.H, p.M, p.S) : null;
  }
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? null : v.toISOString();
  const s = toHalfWidth(String(v)).trim();
  if (/^\d{4}-\d{2}-\d{2}T[\d:.]+(Z|[+-]\d{2}:?\d{2})$/i.test(s)) {
    const t = Date.parse(s);
    return Number.isFinite(t) ? new Date(t).toISOString() : null;
  }
  const m = TEXT_DATETIME.exec(s);
  if (m) return localIso(Number(m[1]), Number(m[2]), Number(m[3]), Number(m[4] ?? 0), Number(m[5] ?? 0), Number(m[6] ?? 0));
  if (/^\d{4,6}(\.\d+)?$/.test(s)) return parseDateTimeValue(Number(s), date1904);
  return null;
}
