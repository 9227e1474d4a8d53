// The import domain's channels. Files are read only from paths granted to the window (open dialog),
// written only to paths granted for writing (save dialog); parsing and writing run in a worker.
import fs from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { releasePageCache } from '../../platform/pageCache';
import type { HandlersOf, UserCallContext } from '../../ipc/context';
import type { importContract } from '../../contract/import';
import { AppError, invalid } from '../../ipc/errors';
import { newBatchId } from '../audit/record';
import { pinSnapshotWhileWriting, type PinWhileWriting } from '../backup';
import { isBackupError } from '../backup/errors';
import { noSpaceParams } from '../backup/space';
import { checkpointerOf } from '../../app/walCheckpointer';
import { activeRules } from '../automation/rules';
import { emitDomainEvent } from '../automation/events';
import { applySavedMapping } from './fields';
import { ImportFileError } from './fileErrors';
import { IMPORT_LIMITS } from './limits';
import { runTask } from './runner';
import type { PreviewResult, PreviewTask } from './preview';
import type { CommitResult, CommitTask } from './commit';
import { jobsOf, pruneJobs, stagedPreviews, type ImportJob } from './jobs';
import { removeStaged, stagedFileFor } from './staged';
import { writeErrorReport } from './errorReport';
import { pruneReports, reportFiles, saveReportMeta, storedReport } from './reportStore';
import { writeTemplate } from './template';
import { listMappings, saveMapping } from './mappings';
import { undoImport } from './undo';
import { timingsOn } from './timings';

const actorOf = (ctx: UserCallContext) => ({ id: ctx.user.id, displayName: ctx.user.displayName, scope: ctx.user.scope });

/** A file the reader refused -> INVALID_INPUT on `path` with the reason in the user's language. */
function fileError(ctx: UserCallContext, e: unknown): never {
  if (e instanceof ImportFileError) {
    const msg = ctx.t(`import.file.${e.reason}`, e.params);
    throw new AppError('INVALID_INPUT', msg, { fieldErrors: { path: msg }, reason: e.reason });
  }
  throw e;
}

async function preview(input: Parameters<(typeof importHandlers)['import:preview']>[0], ctx: UserCallContext): Promise<PreviewResult & { previewId: string }> {
  const file = ctx.app.platform.paths.check(ctx.caller, input.path, 'read');
  let mapping = input.mapping;
  // the worker stages the rows it read for the commit; a user's previous staging is dropped
  const previewId = randomUUID();
  const staging = stagedPreviews(ctx.app);
  const previous = staging.get(ctx.user.id)?.file;
  staging.delete(ctx.user.id);
  await removeStaged(previous);
  const stageTo = stagedFileFor(ctx.app.dataDir, previewId);
  const task: PreviewTask = {
    op: 'preview',
    file,
    sheet: input.sheet,
    headerRow: input.headerRow,
    mapping,
    unmapped: input.unmapped ?? 'ignore',
    dbFile: ctx.app.dbFile,
    nativeBinding: ctx.app.nativeBinding,
    actor: actorOf(ctx),
    locale: ctx.locale,
    today: ctx.app.clock.now().toISOString().slice(0, 10),
    stageTo,
  };
  try {
    let res = await runTask<PreviewResult>(task, { timeoutMs: IMPORT_LIMITS.previewTimeoutMs, owner: ctx.app }).result;
    if (input.savedMapping && !mapping) {
      const saved = listMappings(ctx).find((m) => m.name === input.savedMapping);
      if (saved) {
        mapping = applySavedMapping(res.headers, saved.columns);
        res = await runTask<PreviewResult>({ ...task, sheet: res.sheet, headerRow: res.headerRow, mapping }, { timeoutMs: IMPORT_LIMITS.previewTimeoutMs, owner: ctx.app }).result;
      }
    }
    staging.set(ctx.user.id, { previewId, path: file, file: stageTo });
    return { ...res, previewId };
  } catch (e) {
    await removeStaged(stageTo);
    fileError(ctx, e);
  }
}

