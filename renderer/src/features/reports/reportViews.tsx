// The four reports: each loads its channel and hands rows + a chart to ReportFrame.
import { Alert, Segmented, Select } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Bar, BarChart, CartesianGrid, Cell, Legend, Line, LineChart, Pie, PieChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { BY_FIELD_TABLE, CUSTOMER_ANALYSIS_TABLES, reportTable, type CustomerAnalysisTable, type ReportGrouping, type ReportInput } from '@contract/reports';
import { invoke } from '../../lib/api';
import { formatCompact, formatMoneyFen, formatNumber } from '../../lib/format';
import { ReportFrame } from './ReportFrame';
import { CONVERSION_COLUMNS, REPORT_COLUMNS, formatCell, formatPercent, yuan } from './model';
import { fieldLabel, useFieldDefs } from '../fields/hooks';

export const COLORS = ['#1668dc', '#f5a623', '#52c41a', '#eb2f96', '#722ed1', '#13c2c2', '#fa541c', '#a0d911', '#2f54eb', '#faad14'];
// axis ticks short (2.5亿): full amounts did not fit the axis and lost their first digits
const moneyAxis = (v: number) => formatCompact(Math.round(v));
const moneyTip = (v: unknown) => formatMoneyFen(Math.round(Number(v) * 100));

function LoadError({ error }: { error: unknown }) {
  const { t } = useTranslation();
  return error ? <Alert type="error" showIcon message={t('reports.loadFailed', { message: (error as Error).message })} style={{ marginBottom: 12 }} /> : null;
}

export function SalesPerformanceReport({ params }: { params: ReportInput }) {
  const { t } = useTranslation();
  const q = useQuery({ queryKey: ['reports:salesPerformance', params], queryFn: () => invoke('reports:salesPerformance', params) });
  const rows = q.data ? reportTable('salesPerformance', q.data) : [];
  const data = rows.map((r) => ({
    name: formatCell('salesPerformance', undefined, 'ownerName', r.ownerName, t),
    cur: yuan(Number(r.wonAmountFen)),
    prev: yuan(Number(r.prevWonAmountFen)),
  }));
  return (
    <>
      <LoadError error={q.error} />
      <ReportFrame
        report="salesPerformance"
        title={t('reports.tabs.salesPerformance')}
        params={params}
        rows={rows}
        rowKey={(r) => String(r.ownerId)}
        allColumns={REPORT_COLUMNS.salesPerformance.all}
        defaultColumns={REPORT_COLUMNS.salesPerformance.defaults}
        loading={q.isFetching}
        summary={q.data && t('reports.compare', q.data.previousRange)}
        chart={
          <ResponsiveContainer>
            <BarChart data={data} margin={{ top: 16, right: 24, left: 24, bottom: 8 }}>
              <CartesianGrid strokeDasharray="3 3" />
              <XAxis dataKey="name" />
              <YAxis tickFormatter={moneyAxis} />
              <Tooltip formatter={moneyTip} />
              <Legend />
              <Bar dataKey="cur" name={t('reports.cols.wonAmountFen')} fill={COLORS[0]} isAnimationActive={false} />
              <Bar dataKey="prev" name={t('reports.cols.prevWonAmountFen')} fill={COLORS[1]} isAnimationActive={false} />
            </BarChart>
          </ResponsiveContainer>
        }
      />
    </>
  );
}

const PIE_TABLES: CustomerAnalysisTable[] = ['bySource', 'byLevel', 'byStatus'];

