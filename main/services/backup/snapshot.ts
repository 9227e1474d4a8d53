// A consistent copy of the live database, made from a worker's own connection while the app goes on
// writing. Fast path: copy the file's bytes (and hash them in the same pass) while a read transaction
// that ignores the WAL pins the main file; fallback: SQLite's online backup API. docs/backup-format.md
// explains why the fast path is consistent.
import fs from 'node:fs';
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import Database from 'better-sqlite3';
import { BackupError } from './errors';
import { readCounts, type BackupCounts } from './checks';

/**
 * 'pinned' (only when asked for, SnapshotOptions.onPinned / CreateTask.reportPin): the copy's read
 * transaction now holds the file as it is; writes committed from here on are not in the snapshot.
 */
export type Progress = (p: { phase: 'copy' | 'verify' | 'encrypt' | 'decrypt' | 'pinned'; done: number; total: number }) => void;

/** Newest audit id that records a data change (logins and backups do not count). Walks back from the end. */
export const DATA_MARK_SQL = `SELECT id FROM audit_log WHERE action NOT LIKE 'auth.%' AND action NOT LIKE 'backup.%' ORDER BY id DESC LIMIT 1`;

export interface SnapshotOptions {
  nativeBinding?: string;
  /** pages per step of the backup API fallback */
  pagesPerStep?: number;
  onProgress?: Progress;
  /**
   * A descriptor of the live file that the caller keeps open. Closing ANY descriptor of a file drops
   * every POSIX lock this process holds on it (SQLite's included), so inside the app the service opens
   * one and keeps it while the database is open; without it the copy opens (and closes) its own.
   */
  liveFd?: number;
  /** checkpoint + file-copy attempts before falling back to the backup API (default 3; 0 = backup API only) */
  attempts?: number;
  /** test seam: runs after each copied chunk of the fast path, inside the pinned read transaction */
  afterChunk?: (done: number, total: number) => void | Promise<void>;
  /** the kernel copy (a `cp` process / CopyFileW) of the fast path; false = copy in this thread (tests) */
  kernelCopy?: boolean;
  /** chunk size of the fast path (default 1 MiB: hashed and written while still in the CPU cache; 8 MiB chunks cost 2-3x the CPU) */
  chunkBytes?: number;
  /**
   * Called once the snapshot's content is fixed: on the fast path as soon as the read transaction holds
   * WAL read-lock 0 (before a byte is copied: writers may commit from then on, their pages go to the WAL
   * and no checkpoint can write the main file until the copy ends); after the backup-API fallback only
   * when the copy is complete. The copy can still fail after it (disk full, I/O): the caller must treat
   * the snapshot as promised, not as made, until the task resolves.
   */
  onPinned?: () => void;
  /** test seam: after the pin, the copy waits until this file exists (lets a test write while it is pinned) */
  holdAfterPin?: string;
  /** test seam: the copy fails after the pin (and after its first chunk), as a full disk would */
  failAfterPin?: boolean;
}

export interface SnapshotResult {
  dataMark: number;
  counts: BackupCounts;
  schemaVersion: number;
  /** SHA-256 of the file as written (fast path); null after the backup API (hash the file afterwards) */
  sha256: string | null;
  size: number;
  method: 'file-copy' | 'backup-api';
  /** the copy is already in rollback-journal mode (fast path patches header bytes 18-19) */
  rollbackMode: boolean;
}

const walSize = (liveFile: string): number => {
  try {
    return fs.statSync(`${liveFile}-wal`).size;
  } catch {
    return 0; // no WAL file: nothing in it either
  }
};

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The newest data change's audit id; as the first read of a transaction it starts the snapshot. */
const dataMarkOf = (con: Database.Database): number => (con.prepare(DATA_MARK_SQL).get() as { id: number } | undefined)?.id ?? 0;

/** The rest of what the snapshot says about itself (row counts: 0.3–0.9 s at 1M); inside the same read transaction. */
const contentsOf = (con: Database.Database): { counts: BackupCounts; schemaVersion: number } => ({
  counts: readCounts(con),
  schemaVersion: con.pragma('user_version', { simple: true }) as number,
});

/** What the snapshot says about itself; runs inside the pinned read transaction. */
function describe(con: Database.Database): { dataMark: number; counts: BackupCounts; schemaVersion: number } {
  const dataMark = dataMarkOf(con); // first read: starts the snapshot
  return { dataMark, ...contentsOf(con) };
}

/**
 * Empty the WAL into the main file. PASSIVE first (never waits, never blocks writers) does the bulk of
 * the work; TRUNCATE then holds the write lock only to wait (≤ 100 ms) for readers and truncate.
 */
