// Cell text for files we write (exports, reports, error reports, templates): formula-injection escaping
// and CSV quoting. A text cell starting with = + - @ TAB CR LF gets a leading apostrophe, so spreadsheet
// programs show it as text instead of running it. Shared by reports, export and import.

const FORMULA_START = /^[=+\-@\t\r\n]/;

export function escapeFormula(s: string): string {
  return FORMULA_START.test(s) ? `'${s}` : s;
}

/** True when a text would be taken as a formula by a spreadsheet program. */
export const looksLikeFormula = (s: string) => FORMULA_START.test(s);

export const csvQuote = (s: string) => (/[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);

/** One CSV line (CRLF is added by the writer). Values must already be escaped. */
export const csvLine = (cells: readonly string[]) => cells.map(csvQuote).join(',');

/** UTF-8 byte order mark: Excel opens a CSV with it as UTF-8 (otherwise Chinese text is garbled). */
export const CSV_BOM = '\ufeff';

/** A legal worksheet name (Excel: ≤ 31 chars, none of \ / ? * [ ] :). */
export const sheetName = (s: string, fallback = 'Sheet1') => s.replace(/[\\/?*[\]:]/g, ' ').slice(0, 31) || fallback;
