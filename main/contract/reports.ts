// Reports and the dashboard (报表与分析). Every report is aggregated in SQL over rollup tables kept in
// step by triggers (db/migrations/0006_report_rollups.ts) and respects the caller's data scope.
//
// Dates: `from` and `to` are calendar days (YYYY-MM-DD, both inclusive) in the report time zone
// (default Asia/Shanghai, UTC+8; `tzOffsetMinutes` in every answer says which one was used).
// Money is integer fen; rates are fractions 0..1 (null when there is nothing to divide by).
import { z } from 'zod';
import { channel, isoDate, shortText } from './define';
import { CUSTOMER_LEVELS } from './customers';
import { filePath } from './paths';

export const REPORT_GROUPINGS = ['day', 'week', 'month', 'quarter'] as const;
export type ReportGrouping = (typeof REPORT_GROUPINGS)[number];
export const REPORT_NAMES = ['salesPerformance', 'customerAnalysis', 'salesTrend', 'funnel'] as const;
export type ReportName = (typeof REPORT_NAMES)[number];

export const reportFiltersSchema = z
  .object({
    /** 0 = customers/deals without an owner (the pool) */
    ownerIds: z.array(z.number().int().min(0).max(Number.MAX_SAFE_INTEGER)).max(200).optional(),
    provinces: z.array(shortText).max(100).optional(),
    industries: z.array(shortText).max(200).optional(),
    sources: z.array(shortText).max(100).optional(),
    levels: z.array(z.enum(CUSTOMER_LEVELS)).max(3).optional(),
  })
  .strict();
export type ReportFilters = z.infer<typeof reportFiltersSchema>;

const rangeFields = {
  from: isoDate,
  to: isoDate,
  filters: reportFiltersSchema.optional(),
  groupBy: z.enum(REPORT_GROUPINGS).optional(),
  /** customerAnalysis: also group by this custom single-select customer field (answer: byField) */
  fieldId: z.number().int().positive().max(Number.MAX_SAFE_INTEGER).optional(),
};
const checkRange = (v: { from: string; to: string }) => v.from <= v.to && v.from >= '1970-01-01' && v.to <= '2199-12-31';
export const reportInputSchema = z
  .object(rangeFields)
  .strict()
  .refine(checkRange, { message: 'validation.reports.range', path: ['to'] });
export type ReportInput = z.infer<typeof reportInputSchema>;

const range = z.object({ from: z.string(), to: z.string() });
const rate = z.number().nullable();
const header = { range, previousRange: range, tzOffsetMinutes: z.number().int() };

const perfFigures = z.object({
  wonAmountFen: z.number().int(),
  wonCount: z.number().int(),
  lostCount: z.number().int(),
  winRate: rate,
  avgDealFen: z.number().int().nullable(),
  newCustomers: z.number().int(),
  followUps: z.number().int(),
});
export type PerformanceFigures = z.infer<typeof perfFigures>;

const dimRow = z.object({ key: z.string(), count: z.number().int(), won: z.number().int(), share: rate });
export type DimensionRow = z.infer<typeof dimRow>;

const trendPoint = z.object({
  bucket: z.string(),
  wonAmountFen: z.number().int(),
  wonCount: z.number().int(),
  newCustomers: z.number().int(),
  prevBucket: z.string().nullable(),
  prevWonAmountFen: z.number().int(),
  prevWonCount: z.number().int(),
  prevNewCustomers: z.number().int(),
});

const pipelineStage = z.object({
  stageId: z.number().int(),
  stageName: z.string(),
  count: z.number().int(),
  amountFen: z.number().int(),
  weightedFen: z.number().int(),
});

const funnelStage = z.object({
  stageId: z.number().int(),
  stageName: z.string(),
  kind: z.enum(['open', 'won', 'lost']),
  /** stage entries in the period (from deal_stage_history) and the deals' amounts */
  entered: z.number().int(),
  enteredAmountFen: z.number().int(),
  /** entered(next open stage or 赢单) / entered(this); null for the last stages or when nothing entered */
  conversionToNext: rate,
  /** average days spent in the stage by the entries that have already left it */
  avgDaysInStage: z.number().nullable(),
  /** open deals at this stage right now (snapshot, not limited to the period) */
  openNow: z.number().int(),
  openNowAmountFen: z.number().int(),
});

const reportSummary = <I extends z.ZodType, O extends z.ZodType>(input: I, output: O, summary: string) =>
  channel({ summary, input, output, access: 'session', permission: 'reports.view', mutates: false });

