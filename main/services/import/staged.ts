// The preview's work, kept for the commit: the preview worker has already read, mapped and cleansed every
// row of the file, so it writes those rows (v8 structured clone) to the data folder's staging dir and the
// commit that follows with the same file, sheet, header row, mapping and context reads them back instead
// of parsing the file again. Everything the cleansing depended on is in the key: the file itself (size,
// mtime and SHA-256 of its bytes — a file changed after the preview is read again), the sheet request, the
// sanitized mapping, the importer, the language, the day (relative dates), and the users and custom
// fields at preview time (owner names, custom cells). Anything different: the commit takes the full path.
// The staging dir is emptied at start (backup cleanLeftovers), so a crash leaves nothing behind for long.
import fs from 'node:fs';
import path from 'node:path';
import { createHash } from 'node:crypto';
import v8 from 'node:v8';
import type { CleanRow } from './cleanse';
import type { PreparedSheet } from './sheetRows';

export interface FileFingerprint {
  size: number;
  mtimeMs: number;
  sha256: string;
}

/** Size and mtime first (cheap); the hash catches a same-size rewrite within the mtime resolution. */
export function fileFingerprint(file: string, maxBytes: number): FileFingerprint | null {
  try {
    const st = fs.statSync(file);
    if (!st.isFile() || st.size > maxBytes) return null;
    const sha256 = createHash('sha256').update(fs.readFileSync(file)).digest('hex');
    return { size: st.size, mtimeMs: st.mtimeMs, sha256 };
  } catch {
    return null;
  }
}

export const sameFile = (a: FileFingerprint | null, b: FileFingerprint | null) => !!a && !!b && a.size === b.size && a.mtimeMs === b.mtimeMs && a.sha256 === b.sha256;

/** Everything besides the file that decides the cleansed rows, as one comparable string. */
export interface StageKeyParts {
  sheet: string;
  headerRow: number;
  mapping: PreparedSheet['mapping'];
  unmapped: 'ignore' | 'notes';
  locale: string;
  actor: { id: number; scope: 'own' | 'all' };
  today: string;
  /** users (owner names) and custom field definitions read at cleanse time */
  context: unknown;
}

export function stageKey(p: StageKeyParts): string {
  const context = createHash('sha256').update(JSON.stringify(p.context)).digest('hex');
  return JSON.stringify([p.sheet, p.headerRow, p.mapping.map((m) => [m.column, m.field]), p.unmapped, p.locale, p.actor.id, p.actor.scope, p.today, context]);
}

export interface StagedRows {
  version: 1;
  file: FileFingerprint;
  key: string;
  sheet: PreparedSheet;
  rows: CleanRow[];
}

const tmpName = (file: string) => `${file}.${process.pid}.tmp`;

/** Write atomically (temp + rename): a commit never reads half a file. Best effort: false if it failed. */
export function writeStaged(file: string, staged: StagedRows): boolean {
  try {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(tmpName(file), v8.serialize(staged));
    fs.renameSync(tmpName(file), file);
    return true;
  } catch {
    try {
      fs.rmSync(tmpName(file), { force: true });
    } catch {
      // nothing to clean
    }
    return false;
  }
}

/** The staged rows if the file is there, readable and of this version; null otherwise (full path). */
export function readStaged(file: string): StagedRows | null {
  try {
    const v = v8.deserialize(fs.readFileSync(file)) as StagedRows;
    return v && v.version === 1 && Array.isArray(v.rows) && v.sheet && Array.isArray(v.sheet.data) ? v : null;
  } catch {
    return null;
  }
}

/** staging/import-<preview id>.v8 in the data folder (same file system as the database, private). */
export function stagedFileFor(dataDir: string, previewId: string): string {
  return path.join(dataDir, 'staging', `import-${previewId}.v8`);
}

/** Delete a staging file off the event loop (unlinking a file of 100+ MB can take a while). */
export async function removeStaged(file: string | undefined): Promise<void> {
  if (!file) return;
  try {
    await fs.promises.rm(file, { force: true });
  } catch {
    // best effort: the staging dir is emptied at the next start
  }
}
