import fs from 'node:fs';
import { assertWritableTarget } from '../../platform/writeTarget';
import path from 'node:path';
import type { HandlersOf, UserCallContext } from '../../ipc/context';
import type { backupContract } from '../../contract/backup';
import { AppError } from '../../ipc/errors';
import { recordAudit } from '../audit/record';
import { actor } from '../audit/actor';
import { backupService } from './index';
import { isBackupError } from './errors';
import { bytesForCopyOf, freeBytes, noSpaceParams } from './space';
import { deleteBackup, findBackup, listBackups, type BackupEntry } from './catalog';
import { deletedText } from './auditText';
import { readBackupSettings, writeBackupSettings, defaultBackupFolder, backupFolder } from './settings';

/** A backup failure as an error with a sentence; `field` is where the form shows it. */
function toAppError(e: unknown, ctx: UserCallContext): unknown {
  if (!isBackupError(e)) {
    const code = String((e as { code?: unknown })?.code ?? '');
    if (/^E(NOSPC|ACCES|PERM|ROFS|NOENT|NOTDIR|IO)$/.test(code)) {
      return new AppError('INTERNAL', ctx.t('backup.io', { detail: code }), { reason: 'io', code });
    }
    return e;
  }
  const t = ctx.t;
  switch (e.reason) {
    case 'not-backup':
      return new AppError('INVALID_INPUT', t('backup.notBackup'), { reason: e.reason, fieldErrors: { path: t('backup.notBackup') } });
    case 'damaged':
      return new AppError('INVALID_INPUT', t('backup.damaged'), { reason: e.reason, fieldErrors: { path: t('backup.damaged') } });
    case 'newer-schema': {
      const msg = t('backup.newerSchema', { schema: e.details.schemaVersion ?? e.details.formatVersion ?? '?' });
      return new AppError('INVALID_INPUT', msg, { reason: e.reason, schemaVersion: e.details.schemaVersion, fieldErrors: { path: msg } });
    }
    case 'needs-passphrase':
      return new AppError('INVALID_INPUT', t('backup.needsPassphrase'), { reason: e.reason, fieldErrors: { passphrase: t('backup.needsPassphrase') } });
    case 'bad-passphrase':
      return new AppError('INVALID_INPUT', t('backup.badPassphrase'), { reason: e.reason, fieldErrors: { passphrase: t('backup.badPassphrase') } });
    case 'missing':
      return new AppError('NOT_FOUND', t('backup.missing'), { reason: e.reason });
    case 'busy':
      return new AppError('CONFLICT', t('backup.busy'), { reason: e.reason });
    case 'io':
      return new AppError('INTERNAL', t('backup.io', { detail: e.message }), { reason: e.reason });
    case 'no-space':
      return new AppError('INTERNAL', t('backup.noSpace', noSpaceParams(e, ctx.locale)), { reason: e.reason, needBytes: e.details.needBytes, freeBytes: e.details.freeBytes });
  }
}

async function guarded<T>(ctx: UserCallContext, fn: () => Promise<T> | T): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    throw toAppError(e, ctx);
  }
}

const who = (ctx: UserCallContext) => ({ userId: ctx.user.id, userName: ctx.user.displayName });

/** Our own backups (in the list) need no dialog grant; any other file must have been chosen in this window. */
function readablePath(ctx: UserCallContext, p: string): string {
  const listed = findBackup(backupService(ctx.app).folder(), p);
  return listed ? listed.path : ctx.app.platform.paths.check(ctx.caller, p, 'read');
}

function checkPassphrase(ctx: UserCallContext, p: string | undefined): string | undefined {
  if (p === undefined || p === '') return undefined;
  if ([...p].length < 8) throw new AppError('INVALID_INPUT', ctx.t('backup.passphraseShort'), { fieldErrors: { passphrase: ctx.t('backup.passphraseShort') } });
  return p;
}

function publicEntry(b: BackupEntry) {
  return {
    path: b.path,
    file: b.file,
    kind: b.kind,
    reason: b.reason,
    createdAt: b.createdAt,
    size: b.size,
    encrypted: b.encrypted,
    verified: b.verified,
    verifiedAt: b.verifiedAt,
    checks: b.checks ?? (b.verified ? 'quick' : null),
    problem: b.problem ?? null,
    schemaVersion: b.schemaVersion,
    appVersion: b.appVersion,
    counts: b.counts,
  };
}

function settingsView(dataDir: string) {
  const s = readBackupSettings(dataDir);
  return { ...s, folder: backupFolder(dataDir, s), defaultFolder: defaultBackupFolder(dataDir) };
}

