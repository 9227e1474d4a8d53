// Replacing the live database file with a restored one so that a crash at any moment leaves either
// the old or the new database whole. The commit point is the journal file `restore.journal`:
//   before it exists, start-up throws the incoming copy away (old database);
//   once it exists, start-up finishes the swap (new database).
// The old file's -wal/-shm are removed before the rename: SQLite would otherwise replay the old
// write-ahead log onto the new file (the WAL does not know which file it belongs to).
import fs from 'node:fs';
import path from 'node:path';
import { durableRename, fsyncDir, fsyncFile, readJson, removeQuietly, writeFileAtomic } from './fsutil';

export const RESTORE_JOURNAL = 'restore.journal';
export type SwapStep = 'staged' | 'journal' | 'closed' | 'sidefiles' | 'renamed' | 'done';
export const SWAP_STEPS: readonly SwapStep[] = ['staged', 'journal', 'closed', 'sidefiles', 'renamed', 'done'];

const incomingOf = (dbFile: string) => `${dbFile}.restore-new`;
const journalOf = (dbFile: string) => path.join(path.dirname(dbFile), RESTORE_JOURNAL);
const sideFiles = (dbFile: string) => [`${dbFile}-wal`, `${dbFile}-shm`, `${dbFile}-journal`];

export interface SwapOptions {
  dbFile: string;
  /** the checked, migrated, rollback-journal-mode copy to put in place */
  stagedFile: string;
  /** checkpoint and close the live connection */
  closeLive(): void;
  /** test seam: called after each step (the crash tests kill the process here) */
  onStep?(step: SwapStep): void;
}

export function swapInDatabase(o: SwapOptions): void {
  const dir = path.dirname(o.dbFile);
  const incoming = incomingOf(o.dbFile);
  const step = (s: SwapStep) => o.onStep?.(s);
  // 1. the new file beside the live one, so the final rename is atomic (same folder, same disk)
  try {
    fs.renameSync(o.stagedFile, incoming);
  } catch {
    fs.copyFileSync(o.stagedFile, incoming);
    removeQuietly(o.stagedFile);
  }
  fsyncFile(incoming);
  fsyncDir(dir);
  step('staged');
  // 2. commit point
  writeFileAtomic(journalOf(o.dbFile), JSON.stringify({ incoming: path.basename(incoming), at: new Date().toISOString() }));
  step('journal');
  // 3..5 finish exactly as start-up recovery would
  o.closeLive();
  step('closed');
  finishSwap(o.dbFile, step);
}

function finishSwap(dbFile: string, step: (s: SwapStep) => void = () => {}): void {
  const incoming = incomingOf(dbFile);
  if (fs.existsSync(incoming)) {
    for (const f of sideFiles(dbFile)) fs.rmSync(f, { force: true });
    fsyncDir(path.dirname(dbFile));
    step('sidefiles');
    durableRename(incoming, dbFile);
    step('renamed');
  }
  fs.rmSync(journalOf(dbFile), { force: true });
  fsyncDir(path.dirname(dbFile));
  step('done');
}

/**
 * Called at start-up before the database is opened: finish a restore that reached its commit point,
 * or throw away one that did not. Returns what it did.
 */
export function recoverInterruptedRestore(dbFile: string): 'none' | 'completed' | 'discarded' {
  const journal = journalOf(dbFile);
  const incoming = incomingOf(dbFile);
  if (fs.existsSync(journal)) {
    // a journal that does not parse was cut while being written: writeFileAtomic renames only
    // complete files, so this means a leftover temp name, and the commit never happened
    if (readJson(journal) === null) {
      removeQuietly(journal);
      removeQuietly(incoming);
      return 'discarded';
    }
    finishSwap(dbFile);
    return 'completed';
  }
  if (fs.existsSync(incoming)) {
    removeQuietly(incoming);
    fsyncDir(path.dirname(dbFile));
    return 'discarded';
  }
  return 'none';
}