async function commit(input: Parameters<(typeof importHandlers)['import:commit']>[0], ctx: UserCallContext) {
  const file = ctx.app.platform.paths.check(ctx.caller, input.path, 'read');
  const jobs = jobsOf(ctx.app);
  const jobId = input.jobId ?? randomUUID();
  if (jobs.get(jobId)?.running) throw new AppError('CONFLICT', ctx.t('import.errors.jobRunning'));
  const job: ImportJob = { id: jobId, userId: ctx.user.id, running: true, cancel: () => {}, headers: [], errors: [], fileName: path.basename(file) };
  let cancelledEarly = false;
  job.cancel = () => (cancelledEarly = true);
  jobs.set(jobId, job);
  const progress = (p: { phase: string; done: number; total: number }) => ctx.app.events.send(ctx.caller, 'progress', { task: 'import', jobId, ...p });
  // The pinned safety snapshot is taken once the worker has read and checked the file and is about to
  // write (a missing, refused or fully invalid file costs none). The worker may write as soon as the
  // snapshot's read transaction holds the file as it is (`pinned`, a checkpoint and a BEGIN: well under a
  // second even at 1M) — not after the copy, which at 1M takes 10-15 s and now runs while the rows are
  // written (docs/backup-format.md, "Pinned snapshots while an import writes"). The result waits for the
  // copy and says whether it completed: an import whose snapshot failed after it began writing is
  // reported (result.snapshot.error, shown by the result page), never silently unprotected.
  let pin = null as PinWhileWriting | null;
  let writerEnded!: () => void;
  const writesOver = new Promise<void>((r) => (writerEnded = r));
  // the writer checkpoints again once the copy no longer pins the file (commit.ts); set with the task below
  let pinReleased = () => {};
  let copyEnded = false;
  const snapshot = async () => {
    progress({ phase: 'snapshot', done: 0, total: 1 });
    const log = timingsOn() ? pinTimesLog(writesOver, () => pin) : undefined;
    const ended = () => {
      copyEnded = true;
      pinReleased();
    };
    const copied = () => {
      log?.();
      ended();
    };
    pin = pinSnapshotWhileWriting(ctx.app, 'import', { userId: ctx.user.id, userName: ctx.user.displayName }, writesOver, copied);
    pin.done.catch(ended); // awaited after the writes (or dropped with the failed import)
    try {
      await pin.pinned;
    } catch (e) {
      if (isBackupError(e) && e.reason === 'no-space') {
        throw new AppError('INTERNAL', ctx.t('import.errors.snapshotNoSpace', noSpaceParams(e, ctx.locale)), { reason: 'no-space', needBytes: e.details.needBytes, freeBytes: e.details.freeBytes });
      }
      throw new AppError('INTERNAL', ctx.t('import.errors.snapshotFailed', { reason: String((e as Error).message).slice(0, 200) }));
    }
  };
  // the rows this user's preview of this file staged (the worker checks they still match)
  const staging = stagedPreviews(ctx.app);
  const staged = staging.get(ctx.user.id);
  const stagedFrom = staged && staged.path === file && (!input.previewId || input.previewId === staged.previewId) ? staged.file : undefined;
  try {
    const task: CommitTask = {
      op: 'commit',
      file,
      sheet: input.sheet,
      headerRow: input.headerRow,
      mapping: input.mapping,
      unmapped: input.unmapped,
      onDuplicate: input.onDuplicate,
      allOrNothing: input.allOrNothing,
      dbFile: ctx.app.dbFile,
      nativeBinding: ctx.app.nativeBinding,
      actor: actorOf(ctx),
      locale: ctx.locale,
      now: ctx.app.clock.now().toISOString(),
      batchId: newBatchId(),
      fileName: path.basename(file),
      stagedFrom,
      walCheckpointer: checkpointerOf(ctx.app)?.stats.fallback === false,
    };
    await pruneReports(ctx.app.dataDir);
    task.errorReportFile = reportFiles(ctx.app.dataDir, jobId)?.xlsx;
    const running = runTask<CommitResult>(task, { timeoutMs: IMPORT_LIMITS.commitTimeoutMs, onProgress: progress, onReady: snapshot, owner: ctx.app });
    // the writer's first commit makes main's cached pages stale: let them go now, in steps (platform/pageCache.ts)
    void releasePageCache(ctx.app.db);
    job.cancel = running.cancel;
    pinReleased = running.pinReleased;
    if (cancelledEarly) running.cancel();
    let res: CommitResult;
    try {
      res = await running.result;
    } catch (e) {
      fileError(ctx, e);
    } finally {
      writerEnded();
    }
    job.headers = res.headers;
    job.errors = res.errors;
    if (res.reportStored) await saveReportMeta(ctx.app.dataDir, jobId, { userId: ctx.user.id, rows: res.errors.length, fileName: job.fileName });
    if (res.created > 0 && !res.rolledBack) await runCreatedRules(ctx, res.batchId, progress);
    const wrote = res.created + res.updated > 0 && !res.rolledBack;
    return {
      jobId,
      batchId: res.batchId,
      total: res.total,
      created: res.created,
      updated: res.updated,
      skipped: res.skipped,
      failed: res.failed,
      cancelled: res.cancelled,
      rolledBack: res.rolledBack,
      errorReport: res.errors.length ? { rows: res.errors.length } : null,
      snapshot: pin ? await snapshotOutcome(ctx, pin, wrote, copyEnded ? null : progress) : null,
    };
  } finally {
    writerEnded();
    job.running = false;
    pruneJobs(ctx.app);
    // one commit per preview: a second commit of the same file reads it again
    if (stagedFrom && staging.get(ctx.user.id)?.file === stagedFrom) {
      staging.delete(ctx.user.id);
      await removeStaged(stagedFrom);
    }
  }
}

