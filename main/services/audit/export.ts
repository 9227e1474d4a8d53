// audit:export — the filtered entries as an .xlsx file at a path the user chose (save dialog), every text
// cell escaped against formula injection; the export itself is audited.
import fs from 'node:fs';
import { randomUUID } from 'node:crypto';
import { assertWritableTarget } from '../../platform/writeTarget';
import path from 'node:path';
import type { UserCallContext } from '../../ipc/context';
import { AppError } from '../../ipc/errors';
import type { AuditFilter } from '../../contract/audit';
import { resolveColumns } from '../export/columns';
import { exportQuery } from '../export/query';
import { writeInWorker } from '../export/handlers';
import { actor } from './actor';
import { recordAudit } from './record';

/** Hard cap on one export (the viewer's filters narrow a bigger log). */
export const EXPORT_MAX_ROWS = 200_000;

export async function exportAudit(ctx: UserCallContext, input: AuditFilter & { path?: string }): Promise<{ path: string | null; rows: number }> {
  let target: string;
  if (input.path) {
    target = ctx.app.platform.paths.check(ctx.caller, input.path, 'write');
    assertWritableTarget(target, ctx.t);
  }
  else {
    const day = ctx.app.clock.now().toISOString().slice(0, 10);
    const chosen = await ctx.app.platform.dialogs.saveFile(ctx.caller, {
      title: ctx.t('audit.exportTitle'),
      defaultName: `${ctx.t('audit.exportTitle')}_${day}.xlsx`,
      filters: [{ name: 'XLSX', extensions: ['xlsx'] }],
    });
    if (!chosen) return { path: null, rows: 0 };
    target = path.resolve(chosen);
  }
  // written in the export worker: 200,000 entries read and written on main blocked the app for seconds
  // the columns this export always had, the batch id included (undo works per batch)
  const { columns } = resolveColumns('audit', ['id', 'at', 'userName', 'action', 'entity', 'entityId', 'batchId', 'changes', 'summary'], { db: ctx.app.db, locale: ctx.locale, t: ctx.t });
  const select = columns.map((c) => `${c.sql} AS "${c.key}"`).join(', ');
  const { path: _chosen, ...filter } = input;
  const q = exportQuery({ entity: 'audit', filter, format: 'xlsx', path: target }, select, ctx);
  let rows: number;
  try {
    rows = await writeInWorker(ctx, {
      sql: `${q.sql} LIMIT ${EXPORT_MAX_ROWS}`,
      params: q.params,
      columns: columns.map(({ sql: _sql, ...c }) => c),
      format: 'xlsx',
      path: target,
      sheet: ctx.t('audit.exportTitle'),
      jobId: randomUUID(),
    });
  } catch (e) {
    const msg = ctx.t('audit.errors.exportFailed', { reason: (e as Error).message?.slice(0, 200) });
    // the chosen file could not be written (folder gone, name too long, no space, read-only): the user picks another place
    throw new AppError(/^E[A-Z]+$/.test(String((e as { code?: unknown }).code)) ? 'INVALID_INPUT' : 'INTERNAL', msg, { fieldErrors: { path: msg } });
  }
  const bytes = fs.statSync(target).size;
  ctx.app.db.tx(() =>
    recordAudit(ctx.app.db, { ...actor(ctx), action: 'audit.export', entity: null, summary: JSON.stringify({ path: target, rows, bytes, filter }) }),
  );
  return { path: target, rows };
}
