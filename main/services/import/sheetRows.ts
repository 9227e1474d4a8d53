// The part shared by preview and commit: read the file, find (or take) the header row, map the columns,
// cleanse every data row. Blank lines are skipped; rows keep their Excel row number.
import type { TFunction } from 'i18next';
import type { Db } from '../../../db/sql';
import { readWorkbook, type Row } from './readWorkbook';
import { detectHeaderRow, layoutOf } from './header';
import { autoMap, IMPORT_FIELDS, isCustomTarget, type ColumnMapping, type CustomTarget } from './fields';
import { cellText, cleanseRow, usersIndex, type CleanRow, type CleanseContext, type UserRef } from './cleanse';
import { ImportFileError } from './fileErrors';

const TOP_ROWS = 12;
const isBlankRow = (cells: Row) => cells.every((c) => c === null || c === undefined || (typeof c === 'string' && c.trim() === ''));
import { IMPORT_LIMITS } from './limits';

export interface SheetRequest {
  file: string;
  sheet?: string;
  /** 1-based Excel row of the header; detected when absent */
  headerRow?: number;
  mapping?: ColumnMapping[];
  unmapped: 'ignore' | 'notes';
}

export interface ImportActor {
  id: number;
  displayName: string;
  scope: 'own' | 'all';
}

export interface PreparedSheet {
  sheetNames: string[];
  sheet: string;
  headerRow: number;
  detectedHeaderRow: number;
  headers: string[];
  mapping: ColumnMapping[];
  date1904: boolean;
  /** the first rows of the sheet as text (to choose the header row) */
  topRows: string[][];
  /** data rows (blank lines removed) with their raw cells */
  data: { row: number; cells: Row }[];
}

export function loadUsers(db: Db): UserRef[] {
  return (db.prepare('SELECT id, display_name, username, disabled_at FROM users ORDER BY id').all() as {
    id: number;
    display_name: string;
    username: string;
    disabled_at: string | null;
  }[]).map((u) => ({ id: u.id, displayName: u.display_name, username: u.username, disabled: !!u.disabled_at }));
}

/** A mapping from the caller: known fields only (custom ones among `custom`), each column and field at most once, inside the sheet. */
export function sanitizeMapping(mapping: readonly ColumnMapping[], width: number, custom: readonly CustomTarget[] = []): ColumnMapping[] {
  const byColumn = new Map<number, ColumnMapping['field']>();
  const taken = new Set<string>();
  for (const m of mapping) {
    if (!Number.isInteger(m.column) || m.column < 0 || m.column >= width || byColumn.has(m.column)) continue;
    const known = m.field && (isCustomTarget(m.field) ? custom.some((c) => c.key === m.field) : (IMPORT_FIELDS as readonly string[]).includes(m.field));
    const f = m.field && known && !taken.has(m.field) ? m.field : null;
    if (f) taken.add(f);
    byColumn.set(m.column, f);
  }
  return Array.from({ length: width }, (_, column) => ({ column, field: byColumn.get(column) ?? null }));
}

/** `custom`: the live custom fields of customers (mapping targets `custom.<key>`). */
export function prepareSheet(req: SheetRequest, limits = IMPORT_LIMITS, custom: readonly CustomTarget[] = []): PreparedSheet {
  const wb = readWorkbook(req.file, { sheet: req.sheet, limits });
  const detected = detectHeaderRow(wb.rows, limits.headerScanRows);
  const headerIndex = req.headerRow !== undefined ? req.headerRow - 1 : detected;
  if (headerIndex < 0 || headerIndex >= wb.rows.length) throw new ImportFileError('emptySheet', { sheet: wb.sheet.slice(0, 40) });
  const layout = layoutOf(wb.rows, headerIndex);
  const mapping = req.mapping ? sanitizeMapping(req.mapping, layout.headers.length, custom) : autoMap(layout.headers, custom);
  const data: PreparedSheet['data'] = [];
  for (let r = layout.firstData; r < wb.rows.length; r++) {
    const cells = wb.rows[r];
    if (isBlankRow(cells)) continue;
    data.push({ row: r + 1, cells });
  }
  return {
    sheetNames: wb.sheetNames,
    sheet: wb.sheet,
    headerRow: headerIndex + 1,
    detectedHeaderRow: detected + 1,
    headers: layout.headers,
    mapping,
    date1904: wb.date1904,
    topRows: wb.rows.slice(0, TOP_ROWS).map((r) => r.slice(0, 30).map((c) => cellText(c).slice(0, 60))),
    data,
  };
}

export function cleanseAll(
  sheet: PreparedSheet,
  opts: { users: UserRef[]; actor: ImportActor; unmapped: 'ignore' | 'notes'; today: string; t: TFunction; custom?: CleanseContext['custom'] },
  onRow?: (i: number) => void,
): CleanRow[] {
  const ctx = {
    mapping: sheet.mapping,
    headers: sheet.headers,
    date1904: sheet.date1904,
    today: opts.today,
    users: opts.users,
    importer: { id: opts.actor.id, scope: opts.actor.scope },
    unmapped: opts.unmapped,
    t: opts.t,
    custom: opts.custom,
  };
  const idx = usersIndex(opts.users);
  return sheet.data.map((d, i) => {
    onRow?.(i);
    return cleanseRow(d.cells, d.row, ctx, idx);
  });
}
