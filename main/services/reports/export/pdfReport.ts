// A report as one self-contained HTML page (table + inline SVG chart) for printing to PDF.
import type { TFunction } from 'i18next';
import type { ReportName, TableRow } from '../../../contract/reports';
import { columnKind } from '../../../contract/reports';
import { displayText, yuanText } from './cells';
import { barChartSvg, lineChartSvg } from './svgChart';

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

export interface PdfInput {
  report: ReportName;
  table?: string;
  title: string;
  locale: 'zh-CN' | 'en';
  range: { from: string; to: string };
  previousRange: { from: string; to: string };
  generatedAt: string;
  columns: { key: string; title: string }[];
  rows: TableRow[];
}

export function formatValue(key: string, v: unknown, locale: string): string {
  if (v === null || v === undefined) return '';
  const kind = columnKind(key);
  if (typeof v === 'number') {
    if (kind === 'money') {
      const [y, c] = yuanText(v).split('.');
      const neg = y.startsWith('-');
      return `${neg ? '-' : ''}¥${new Intl.NumberFormat(locale).format(Math.abs(Number(y)))}.${c}`;
    }
    if (kind === 'percent') return new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1 }).format(v);
    return new Intl.NumberFormat(locale).format(v);
  }
  return String(v);
}

/** Which column the chart draws and against which label column. */
function chartOf(p: PdfInput, t: TFunction): string {
  const label = (r: TableRow) =>
    p.report === 'salesPerformance'
      ? displayText(p.report, p.table, 'ownerName', r.ownerName, t, p.locale)
      : p.report === 'funnel'
        ? displayText(p.report, p.table, 'stageName', r.stageName, t, p.locale)
        : p.report === 'salesTrend'
          ? String(r.bucket)
          : displayText(p.report, p.table, p.table === 'conversionBySource' ? 'source' : 'key', p.table === 'conversionBySource' ? r.source : r.key, t, p.locale);
  const labels = p.rows.map(label);
  const money = (n: number) => formatValue('xFen', Math.round(n), p.locale);
  const num = (n: number) => new Intl.NumberFormat(p.locale).format(Math.round(n * 10) / 10);
  const col = (k: string) => p.rows.map((r) => Number(r[k] ?? 0));
  const title = (k: string) => p.columns.find((c) => c.key === k)?.title ?? k;
  switch (p.report) {
    case 'salesPerformance':
      return barChartSvg(labels, col('wonAmountFen'), money);
    case 'salesTrend':
      return lineChartSvg(
        labels,
        [
          { name: title('wonAmountFen'), values: col('wonAmountFen') },
          { name: title('prevWonAmountFen'), values: col('prevWonAmountFen'), dashed: true },
        ],
        money,
      );
    case 'funnel':
      return barChartSvg(labels, col('entered'), num);
    case 'customerAnalysis':
      return barChartSvg(labels, col(p.table === 'conversionBySource' ? 'customers' : 'count'), num);
  }
}

export function reportHtml(p: PdfInput, t: TFunction): string {
  const head = p.columns.map((c) => `<th>${esc(c.title)}</th>`).join('');
  const body = p.rows
    .map(
      (r) =>
        `<tr>${p.columns
          .map((c) => {
            const kind = columnKind(c.key);
            const text = kind === 'text' ? displayText(p.report, p.table, c.key, r[c.key], t, p.locale) : formatValue(c.key, r[c.key], p.locale);
            return `<td class="${kind === 'text' ? '' : 'num'}">${esc(text)}</td>`;
          })
          .join('')}</tr>`,
    )
    .join('');
  return `<!doctype html><html lang="${p.locale}"><head><meta charset="utf-8"><title>${esc(p.title)}</title>
<style>
  body { font-family: "Noto Sans CJK SC", "Source Han Sans SC", "WenQuanYi Micro Hei", "Microsoft YaHei", sans-serif; margin: 24px; color: #222; }
  h1 { font-size: 20px; margin: 0 0 6px; } .meta { color: #666; font-size: 12px; margin-bottom: 12px; }
  table { border-collapse: collapse; width: 100%; font-size: 11px; margin-top: 12px; }
  th, td { border: 1px solid #ddd; padding: 4px 6px; } th { background: #f5f7fa; text-align: left; } td.num { text-align: right; }
  svg { display: block; margin: 8px 0; }
</style></head><body>
<h1>${esc(p.title)}</h1>
<div class="meta">${esc(t('reports.pdf.range'))}: ${p.range.from} – ${p.range.to} · ${esc(t('reports.pdf.previous'))}: ${p.previousRange.from} – ${p.previousRange.to} · ${esc(t('reports.pdf.generated'))}: ${esc(p.generatedAt)} · ${esc(t('reports.pdf.rows', { n: p.rows.length }))}</div>
${chartOf(p, t)}
<table><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table>
</body></html>`;
}
