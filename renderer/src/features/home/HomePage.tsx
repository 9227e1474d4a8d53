// 工作台 (home, route '/'): independent panels stacked in a 24-column grid.
// To add a panel: import it and add an entry to HOME_PANELS (the reports engineer adds KPI cards and charts
// above the today panel). Each panel fetches its own data and owns its own data-testid.
import { Col, Row } from 'antd';
import type { ReactNode } from 'react';
import { TodayPanel } from './TodayPanel';
import { DashboardPanel } from '../reports/DashboardPanel';

export interface HomePanel {
  key: string;
  element: ReactNode;
  /** columns out of 24 on wide screens (always full width on narrow ones) */
  span?: number;
}

export const HOME_PANELS: HomePanel[] = [
  // reports: { key: 'kpi', element: <KpiCards />, span: 24 }, charts, ... go here
  { key: 'kpi', element: <DashboardPanel />, span: 24 },
  { key: 'today', element: <TodayPanel />, span: 24 },
];

export function HomePage() {
  return (
    <Row gutter={[16, 16]} data-testid="home-page">
      {HOME_PANELS.map((p) => (
        <Col key={p.key} xs={24} xl={p.span ?? 24}>
          {p.element}
        </Col>
      ))}
    </Row>
  );
}