export const dashboardSummaryOutput = z.object({
  ...header,
  kpis: z.object({
    customers: z.number().int(),
    newCustomers: z.number().int(),
    newCustomersPrev: z.number().int(),
    pipelineOpenCount: z.number().int(),
    pipelineOpenFen: z.number().int(),
    pipelineWeightedFen: z.number().int(),
    wonAmountFen: z.number().int(),
    wonCount: z.number().int(),
    wonAmountFenPrev: z.number().int(),
    wonCountPrev: z.number().int(),
    winRate: rate,
    winRatePrev: rate,
    overdueFollowUps: z.number().int(),
  }),
  /** the last 12 months by month, ending with the month of `to` */
  trend: z.array(z.object({ bucket: z.string(), wonAmountFen: z.number().int(), newCustomers: z.number().int() })),
  pipeline: z.array(pipelineStage),
  /** ids the click-through links need: the caller's own id when the scope is 'own' */
  scopeOwnerId: z.number().int().nullable(),
});

export const salesPerformanceOutput = z.object({
  ...header,
  rows: z.array(z.object({ ownerId: z.number().int(), ownerName: z.string().nullable(), current: perfFigures, previous: perfFigures })),
  totals: z.object({ current: perfFigures, previous: perfFigures }),
});

export const customerAnalysisOutput = z.object({
  ...header,
  total: z.number().int(),
  byProvince: z.array(dimRow),
  byIndustry: z.array(dimRow),
  bySource: z.array(dimRow),
  byLevel: z.array(dimRow),
  byStatus: z.array(dimRow),
  /** customers created in the range by source: how many are 已成交 now */
  conversionBySource: z.array(z.object({ source: z.string(), customers: z.number().int(), won: z.number().int(), rate })),
  /** only when the input names a custom single-select field: customers by its option ('' = not set) */
  byField: z.array(dimRow).optional(),
});

export const salesTrendOutput = z.object({ ...header, groupBy: z.enum(REPORT_GROUPINGS), points: z.array(trendPoint) });

export const funnelOutput = z.object({
  ...header,
  stages: z.array(funnelStage),
  wonCount: z.number().int(),
  lostCount: z.number().int(),
  winRate: rate,
});

export type DashboardSummary = z.infer<typeof dashboardSummaryOutput>;
export type SalesPerformance = z.infer<typeof salesPerformanceOutput>;
export type CustomerAnalysis = z.infer<typeof customerAnalysisOutput>;
export type SalesTrend = z.infer<typeof salesTrendOutput>;
export type Funnel = z.infer<typeof funnelOutput>;

export const reportExportInputSchema = z
  .object({
    report: z.enum(REPORT_NAMES),
    params: reportInputSchema,
    /** which table of the report (customerAnalysis: byProvince | byIndustry | ... | conversionBySource) */
    table: z.string().max(40).optional(),
    format: z.enum(['xlsx', 'csv', 'pdf']),
    /** the visible columns in order, with their headers in the user's language */
    columns: z.array(z.object({ key: z.string().max(60), title: z.string().max(100) }).strict()).min(1).max(40),
    sort: z.object({ key: z.string().max(60), dir: z.enum(['asc', 'desc']) }).strict().optional(),
    title: z.string().max(200),
    /** a path chosen in a save dialog of this window; without it main asks with its own save dialog */
    path: filePath(4096, 0).optional(),
  })
  .strict();

