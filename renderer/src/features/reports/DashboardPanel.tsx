// 工作台 panel: KPI cards, 12-month trend line and open pipeline by stage; each clicks through to the
// filtered list (/customers?filter=<CustomerFilter JSON>, /deals?filter=<DealFilter JSON>) or a report.
import { Card, Col, Row, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { Bar, BarChart, CartesianGrid, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis, Legend } from 'recharts';
import type { DashboardSummary } from '@contract/reports';
import { invoke } from '../../lib/api';
import { formatCompact, formatMoneyFen, formatNumber } from '../../lib/format';
import { formatPercent, yuan } from './model';
import { COLORS } from './reportViews';
import { useSession } from '../../app/session';
import { useShippedLabel } from '../../lib/shippedLabel';

const link = (path: string, filter: Record<string, unknown>) => (Object.keys(filter).length ? `${path}?filter=${encodeURIComponent(JSON.stringify(filter))}` : path);

/** ISO instant where a local (report time zone) day starts */
const dayStart = (day: string, offsetMin: number) => new Date(Date.parse(`${day}T00:00:00Z`) - offsetMin * 60_000).toISOString();
const nextDay = (day: string) => new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);

export function dashboardLinks(s: DashboardSummary, now: Date) {
  const own = s.scopeOwnerId !== null ? { ownerIds: [s.scopeOwnerId] } : {};
  return {
    customers: link('/customers', own),
    newCustomers: link('/customers', { ...own, createdFrom: dayStart(s.range.from, s.tzOffsetMinutes), createdTo: dayStart(nextDay(s.range.to), s.tzOffsetMinutes) }),
    pipeline: link('/deals/list', { ...own, statuses: ['open'] }),
    won: link('/deals/list', { ...own, statuses: ['won'], closedFrom: dayStart(s.range.from, s.tzOffsetMinutes), closedTo: dayStart(nextDay(s.range.to), s.tzOffsetMinutes) }),
    winRate: '/reports?tab=funnel',
    overdue: link('/customers', { ...own, nextFollowUpTo: now.toISOString() }),
    trend: '/reports?tab=salesTrend',
    stage: (stageId: number) => link('/deals/list', { ...own, statuses: ['open'], stageIds: [stageId] }),
  };
}

function Kpi(p: { testId: string; title: string; value: string; sub?: string; onClick: () => void }) {
  return (
    <Card hoverable size="small" onClick={p.onClick} data-testid={p.testId} style={{ height: '100%' }}>
      <Typography.Text type="secondary">{p.title}</Typography.Text>
      <div style={{ fontSize: 22, fontWeight: 500, whiteSpace: 'nowrap', overflow: 'hidden', textOverflow: 'ellipsis', margin: '4px 0' }} title={p.value} data-testid={`${p.testId}-value`}>
        {p.value}
      </div>
      {p.sub && <Typography.Text type="secondary">{p.sub}</Typography.Text>}
    </Card>
  );
}

const change = (cur: number, prev: number) => (prev === 0 ? null : (cur - prev) / prev);

export function DashboardPanel() {
  const session = useSession();
  // the home page is for everyone; the KPIs only for roles that may run reports
  return session.can('reports.view') ? <DashboardCards /> : null;
}

