// The pinned snapshot taken before a migration. openDatabaseFile's onBeforeMigrate hook is synchronous
// and runs at start-up before any window exists, so this one copy is made synchronously. At start-up the
// app is the only user of the file (single-instance lock) and no transaction is open, so after a full
// checkpoint the main file alone holds the whole database: a plain file copy is then a consistent
// snapshot, at disk speed. (VACUUM INTO, used before, rebuilds every index and the search tables: it took
// over ten minutes on a 4 GB database with 1M customers.) If the checkpoint cannot complete, VACUUM INTO
// from a read-only connection is the fallback. Only the copy's identity is checked here (header,
// application_id, user_version, counts): the app waits for this pin, and quick_check costs ~2.5 s per GB. The
// sidecar says `verified: false` with no result yet, so the backup service runs the quick_check + schema
// check in its background worker once the app is up (BackupService re-queues every unchecked plain backup
// at start), and the list shows 校验中 until it reports.
import fs from 'node:fs';
import path from 'node:path';
import { createHash } from 'node:crypto';
import Database from 'better-sqlite3';
import { backupFileName, freeName, writeMeta, type BackupMeta } from './catalog';
import { inspectDatabase } from './checks';
import { durableRename, fsyncFile, removeQuietly } from './fsutil';
import { backupFolder, defaultBackupFolder, readBackupSettings } from './settings';
import { DATA_MARK_SQL } from './tasks';
import { BackupError, isBackupError } from './errors';
import { bytesForCopyOf, ensureSpace, noSpaceParams } from './space';

function sha256Sync(file: string): string {
  const h = createHash('sha256');
  const fd = fs.openSync(file, 'r');
  try {
    const buf = Buffer.alloc(1 << 20);
    for (let n; (n = fs.readSync(fd, buf, 0, buf.length, null)) > 0; ) h.update(buf.subarray(0, n));
  } finally {
    fs.closeSync(fd);
  }
  return h.digest('hex');
}

/** Copy the database file as one consistent snapshot; returns its data mark. */
function copyConsistent(dbFile: string, out: string, nativeBinding?: string): number {
  const con = new Database(dbFile, { fileMustExist: true, nativeBinding });
  try {
    con.pragma('busy_timeout = 5000');
    const dataMark = (con.prepare(DATA_MARK_SQL).get() as { id: number } | undefined)?.id ?? 0;
    // fold the write-ahead log into the file; nothing else writes at start-up, so the file then is the database
    const [ck] = con.pragma('wal_checkpoint(TRUNCATE)') as { busy: number; log: number; checkpointed: number }[];
    const wal = `${dbFile}-wal`;
    if ((!ck || (ck.busy === 0 && ck.log === ck.checkpointed)) && (!fs.existsSync(wal) || fs.statSync(wal).size === 0)) {
      fs.copyFileSync(dbFile, out);
    } else {
      con.prepare('VACUUM INTO ?').run(out);
    }
    return dataMark;
  } finally {
    con.close();
  }
}

function pinInto(folder: string, dbFile: string, now: Date, reason: string, appVersion: string, nativeBinding?: string, free?: (dir: string) => number | null): string {
  fs.mkdirSync(folder, { recursive: true });
  // no window exists yet and the user's language is not known: the start-up dialog shows this as it is
  try {
    ensureSpace(folder, bytesForCopyOf(dbFile), free);
  } catch (e) {
    if (!isBackupError(e) || e.reason !== 'no-space') throw e;
    const zh = noSpaceParams(e, 'zh-CN');
    const en = noSpaceParams(e, 'en');
    throw new BackupError(
      'no-space',
      `磁盘空间不足：升级数据库前要先备份（约 ${zh.need}），但“${zh.folder}”所在的磁盘只剩 ${zh.free}。请清理磁盘后再打开，数据没有改动。\n` +
        `Not enough disk space: the backup before the database upgrade needs about ${en.need}, but the disk of "${en.folder}" has only ${en.free} free. Free up space and open the app again; nothing was changed.`,
      e.details,
    );
  }
  const name = freeName(folder, backupFileName(now, 'pinned', false));
  const target = path.join(folder, name);
  const partial = path.join(folder, `.${name}.partial`);
  removeQuietly(partial);
  const dataMark = copyConsistent(dbFile, partial, nativeBinding);
  try {
    const summary = inspectDatabase(partial, { nativeBinding, level: 'none' });
    fsyncFile(partial);
    const meta: BackupMeta = {
      format: 'zhanggui-backup-meta',
      metaVersion: 1,
      file: name,
      kind: 'pinned',
      reason,
      createdAt: now.toISOString(),
      size: fs.statSync(partial).size,
      sha256: sha256Sync(partial),
      encrypted: false,
      verified: false,
      verifiedAt: null,
      checks: null,
      problem: null,
      schemaVersion: summary.schemaVersion,
      appVersion,
      counts: summary.counts,
      dataMark,
    };
    writeMeta(target, meta);
    durableRename(partial, target);
    return target;
  } catch (e) {
    removeQuietly(partial);
    throw e;
  }
}

/**
 * Pin the database before migrating it from schema `from` to `to`. Falls back to the default folder
 * when the chosen one (say a USB disk) is not there; if no copy can be made, the upgrade does not run.
 */
export function pinBeforeMigration(
  dataDir: string,
  dbFile: string,
  from: number,
  to: number,
  opts: { now: Date; appVersion: string; nativeBinding?: string; freeBytes?: (dir: string) => number | null },
): string {
  const reason = `migration ${from}→${to}`;
  const settings = readBackupSettings(dataDir);
  try {
    return pinInto(backupFolder(dataDir, settings), dbFile, opts.now, reason, opts.appVersion, opts.nativeBinding, opts.freeBytes);
  } catch (e) {
    if (!settings.folder) throw e;
    return pinInto(defaultBackupFolder(dataDir), dbFile, opts.now, reason, opts.appVersion, opts.nativeBinding, opts.freeBytes);
  }
}
