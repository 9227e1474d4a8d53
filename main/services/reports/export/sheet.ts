// .xlsx and .csv files of a report table, written with SheetJS.
import fs from 'node:fs';
import * as XLSX from 'xlsx';
import type { Cell } from './cells';
import { yuanText } from './cells';

function xlsxCell(c: Cell): XLSX.CellObject {
  switch (c.kind) {
    case 'text':
      return { t: 's', v: c.text };
    case 'money':
      // yuan as a number (sums work in the spreadsheet); Number of the exact text avoids fen/100 drift
      return { t: 'n', v: Number(yuanText(c.fen)), z: '"¥"#,##0.00' };
    case 'percent':
      return { t: 'n', v: c.value, z: '0.0%' };
    case 'number':
      return { t: 'n', v: c.value };
    case 'empty':
      return { t: 'z' };
  }
}

function csvText(c: Cell): string {
  switch (c.kind) {
    case 'text':
      return c.text;
    case 'money':
      return yuanText(c.fen);
    case 'percent':
      return `${(Math.round(c.value * 1000) / 10).toFixed(1)}%`;
    case 'number':
      return String(c.value);
    case 'empty':
      return '';
  }
}

const csvQuote = (s: string) => (/[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);

export function writeSheetFile(path: string, format: 'xlsx' | 'csv', sheetName: string, headers: string[], rows: Cell[][]): void {
  if (format === 'csv') {
    const lines = [headers.map((h) => csvQuote(h)), ...rows.map((r) => r.map((c) => csvQuote(csvText(c))))].map((l) => l.join(','));
    // BOM so Excel opens UTF-8 Chinese text correctly
    fs.writeFileSync(path, '\ufeff' + lines.join('\r\n') + '\r\n', 'utf8');
    return;
  }
  const ws: XLSX.WorkSheet = {};
  headers.forEach((h, c) => (ws[XLSX.utils.encode_cell({ r: 0, c })] = { t: 's', v: h }));
  rows.forEach((r, ri) => r.forEach((cell, c) => (ws[XLSX.utils.encode_cell({ r: ri + 1, c })] = xlsxCell(cell))));
  ws['!ref'] = XLSX.utils.encode_range({ s: { r: 0, c: 0 }, e: { r: rows.length, c: Math.max(headers.length - 1, 0) } });
  ws['!cols'] = headers.map((h) => ({ wch: Math.max(10, h.length * 2 + 2) }));
  const wb = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(wb, ws, sheetName.replace(/[\\/?*[\]:]/g, ' ').slice(0, 31) || 'Report');
  fs.writeFileSync(path, XLSX.write(wb, { type: 'buffer', bookType: 'xlsx' }) as Buffer);
}
