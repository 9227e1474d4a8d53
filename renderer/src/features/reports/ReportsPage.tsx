// 报表: the four reports as tabs, sharing one time range and filter bar.
import { Card, Spin, Tabs, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router-dom';
import { REPORT_NAMES, type ReportInput, type ReportName } from '@contract/reports';
import { ReportToolbar, useReportOptions } from './ReportToolbar';
import { initialParams, withRange, type ReportParams } from './range';
import { CustomerAnalysisReport, FunnelReport, SalesPerformanceReport, SalesTrendReport } from './reportViews';

export function ReportsPage() {
  const { t } = useTranslation();
  const [search, setSearch] = useSearchParams();
  const tab = (REPORT_NAMES as readonly string[]).includes(search.get('tab') ?? '') ? (search.get('tab') as ReportName) : 'salesPerformance';
  const [chosen, setParams] = useState<ReportParams>(initialParams);
  // a preset counts its days in the reports' time zone (the rollups' days): wait for it (one small call);
  // should the call fail, the machine's own zone
  const options = useReportOptions();
  const tz = options.data?.tzOffsetMinutes ?? (options.isError ? -new Date().getTimezoneOffset() : undefined);
  const params = tz === undefined ? null : withRange(chosen, tz);
  if (!params) return <Spin data-testid="reports-loading" />;
  const input: ReportInput = { from: params.from, to: params.to, ...(Object.keys(params.filters).length ? { filters: params.filters } : {}) };
  const views: Record<ReportName, React.ReactNode> = {
    salesPerformance: <SalesPerformanceReport params={input} />,
    customerAnalysis: <CustomerAnalysisReport params={input} />,
    salesTrend: <SalesTrendReport params={input} />,
    funnel: <FunnelReport params={input} />,
  };
  return (
    <div data-testid="reports-page">
      <Typography.Title level={3} style={{ marginTop: 0 }}>
        {t('reports.title')}
      </Typography.Title>
      <Card size="small" style={{ marginBottom: 12 }}>
        <ReportToolbar value={params} onChange={setParams} />
      </Card>
      <Card size="small">
        <Tabs
          data-testid="report-tabs"
          activeKey={tab}
          onChange={(k) => setSearch({ tab: k }, { replace: true })}
          destroyOnHidden
          items={REPORT_NAMES.map((k) => ({ key: k, label: <span data-testid={`tab-${k}`}>{t(`reports.tabs.${k}`)}</span>, children: views[k] }))}
        />
      </Card>
    </div>
  );
}
