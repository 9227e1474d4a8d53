// export:columns and export:run. The entity decides the permission (customers.export, deals.export,
// followUps.export, audit.view); rows are limited to the caller's data scope in SQL; files go only to
// paths granted for writing; xlsx/csv are written in the worker (progress events), PDF via the printer.
import fs from 'node:fs';
import { assertWritableTarget } from '../../platform/writeTarget';
import { randomUUID } from 'node:crypto';
import type { HandlersOf, UserCallContext } from '../../ipc/context';
import type { ExportEntity, exportContract } from '../../contract/export';
import type { Permission } from '../../contract/permissions';
import { AppError, forbidden, invalid } from '../../ipc/errors';
import { recordAudit } from '../audit/record';
import { actor } from '../audit/actor';
import { runTask } from '../import/runner';
import { IMPORT_LIMITS } from '../import/limits';
import { columnChoices, resolveColumns } from './columns';
import { exportQuery } from './query';
import { listHtml } from './pdfList';
import type { ExportTask } from './task';

const PERMISSION: Record<ExportEntity, Permission> = {
  customers: 'customers.export',
  deals: 'deals.export',
  followUps: 'followUps.export',
  audit: 'audit.view',
};
export const PDF_MAX_ROWS = 2000;

function checkEntity(ctx: UserCallContext, entity: ExportEntity): void {
  if (!ctx.user.permissions.includes(PERMISSION[entity])) throw forbidden(ctx.t('export.errors.forbidden', { entity: ctx.t(`export.entities.${entity}`) }));
}

type RunInput = Parameters<(typeof exportHandlers)['export:run']>[0];

async function run(input: RunInput, ctx: UserCallContext) {
  checkEntity(ctx, input.entity);
  const target = ctx.app.platform.paths.check(ctx.caller, input.path, 'write');
  assertWritableTarget(target, ctx.t);
  const { columns, unknown } = resolveColumns(input.entity, input.columns, { db: ctx.app.db, locale: ctx.locale, t: ctx.t });
  if (unknown.length) throw invalid(ctx.t('export.errors.unknownColumn', { columns: unknown.join(', ') }), { columns: ctx.t('export.errors.unknownColumn', { columns: unknown.join(', ') }) });
  const select = columns.map((c) => `${c.sql} AS "${c.key}"`).join(', ');
  const q = exportQuery(input, select, ctx);
  const jobId = input.jobId ?? randomUUID();
  let rows: number;
  let truncated = false;
  const plain = columns.map(({ sql: _sql, ...c }) => c);
  try {
    if (input.format === 'pdf') {
      const list = ctx.app.db.prepare(`${q.sql} LIMIT ${PDF_MAX_ROWS + 1}`).all(...q.params) as Record<string, unknown>[];
      truncated = list.length > PDF_MAX_ROWS;
      const shown = truncated ? list.slice(0, PDF_MAX_ROWS) : list;
      const html = listHtml(
        {
          title: ctx.t(`export.entities.${input.entity}`),
          generatedAt: new Intl.DateTimeFormat(ctx.locale, { dateStyle: 'medium', timeStyle: 'short' }).format(ctx.app.clock.now()),
          locale: ctx.locale,
          columns: plain,
          rows: shown,
          truncatedAt: truncated ? PDF_MAX_ROWS : null,
        },
        ctx.t,
      );
      try {
        await ctx.app.platform.pdf.htmlToPdf(html, target);
      } catch (e) {
        throw new AppError('INTERNAL', ctx.t('export.errors.pdfUnavailable', { reason: String((e as Error).message).slice(0, 200) }));
      }
      rows = shown.length;
    } else {
      rows = await writeInWorker(ctx, { sql: q.sql, params: q.params, columns: plain, format: input.format, path: target, sheet: ctx.t(`export.entities.${input.entity}`), jobId });
    }
  } catch (e) {
    if (e instanceof AppError) throw e;
    ctx.app.log.error('export failed', { error: e instanceof Error ? e.stack : String(e) });
    const msg = ctx.t('export.errors.failed', { reason: String((e as Error).message).slice(0, 200) });
    // the chosen file could not be written (folder gone, name too long, no space, read-only): the user picks another place
    if (/^E[A-Z]+$/.test(String((e as { code?: unknown }).code))) throw new AppError('INVALID_INPUT', msg, { fieldErrors: { path: msg } });
    throw new AppError('INTERNAL', msg);
  }
  const bytes = fs.statSync(target).size;
  ctx.app.db.tx(() =>
    recordAudit(ctx.app.db, {
      ...actor(ctx),
      action: 'export.run',
      entity: input.entity,
      summary: JSON.stringify({
        format: input.format,
        path: target,
        rows,
        bytes,
        columns: columns.map((c) => c.key),
        ...(input.ids ? { ids: input.ids.length } : { filter: input.filter ?? null, query: input.query ?? null }),
      }),
    }),
  );
  return { path: target, rows, bytes, truncated };
}

/** Write the rows of `sql` to an .xlsx/.csv file in the export worker (main's loop stays free; progress events). */
export async function writeInWorker(
  ctx: UserCallContext,
  job: { sql: string; params: unknown[]; columns: ExportTask['columns']; format: 'xlsx' | 'csv'; path: string; sheet: string; jobId: string },
): Promise<number> {
  const res = await runTask<{ rows: number; bytes: number }>(
    { op: 'export', dbFile: ctx.app.dbFile, nativeBinding: ctx.app.nativeBinding, sql: job.sql, params: job.params, columns: job.columns, format: job.format, path: job.path, sheet: job.sheet },
    {
      timeoutMs: IMPORT_LIMITS.commitTimeoutMs,
      owner: ctx.app,
      onProgress: (p) => ctx.app.events.send(ctx.caller, 'progress', { task: 'export', jobId: job.jobId, done: p.done, total: p.total }),
    },
  ).result;
  return res.rows;
}

export const exportHandlers: HandlersOf<typeof exportContract> = {
  'export:columns': (input, ctx) => {
    checkEntity(ctx, input.entity);
    return { columns: columnChoices(input.entity, { db: ctx.app.db, locale: ctx.locale, t: ctx.t }) };
  },
  'export:run': (input, ctx) => run(input, ctx),
};
