// 报表: the four reports as tabs, sharing one time range and filter bar.
import { Card, Tabs, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router-dom';
import { REPORT_NAMES, type ReportInput, type ReportName } from '@contract/reports';
import { ReportToolbar, initialParams, type ReportParams } from './ReportToolbar';
import { CustomerAnalysisReport, FunnelReport, SalesPerformanceReport, SalesTrendReport } from './reportViews';

export function ReportsPage() {
  const { t } = useTranslation();
  const [search, setSearch] = useSearchParams();
  const tab = (REPORT_NAMES as readonly string[]).includes(search.get('tab') ?? '') ? (search.get('tab') as ReportName) : 'salesPerformance';
  const [params, setParams] = useState<ReportParams>(initialParams);
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
