// Reads one sheet of a spreadsheet file into plain rows of plain values, safely: size caps first, a zip
// look-ahead (zipGuard), encryption detection, text encodings (UTF-8 with or without BOM, UTF-16, GBK /
// GB18030 for CSV written by Chinese Excel), a row cap passed to SheetJS (`sheetRows`) so a million-row
// sheet is never materialized, and a column cap. Formulas are never evaluated: the cached value is used.
// Rows are arrays (never objects keyed by header text), so a header named __proto__ is just a string.
import fs from 'node:fs';
import path from 'node:path';
import * as XLSX from 'xlsx';
import { IMPORT_LIMITS } from './limits';
import { ImportFileError } from './fileErrors';
import { checkZip } from './zipGuard';

export type CellValue = string | number | boolean | Date | null;
export type Row = CellValue[];

export interface SheetData {
  sheetNames: string[];
  sheet: string;
  /** rows from the sheet's first row (index = Excel row - 1) */
  rows: Row[];
  date1904: boolean;
  /** the file is text (CSV): every value is a string */
  text: boolean;
}

type Limits = typeof IMPORT_LIMITS;

const OLE = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
const ENCRYPTED_MARK = Buffer.from('EncryptedPackage', 'utf16le');

function decodeText(buf: Buffer): string {
  if (buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) return buf.subarray(3).toString('utf8');
  if (buf[0] === 0xff && buf[1] === 0xfe) return new TextDecoder('utf-16le').decode(buf.subarray(2));
  if (buf[0] === 0xfe && buf[1] === 0xff) return new TextDecoder('utf-16be').decode(buf.subarray(2));
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(buf);
  } catch {
    // not UTF-8: CSV saved by Excel/WPS on a Chinese Windows is GBK; GB18030 is its superset
    return new TextDecoder('gb18030').decode(buf);
  }
}

function looksBinary(buf: Buffer): boolean {
  const n = Math.min(buf.length, 8192);
  let odd = 0;
  for (let i = 0; i < n; i++) {
    const c = buf[i];
    if (c === 0) return true;
    if (c < 9 || (c > 13 && c < 32)) odd++;
  }
  return odd > n / 20;
}

const READ_OPTS: XLSX.ParsingOptions = {
  dense: true,
  cellFormula: false,
  cellHTML: false,
  cellText: false,
  cellStyles: false,
  cellNF: false,
  cellDates: false,
  bookVBA: false,
  bookDeps: false,
  bookFiles: false,
  sheetStubs: false,
  WTF: false,
};

function parse(buf: Buffer, ext: string, sheetRows: number): { wb: XLSX.WorkBook; text: boolean } {
  const isZip = buf.length >= 4 && buf.readUInt32LE(0) === 0x04034b50;
  const isOle = buf.subarray(0, 8).equals(OLE);
  if (isZip) checkZip(buf);
  if (isOle && buf.includes(ENCRYPTED_MARK)) throw new ImportFileError('encrypted');
  const text = !isZip && !isOle && !(buf[0] === 0x1f && buf[1] === 0x8b) && !looksBinary(buf.subarray(buf[0] === 0xff || buf[0] === 0xfe ? 2 : 0));
  if (!isZip && !isOle && !text && !(buf[0] === 0x1f && buf[1] === 0x8b)) throw new ImportFileError('unsupported', { ext });
  try {
    if (text) {
      const s = decodeText(buf);
      // raw: keep every CSV value as typed (leading zeros of phone numbers, long digit strings)
      return { wb: XLSX.read(s, { ...READ_OPTS, type: 'string', raw: true, sheetRows }), text: true };
    }
    return { wb: XLSX.read(buf, { ...READ_OPTS, type: 'buffer', sheetRows }), text: false };
  } catch (e) {
    if (e instanceof ImportFileError) throw e;
    const msg = String((e as Error)?.message ?? e);
    if (/password|encrypt/i.test(msg)) throw new ImportFileError('encrypted');
    if (/unsupported|not supported|unrecognized/i.test(msg)) throw new ImportFileError('unsupported', { ext });
    throw new ImportFileError('corrupt');
  }
}

function cellValue(c: XLSX.CellObject | undefined): CellValue {
  if (!c) return null;
  switch (c.t) {
    case 'n':
      return typeof c.v === 'number' && Number.isFinite(c.v) ? c.v : null;
    case 's':
      return typeof c.v === 'string' ? c.v : c.v === undefined || c.v === null ? null : String(c.v);
    case 'b':
      return !!c.v;
    case 'd':
      return c.v instanceof Date && !Number.isNaN(c.v.getTime()) ? c.v : typeof c.v === 'string' ? c.v : null;
    default:
      return null; // 'e' error cells (#N/A, #REF!) and stubs carry no value to import
  }
}

