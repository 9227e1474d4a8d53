// The error report of an import: one line per problem — the original row number, the column, the
// reason — followed by the original row's cells, so the user can fix the lines and import them again.
import fs from 'node:fs';
import * as XLSX from 'xlsx';
import type { TFunction } from 'i18next';
import { escapeFormula, sheetName } from '../export/cells';
import type { ErrorRow } from './commit';

export function writeErrorReport(file: string, headers: readonly string[], errors: readonly ErrorRow[], t: TFunction): void {
  const head = [t('import.report.row'), t('import.report.column'), t('import.report.reason'), ...headers.map((h, i) => h || `#${i + 1}`)];
  const data: XLSX.CellObject[][] = [head.map((h) => ({ t: 's', v: escapeFormula(h) }))];
  for (const e of errors) {
    data.push([
      { t: 'n', v: e.row },
      { t: 's', v: escapeFormula(e.header || (e.column === null ? '' : `#${e.column + 1}`)) },
      { t: 's', v: escapeFormula(e.reason) },
      ...e.cells.map((c): XLSX.CellObject => (c === '' ? { t: 'z' } : { t: 's', v: escapeFormula(c) })),
    ]);
  }
  const ws = { '!data': data } as XLSX.WorkSheet;
  ws['!ref'] = XLSX.utils.encode_range({ s: { r: 0, c: 0 }, e: { r: data.length - 1, c: head.length - 1 } });
  ws['!cols'] = [{ wch: 8 }, { wch: 14 }, { wch: 40 }, ...headers.map(() => ({ wch: 16 }))];
  const wb = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(wb, ws, sheetName(t('import.report.sheet')));
  fs.writeFileSync(file, XLSX.write(wb, { type: 'buffer', bookType: 'xlsx', compression: true }) as Buffer);
}
