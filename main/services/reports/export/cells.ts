// Turning report table rows into cells for a file: localized labels, money in yuan, percentages, and
// formula-injection escaping (a text cell starting with = + - @ TAB CR LF gets a leading apostrophe,
// so spreadsheet programs show it as text instead of running it).
import type { TFunction } from 'i18next';
import { columnKind, type ReportName, type TableRow } from '../../../contract/reports';
import { reportValueKind, shippedLabel } from '../../../contract/shippedLabels';

import { escapeFormula } from '../../export/cells';
export { escapeFormula }; // shared with export and import (main/services/export/cells.ts)

/** Text for coded values (status keys, empty keys, the pool owner) and shipped names (stages, sources, industries:
 * contract/shippedLabels.ts) in the user's language, like the report on screen; a renamed value as stored. */
export function displayText(report: ReportName, table: string | undefined, key: string, value: unknown, t: TFunction, locale: 'zh-CN' | 'en'): string {
  if (value === null || value === undefined || value === '') {
    return key === 'ownerName' ? t('reports.noOwner') : t('reports.emptyValue');
  }
  const s = String(value);
  if (report === 'customerAnalysis' && table === 'byStatus' && key === 'key') return t(`reports.status.${s}`, { defaultValue: s });
  if (report === 'funnel' && key === 'kind') return t(`reports.stageKind.${s}`, { defaultValue: s });
  const shipped = reportValueKind(report, table, key);
  return shipped ? shippedLabel(shipped, s, locale) : s;
}

export type Cell = { kind: 'text'; text: string } | { kind: 'money'; fen: number } | { kind: 'percent'; value: number } | { kind: 'number'; value: number } | { kind: 'empty' };

export function toCell(report: ReportName, table: string | undefined, key: string, row: TableRow, t: TFunction, locale: 'zh-CN' | 'en'): Cell {
  const v = row[key];
  const kind = columnKind(key);
  if (kind === 'text') return { kind: 'text', text: escapeFormula(displayText(report, table, key, v, t, locale)) };
  if (v === null || v === undefined) return { kind: 'empty' };
  if (typeof v !== 'number') return { kind: 'text', text: escapeFormula(String(v)) };
  if (kind === 'money') return { kind: 'money', fen: v };
  if (kind === 'percent') return { kind: 'percent', value: v };
  return { kind: 'number', value: v };
}

/** yuan text with two decimals from integer fen, exact for any safe integer */
export function yuanText(fen: number): string {
  const neg = fen < 0;
  const abs = Math.abs(fen);
  return `${neg ? '-' : ''}${Math.trunc(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

export function sortRows(rows: TableRow[], sort?: { key: string; dir: 'asc' | 'desc' }): TableRow[] {
  if (!sort) return rows;
  const k = sort.key;
  const m = sort.dir === 'asc' ? 1 : -1;
  return [...rows].sort((a, b) => {
    const x = a[k];
    const y = b[k];
    if (x === y) return 0;
    if (x === null || x === undefined) return 1;
    if (y === null || y === undefined) return -1;
    return (typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y), 'zh-CN')) * m;
  });
}
