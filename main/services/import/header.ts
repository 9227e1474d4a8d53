// Finding the header row: spreadsheets often start with a title ("2024年客户名单"), a date line or an
// empty row. The header is the row among the first rows that names the most known fields; if none
// does, the first row whose cells are mostly short texts.
import { IMPORT_LIMITS } from './limits';
import { fieldForHeader } from './fields';
import { cellText } from './cleanse';
import type { Row } from './readWorkbook';

export function detectHeaderRow(rows: readonly Row[], scan = IMPORT_LIMITS.headerScanRows): number {
  let best = -1;
  let bestScore = 0;
  const n = Math.min(rows.length, scan);
  for (let r = 0; r < n; r++) {
    const cells = rows[r];
    const fields = new Set<string>();
    for (const c of cells) {
      if (typeof c !== 'string') continue;
      const f = fieldForHeader(c);
      if (f) fields.add(f);
    }
    if (fields.size > bestScore) {
      bestScore = fields.size;
      best = r;
    }
  }
  if (best >= 0) return best;
  for (let r = 0; r < n; r++) {
    const filled = rows[r].filter((c) => c !== null && c !== '');
    if (filled.length >= 2 && filled.filter((c) => typeof c === 'string' && c.length <= 40).length >= filled.length * 0.8) return r;
  }
  const first = rows.findIndex((r) => r.length > 0);
  return first < 0 ? 0 : first;
}

export interface Layout {
  /** 0-based index of the header row */
  headerIndex: number;
  headers: string[];
  /** 0-based index of the first data row */
  firstData: number;
}

/** Header texts (empty headers get "列 N" style names from the caller) and the data range. */
export function layoutOf(rows: readonly Row[], headerIndex: number): Layout {
  const width = Math.max(rows[headerIndex]?.length ?? 0, ...rows.slice(headerIndex + 1, headerIndex + 200).map((r) => r.length));
  const hr = rows[headerIndex] ?? [];
  const headers: string[] = [];
  for (let c = 0; c < width; c++) headers.push(cellText(hr[c] ?? null).replace(/\s+/g, ' ').trim().slice(0, 100));
  return { headerIndex, headers, firstData: headerIndex + 1 };
}