/** Fill each merged range with its top-left value (a company name merged over its contacts' rows). */
function fillMerges(rows: Row[], merges: XLSX.Range[] | undefined, maxCols: number): void {
  if (!merges) return;
  let budget = 2_000_000; // cells a merge fill may write: a hostile file cannot make us loop forever
  for (const m of merges) {
    const v = rows[m.s.r]?.[m.s.c] ?? null;
    if (v === null || m.s.c >= maxCols) continue;
    for (let r = m.s.r; r <= Math.min(m.e.r, rows.length - 1); r++) {
      const row = rows[r];
      for (let c = m.s.c; c <= Math.min(m.e.c, maxCols - 1); c++) {
        if (--budget < 0) return;
        if (row[c] === null || row[c] === undefined) row[c] = v;
      }
    }
  }
}

function date1904Of(wb: XLSX.WorkBook): boolean {
  const props = wb.Workbook?.WBProps as { date1904?: boolean } | undefined;
  return !!props?.date1904;
}

export function sheetNamesOf(wb: XLSX.WorkBook): string[] {
  return wb.SheetNames.slice(0, 200).map(String);
}

/**
 * Read a file: all sheet names and the rows of `sheet` (default: the first sheet with data).
 * `maxRows` counts every row of the sheet (title rows, header and data).
 */
export function readWorkbook(file: string, opts: { sheet?: string; limits?: Limits } = {}): SheetData {
  const limits = opts.limits ?? IMPORT_LIMITS;
  const ext = path.extname(file).slice(1).toLowerCase();
  let size: number;
  try {
    const st = fs.statSync(file);
    if (!st.isFile()) throw new ImportFileError('missing');
    size = st.size;
  } catch (e) {
    if (e instanceof ImportFileError) throw e;
    throw new ImportFileError('missing');
  }
  if (size === 0) throw new ImportFileError('empty');
  if (size > limits.maxFileBytes) throw new ImportFileError('tooBig', { mb: Math.round(limits.maxFileBytes / 1024 / 1024) });
  const buf = fs.readFileSync(file);
  // header + title rows + the data cap; one more row tells us the sheet is longer than allowed
  const sheetRows = limits.maxRows + limits.headerScanRows + 1;
  const { wb, text } = parse(buf, ext, sheetRows);
  const sheetNames = sheetNamesOf(wb);
  if (!sheetNames.length) throw new ImportFileError('noSheet');
  const hasData = (n: string) => {
    const ws = wb.Sheets[n];
    return !!ws && !!ws['!ref'] && (ws['!data']?.length ?? 0) > 0;
  };
  let sheet: string;
  if (opts.sheet !== undefined) {
    if (!sheetNames.includes(opts.sheet)) throw new ImportFileError('noSheet', { sheet: opts.sheet.slice(0, 40) });
    sheet = opts.sheet;
  } else {
    sheet = sheetNames.find(hasData) ?? sheetNames[0];
  }
  // (a sheet named "__proto__" ends up as the prototype of wb.Sheets — a local object, harmless — and
  // plain property access still finds it; the name was checked against sheetNames above)
  const found = (wb.Sheets as Record<string, XLSX.WorkSheet | undefined>)[sheet];
  const ws = found && found !== (Object.prototype as unknown) && typeof found === 'object' ? found : undefined;
  const data = (ws?.['!data'] ?? []) as (XLSX.CellObject[] | undefined)[];
  if (!ws || !ws['!ref'] || data.length === 0) throw new ImportFileError('emptySheet', { sheet: sheet.slice(0, 40) });

  const full = XLSX.utils.decode_range(String(ws['!fullref'] ?? ws['!ref']));
  const totalRows = full.e.r + 1;
  if (totalRows > sheetRows - 1 || data.length >= sheetRows) throw new ImportFileError('tooManyRows', { max: limits.maxRows });

  const rows: Row[] = new Array(data.length);
  let widest = 0;
  for (let r = 0; r < data.length; r++) {
    const src = data[r];
    if (!src) {
      rows[r] = [];
      continue;
    }
    const n = src.length;
    // data far to the right (a 16k-column sheet): refuse when it is within the header area, ignore it below
    if (n > limits.maxCols) {
      for (let c = limits.maxCols; c < n; c++) {
        if (cellValue(src[c]) !== null && r < limits.headerScanRows) throw new ImportFileError('tooManyCols', { max: limits.maxCols });
      }
    }
    const w = Math.min(n, limits.maxCols);
    const row: Row = new Array(w);
    for (let c = 0; c < w; c++) row[c] = cellValue(src[c]);
    let last = w;
    while (last > 0 && (row[last - 1] === null || row[last - 1] === '')) last--;
    row.length = last;
    if (last > widest) widest = last;
    rows[r] = row;
  }
  fillMerges(rows, ws['!merges'], limits.maxCols);
  if (!rows.some((r) => r.length > 0)) throw new ImportFileError('emptySheet', { sheet: sheet.slice(0, 40) });
  return { sheetNames, sheet, rows, date1904: date1904Of(wb), text };
}
