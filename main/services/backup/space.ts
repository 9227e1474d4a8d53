// Free space before a copy: a backup, a pinned snapshot (before an import, a restore) or a restore's staging
// copy needs about the size of what it copies in the folder it writes to. At 1M customers that is 6-7 GB; a
// copy that runs out of disk half-way fails late (after an import began writing beside it), and while the
// disk is full every write of the app fails too. So the space is checked first and the user is told exactly
// how much is needed and how much is free; nothing is written.
import fs from 'node:fs';
import { BackupError } from './errors';

/**
 * Room left beyond the copy itself: the live file's log grows while the copy runs (an import writing beside
 * its snapshot at 1M: 386-525 MiB), plus the sidecar. 16 MiB + 10 % of what is copied.
 */
export const marginFor = (bytes: number): number => 16 * 2 ** 20 + Math.ceil(bytes / 10);

/** Bytes an unprivileged user may still write on the file system of `dir`; null where it cannot be told. */
export function freeBytes(dir: string): number | null {
  try {
    const s = fs.statfsSync(dir);
    return Number(s.bavail) * Number(s.bsize);
  } catch {
    return null;
  }
}

const sizeOf = (file: string): number => {
  try {
    return fs.statSync(file).size;
  } catch {
    return 0;
  }
};

/** What a copy of the live database needs: the main file, what its log may add, and the margin. */
export function bytesForCopyOf(dbFile: string): number {
  const bytes = sizeOf(dbFile) + sizeOf(`${dbFile}-wal`);
  return bytes + marginFor(bytes);
}

/** What a copy of a file needs (a restore's staging copy of a backup). */
export function bytesForFile(file: string): number {
  const bytes = sizeOf(file);
  return bytes + marginFor(bytes);
}

/**
 * Throws BackupError 'no-space' (details: needBytes, freeBytes, folder) when `folder` has less than `need`
 * bytes free. Where free space cannot be read, the copy goes ahead (and fails as before if the disk fills).
 */
export function ensureSpace(folder: string, need: number, free: (dir: string) => number | null = freeBytes): void {
  const have = free(folder);
  if (have === null || have >= need) return;
  throw new BackupError('no-space', `not enough free space in ${folder}: ${need} bytes needed, ${have} free`, { needBytes: need, freeBytes: have, folder });
}

/**
 * Bytes as the user reads them, in their language, in the units the backup list shows (1,024-based, "GB" /
 * "MB", one decimal below 100): "6.0 GB", "4.8 MB".
 */
export function formatSize(bytes: number, locale: string): string {
  const [unit, div] = bytes >= 2 ** 30 ? (['gigabyte', 2 ** 30] as const) : (['megabyte', 2 ** 20] as const);
  const v = bytes / div;
  const digits = v >= 100 ? 0 : 1;
  return new Intl.NumberFormat(locale, { style: 'unit', unit, minimumFractionDigits: digits, maximumFractionDigits: digits }).format(v);
}

/** The sentence parameters of a 'no-space' failure (the messages backup.noSpace / import.errors.snapshotNoSpace). */
export function noSpaceParams(e: BackupError, locale: string): { need: string; free: string; folder: string } {
  return { need: formatSize(Number(e.details.needBytes), locale), free: formatSize(Number(e.details.freeBytes), locale), folder: String(e.details.folder) };
}
