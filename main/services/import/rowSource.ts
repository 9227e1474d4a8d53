// The cleansed rows of an import, from wherever they are cheapest: the rows the preview staged for this
// file and request (staged.ts), or the file itself (read, map, cleanse). The preview reads the file and,
// when asked, stages what it read for the commit that follows.
import type { Db } from '../../../db/sql';
import { tFor, type Locale } from '../../i18n';
import type { CleanRow } from './cleanse';
import { customImportContext } from './customCells';
import { IMPORT_LIMITS } from './limits';
import { cleanseAll, loadUsers, prepareSheet, sanitizeMapping, type ImportActor, type PreparedSheet, type SheetRequest } from './sheetRows';
import { fileFingerprint, readStaged, sameFile, stageKey, writeStaged, type FileFingerprint } from './staged';

export interface RowSourceOptions {
  actor: ImportActor;
  locale: Locale;
  /** YYYY-MM-DD (relative dates, birthdays in the future) */
  today: string;
  /** a staging file the preview wrote: used when it matches this file and request */
  stagedFrom?: string;
  /** write what was read to this staging file (the preview) */
  stageTo?: string;
  onRow?: (i: number, total: number) => void;
}

export interface SheetRows {
  sheet: PreparedSheet;
  rows: CleanRow[];
  /** true: taken from the preview's staging file, the file was not parsed again */
  reused: boolean;
  /** when reused: the staging file's key (a helper thread reading the same file checks it: searchFeed.ts) */
  stageKey?: string;
}

export function loadRows(db: Db, req: SheetRequest, o: RowSourceOptions, limits = IMPORT_LIMITS): SheetRows {
  const t = tFor(o.locale);
  const custom = customImportContext(db, o.locale);
  const users = loadUsers(db);
  const keyOf = (sheet: PreparedSheet, mapping: PreparedSheet['mapping']) =>
    stageKey({
      sheet: sheet.sheet,
      headerRow: sheet.headerRow,
      mapping,
      unmapped: req.unmapped,
      locale: o.locale,
      actor: o.actor,
      today: o.today,
      context: [users, custom.targets.map((x) => x.field)],
    });
  // the file as it is now, taken before it is read: a change during the read makes the next check miss
  let fp: FileFingerprint | null = null;
  if (o.stagedFrom || o.stageTo) fp = fileFingerprint(req.file, limits.maxFileBytes);
  if (o.stagedFrom && fp && req.sheet !== undefined && req.headerRow !== undefined && req.mapping) {
    const s = readStaged(o.stagedFrom);
    if (s && sameFile(s.file, fp) && s.sheet.sheet === req.sheet && s.sheet.headerRow === req.headerRow) {
      const mapping = sanitizeMapping(req.mapping, s.sheet.headers.length, custom.targets);
      if (keyOf(s.sheet, mapping) === s.key) return { sheet: s.sheet, rows: s.rows, reused: true, stageKey: s.key };
    }
  }
  const sheet = prepareSheet(req, limits, custom.targets);
  const rows = cleanseAll(sheet, { users, actor: o.actor, unmapped: req.unmapped, today: o.today, t, custom: custom.cleanse }, o.onRow && ((i) => o.onRow!(i, sheet.data.length)));
  if (o.stageTo && fp) writeStaged(o.stageTo, { version: 1, file: fp, key: keyOf(sheet, sheet.mapping), sheet, rows });
  return { sheet, rows, reused: false };
}