function checkpointTruncate(con: Database.Database): boolean {
  try {
    con.pragma('busy_timeout = 100');
    con.pragma('wal_checkpoint(PASSIVE)');
    const [ck] = con.pragma('wal_checkpoint(TRUNCATE)') as { busy: number }[];
    return ck?.busy === 0;
  } catch (e) {
    if (String((e as { code?: unknown }).code ?? '').startsWith('SQLITE_BUSY')) return false;
    throw e;
  } finally {
    con.pragma('busy_timeout = 5000');
  }
}

/**
 * Copy `size` bytes of `inFd` to `out`, hashing in the same pass; fsyncs `out`. Synchronous reads and
 * writes on this (worker) thread, one busy thread: a version that wrote and read on libuv's pool while
 * hashing here was faster on an idle core but, on the loaded 2-core machine, starved the main thread
 * (event-loop delays of 250-630 ms against 30-110 ms, docs/backup-format.md). With `rollback`, the
 * copy's header bytes 18-19 (file format write/read version: 2 = WAL, 1 = rollback journal) are set
 * to 1 — what `PRAGMA journal_mode = DELETE` writes — so the copy is one self-contained file.
 */
export async function copyAndHash(
  inFd: number,
  size: number,
  out: string,
  opts: { rollback?: boolean; chunkBytes?: number; onProgress?: (done: number, total: number) => void; afterChunk?: SnapshotOptions['afterChunk'] } = {},
): Promise<string> {
  const outFd = fs.openSync(out, 'w');
  try {
    const digest = await hashFd(inFd, size, opts, (chunk, got, pos) => {
      let put = 0;
      while (put < got) put += fs.writeSync(outFd, chunk, put, got - put, pos + put);
    });
    fs.fsyncSync(outFd);
    return digest;
  } finally {
    fs.closeSync(outFd);
  }
}

/** Run a program; resolves when it exits 0, rejects with its error otherwise. */
function run(file: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => execFile(file, args, { windowsHide: true }, (e) => (e ? reject(e) : resolve())));
}

/**
 * Copy the file with the operating system's own copy, outside this process on POSIX systems: a child
 * process, because a descriptor of the live file opened and closed in THIS process would drop its POSIX
 * locks (SQLite's included). Windows locks are per handle, so `CopyFileW` (fs.copyFile) is used there.
 * On Linux `dd` writes the copy with O_DIRECT: the copy's pages never enter the page cache, so the copy
 * neither evicts the live database's cached pages nor leaves gigabytes of dirty pages for the kernel to
 * write back while the app works (a 6.4 GB copy: 0.6 s of CPU against 2-13 s for `cp`'s
 * copy_file_range, docs/backup-format.md). Where the file system refuses O_DIRECT, `cp` copies it
 * (copy_file_range; clonefile on macOS). Rejects if neither can run.
 */
function kernelCopy(from: string, to: string): Promise<void> {
  if (process.platform === 'win32') return fs.promises.copyFile(from, to);
  if (process.platform !== 'linux') return run('/bin/cp', [from, to]);
  return run('dd', [`if=${from}`, `of=${to}`, 'bs=4M', 'oflag=direct', 'status=none']).catch(() => run('/bin/cp', [from, to]));
}

/** SHA-256 of `size` bytes of `fd` (with `rollback`: header bytes 18-19 as the rollback-mode copy has them). */
export async function hashFd(
  fd: number,
  size: number,
  opts: { rollback?: boolean; chunkBytes?: number; onProgress?: (done: number, total: number) => void; afterChunk?: SnapshotOptions['afterChunk'] },
  /** also given every chunk as hashed (copyAndHash writes it at `pos`) */
  sink?: (chunk: Buffer, got: number, pos: number) => void,
): Promise<string> {
  const chunk = Buffer.allocUnsafe(Math.min(opts.chunkBytes ?? 1 << 20, Math.max(size, 1)));
  const h = createHash('sha256');
  for (let pos = 0; pos < size; ) {
    const want = Math.min(chunk.length, size - pos);
    let got = 0;
    while (got < want) {
      const n = fs.readSync(fd, chunk, got, want - got, pos + got);
      if (n === 0) throw new BackupError('io', 'file ended before its expected size', { size, at: pos + got });
      got += n;
    }
    if (pos === 0 && opts.rollback && got >= 20) {
      chunk[18] = 1;
      chunk[19] = 1;
    }
    h.update(chunk.subarray(0, got));
    sink?.(chunk, got, pos);
    pos += got;
    opts.onProgress?.(pos, size);
    if (opts.afterChunk) await opts.afterChunk(pos, size);
  }
  return h.digest('hex');
}

