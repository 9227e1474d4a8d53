// The heavy work of backup, verify and restore staging. Runs inside main/workers/backup.worker.ts
// (its own SQLite connections, off the main thread); plain functions so they can be tested directly.
import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import Database from 'better-sqlite3';
import { BackupError } from './errors';
import { inspectDatabase, precheckPlainHeader, readFirstBytes, type DbSummary } from './checks';
import { MIGRATIONS } from '../../../db/migrations';
import { decryptFile, encryptFile, isEncryptedBackup, type KdfParams } from './format';
import { fsyncFile, durableRename, removeQuietly, sha256File } from './fsutil';
import { readMeta, writeMeta, type BackupKind, type BackupMeta } from './catalog';

export type Progress = (p: { phase: 'copy' | 'verify' | 'encrypt' | 'decrypt'; done: number; total: number }) => void;

interface Common {
  nativeBinding?: string;
  /** scrypt parameters for new encrypted backups (tests use cheaper ones) */
  kdf?: KdfParams;
}

export interface CreateTask extends Common {
  op: 'create';
  liveFile: string;
  /** final path of the backup file; it is written as `.<name>.partial` in the same folder first */
  target: string;
  stagingDir: string;
  passphrase?: string;
  kind: BackupKind;
  reason: string | null;
  createdAt: string;
  appVersion: string;
  /** pages per backup step: small steps = fine-grained progress, large = faster */
  pagesPerStep?: number;
}

export interface VerifyTask extends Common {
  op: 'verify';
  file: string;
  passphrase?: string;
  stagingDir: string;
}

export interface StageTask extends Common {
  op: 'stage';
  file: string;
  passphrase?: string;
  /** where the checked (and migrated) copy is left for the swap */
  stagingFile: string;
}

export type BackupTask = CreateTask | VerifyTask | StageTask;

export interface VerifyResult extends DbSummary {
  encrypted: boolean;
  /** the sidecar's checksum matched (null: no sidecar) */
  checksum: boolean | null;
}

export interface StageResult extends DbSummary {
  encrypted: boolean;
  migratedFrom: number | null;
  createdAt: string;
  size: number;
}

/** Newest audit id that records a data change (logins and backups do not count). Walks back from the end. */
export const DATA_MARK_SQL = `SELECT id FROM audit_log WHERE action NOT LIKE 'auth.%' AND action NOT LIKE 'backup.%' ORDER BY id DESC LIMIT 1`;

/**
 * Online backup of the live file from this thread's own read-only connection. The explicit read
 * transaction pins one WAL snapshot for the whole copy: writers go on (WAL readers never block them)
 * and the backup does not restart when they commit, so the copy is consistent and always finishes.
 */
export async function snapshotLive(liveFile: string, out: string, opts: { nativeBinding?: string; pagesPerStep?: number; onProgress?: Progress } = {}): Promise<number> {
  const src = new Database(liveFile, { readonly: true, fileMustExist: true, nativeBinding: opts.nativeBinding });
  try {
    src.pragma('busy_timeout = 5000');
    src.exec('BEGIN');
    const mark = (src.prepare(DATA_MARK_SQL).get() as { id: number } | undefined)?.id ?? 0; // starts the read snapshot
    const step = opts.pagesPerStep ?? 4096;
    await src.backup(out, {
      progress: ({ totalPages, remainingPages }) => {
        opts.onProgress?.({ phase: 'copy', done: totalPages - remainingPages, total: totalPages });
        return step;
      },
    });
    src.exec('COMMIT');
    return mark;
  } finally {
    src.close();
  }
}

function partialName(target: string): string {
  return path.join(path.dirname(target), `.${path.basename(target)}.partial`);
}

async function createBackup(t: CreateTask, onProgress: Progress): Promise<BackupMeta & { path: string }> {
  fs.mkdirSync(path.dirname(t.target), { recursive: true });
  fs.mkdirSync(t.stagingDir, { recursive: true });
  const partial = partialName(t.target);
  // Unencrypted pages of an encrypted backup never touch the target folder (it may be a USB disk).
  const plain = t.passphrase ? path.join(t.stagingDir, `snap-${randomBytes(6).toString('hex')}.db`) : partial;
  try {
    const dataMark = await snapshotLive(t.liveFile, plain, { nativeBinding: t.nativeBinding, pagesPerStep: t.pagesPerStep, onProgress });
    onProgress({ phase: 'verify', done: 0, total: 1 });
    // quick_check: the copy is page for page the live file's snapshot, so what can go wrong in the copy
    // (missing/garbled pages, broken records) is what quick_check sees; the full integrity_check (index
    // contents against tables) runs when a backup is verified or staged for a restore
    const summary = inspectDatabase(plain, { nativeBinding: t.nativeBinding, quick: true });
    fsyncFile(plain);
    onProgress({ phase: 'verify', done: 1, total: 1 });
    if (t.passphrase) {
      await encryptFile(plain, partial, t.passphrase, { kdf: t.kdf, onProgress: (done, total) => onProgress({ phase: 'encrypt', done, total }) });
      // read it back: every chunk must authenticate and decrypt to exactly the verified snapshot
      const [want, got] = await Promise.all([sha256File(plain), decryptToHash(partial, t.passphrase)]);
      if (want !== got) throw new BackupError('io', 'encrypted backup does not read back as written');
      removeQuietly(plain);
    }
    fsyncFile(partial);
    const meta: BackupMeta = {
      format: 'zhanggui-backup-meta',
      metaVersion: 1,
      file: path.basename(t.target),
      kind: t.kind,
      reason: t.reason,
      createdAt: t.createdAt,
      size: fs.statSync(partial).size,
      sha256: await sha256File(partial),
      encrypted: !!t.passphrase,
      verified: true,
      verifiedAt: t.createdAt,
      schemaVersion: summary.schemaVersion,
      appVersion: t.appVersion,
      counts: summary.counts,
      dataMark,
    };
    // sidecar first: a crash between the two leaves a sidecar without a file, which the list ignores
    writeMeta(t.target, meta);
    durableRename(partial, t.target);
    return { ...meta, path: t.target };
  } catch (e) {
    removeQuietly(partial);
    throw e;
  } finally {
    if (plain !== partial) removeQuietly(plain);
  }
}