function DashboardCards() {
  const { t } = useTranslation();
  const shipped = useShippedLabel();
  const navigate = useNavigate();
  const q = useQuery({ queryKey: ['dashboard:summary'], queryFn: () => invoke('dashboard:summary') });
  const s = q.data;
  if (!s) return <Card loading data-testid="dashboard-panel" data-state={q.error ? 'error' : 'loading'} />;
  const k = s.kpis;
  const L = dashboardLinks(s, new Date());
  const vs = (cur: number, prev: number) => {
    const c = change(cur, prev);
    return c === null ? undefined : t('reports.dashboard.vsPrev', { change: `${c >= 0 ? '+' : ''}${formatPercent(c)}` });
  };
  const cards = [
    { id: 'customers', title: t('reports.dashboard.customers'), value: formatNumber(k.customers), to: L.customers },
    { id: 'newCustomers', title: t('reports.dashboard.newCustomers'), value: formatNumber(k.newCustomers), sub: vs(k.newCustomers, k.newCustomersPrev), to: L.newCustomers },
    {
      id: 'pipeline',
      title: t('reports.dashboard.pipeline'),
      value: formatMoneyFen(k.pipelineWeightedFen),
      sub: t('reports.dashboard.pipelineSub', { count: k.pipelineOpenCount, n: formatNumber(k.pipelineOpenCount), amount: formatMoneyFen(k.pipelineOpenFen) }),
      to: L.pipeline,
    },
    { id: 'won', title: t('reports.dashboard.won'), value: formatMoneyFen(k.wonAmountFen), sub: t('reports.dashboard.wonSub', { count: k.wonCount, n: formatNumber(k.wonCount), prev: formatMoneyFen(k.wonAmountFenPrev) }), to: L.won },
    { id: 'winRate', title: t('reports.dashboard.winRate'), value: formatPercent(k.winRate), sub: k.winRatePrev === null ? undefined : `${t('reports.presets.lastMonth')} ${formatPercent(k.winRatePrev)}`, to: L.winRate },
    { id: 'overdue', title: t('reports.dashboard.overdue'), value: formatNumber(k.overdueFollowUps), to: L.overdue },
  ];
  const trend = s.trend.map((p) => ({ bucket: p.bucket, won: yuan(p.wonAmountFen), customers: p.newCustomers }));
  const stages = s.pipeline.map((p) => ({ id: p.stageId, name: shipped('stage', p.stageName), amount: yuan(p.amountFen), weighted: yuan(p.weightedFen) }));
  return (
    <div data-testid="dashboard-panel" data-state="ready">
      <Row gutter={[12, 12]}>
        {cards.map((c) => (
          <Col key={c.id} xs={12} md={8} xxl={4}>
            <Kpi testId={`kpi-${c.id}`} title={c.title} value={c.value} sub={c.sub} onClick={() => navigate(c.to)} />
          </Col>
        ))}
      </Row>
      <Row gutter={[12, 12]} style={{ marginTop: 12 }}>
        <Col xs={24} lg={14}>
          <Card size="small" title={t('reports.dashboard.trend')} hoverable onClick={() => navigate(L.trend)} data-testid="dashboard-trend">
            <div style={{ height: 260 }}>
              <ResponsiveContainer>
                <LineChart data={trend} margin={{ top: 8, right: 24, left: 16, bottom: 0 }}>
                  <CartesianGrid strokeDasharray="3 3" />
                  <XAxis dataKey="bucket" />
                  <YAxis yAxisId="won" tickFormatter={(v: number) => formatCompact(v)} />
                  <YAxis yAxisId="c" orientation="right" allowDecimals={false} tickFormatter={(v: number) => formatCompact(v)} />
                  <Tooltip formatter={(v, name) => (name === t('reports.metric.wonAmount') ? formatMoneyFen(Math.round(Number(v) * 100)) : formatNumber(Number(v)))} />
                  <Legend />
                  <Line yAxisId="won" dataKey="won" name={t('reports.metric.wonAmount')} stroke={COLORS[0]} strokeWidth={2} isAnimationActive={false} />
                  <Line yAxisId="c" dataKey="customers" name={t('reports.metric.newCustomers')} stroke={COLORS[2]} strokeWidth={2} isAnimationActive={false} />
                </LineChart>
              </ResponsiveContainer>
            </div>
          </Card>
        </Col>
        <Col xs={24} lg={10}>
          <Card size="small" title={t('reports.dashboard.pipelineByStage')} data-testid="dashboard-pipeline">
            <div style={{ height: 260 }}>
              <ResponsiveContainer>
                <BarChart data={stages} margin={{ top: 8, right: 16, left: 16, bottom: 0 }}>
                  <CartesianGrid strokeDasharray="3 3" />
                  <XAxis dataKey="name" />
                  <YAxis tickFormatter={(v: number) => formatCompact(v)} />
                  <Tooltip formatter={(v) => formatMoneyFen(Math.round(Number(v) * 100))} />
                  <Legend />
                  <Bar dataKey="amount" name={t('reports.cols.openNowAmountFen')} fill={COLORS[0]} isAnimationActive={false} cursor="pointer" onClick={(d) => navigate(L.stage((d as unknown as { id: number }).id))} />
                  <Bar dataKey="weighted" name={t('reports.dashboard.pipeline')} fill={COLORS[1]} isAnimationActive={false} cursor="pointer" onClick={(d) => navigate(L.stage((d as unknown as { id: number }).id))} />
                </BarChart>
              </ResponsiveContainer>
            </div>
          </Card>
        </Col>
      </Row>
    </div>
  );
}
