// import:preview, computed in the worker over the whole file: detected header row, mapping, a sample of
// cleansed rows with per-cell errors and warnings, the first rows with problems, and counts of errors
// and duplicates (within the file and against the database).
import type { Db } from '../../../db/sql';
import { tFor, type Locale } from '../../i18n';
import type { ColumnMapping } from './fields';
import { cellText, hasErrors, type ImportValues, type Issue } from './cleanse';
import { DbKeys, FileKeys, keysOf, type DupBy } from './dedupe';
import { IMPORT_LIMITS } from './limits';
import type { ImportActor, SheetRequest } from './sheetRows';
import { loadRows } from './rowSource';
import { activeFields } from '../fields/definitions';
import { customCreateValues } from './customCells';

export interface PreviewTask extends SheetRequest {
  op: 'preview';
  dbFile: string;
  nativeBinding?: string;
  actor: ImportActor;
  locale: Locale;
  today: string;
  /** write the cleansed rows here for the commit that follows (staged.ts) */
  stageTo?: string;
}

export interface PreviewDuplicate {
  source: 'file' | 'db';
  by: DupBy;
  /** the earlier row of the file */
  row?: number;
  /** the existing customer */
  customerId?: number;
  name?: string;
  /** the existing customer is outside the importer's data scope (cannot be updated) */
  hidden?: boolean;
}

export interface PreviewRow {
  row: number;
  cells: string[];
  values: ImportValues;
  issues: Issue[];
  duplicate: PreviewDuplicate | null;
}

export interface PreviewResult {
  sheets: string[];
  sheet: string;
  headerRow: number;
  detectedHeaderRow: number;
  headers: string[];
  topRows: string[][];
  mapping: ColumnMapping[];
  sample: PreviewRow[];
  problems: PreviewRow[];
  stats: {
    rows: number;
    valid: number;
    withErrors: number;
    withWarnings: number;
    duplicatesInFile: number;
    duplicatesInDb: number;
    duplicatesBy: Record<DupBy, number>;
  };
}

const CHUNK = 2000;

export function previewImport(db: Db, task: PreviewTask, limits = IMPORT_LIMITS): PreviewResult {
  const { sheet, rows: clean } = loadRows(db, task, { actor: task.actor, locale: task.locale, today: task.today, stageTo: task.stageTo }, limits);
  const file = new FileKeys();
  const stats: PreviewResult['stats'] = {
    rows: clean.length,
    valid: 0,
    withErrors: 0,
    withWarnings: 0,
    duplicatesInFile: 0,
    duplicatesInDb: 0,
    duplicatesBy: { mobile: 0, email: 0, name: 0 },
  };
  const sample: PreviewRow[] = [];
  const problems: PreviewRow[] = [];
  const canSee = (owner: number | null) => task.actor.scope === 'all' || owner === null || owner === task.actor.id;
  // A row that creates a customer must have every required custom field (after defaults), as the commit
  // will check: say so in the preview, not only in the commit's error report. Rows matching an existing
  // customer may update it instead, where required does not apply (like an edit).
  const requiredCustom = activeFields(db, 'customer').some((f) => f.required);
  const t = requiredCustom ? tFor(task.locale) : null;
  for (let start = 0; start < clean.length; start += CHUNK) {
    const chunk = clean.slice(start, start + CHUNK);
    const keys = chunk.map((r) => keysOf(r.values));
    const dbKeys = DbKeys.load(db, keys.filter((_, i) => !hasErrors(chunk[i])));
    chunk.forEach((r, i) => {
      let issues = r.issues;
      let bad = hasErrors(r);
      if (!bad && t) {
        const m = dbKeys.find(keys[i]);
        const cv = m ? null : customCreateValues(db, r.values.custom, t, task.locale);
        if (cv && !cv.ok) {
          bad = true;
          issues = [...r.issues, { column: null, field: null, level: 'error', code: 'customRequired', message: cv.message }];
        }
      }
      let duplicate: PreviewDuplicate | null = null;
      if (bad) stats.withErrors++;
      else {
        stats.valid++;
        const m = file.find(keys[i]) ?? dbKeys.find(keys[i]);
        if (m?.source === 'file') duplicate = { source: 'file', by: m.by, row: m.row };
        else if (m?.source === 'db') {
          const visible = canSee(m.customer.ownerId);
          duplicate = { source: 'db', by: m.by, customerId: m.customer.id, name: visible ? m.customer.name : undefined, hidden: !visible || undefined };
        }
        if (duplicate) {
          stats[duplicate.source === 'file' ? 'duplicatesInFile' : 'duplicatesInDb']++;
          stats.duplicatesBy[duplicate.by]++;
        }
        file.add(keys[i], r.row, null);
      }
      if (issues.some((x) => x.level === 'warning')) stats.withWarnings++;
      const index = start + i;
      const wanted = index < limits.previewSample || ((bad || duplicate) && problems.length < limits.previewProblems);
      if (!wanted) return;
      const cells = sheet.data[index].cells;
      const pr: PreviewRow = { row: r.row, cells: sheet.headers.map((_, c) => cellText(cells[c] ?? null).slice(0, 300)), values: r.values, issues, duplicate };
      if (index < limits.previewSample) sample.push(pr);
      else problems.push(pr);
    });
  }
  return {
    sheets: sheet.sheetNames,
    sheet: sheet.sheet,
    headerRow: sheet.headerRow,
    detectedHeaderRow: sheet.detectedHeaderRow,
    headers: sheet.headers,
    topRows: sheet.topRows,
    mapping: sheet.mapping,
    sample,
    problems,
    stats,
  };
}
