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
import { PoolPage } from '../features/pool/PoolPage';
import { SettingsPage } from '../features/settings/SettingsPage';
import { BackupPage } from '../features/backup/BackupPage';
import { CustomersRoutes } from '../features/customers/CustomersRoutes';
import { ReportsPage } from '../features/reports/ReportsPage';
import { DealsPage } from '../features/deals/DealsPage';
import { HomePage } from '../features/home/HomePage';
import { FollowUpsPage } from '../features/followups/FollowUpsPage';
import { AutomationPage } from '../features/automation/AutomationPage';
import { ImportPage } from '../features/import/ImportPage';
import { RecycleBinPage } from '../features/recycleBin/RecycleBinPage';
import { AuditPage } from '../features/audit/AuditPage';
import { FieldsSettingsPage } from '../features/fields/FieldsSettingsPage';

export interface AppRoute {
  path: string;
  labelKey: string;
  icon: ReactNode;
  element: ReactNode;
  /** shown in the menu only if the user holds this permission */
  permission?: Permission;
  /** shown only if the user holds at least one of these (e.g. settings: any admin permission) */
  anyOf?: Permission[];
}

/** The menu rule, shared by the sidebar and the "view as role" preview. */
export function isRouteVisible(r: AppRoute, permissions: readonly string[]): boolean {
  return (!r.permission || permissions.includes(r.permission)) && (!r.anyOf || r.anyOf.some((p) => permissions.includes(p)));
}

export const ROUTES: AppRoute[] = [
  { path: '/', labelKey: 'nav.home', icon: <HomeOutlined />, element: <HomePage /> },
  { path: '/customers', labelKey: 'nav.customers', icon: <TeamOutlined />, element: <CustomersRoutes />, permission: 'customers.view' },
  { path: '/pool', labelKey: 'nav.pool', icon: <GlobalOutlined />, element: <PoolPage />, permission: 'customers.view' },
  { path: '/deals', labelKey: 'nav.deals', icon: <FundOutlined />, element: <DealsPage />, permission: 'deals.view' },
  { path: '/follow-ups', labelKey: 'nav.followUps', icon: <ScheduleOutlined />, element: <FollowUpsPage />, permission: 'followUps.view' },
  { path: '/reports', labelKey: 'nav.reports', icon: <BarChartOutlined />, element: <ReportsPage />, permission: 'reports.view' },
  { path: '/recycle-bin', labelKey: 'nav.recycleBin', icon: <DeleteOutlined />, element: <RecycleBinPage />, permission: 'recycleBin.restore' },
  { path: '/settings', labelKey: 'nav.settings', icon: <SettingOutlined />, element: <SettingsPage />, anyOf: ['users.manage', 'roles.manage', 'settings.manage', 'backup.manage', 'audit.view'] },
];

/** Pages reached from other pages (detail pages etc.), not shown in the menu; `menu`: the menu entry they belong to. */
export const EXTRA_ROUTES: { path: string; element: ReactNode; menu: string }[] = [
  { path: '/backup', element: <BackupPage />, menu: '/settings' },
  { path: '/automation', element: <AutomationPage />, menu: '/settings' },
  // the import wizard is opened from the customer list
  { path: '/import', element: <ImportPage />, menu: '/customers' },
  { path: '/audit', element: <AuditPage />, menu: '/settings' },
  { path: '/settings/fields', element: <FieldsSettingsPage />, menu: '/settings' },
];

const under = (pathname: string, path: string) => pathname === path || pathname.startsWith(`${path}/`);

/** The menu entry to highlight for a location: its own entry, or the entry an extra page belongs to. */
export function menuKeyFor(pathname: string, visible: readonly AppRoute[]): string | undefined {
  const own = visible.find((r) => r.path !== '/' && under(pathname, r.path));
  if (own) return own.path;
  if (pathname === '/') return '/';
  return EXTRA_ROUTES.find((r) => under(pathname, r.path))?.menu;
}
