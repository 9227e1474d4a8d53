// reports:export — recompute the report, pick and order the visible columns, write xlsx/csv/pdf to a
// path the user chose in a save dialog, and audit it.
import fs from 'node:fs';
import { assertWritableTarget } from '../../../platform/writeTarget';
import path from 'node:path';
import type { z } from 'zod';
import type { UserCallContext } from '../../../ipc/context';
import { reportTable, type ReportOutput, type reportExportInputSchema } from '../../../contract/reports';
import { AppError } from '../../../ipc/errors';
import { recordAudit } from '../../audit/record';
import { actor } from '../../audit/actor';
import { toCell, sortRows } from './cells';
import { writeSheetFile } from './sheet';
import { reportHtml } from './pdfReport';

type ExportInput = z.output<typeof reportExportInputSchema>;

export async function exportReport(input: ExportInput, ctx: UserCallContext, run: () => ReportOutput): Promise<{ path: string | null; rows: number }> {
  const perms = ctx.user.permissions;
  if (!perms.includes('customers.export') && !perms.includes('deals.export')) throw new AppError('FORBIDDEN', ctx.t('reports.exportForbidden'));

  let target: string;
  if (input.path) {
    target = ctx.app.platform.paths.check(ctx.caller, input.path, 'write');
    assertWritableTarget(target, ctx.t);
  } else {
    const ext = input.format;
    const chosen = await ctx.app.platform.dialogs.saveFile(ctx.caller, {
      title: input.title,
      defaultName: `${input.title.replace(/[\\/:*?"<>|]/g, '_')}_${input.params.from}_${input.params.to}.${ext}`,
      filters: [{ name: ext.toUpperCase(), extensions: [ext] }],
    });
    if (!chosen) return { path: null, rows: 0 };
    target = path.resolve(chosen);
  }

  const out = run();
  const rows = sortRows(reportTable(input.report, out, input.table), input.sort);
  try {
    if (input.format === 'pdf') {
      const html = reportHtml(
        {
          report: input.report,
          table: input.table,
          title: input.title,
          locale: ctx.locale,
          range: out.range,
          previousRange: out.previousRange,
          generatedAt: new Intl.DateTimeFormat(ctx.locale, { dateStyle: 'medium', timeStyle: 'short', timeZone: 'Asia/Shanghai' }).format(ctx.app.clock.now()),
          columns: input.columns,
          rows,
        },
        ctx.t,
      );
      await ctx.app.platform.pdf.htmlToPdf(html, target);
    } else {
      const cells = rows.map((r) => input.columns.map((c) => toCell(input.report, input.table, c.key, r, ctx.t, ctx.locale)));
      writeSheetFile(
        target,
        input.format,
        input.title,
        input.columns.map((c) => c.title),
        cells,
      );
    }
  } catch (e) {
    if (e instanceof AppError) throw e;
    ctx.app.log.error('report export failed', { error: e instanceof Error ? e.stack : String(e) });
    const msg = ctx.t(input.format === 'pdf' ? 'reports.pdfUnavailable' : 'reports.exportFailed', { reason: (e as Error).message?.slice(0, 200) });
    // the chosen file could not be written (folder gone, name too long, no space, read-only): the user picks another place
    if (/^E[A-Z]+$/.test(String((e as { code?: unknown }).code))) throw new AppError('INVALID_INPUT', msg, { fieldErrors: { path: msg } });
    throw new AppError('INTERNAL', msg);
  }
  const size = fs.statSync(target).size;
  ctx.app.db.tx(() =>
    recordAudit(ctx.app.db, {
      ...actor(ctx),
      action: 'report.export',
      entity: 'report',
      summary: JSON.stringify({ report: input.report, table: input.table ?? null, format: input.format, path: target, rows: rows.length, bytes: size, params: input.params }),
    }),
  );
  return { path: target, rows: rows.length };
}