export const reportsContract = {
  'dashboard:summary': reportSummary(
    z.object({ from: isoDate, to: isoDate, filters: reportFiltersSchema.optional() }).strict().refine(checkRange, { message: 'validation.reports.range', path: ['to'] }).optional(),
    dashboardSummaryOutput,
    "The home page KPIs for the caller's scope (default range: this month) with the previous period, a 12-month trend and the open pipeline by stage.",
  ),
  'reports:salesPerformance': reportSummary(
    reportInputSchema,
    salesPerformanceOutput,
    '销售业绩 by owner: won amount/count, win rate, average deal size, new customers, follow-ups made; with the previous period.',
  ),
  'reports:customerAnalysis': reportSummary(
    reportInputSchema,
    customerAnalysisOutput,
    '客户分析 of customers created in the range: by region, industry, source, level, status; 潜在→已成交 conversion by source.',
  ),
  'reports:salesTrend': reportSummary(
    reportInputSchema,
    salesTrendOutput,
    '销售趋势: won amount and new customers by day/week/month/quarter (coarsened to ≤ 1000 points) with the previous period aligned.',
  ),
  'reports:funnel': reportSummary(
    reportInputSchema,
    funnelOutput,
    '销售漏斗: stage entries (count, value) in the range, stage-to-stage conversion, average time in stage, open deals now.',
  ),
  'reports:options': reportSummary(
    z.object({}).strict().optional(),
    z.object({
      owners: z.array(z.object({ id: z.number().int(), displayName: z.string() })),
      provinces: z.array(z.string()),
      industries: z.array(z.string()),
      sources: z.array(z.string()),
      tzOffsetMinutes: z.number().int(),
    }),
    'Choices for the report filters (owners in scope; regions, industries, sources in use).',
  ),
  'reports:setTimezone': channel({
    summary:
      'Set the report time zone (minutes east of UTC, -720..840; default 480 = Asia/Shanghai) and rebuild every rollup in the same transaction, in a worker thread (main stays responsive; minutes at 1M rows). Sends `progress` events `{ task: "reportsTimezone", phase: "compute" | "write", table, done, total }`. Audited. CONFLICT while another change is running.',
    input: z.object({ offsetMinutes: z.number().int().min(-720).max(840) }).strict(),
    output: z.object({ tzOffsetMinutes: z.number().int() }),
    access: 'session',
    permission: 'settings.manage',
    mutates: true,
  }),
  'reports:export': channel({
    summary:
      'Write a report table to .xlsx, .csv (cells escaped against formula injection) or .pdf (table + chart). Needs customers.export or deals.export too. Audited.',
    input: reportExportInputSchema,
    output: z.object({ path: z.string().nullable(), rows: z.number().int() }),
    access: 'session',
    permission: 'reports.view',
    mutates: true,
  }),
};


// ---- Report tables: the rows a report shows in its table and exports (shared by renderer and main) ----

export type ReportOutput = SalesPerformance | CustomerAnalysis | SalesTrend | Funnel;
export type TableRow = Record<string, string | number | null>;
export const CUSTOMER_ANALYSIS_TABLES = ['byProvince', 'byIndustry', 'bySource', 'byLevel', 'byStatus', 'conversionBySource'] as const;
export type CustomerAnalysisTable = (typeof CUSTOMER_ANALYSIS_TABLES)[number];
/** the table of the custom field dimension (input.fieldId) */
export const BY_FIELD_TABLE = 'byField';

/** How a column's values are shown: money (fen), a fraction shown as a percentage, a number or text. */
export function columnKind(key: string): 'money' | 'percent' | 'number' | 'text' {
  if (/Fen$/.test(key)) return 'money';
  if (/(Rate|rate|share|conversionToNext|Change)$/.test(key)) return 'percent';
  if (/^(key|source|bucket|prevBucket|ownerName|stageName|kind)$/.test(key)) return 'text';
  return 'number';
}

const change = (cur: number, prev: number): number | null => (prev === 0 ? null : (cur - prev) / prev);

export function reportTable(report: ReportName, out: ReportOutput, table?: string): TableRow[] {
  switch (report) {
    case 'salesPerformance':
      return (out as SalesPerformance).rows.map((r) => ({
        ownerId: r.ownerId,
        ownerName: r.ownerName,
        ...r.current,
        prevWonAmountFen: r.previous.wonAmountFen,
        prevWonCount: r.previous.wonCount,
        prevWinRate: r.previous.winRate,
        prevNewCustomers: r.previous.newCustomers,
        prevFollowUps: r.previous.followUps,
        wonAmountChange: change(r.current.wonAmountFen, r.previous.wonAmountFen),
      }));
    case 'customerAnalysis': {
      const a = out as CustomerAnalysis;
      if (table === BY_FIELD_TABLE) return (a.byField ?? []).map((r) => ({ ...r }));
      const t = (CUSTOMER_ANALYSIS_TABLES as readonly string[]).includes(table ?? '') ? (table as CustomerAnalysisTable) : 'byProvince';
      return t === 'conversionBySource' ? a.conversionBySource.map((r) => ({ ...r })) : a[t].map((r) => ({ ...r }));
    }
    case 'salesTrend':
      return (out as SalesTrend).points.map((p) => ({ ...p }));
    case 'funnel':
      return (out as Funnel).stages.map((s) => ({ ...s }));
  }
}
