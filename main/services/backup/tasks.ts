// The heavy work of backup, verify and restore staging. Runs inside main/workers/backup.worker.ts
// (its own SQLite connections, off the main thread); plain functions so they can be tested directly.
import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import Database from 'better-sqlite3';
import { BackupError } from './errors';
import { checkIdentity, checkIntegrity, checkSchemaObjects, checkSqliteHeader, inspectDatabase, precheckPlainHeader, readFirstBytes, type CheckLevel, type DbSummary } from './checks';
import { MIGRATIONS } from '../../../db/migrations';
import { decryptFile, encryptFile, isEncryptedBackup, type KdfParams } from './format';
import { fsyncFile, durableRename, removeQuietly, sha256File } from './fsutil';
import { readMeta, writeMeta, type BackupKind, type BackupMeta } from './catalog';
import { hashFd, snapshotLive, DATA_MARK_SQL, type Progress } from './snapshot';

export { snapshotLive, DATA_MARK_SQL, type Progress };

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
  /** pages per step of the backup-API fallback */
  pagesPerStep?: number;
  /** descriptor of the live file kept open by the service (see snapshot.ts) */
  liveFd?: number;
  /** report progress phase 'pinned' once the snapshot's content is fixed (SnapshotOptions.onPinned) */
  reportPin?: boolean;
  /** test seams of the pinned copy (SnapshotOptions.holdAfterPin / failAfterPin) */
  holdAfterPin?: string;
  failAfterPin?: boolean;
}

export interface VerifyTask extends Common {
  op: 'verify';
  file: string;
  passphrase?: string;
  stagingDir: string;
  /** full integrity_check + foreign_key_check instead of quick_check */
  deep?: boolean;
  /** when set, the sidecar (if any) records this verification (written here, off the main thread) */
  at?: string;
}

/** The quick_check that follows a plain backup, in the background (the backup is usable before it). */
export interface CheckTask extends Common {
  op: 'check';
  file: string;
  /** recorded in the sidecar (the worker writes it: its fsyncs stay off the main thread) */
  at: string;
}

/** Full integrity_check + foreign_key_check of the live database after a restore, read-only. */
export interface DeepCheckTask extends Common {
  op: 'deep-live';
  file: string;
}

export interface StageTask extends Common {
  op: 'stage';
  file: string;
  passphrase?: string;
  /** where the checked (and migrated) copy is left for the swap */
  stagingFile: string;
}

export type BackupTask = CreateTask | VerifyTask | StageTask | CheckTask | DeepCheckTask;

export interface VerifyResult extends DbSummary {
  encrypted: boolean;
  /** the sidecar's checksum matched (null: no sidecar) */
  checksum: boolean | null;
  /** what ran on the content: 'quick' = quick_check per table + page census (quickCheck.ts), 'full' = integrity_check + foreign_key_check */
  level: 'quick' | 'full';
}

