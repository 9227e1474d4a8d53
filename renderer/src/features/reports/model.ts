// Helpers of the reports UI: value formatting, column lists per report (the time range: range.ts).
import type { TFunction } from 'i18next';
import { columnKind, type ReportName } from '@contract/reports';
import { reportValueKind } from '@contract/shippedLabels';
import { formatMoneyFen, formatNumber } from '../../lib/format';
import { shippedLabelNow } from '../../lib/shippedLabel';
import i18n from '../../i18n';

const loc = () => (i18n.language === 'en' ? 'en-US' : 'zh-CN');
export const formatPercent = (v: number | null | undefined) =>
  v === null || v === undefined ? '—' : new Intl.NumberFormat(loc(), { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(v);

/** A cell's text by its column kind; coded values (status, empty, pool) and shipped names (stages, sources,
 * industries) translated — the same rule as the export (main/services/reports/export/cells.ts). */
export function formatCell(report: ReportName, table: string | undefined, key: string, v: unknown, t: TFunction): string {
  const kind = columnKind(key);
  if (kind === 'text') {
    if (v === null || v === undefined || v === '') return key === 'ownerName' ? t('reports.noOwner') : t('reports.emptyValue');
    if (report === 'customerAnalysis' && table === 'byStatus' && key === 'key') return t(`reports.status.${String(v)}`);
    if (report === 'funnel' && key === 'kind') return t(`reports.stageKind.${String(v)}`);
    const shipped = reportValueKind(report, table, key);
    return shipped ? shippedLabelNow(shipped, String(v)) : String(v);
  }
  if (v === null || v === undefined) return '—';
  if (kind === 'money') return formatMoneyFen(Number(v));
  if (kind === 'percent') return formatPercent(Number(v));
  return formatNumber(Number(v));
}

/** Columns each report's table offers, in default order; `defaults` are shown until the user chooses. */
export const REPORT_COLUMNS: Record<ReportName, { all: string[]; defaults: string[] }> = {
  salesPerformance: {
    all: ['ownerName', 'wonAmountFen', 'wonCount', 'lostCount', 'winRate', 'avgDealFen', 'newCustomers', 'followUps', 'prevWonAmountFen', 'prevWonCount', 'prevWinRate', 'prevNewCustomers', 'prevFollowUps', 'wonAmountChange'],
    defaults: ['ownerName', 'wonAmountFen', 'wonCount', 'winRate', 'avgDealFen', 'newCustomers', 'followUps', 'prevWonAmountFen', 'wonAmountChange'],
  },
  customerAnalysis: { all: ['key', 'count', 'won', 'share'], defaults: ['key', 'count', 'won', 'share'] },
  salesTrend: {
    all: ['bucket', 'wonAmountFen', 'wonCount', 'newCustomers', 'prevBucket', 'prevWonAmountFen', 'prevWonCount', 'prevNewCustomers'],
    defaults: ['bucket', 'wonAmountFen', 'wonCount', 'newCustomers', 'prevWonAmountFen', 'prevNewCustomers'],
  },
  funnel: {
    all: ['stageName', 'kind', 'entered', 'enteredAmountFen', 'conversionToNext', 'avgDaysInStage', 'openNow', 'openNowAmountFen'],
    defaults: ['stageName', 'entered', 'enteredAmountFen', 'conversionToNext', 'avgDaysInStage', 'openNow', 'openNowAmountFen'],
  },
};
export const CONVERSION_COLUMNS = ['source', 'customers', 'won', 'rate'];

export const colTitle = (t: TFunction, key: string) => t(`reports.cols.${key}`);
/** yuan as a number for chart axes (charts only; tables use formatMoneyFen) */
export const yuan = (fen: number) => fen / 100;