/** Set the copy's header bytes 18-19 to 1 (rollback journal), check its length, fsync it. */
function finishKernelCopy(out: string, size: number): void {
  const fd = fs.openSync(out, 'r+');
  try {
    if (fs.fstatSync(fd).size !== size) throw new BackupError('io', 'the copy does not have the size of the file', { size });
    fs.writeSync(fd, Buffer.from([1, 1]), 0, 2, 18);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

/** One try of the fast path; null when the WAL was not empty once the read began (a writer came first). */
async function tryFileCopy(con: Database.Database, liveFile: string, out: string, opts: SnapshotOptions): Promise<SnapshotResult | null> {
  if (!checkpointTruncate(con)) return null;
  con.exec('BEGIN');
  try {
    const dataMark = dataMarkOf(con); // first read: starts the snapshot
    // An empty WAL after the read began means the read started with nothing in the WAL: it holds
    // WAL read-lock 0 (reads the main file only), and no checkpoint can write the main file until it
    // ends (backfilling needs that lock exclusively). Writers go on appending to the WAL meanwhile.
    if (walSize(liveFile) !== 0) return null;
    opts.onPinned?.();
    if (opts.holdAfterPin) while (!fs.existsSync(opts.holdAfterPin)) await sleep(10);
    // counted after the pin, from the same read transaction (the pinned file, whatever the caller wrote
    // meanwhile; snapshotOverlap.test.ts counts after a whole import): the writer no longer waits for the
    // counts (0.3–0.9 s at 1M)
    const info = { dataMark, ...contentsOf(con) };
    const fd = opts.liveFd ?? fs.openSync(liveFile, 'r');
    try {
      const size = fs.fstatSync(fd).size;
      const progress = (done: number, total: number) => opts.onProgress?.({ phase: 'copy', done, total });
      const afterChunk: SnapshotOptions['afterChunk'] = opts.failAfterPin
        ? async (done, total) => {
            await opts.afterChunk?.(done, total);
            throw new BackupError('io', 'ENOSPC: no space left on device (test)');
          }
        : opts.afterChunk;
      if (opts.kernelCopy !== false) {
        // the OS copies (fast, no user-space copy) while this thread hashes the same bytes of the same
        // pinned file through its own descriptor; both finish before the read transaction ends
        const copying = kernelCopy(liveFile, out);
        copying.catch(() => {}); // awaited below
        let sha256: string | null = null;
        try {
          sha256 = await hashFd(fd, size, { rollback: true, chunkBytes: opts.chunkBytes, afterChunk, onProgress: progress });
          await copying;
          finishKernelCopy(out, size);
        } catch (e) {
          await copying.catch(() => {});
          if (sha256 === null) throw e;
          sha256 = null; // the OS copy failed (no cp?): copy here instead, below
        }
        if (sha256) return { ...info, sha256, size, method: 'file-copy', rollbackMode: true };
      }
      const sha256 = await copyAndHash(fd, size, out, {
        rollback: true,
        chunkBytes: opts.chunkBytes,
        afterChunk,
        onProgress: progress,
      });
      return { ...info, sha256, size, method: 'file-copy', rollbackMode: true };
    } finally {
      if (opts.liveFd === undefined) fs.closeSync(fd);
    }
  } finally {
    con.exec('COMMIT');
  }
}

/** The page-by-page online backup inside one read transaction (slower; works whatever the WAL holds). */
async function backupApiCopy(con: Database.Database, out: string, opts: SnapshotOptions): Promise<SnapshotResult> {
  con.exec('BEGIN');
  try {
    const info = describe(con);
    const step = opts.pagesPerStep ?? 4096;
    await con.backup(out, {
      progress: ({ totalPages, remainingPages }) => {
        opts.onProgress?.({ phase: 'copy', done: totalPages - remainingPages, total: totalPages });
        return step;
      },
    });
    // whether the steps above saw other connections' writes is the backup API's business; the copy
    // is whole only now, so only now may the caller write
    opts.onPinned?.();
    return { ...info, sha256: null, size: fs.statSync(out).size, method: 'backup-api', rollbackMode: false };
  } finally {
    con.exec('COMMIT');
  }
}

/**
 * Consistent snapshot of the live file into `out`, from this thread's own connection. Writers keep
 * committing throughout (WAL readers never block them). Inside the app this runs in the backup worker.
 */
export async function snapshotLive(liveFile: string, out: string, opts: SnapshotOptions = {}): Promise<SnapshotResult> {
  // read-write: a read-only connection may not checkpoint. It never writes data.
  const con = new Database(liveFile, { fileMustExist: true, nativeBinding: opts.nativeBinding });
  try {
    con.pragma('busy_timeout = 5000');
    const wal = String(con.pragma('journal_mode', { simple: true })).toLowerCase() === 'wal';
    const attempts = wal ? (opts.attempts ?? 3) : 0;
    for (let i = 0; i < attempts; i++) {
      const got = await tryFileCopy(con, liveFile, out, opts);
      if (got) return got;
      await sleep(20 * (i + 1));
    }
    return await backupApiCopy(con, out, opts);
  } finally {
    con.close();
  }
}