export const backupHandlers: HandlersOf<typeof backupContract> = {
  'backup:create': (input, ctx) =>
    guarded(ctx, async () => {
      const passphrase = checkPassphrase(ctx, input?.passphrase);
      let target: string | undefined;
      if (input?.path) {
        target = ctx.app.platform.paths.check(ctx.caller, input.path, 'write');
        assertWritableTarget(target, ctx.t);
        const live = ctx.app.dbFile;
        if ([live, `${live}-wal`, `${live}-shm`, `${live}-journal`].includes(target)) {
          throw new AppError('INVALID_INPUT', ctx.t('backup.targetIsLive'), { fieldErrors: { path: ctx.t('backup.targetIsLive') } });
        }
      }
      const entry = await backupService(ctx.app).create({ kind: 'manual', target, passphrase, caller: ctx.caller, actor: who(ctx) });
      return publicEntry(entry);
    }),

  'backup:list': (_input, ctx) => {
    const folder = backupService(ctx.app).folder();
    // the folder may not exist yet (no backup so far): its disk is the data folder's or the nearest parent's
    let probe = folder;
    while (!fs.existsSync(probe) && path.dirname(probe) !== probe) probe = path.dirname(probe);
    return { folder, backups: listBackups(folder).map(publicEntry), freeBytes: freeBytes(probe), needBytes: bytesForCopyOf(ctx.app.dbFile) };
  },

  'backup:verify': (input, ctx) =>
    guarded(ctx, async () => {
      const file = readablePath(ctx, input.path);
      const r = await backupService(ctx.app).verify(file, input.passphrase || undefined, ctx.caller, who(ctx), !!input.deep);
      return { schemaVersion: r.schemaVersion, counts: r.counts, encrypted: r.encrypted, checksum: r.checksum, level: r.level, verifiedAt: r.verifiedAt };
    }),

  'backup:delete': (input, ctx) =>
    guarded(ctx, () => {
      const svc = backupService(ctx.app);
      const entry = findBackup(svc.folder(), input.path);
      if (!entry) throw new AppError('NOT_FOUND', ctx.t('backup.notListed'));
      deleteBackup(svc.folder(), entry);
      const { db } = ctx.app;
      db.tx(() =>
        recordAudit(db, { ...actor(ctx), action: 'backup.delete', entity: 'backup', summary: deletedText(ctx.t, entry) }),
      );
      return { deleted: true };
    }),

  'backup:settings': (input, ctx) => {
    const patch = input?.set;
    if (!patch) return settingsView(ctx.app.dataDir);
    const old = readBackupSettings(ctx.app.dataDir);
    const next = { ...old };
    if (patch.folder !== undefined) {
      if (patch.folder === null || path.resolve(patch.folder) === defaultBackupFolder(ctx.app.dataDir)) next.folder = null;
      else {
        const folder = ctx.app.platform.paths.check(ctx.caller, patch.folder, 'write');
        try {
          fs.mkdirSync(folder, { recursive: true });
          fs.accessSync(folder, fs.constants.W_OK);
        } catch (e) {
          const msg = ctx.t('backup.folderNotWritable', { detail: String((e as { code?: string }).code ?? (e as Error).message) });
          throw new AppError('INVALID_INPUT', msg, { fieldErrors: { folder: msg } });
        }
        next.folder = folder;
      }
    }
    for (const k of ['schedule', 'keepHourly', 'keepDaily', 'keepWeekly'] as const) if (patch[k] !== undefined) (next as Record<string, unknown>)[k] = patch[k];
    const changes = (Object.keys(next) as (keyof typeof next)[]).filter((k) => next[k] !== old[k]).map((k) => ({ field: `backup.${k}`, old: old[k], new: next[k] }));
    if (changes.length) {
      writeBackupSettings(ctx.app.dataDir, next);
      const { db } = ctx.app;
      db.tx(() => recordAudit(db, { ...actor(ctx), action: 'settings.update', entity: 'settings', changes }));
    }
    return settingsView(ctx.app.dataDir);
  },

  'backup:inspect': (input, ctx) =>
    guarded(ctx, async () => {
      const file = readablePath(ctx, input.path);
      const { stagingId, summary } = await backupService(ctx.app).stage(file, input.passphrase || undefined, ctx.caller);
      return { stagingId, path: file, ...summary };
    }),

  'backup:restore': (input, ctx) =>
    guarded(ctx, async () => {
      const svc = backupService(ctx.app);
      let stagingId = input.stagingId;
      if (stagingId) {
        if (!svc.stagedFor(stagingId, ctx.caller)) throw new AppError('NOT_FOUND', ctx.t('backup.stagedExpired'));
      } else {
        if (!input.path) throw new AppError('INVALID_INPUT', ctx.t('backup.restoreNeedsFile'), { fieldErrors: { path: ctx.t('backup.restoreNeedsFile') } });
        stagingId = (await svc.stage(readablePath(ctx, input.path), input.passphrase || undefined, ctx.caller)).stagingId;
      }
      const r = await svc.restore(stagingId, ctx.caller, who(ctx));
      return { restored: true, pinned: r.pinned, source: r.source };
    }),
};