export interface StageResult extends DbSummary {
  encrypted: boolean;
  migratedFrom: number | null;
  createdAt: string;
  size: number;
  /**
   * What the restore gate checked on the content besides header, identity and schema: 'checksum' = the
   * bytes are exactly those written and checked at backup time (the file's own check is not repeated),
   * 'quick' = quick_check, 'full' = integrity_check + foreign_key_check.
   */
  checked: 'checksum' | 'quick' | 'full';
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
    const snap = await snapshotLive(t.liveFile, plain, {
      nativeBinding: t.nativeBinding,
      pagesPerStep: t.pagesPerStep,
      onProgress,
      liveFd: t.liveFd,
      onPinned: t.reportPin ? () => onProgress({ phase: 'pinned', done: 1, total: 1 }) : undefined,
      holdAfterPin: t.holdAfterPin,
      failAfterPin: t.failAfterPin,
    });
    onProgress({ phase: 'verify', done: 0, total: 1 });
    let plainSha = snap.sha256;
    if (!snap.rollbackMode) {
      // backup-API copy: switch it to rollback-journal mode (one self-contained file), then hash it
      const db = new Database(plain, { fileMustExist: true, nativeBinding: t.nativeBinding });
      try {
        db.pragma('journal_mode = DELETE');
      } finally {
        db.close();
      }
      fsyncFile(plain);
      plainSha = await sha256File(plain);
    }
    // Identity of the copy itself (header, application_id, user_version: a few reads). The content
    // check (quick_check) of a plain backup runs once it is in place (op 'check', in the background):
    // the copy is the live file's bytes, hashed as written, usable and restorable at once.
    // An encrypted backup is checked here, on its plaintext, before it is sealed.
    const encrypted = !!t.passphrase;
    identityOfCopy(plain, t.nativeBinding, encrypted);
    onProgress({ phase: 'verify', done: 1, total: 1 });
    let sha256 = plainSha!;
    if (t.passphrase) {
      await encryptFile(plain, partial, t.passphrase, { kdf: t.kdf, onProgress: (done, total) => onProgress({ phase: 'encrypt', done, total }) });
      // read it back: every chunk must authenticate and decrypt to exactly the checked snapshot
      const [got, sealed] = await Promise.all([decryptToHash(partial, t.passphrase), sha256File(partial)]);
      if (plainSha !== got) throw new BackupError('io', 'encrypted backup does not read back as written');
      removeQuietly(plain);
      fsyncFile(partial);
      sha256 = sealed;
    }
    const meta: BackupMeta = {
      format: 'zhanggui-backup-meta',
      metaVersion: 1,
      file: path.basename(t.target),
      kind: t.kind,
      reason: t.reason,
      createdAt: t.createdAt,
      size: fs.statSync(partial).size,
      sha256,
      encrypted,
      verified: encrypted,
      verifiedAt: encrypted ? t.createdAt : null,
      checks: encrypted ? 'quick' : null,
      problem: null,
      schemaVersion: snap.schemaVersion,
      appVersion: t.appVersion,
      counts: snap.counts,
      dataMark: snap.dataMark,
      copyMethod: snap.method,
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

/** Header, application_id and user_version of a fresh copy; with `content`, also quick_check and the schema check. */
function identityOfCopy(file: string, nativeBinding: string | undefined, content: boolean): void {
  checkSqliteHeader(file);
  const db = new Database(file, { readonly: true, fileMustExist: true, nativeBinding });
  try {
    const version = checkIdentity(db, MIGRATIONS.length);
    if (content) {
      checkIntegrity(db, false, true);
      checkSchemaObjects(db, version);
    }
  } catch (e) {
    if (e instanceof BackupError) throw e;
    throw new BackupError('damaged', `SQLite reports: ${(e as Error).message}`, { sqliteCode: String((e as { code?: unknown }).code ?? '') });
  } finally {
    db.close();
  }
}

/**
 * op 'check': checksum, quick check and schema check of a plain backup that is already in place; records the
 * outcome in its sidecar. Returns the problem found (null: none; 'missing': the file is gone).
 */
async function checkBackup(t: CheckTask, onProgress: Progress): Promise<{ problem: string | null }> {
  onProgress({ phase: 'verify', done: 0, total: 1 });
  let problem: string | null = null;
  try {
    // Read back what was written first: the sidecar's hash was taken from the live file while copying, so
    // this finds a target disk that stored other bytes now, not at restore time (~4.5 s of CPU at 1M / 6 GiB,
    // and one sequential pass that leaves the file cached for the b-tree walk below).
    const written = readMeta(t.file);
    if (written && !written.encrypted && (await sha256File(t.file)) !== written.sha256) {
      throw new BackupError('damaged', 'checksum does not match the one recorded at backup time');
    }
    inspectDatabase(t.file, { readonly: true, nativeBinding: t.nativeBinding, level: 'quick', schema: true });
  } catch (e) {
    problem = (e as Error).message;
  }
  const meta = readMeta(t.file);
  if (!meta || !fs.existsSync(t.file)) return { problem: 'missing' }; // deleted or rotated meanwhile
  writeMeta(t.file, problem ? { ...meta, verified: false, verifiedAt: null, checks: null, problem } : { ...meta, verified: true, verifiedAt: t.at, checks: 'quick', problem: null });
  onProgress({ phase: 'verify', done: 1, total: 1 });
  return { problem };
}

/** op 'deep-live': the full check of the restored live database, from a read-only connection. */
async function deepCheckLive(t: DeepCheckTask): Promise<{ ok: true }> {
  const db = new Database(t.file, { readonly: true, fileMustExist: true, nativeBinding: t.nativeBinding });
  try {
    db.pragma('busy_timeout = 5000');
    checkIntegrity(db, true, false);
    return { ok: true };
  } catch (e) {
    if (e instanceof BackupError) throw e;
    throw new BackupError('damaged', `SQLite reports: ${(e as Error).message}`);
  } finally {
    db.close();
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
  const r = await verifyContent(t, onProgress);
  const meta = t.at ? readMeta(t.file) : null;
  if (meta) writeMeta(t.file, { ...meta, verified: true, verifiedAt: t.at!, checks: r.level, problem: null });
  return r;
}

async function verifyContent(t: VerifyTask, onProgress: Progress): Promise<VerifyResult> {
  const encrypted = encryptedOrPlain(t.file, t.passphrase);
  const checksum = await checkSidecar(t.file);
  const level = t.deep ? 'full' : 'quick';
  if (!encrypted) {
    onProgress({ phase: 'verify', done: 0, total: 1 });
    const s = inspectDatabase(t.file, { readonly: true, nativeBinding: t.nativeBinding, level, schema: true });
    onProgress({ phase: 'verify', done: 1, total: 1 });
    return { schemaVersion: s.schemaVersion, counts: s.counts, encrypted, checksum, level };
  }
  fs.mkdirSync(t.stagingDir, { recursive: true });
  const tmp = path.join(t.stagingDir, `verify-${randomBytes(6).toString('hex')}.db`);
  try {
    await decryptFile(t.file, tmp, t.passphrase!, { onProgress: (done, total) => onProgress({ phase: 'decrypt', done, total }) });
    const s = inspectDatabase(tmp, { nativeBinding: t.nativeBinding, level, schema: true });
    return { schemaVersion: s.schemaVersion, counts: s.counts, encrypted, checksum, level };
  } finally {
    removeQuietly(tmp);
  }
}

/**
 * The restore gate. A plain file is copied to staging and hashed in the same pass. When the hash is the
 * one its sidecar recorded and the sidecar says the file passed its check after the backup, the bytes
 * are exactly those checked then, so the content check is not repeated (header, identity and schema
 * still are). Otherwise quick_check (hash matched, not checked yet) or the full check (no sidecar, e.g.
 * a file from elsewhere). Encrypted files: every chunk authenticates (GCM), then the same rule.
 * The full integrity_check of the restored database runs afterwards in the background (op 'deep-live').
 */
async function stageForRestore(t: StageTask, onProgress: Progress): Promise<StageResult> {
  const encrypted = encryptedOrPlain(t.file, t.passphrase);
  if (!encrypted) precheckPlainHeader(t.file, MIGRATIONS.length);
  const meta = readMeta(t.file);
  fs.mkdirSync(path.dirname(t.stagingFile), { recursive: true });
  removeQuietly(t.stagingFile);
  try {
    let checksum: boolean | null = null;
    if (encrypted) {
      checksum = await checkSidecar(t.file);
      await decryptFile(t.file, t.stagingFile, t.passphrase!, { onProgress: (done, total) => onProgress({ phase: 'decrypt', done, total }) });
    } else {
      // the OS copies the backup file (not a live database: no lock concerns) while this thread hashes it
      const copying = fs.promises.copyFile(t.file, t.stagingFile);
      copying.catch(() => {}); // awaited below
      const fd = fs.openSync(t.file, 'r');
      let sha: string;
      try {
        sha = await hashFd(fd, fs.fstatSync(fd).size, { onProgress: (done, total) => onProgress({ phase: 'copy', done, total }) });
      } finally {
        fs.closeSync(fd);
        await copying.catch(() => {});
      }
      await copying;
      if (meta) {
        if (sha !== meta.sha256) throw new BackupError('damaged', 'checksum does not match the one recorded at backup time');
        checksum = true;
      }
    }
    const checked: StageResult['checked'] = checksum && meta?.verified && !meta.problem ? 'checksum' : checksum ? 'quick' : 'full';
    onProgress({ phase: 'verify', done: 0, total: 1 });
    let level: CheckLevel = checked === 'checksum' ? 'none' : checked;
    if (!encrypted && checked === 'quick' && selfContained(t.file)) {
      // The quick check reads pages in b-tree order. The backup file was just read front to back by the
      // hash and is in the page cache; the staging copy, written by the kernel's copy, is not: at 1M (6 GiB)
      // the check took 52 s wall / 25 s CPU on the fresh staging copy, ~9 s on a cached file. The bytes are
      // the same (the source's hash is the sidecar's; the copy is the one the 'checksum' path trusts), so the
      // content check reads the source, read-only; identity, schema, migration and counts use the copy.
      inspectDatabase(t.file, { readonly: true, nativeBinding: t.nativeBinding, level: 'quick' });
      level = 'none';
    }
    const s = inspectDatabase(t.stagingFile, { nativeBinding: t.nativeBinding, migrate: true, level, schema: true });
    fsyncFile(t.stagingFile);
    onProgress({ phase: 'verify', done: 1, total: 1 });
    return {
      schemaVersion: s.schemaVersion,
      counts: s.counts,
      encrypted,
      migratedFrom: s.migratedFrom ?? null,
      createdAt: meta?.createdAt ?? fs.statSync(t.file).mtime.toISOString(),
      size: fs.statSync(t.file).size,
      checked,
    };
  } catch (e) {
    removeQuietly(t.stagingFile);
    throw e;
  }
}

/** One self-contained rollback-journal file (what the app's backups are): nothing beside it that SQLite would read. */
function selfContained(file: string): boolean {
  const head = readFirstBytes(file, 20);
  return head.length === 20 && head[18] === 1 && head[19] === 1 && !fs.existsSync(`${file}-wal`) && !fs.existsSync(`${file}-journal`);
}

export function runTask(task: BackupTask, onProgress: Progress): Promise<unknown> {
  switch (task.op) {
    case 'create':
      return createBackup(task, onProgress);
    case 'verify':
      return verifyBackup(task, onProgress);
    case 'stage':
      return stageForRestore(task, onProgress);
    case 'check':
      return checkBackup(task, onProgress);
    case 'deep-live':
      return deepCheckLive(task);
  }
}