/** ZG_IMPORT_TIMINGS=1: when the pin held, the writer ended and the copy ended (ms after the snapshot began); returns onCopied */
function pinTimesLog(writesOver: Promise<void>, pinOf: () => PinWhileWriting | null): () => void {
  const t0 = performance.now();
  const at = () => (performance.now() - t0).toFixed(0);
  queueMicrotask(() => {
    const pin = pinOf();
    void pin?.pinned.then(() => console.error(`[import main] snapshot pinned: ${at()} ms`), () => {});
    void writesOver.then(() => console.error(`[import main] writer ended: ${at()} ms`));
    void pin?.done.then(
      () => console.error(`[import main] snapshot done (audit row written): ${at()} ms`),
      (e: unknown) => console.error(`[import main] snapshot failed at ${at()} ms: ${String(e)}`),
    );
  });
  return () => console.error(`[import main] snapshot copied and listed: ${at()} ms`);
}

/**
 * Wait for the safety snapshot (its copy ran while the rows were written; at 1M it may still be
 * copying; then its audit row is written) and say how it ended. A copy that failed leaves no listed backup (backup/tasks.ts removes the
 * partial file); the import's own undo (import:undo) does not depend on it.
 */
async function snapshotOutcome(
  ctx: UserCallContext,
  pin: PinWhileWriting,
  wrote: boolean,
  /** given while the copy is still running: the page says it waits for it */
  progress: ((p: { phase: string; done: number; total: number }) => void) | null,
) {
  progress?.({ phase: 'snapshotFinish', done: 0, total: 1 });
  try {
    const entry = await pin.done;
    return { ok: true, path: entry.path, error: null };
  } catch (e) {
    const reason = String((e as Error).message).slice(0, 200);
    ctx.app.log.warn(`import: the safety snapshot failed after the import began writing: ${reason}`);
    return { ok: false, path: null, error: wrote ? ctx.t('import.errors.snapshotLost', { reason }) : null };
  }
}

/**
 * Automation rules on "customer created" run for imported customers as for ones created in the form.
 * The rows were written by the worker's connection, so the rules run here afterwards: in transactions of
 * RULES_CHUNK customers, yielding to the event loop between them (a rule that fails is recorded and skipped
 * by the engine, never undoing the import). No matching rule: nothing is read.
 */
const RULES_CHUNK = 200;
async function runCreatedRules(ctx: UserCallContext, batchId: string, progress: (p: { phase: string; done: number; total: number }) => void): Promise<void> {
  const { db } = ctx.app;
  if (!activeRules(db, 'customer.created').length) return;
  const ids = db.raw
    .prepare("SELECT entity_id FROM audit_log WHERE batch_id = ? AND action = 'customer.create' AND entity_id IS NOT NULL ORDER BY id")
    .pluck()
    .all(batchId) as number[];
  for (let i = 0; i < ids.length; i += RULES_CHUNK) {
    const part = ids.slice(i, i + RULES_CHUNK);
    db.tx(() => {
      for (const customerId of part) emitDomainEvent(ctx, { type: 'customer.created', customerId });
    });
    progress({ phase: 'automation', done: i + part.length, total: ids.length });
    await new Promise((resolve) => setImmediate(resolve));
  }
}

function ownJob(ctx: UserCallContext, jobId: string): ImportJob {
  const job = jobsOf(ctx.app).get(jobId);
  if (!job || job.userId !== ctx.user.id) throw new AppError('NOT_FOUND', ctx.t('import.errors.jobNotFound'));
  return job;
}

export const importHandlers: HandlersOf<typeof importContract> = {
  'import:template': (input, ctx) => {
    const file = ctx.app.platform.paths.check(ctx.caller, input.path, 'write');
    try {
      writeTemplate(file, ctx.t);
    } catch (e) {
      // the chosen file could not be written (folder gone, no space, read-only): the user picks another place
      if (!/^E[A-Z]+$/.test(String((e as { code?: unknown }).code))) throw e;
      const msg = ctx.t('export.errors.failed', { reason: String((e as Error).message).slice(0, 200) });
      throw new AppError('INVALID_INPUT', msg, { fieldErrors: { path: msg } });
    }
    return { path: file };
  },
  'import:preview': (input, ctx) => preview(input, ctx),
  'import:commit': (input, ctx) => commit(input, ctx),
  'import:cancel': (input, ctx) => {
    const job = jobsOf(ctx.app).get(input.jobId);
    if (!job || job.userId !== ctx.user.id || !job.running) return { cancelled: false };
    job.cancel();
    return { cancelled: true };
  },
  'import:errorReport': async (input, ctx) => {
    // the report the worker stored (also after a restart), else the rows this session still holds
    const stored = await storedReport(ctx.app.dataDir, input.jobId, ctx.user.id);
    const job = stored ? null : ownJob(ctx, input.jobId);
    if (job && !job.errors.length) throw invalid(ctx.t('import.errors.noErrors'));
    const file = ctx.app.platform.paths.check(ctx.caller, input.path, 'write');
    if (stored) {
      await fs.promises.copyFile(stored.file, file);
      return { path: file, rows: stored.rows };
    }
    writeErrorReport(file, job!.headers, job!.errors, ctx.t);
    return { path: file, rows: job!.errors.length };
  },
  'import:mappings': (_input, ctx) => ({ mappings: listMappings(ctx) }),
  'import:saveMapping': (input, ctx) => saveMapping(ctx, input),
  'import:undo': (input, ctx) => undoImport(ctx, input.batchId),
};
