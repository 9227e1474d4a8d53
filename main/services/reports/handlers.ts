// reports / dashboard channels. All read-only except reports:export (writes a file and an audit row).
import type { HandlersOf } from '../../ipc/context';
import type { reportsContract, ReportInput, ReportName, ReportOutput } from '../../contract/reports';
import type { SessionUser } from '../../contract/auth';
import type { Db } from '../../../db/sql';
import { reportTz, type ReportTz } from './period';
import { dashboardSummary } from './dashboard';
import { salesPerformance } from './performance';
import { customerAnalysis } from './customerAnalysis';
import { salesTrend } from './trend';
import { funnel } from './funnel';
import { reportOptions } from './options';
import { exportReport } from './export/exportReport';

const RUNNERS: Record<ReportName, (db: Db, user: SessionUser, tz: ReportTz, input: ReportInput) => ReportOutput> = {
  salesPerformance,
  customerAnalysis,
  salesTrend,
  funnel,
};

export const reportsHandlers: HandlersOf<typeof reportsContract> = {
  'dashboard:summary': (input, ctx) => dashboardSummary(ctx.app.db, ctx.user, reportTz(ctx.app.db), ctx.app.clock.now(), input),
  'reports:salesPerformance': (input, ctx) => salesPerformance(ctx.app.db, ctx.user, reportTz(ctx.app.db), input),
  'reports:customerAnalysis': (input, ctx) => customerAnalysis(ctx.app.db, ctx.user, reportTz(ctx.app.db), input),
  'reports:salesTrend': (input, ctx) => salesTrend(ctx.app.db, ctx.user, reportTz(ctx.app.db), input),
  'reports:funnel': (input, ctx) => funnel(ctx.app.db, ctx.user, reportTz(ctx.app.db), input),
  'reports:options': (_input, ctx) => reportOptions(ctx.app.db, ctx.user),
  'reports:export': (input, ctx) => exportReport(input, ctx, () => RUNNERS[input.report](ctx.app.db, ctx.user, reportTz(ctx.app.db), input.params)),
};
