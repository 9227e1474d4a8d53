// The sidebar and the pages behind it. A feature replaces its NotBuilt entry with its page component.
import type { ReactNode } from 'react';
import {
  HomeOutlined,
  TeamOutlined,
  GlobalOutlined,
  FundOutlined,
  ScheduleOutlined,
  BarChartOutlined,
  DeleteOutlined,
  SettingOutlined,
} from '@ant-design/icons';
import type { Permission } from '@contract/permissions';
import { NotBuilt } from './NotBuilt';

export interface AppRoute {
  path: string;
  labelKey: string;
  icon: ReactNode;
  element: ReactNode;
  /** shown in the menu only if the user holds this permission */
  permission?: Permission;
}

export const ROUTES: AppRoute[] = [
  { path: '/', labelKey: 'nav.home', icon: <HomeOutlined />, element: <NotBuilt pageKey="nav.home" /> },
  { path: '/customers', labelKey: 'nav.customers', icon: <TeamOutlined />, element: <NotBuilt pageKey="nav.customers" />, permission: 'customers.view' },
  { path: '/pool', labelKey: 'nav.pool', icon: <GlobalOutlined />, element: <NotBuilt pageKey="nav.pool" />, permission: 'customers.view' },
  { path: '/deals', labelKey: 'nav.deals', icon: <FundOutlined />, element: <NotBuilt pageKey="nav.deals" />, permission: 'deals.view' },
  { path: '/follow-ups', labelKey: 'nav.followUps', icon: <ScheduleOutlined />, element: <NotBuilt pageKey="nav.followUps" />, permission: 'followUps.view' },
  { path: '/reports', labelKey: 'nav.reports', icon: <BarChartOutlined />, element: <NotBuilt pageKey="nav.reports" />, permission: 'reports.view' },
  { path: '/recycle-bin', labelKey: 'nav.recycleBin', icon: <DeleteOutlined />, element: <NotBuilt pageKey="nav.recycleBin" /> },
  { path: '/settings', labelKey: 'nav.settings', icon: <SettingOutlined />, element: <NotBuilt pageKey="nav.settings" /> },
];

/** Pages reached from other pages (detail pages etc.), not shown in the menu. */
export const EXTRA_ROUTES: { path: string; element: ReactNode }[] = [];
