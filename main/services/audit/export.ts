// audit:export — the filtered entries as an .xlsx file at a path the user chose (save dialog), every text
// cell escaped against formula injection; the export itself is audited.
import fs from 'node:fs';
import { assertWritableTarget } from '../../platform/writeTarget';
import path from 'node:path';
import type { UserCallContext } from '../../ipc/context';
import { AppError } from '../../ipc/errors';
import type { AuditFilter } from '../../contract/audit';
import { escapeFormula, type Cell } from '../reports/export/cells';
import { writeSheetFile } from '../reports/export/sheet';
import { actor } from './actor';
import { recordAudit } from './record';
import { ENTRY_SELECT, filterSql, toEntry } from './list';

/** Hard cap so one export cannot exhaust memory; the viewer's filters narrow a bigger log. */
export const EXPORT_MAX_ROWS = 200_000;

const text = (v: unknown): Cell => {
  if (v === null || v === undefined || v === '') return { kind: 'empty' };
  return { kind: 'text', text: escapeFormula(typeof v === 'string' ? v : JSON.stringify(v)) };
};

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
  const f = filterSql(input);
  const rows = ctx.app.db.prepare(`${ENTRY_SELECT} WHERE ${f.sql} ORDER BY a.id DESC LIMIT ${EXPORT_MAX_ROWS}`).all(...f.params) as Parameters<typeof toEntry>[0][];
  const cells = rows.map(toEntry).map((e) => [
    { kind: 'number', value: e.id } as Cell,
    text(e.at),
    text(e.userName),
    text(e.action),
    text(e.entity),
    e.entityId === null ? ({ kind: 'empty' } as Cell) : ({ kind: 'number', value: e.entityId } as Cell),
    text(e.batchId),
    text(e.changes?.map((c) => (c.redacted ? `${c.field}: —` : `${c.field}: ${JSON.stringify(c.old)} → ${JSON.stringify(c.new)}`)).join('\n')),
    text(e.summary),
  ]);
  const headers = ['id', 'at', 'user', 'action', 'entity', 'entityId', 'batchId', 'changes', 'summary'].map((k) => ctx.t(`audit.columns.${k}`));
  try {
    writeSheetFile(target, 'xlsx', ctx.t('audit.exportTitle'), headers, cells);
  } catch (e) {
    const msg = ctx.t('audit.errors.exportFailed', { reason: (e as Error).message?.slice(0, 200) });
    // the chosen file could not be written (folder gone, name too long, no space, read-only): the user picks another place
    throw new AppError(/^E[A-Z]+$/.test(String((e as { code?: unknown }).code)) ? 'INVALID_INPUT' : 'INTERNAL', msg, { fieldErrors: { path: msg } });
  }
  const bytes = fs.statSync(target).size;
  ctx.app.db.tx(() =>
    recordAudit(ctx.app.db, { ...actor(ctx), action: 'audit.export', entity: null, summary: JSON.stringify({ path: target, rows: cells.length, bytes, filter: { ...input, path: undefined } }) }),
  );
  return { path: target, rows: cells.length };
}