export function CustomerAnalysisReport({ params }: { params: ReportInput }) {
  const { t } = useTranslation();
  const [table, setTable] = useState<CustomerAnalysisTable | typeof BY_FIELD_TABLE>('byProvince');
  // a custom single-select customer field as one more dimension (reports:customerAnalysis fieldId)
  const defs = useFieldDefs('customer');
  const selectFields = (defs.data ?? []).filter((f) => f.type === 'singleSelect' && !f.retiredAt);
  const [fieldId, setFieldId] = useState<number | null>(null);
  const field = table === BY_FIELD_TABLE ? selectFields.find((f) => f.id === fieldId) : undefined;
  const input: ReportInput = field ? { ...params, fieldId: field.id } : params;
  const q = useQuery({ queryKey: ['reports:customerAnalysis', input], queryFn: () => invoke('reports:customerAnalysis', input) });
  const rows = q.data ? reportTable('customerAnalysis', q.data, field ? BY_FIELD_TABLE : table === BY_FIELD_TABLE ? 'byProvince' : table) : [];
  const conv = table === 'conversionBySource';
  const data = rows.map((r) => ({
    name: formatCell('customerAnalysis', table, conv ? 'source' : 'key', conv ? r.source : r.key, t),
    value: Number(conv ? r.rate : r.count),
  }));
  const chart = !field && PIE_TABLES.includes(table as CustomerAnalysisTable) ? (
    <ResponsiveContainer>
      <PieChart>
        <Pie data={data} dataKey="value" nameKey="name" outerRadius={140} label={(e) => `${e.name} ${formatNumber(Number(e.value))}`} isAnimationActive={false}>
          {data.map((_, i) => (
            <Cell key={i} fill={COLORS[i % COLORS.length]} />
          ))}
        </Pie>
        <Tooltip />
        <Legend />
      </PieChart>
    </ResponsiveContainer>
  ) : (
    <ResponsiveContainer>
      <BarChart data={data} margin={{ top: 16, right: 24, left: 24, bottom: 8 }}>
        <CartesianGrid strokeDasharray="3 3" />
        <XAxis dataKey="name" interval={0} angle={data.length > 12 ? -35 : 0} textAnchor={data.length > 12 ? 'end' : 'middle'} height={data.length > 12 ? 60 : 30} />
        <YAxis tickFormatter={conv ? (v: number) => formatPercent(v) : undefined} />
        <Tooltip formatter={(v) => (conv ? formatPercent(Number(v)) : formatNumber(Number(v)))} />
        <Bar dataKey="value" name={t(conv ? 'reports.cols.rate' : 'reports.cols.count')} fill={COLORS[0]} isAnimationActive={false} />
      </BarChart>
    </ResponsiveContainer>
  );
  return (
    <>
      <LoadError error={q.error} />
      <ReportFrame
        key={conv ? 'conv' : 'dim'}
        report="customerAnalysis"
        table={field ? BY_FIELD_TABLE : table}
        title={`${t('reports.tabs.customerAnalysis')}-${field ? fieldLabel(field) : t(`reports.analysisTables.${table}`)}`}
        params={input}
        rows={rows}
        rowKey={(r) => String(conv ? r.source : r.key)}
        allColumns={conv ? CONVERSION_COLUMNS : REPORT_COLUMNS.customerAnalysis.all}
        defaultColumns={conv ? CONVERSION_COLUMNS : REPORT_COLUMNS.customerAnalysis.defaults}
        loading={q.isFetching}
        summary={q.data && `${t('reports.cols.customers')}: ${formatNumber(q.data.total)}`}
        extra={
          <>
            <Segmented
              data-testid="analysis-table"
              value={field ? '' : table}
              onChange={(v) => setTable(v as CustomerAnalysisTable)}
              options={CUSTOMER_ANALYSIS_TABLES.map((k) => ({ value: k, label: <span data-testid={`analysis-${k}`}>{t(`reports.analysisTables.${k}`)}</span> }))}
            />
            {selectFields.length > 0 && (
              <Select
                data-testid="analysis-field"
                style={{ minWidth: 160 }}
                allowClear
                placeholder={t('reports.analysisTables.byField')}
                value={field?.id}
                onChange={(v?: number) => {
                  setFieldId(v ?? null);
                  setTable(v ? BY_FIELD_TABLE : 'byProvince');
                }}
                options={selectFields.map((f) => ({ value: f.id, label: <span data-testid={`analysis-field-${f.key}`}>{fieldLabel(f)}</span> }))}
              />
            )}
          </>
        }
        chart={chart}
      />
    </>
  );
}

