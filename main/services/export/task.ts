// The export's heavy part (in the worker, read-only connection): stream the rows of a query built in
// main (scope + filter already applied), turn them into escaped cells and write .xlsx (SheetJS) or .csv
// (UTF-8 with BOM, written in slices so memory stays flat).
import fs from 'node:fs';
import * as XLSX from 'xlsx';
import type { Db } from '../../../db/sql';
import { CSV_BOM, csvLine, escapeFormula, sheetName } from './cells';

export type ColumnKind = 'text' | 'number' | 'money' | 'datetime' | 'date' | 'tags' | 'changes';

export interface ExportColumn {
  key: string;
  label: string;
  kind: ColumnKind;
  /** coded value -> label ('won' -> '已成交') */
  labels?: [string, string][];
}

export interface ExportTask {
  op: 'export';
  dbFile: string;
  nativeBinding?: string;
  sql: string;
  params: unknown[];
  columns: ExportColumn[];
  format: 'xlsx' | 'csv';
  path: string;
  sheet: string;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** Local date-time text of an ISO timestamp (what the user saw in the app). */
export function localDateTime(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

export function yuan(fen: number): number {
  return Math.round(fen) / 100;
}

type Out = { kind: 'text'; text: string } | { kind: 'number'; value: number; z?: string } | { kind: 'empty' };

export function formatCell(col: ExportColumn, v: unknown, labels?: Map<string, string>): Out {
  if (v === null || v === undefined || v === '') return { kind: 'empty' };
  switch (col.kind) {
    case 'number':
      return typeof v === 'number' ? { kind: 'number', value: v } : { kind: 'text', text: escapeFormula(String(v)) };
    case 'money':
      return typeof v === 'number' ? { kind: 'number', value: yuan(v), z: '"¥"#,##0.00' } : { kind: 'text', text: escapeFormula(String(v)) };
    case 'datetime':
      return { kind: 'text', text: localDateTime(String(v)) };
    case 'tags': {
      let list: string[] = [];
      try {
        const parsed = JSON.parse(String(v)) as unknown;
        if (Array.isArray(parsed)) list = parsed.map(String);
      } catch {
        list = String(v).split(',');
      }
      return list.length ? { kind: 'text', text: escapeFormula(list.join(', ')) } : { kind: 'empty' };
    }
    case 'changes': {
      // an audit entry's field changes, one line each: "field: old → new" (a purge leaves the names only)
      let list: { field?: unknown; old?: unknown; new?: unknown }[] = [];
      try {
        const parsed = JSON.parse(String(v)) as unknown;
        if (Array.isArray(parsed)) list = parsed as typeof list;
      } catch {
        return { kind: 'text', text: escapeFormula(String(v)) };
      }
      const lines = list.map((c) => ('old' in c || 'new' in c ? `${String(c.field)}: ${JSON.stringify(c.old ?? null)} → ${JSON.stringify(c.new ?? null)}` : `${String(c.field)}: —`));
      return lines.length ? { kind: 'text', text: escapeFormula(lines.join('\n')) } : { kind: 'empty' };
    }
    default: {
      const s = String(v);
      return { kind: 'text', text: escapeFormula(labels?.get(s) ?? s) };
    }
  }
}

const csvText = (o: Out) => (o.kind === 'text' ? o.text : o.kind === 'number' ? String(o.value) : '');

export async function runExport(
  db: Db,
  task: ExportTask,
  hooks: { onProgress?(p: { phase: string; done: number; total: number }): void; cancelled?(): boolean } = {},
): Promise<{ rows: number; bytes: number; cancelled: boolean }> {
  const total = (db.prepare(`SELECT count(*) AS n FROM (${task.sql})`).get(...task.params) as { n: number }).n;
  const maps = task.columns.map((c) => (c.labels ? new Map(c.labels) : undefined));
  const headers = task.columns.map((c) => escapeFormula(c.label));
  const rows = db.prepare(task.sql).iterate(...task.params) as Iterable<Record<string, unknown>>;
  let n = 0;
  let cancelled = false;
  const tick = () => {
    if (++n % 2000 === 0) {
      hooks.onProgress?.({ phase: 'export', done: n, total });
      if (hooks.cancelled?.()) return (cancelled = true);
    }
    return false;
  };
  const tmp = `${task.path}.partial`;
  try {
    if (task.format === 'csv') {
      const fd = fs.openSync(tmp, 'w');
      try {
        let buf = CSV_BOM + csvLine(headers) + '\r\n';
        for (const r of rows) {
          buf += csvLine(task.columns.map((c, i) => csvText(formatCell(c, r[c.key], maps[i])))) + '\r\n';
          if (buf.length > 1 << 20) {
            fs.writeSync(fd, buf);
            buf = '';
          }
          if (tick()) break;
        }
        fs.writeSync(fd, buf);
        fs.fsyncSync(fd);
      } finally {
        fs.closeSync(fd);
      }
    } else {
      const data: XLSX.CellObject[][] = [headers.map((h) => ({ t: 's', v: h }))];
      for (const r of rows) {
        data.push(
          task.columns.map((c, i) => {
            const o = formatCell(c, r[c.key], maps[i]);
            return o.kind === 'text' ? { t: 's', v: o.text } : o.kind === 'number' ? { t: 'n', v: o.value, ...(o.z ? { z: o.z } : {}) } : { t: 'z' };
          }),
        );
        if (tick()) break;
      }
      if (!cancelled) {
        const ws: XLSX.WorkSheet = { '!data': data } as XLSX.WorkSheet;
        ws['!ref'] = XLSX.utils.encode_range({ s: { r: 0, c: 0 }, e: { r: Math.max(data.length - 1, 0), c: Math.max(task.columns.length - 1, 0) } });
        ws['!cols'] = task.columns.map((c) => ({ wch: Math.max(10, Math.min(40, c.label.length * 2 + 2)) }));
        const wb = XLSX.utils.book_new();
        XLSX.utils.book_append_sheet(wb, ws, sheetName(task.sheet));
        fs.writeFileSync(tmp, XLSX.write(wb, { type: 'buffer', bookType: 'xlsx', compression: true, dense: true } as XLSX.WritingOptions) as Buffer);
      }
    }
    if (cancelled) {
      fs.rmSync(tmp, { force: true });
      return { rows: n, bytes: 0, cancelled };
    }
    fs.renameSync(tmp, task.path);
  } catch (e) {
    // release the statement: the connection closing while it iterates would replace this error with "busy"
    (rows as IterableIterator<unknown>).return?.();
    fs.rmSync(tmp, { force: true });
    throw e;
  }
  hooks.onProgress?.({ phase: 'export', done: n, total });
  return { rows: n, bytes: fs.statSync(task.path).size, cancelled };
}
