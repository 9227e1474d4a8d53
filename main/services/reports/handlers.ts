// reports / dashboard channels. All read-only except reports:export (writes a file and an audit row).
import type { HandlersOf } from '../../ipc/context';
import type { reportsContract, ReportInput, ReportName, ReportOutput } from '../../contract/reports';
import type { SessionUser } from '../../contract/auth';
import type { Db } from '../../../db/sql';
import { reportTz, type ReportTz } from './period';
import { dashboardSummary } from './dashboard';
import { salesPerformance } from './performance';
import { customerAnalysis, dimensionField } from './customerAnalysis';
import { conflict, invalid } from '../../ipc/errors';
import { runTimezoneWorker } from './timezoneRunner';
import { actor } from '../audit/actor';
import { salesTrend } from './trend';
import { funnel } from './funnel';
import { reportOptions } from './options';
import { exportReport } from './export/exportReport';

/** A custom dimension must be a live single-select customer field (a clear field error otherwise). */
function checkFieldDimension(ctx: { app: { db: Db }; t: (k: string) => string }, input: ReportInput): void {
  if (input.fieldId !== undefined && !dimensionField(ctx.app.db, input.fieldId)) {
    const m = ctx.t('reports.fieldDimension');
    throw invalid(m, { fieldId: m });
  }
}

/** apps whose report time zone is being changed right now */
const timezoneBusy = new WeakSet<object>();

const RUNNERS: Record<ReportName, (db: Db, user: SessionUser, tz: ReportTz, input: ReportInput) => ReportOutput> = {
  salesPerformance,
  customerAnalysis,
  salesTrend,
  funnel,
};

export const reportsHandlers: HandlersOf<typeof reportsContract> = {
  'dashboard:summary': (input, ctx) => dashboardSummary(ctx.app.db, ctx.user, reportTz(ctx.app.db), ctx.app.clock.now(), input),
  'reports:salesPerformance': (input, ctx) => salesPerformance(ctx.app.db, ctx.user, reportTz(ctx.app.db), input),
  'reports:customerAnalysis': (input, ctx) => {
    checkFieldDimension(ctx, input);
    return customerAnalysis(ctx.app.db, ctx.user, reportTz(ctx.app.db), input);
  },
  'reports:salesTrend': (input, ctx) => salesTrend(ctx.app.db, ctx.user, reportTz(ctx.app.db), input),
  'reports:funnel': (input, ctx) => funnel(ctx.app.db, ctx.user, reportTz(ctx.app.db), input),
  'reports:options': (_input, ctx) => reportOptions(ctx.app.db, ctx.user),
  'reports:setTimezone': async (input, ctx) => {
    // one change at a time per app; the rebuild runs in a worker (minutes at 1M rows), main stays responsive
    if (timezoneBusy.has(ctx.app)) throw conflict(ctx.t('reports.timezoneBusy'));
    timezoneBusy.add(ctx.app);
    try {
      const res = await runTimezoneWorker(
        { dbFile: ctx.app.dbFile, nativeBinding: ctx.app.nativeBinding, offsetMin: input.offsetMinutes, audit: actor(ctx) },
        (p) => ctx.app.events.send(ctx.caller, 'progress', { task: 'reportsTimezone', ...p }),
        ctx.app,
      );
      return { tzOffsetMinutes: res.tzOffsetMinutes };
    } finally {
      timezoneBusy.delete(ctx.app);
    }
  },
  'reports:export': (input, ctx) => {
    if (input.report === 'customerAnalysis') checkFieldDimension(ctx, input.params);
    return exportReport(input, ctx, () => RUNNERS[input.report](ctx.app.db, ctx.user, reportTz(ctx.app.db), input.params));
  },
};