async function decryptToHash(file: string, passphrase: string): Promise<string> {
  const { createHash } = await import('node:crypto');
  const h = createHash('sha256');
  await decryptFile(file, null, passphrase, { onPlain: (b) => h.update(b) });
  return h.digest('hex');
}

/** The sidecar's checksum, when there is one, catches damage SQLite's own checks cannot see. */
async function checkSidecar(file: string): Promise<boolean | null> {
  const meta = readMeta(file);
  if (!meta) return null;
  if ((await sha256File(file)) !== meta.sha256) throw new BackupError('damaged', 'checksum does not match the one recorded at backup time');
  return true;
}

function encryptedOrPlain(file: string, passphrase: string | undefined): boolean {
  if (!fs.existsSync(file) || !fs.statSync(file).isFile()) throw new BackupError('missing', 'no such file', { path: file });
  const encrypted = isEncryptedBackup(readFirstBytes(file, 16));
  if (encrypted && !passphrase) throw new BackupError('needs-passphrase', 'encrypted backup needs its passphrase');
  return encrypted;
}

async function verifyBackup(t: VerifyTask, onProgress: Progress): Promise<VerifyResult> {
  const encrypted = encryptedOrPlain(t.file, t.passphrase);
  const checksum = await checkSidecar(t.file);
  if (!encrypted) {
    onProgress({ phase: 'verify', done: 0, total: 1 });
    const s = inspectDatabase(t.file, { readonly: true, nativeBinding: t.nativeBinding });
    onProgress({ phase: 'verify', done: 1, total: 1 });
    return { ...s, encrypted, checksum };
  }
  fs.mkdirSync(t.stagingDir, { recursive: true });
  const tmp = path.join(t.stagingDir, `verify-${randomBytes(6).toString('hex')}.db`);
  try {
    await decryptFile(t.file, tmp, t.passphrase!, { onProgress: (done, total) => onProgress({ phase: 'decrypt', done, total }) });
    const s = inspectDatabase(tmp, { nativeBinding: t.nativeBinding });
    return { schemaVersion: s.schemaVersion, counts: s.counts, encrypted, checksum };
  } finally {
    removeQuietly(tmp);
  }
}

async function stageForRestore(t: StageTask, onProgress: Progress): Promise<StageResult> {
  const encrypted = encryptedOrPlain(t.file, t.passphrase);
  if (!encrypted) precheckPlainHeader(t.file, MIGRATIONS.length);
  await checkSidecar(t.file);
  fs.mkdirSync(path.dirname(t.stagingFile), { recursive: true });
  removeQuietly(t.stagingFile);
  try {
    if (encrypted) {
      await decryptFile(t.file, t.stagingFile, t.passphrase!, { onProgress: (done, total) => onProgress({ phase: 'decrypt', done, total }) });
    } else {
      onProgress({ phase: 'copy', done: 0, total: 1 });
      fs.copyFileSync(t.file, t.stagingFile);
      onProgress({ phase: 'copy', done: 1, total: 1 });
    }
    onProgress({ phase: 'verify', done: 0, total: 1 });
    const s = inspectDatabase(t.stagingFile, { nativeBinding: t.nativeBinding, migrate: true });
    fsyncFile(t.stagingFile);
    onProgress({ phase: 'verify', done: 1, total: 1 });
    const meta = readMeta(t.file);
    return {
      schemaVersion: s.schemaVersion,
      counts: s.counts,
      encrypted,
      migratedFrom: s.migratedFrom ?? null,
      createdAt: meta?.createdAt ?? fs.statSync(t.file).mtime.toISOString(),
      size: fs.statSync(t.file).size,
    };
  } catch (e) {
    removeQuietly(t.stagingFile);
    throw e;
  }
}

export function runTask(task: BackupTask, onProgress: Progress): Promise<unknown> {
  switch (task.op) {
    case 'create':
      return createBackup(task, onProgress);
    case 'verify':
      return verifyBackup(task, onProgress);
    case 'stage':
      return stageForRestore(task, onProgress);
  }
}