export function SalesTrendReport({ params }: { params: ReportInput }) {
  const { t } = useTranslation();
  const [groupBy, setGroupBy] = useState<ReportGrouping>('day');
  const [metric, setMetric] = useState<'wonAmount' | 'newCustomers'>('wonAmount');
  const input = { ...params, groupBy };
  const q = useQuery({ queryKey: ['reports:salesTrend', input], queryFn: () => invoke('reports:salesTrend', input) });
  const rows = q.data ? reportTable('salesTrend', q.data) : [];
  const money = metric === 'wonAmount';
  const data = (q.data?.points ?? []).map((p) => ({
    bucket: p.bucket,
    cur: money ? yuan(p.wonAmountFen) : p.newCustomers,
    prev: money ? yuan(p.prevWonAmountFen) : p.prevNewCustomers,
  }));
  const used = q.data?.groupBy;
  return (
    <>
      <LoadError error={q.error} />
      <ReportFrame
        report="salesTrend"
        title={t('reports.tabs.salesTrend')}
        params={input}
        rows={rows}
        rowKey={(r) => String(r.bucket)}
        allColumns={REPORT_COLUMNS.salesTrend.all}
        defaultColumns={REPORT_COLUMNS.salesTrend.defaults}
        loading={q.isFetching}
        summary={q.data && `${t('reports.compare', q.data.previousRange)}${used && used !== groupBy ? ` · ${t(`reports.groupBy.${used}`)}` : ''}`}
        extra={
          <>
            <Segmented
              data-testid="trend-groupby"
              value={groupBy}
              onChange={(v) => setGroupBy(v as ReportGrouping)}
              options={(['day', 'week', 'month', 'quarter'] as const).map((g) => ({ value: g, label: <span data-testid={`groupby-${g}`}>{t(`reports.groupBy.${g}`)}</span> }))}
            />
            <Segmented
              data-testid="trend-metric"
              value={metric}
              onChange={(v) => setMetric(v as 'wonAmount' | 'newCustomers')}
              options={[
                { value: 'wonAmount', label: t('reports.metric.wonAmount') },
                { value: 'newCustomers', label: t('reports.metric.newCustomers') },
              ]}
            />
          </>
        }
        chart={
          <ResponsiveContainer>
            <LineChart data={data} margin={{ top: 16, right: 24, left: 24, bottom: 8 }}>
              <CartesianGrid strokeDasharray="3 3" />
              <XAxis dataKey="bucket" minTickGap={16} />
              <YAxis tickFormatter={money ? moneyAxis : (v: number) => formatCompact(v)} allowDecimals={!money ? false : undefined} />
              <Tooltip formatter={money ? moneyTip : (v) => formatNumber(Number(v))} />
              <Legend />
              <Line dataKey="cur" name={t(`reports.metric.${metric}`)} stroke={COLORS[0]} strokeWidth={2} dot={data.length <= 31} isAnimationActive={false} />
              <Line dataKey="prev" name={t('reports.compare', q.data?.previousRange ?? { from: '', to: '' })} stroke={COLORS[1]} strokeDasharray="5 4" dot={false} isAnimationActive={false} />
            </LineChart>
          </ResponsiveContainer>
        }
      />
    </>
  );
}

export function FunnelReport({ params }: { params: ReportInput }) {
  const { t } = useTranslation();
  const q = useQuery({ queryKey: ['reports:funnel', params], queryFn: () => invoke('reports:funnel', params) });
  const rows = q.data ? reportTable('funnel', q.data) : [];
  const data = (q.data?.stages ?? []).map((s) => ({ name: formatCell('funnel', undefined, 'stageName', s.stageName, t), entered: s.entered, openNow: s.openNow }));
  return (
    <>
      <LoadError error={q.error} />
      <ReportFrame
        report="funnel"
        title={t('reports.tabs.funnel')}
        params={params}
        rows={rows}
        rowKey={(r) => String(r.stageId)}
        allColumns={REPORT_COLUMNS.funnel.all}
        defaultColumns={REPORT_COLUMNS.funnel.defaults}
        loading={q.isFetching}
        summary={q.data && t('reports.funnelSummary', { won: q.data.wonCount, lost: q.data.lostCount, rate: formatPercent(q.data.winRate) })}
        chart={
          <ResponsiveContainer>
            <BarChart data={data} layout="vertical" margin={{ top: 16, right: 32, left: 32, bottom: 8 }}>
              <CartesianGrid strokeDasharray="3 3" />
              <XAxis type="number" allowDecimals={false} />
              <YAxis type="category" dataKey="name" width={120} />
              <Tooltip />
              <Legend />
              <Bar dataKey="entered" name={t('reports.cols.entered')} fill={COLORS[0]} isAnimationActive={false} />
              <Bar dataKey="openNow" name={t('reports.cols.openNow')} fill={COLORS[2]} isAnimationActive={false} />
            </BarChart>
          </ResponsiveContainer>
        }
      />
    </>
  );
}
