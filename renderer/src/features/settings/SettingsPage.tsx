// 设置: tabs shown according to the permissions of the logged-in role.
import { Card, Tabs } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router-dom';
import { useSession } from '../../app/session';
import { UsersTab } from './UsersTab';
import { RolesTab } from './RolesTab';
import { ViewAsRole } from './ViewAsRole';
import { PoolRulesTab } from './PoolRulesTab';
import { SecurityTab } from './SecurityTab';
import { MoreTab, SETTINGS_LINKS } from './MoreTab';
import { ReportSettingsTab } from '../reports/ReportSettingsTab';

export function SettingsPage() {
  const { t } = useTranslation();
  const session = useSession();
  const navigate = useNavigate();
  const tab = useParams()['*']?.split('/')[0];
  const items = [
    session.can('users.manage') && { key: 'users', label: t('settings.tabs.users'), children: <UsersTab /> },
    session.can('roles.manage') && { key: 'roles', label: t('settings.tabs.roles'), children: <RolesTab /> },
    session.can('roles.manage') && { key: 'preview', label: t('settings.tabs.preview'), children: <ViewAsRole /> },
    session.can('settings.manage') && { key: 'pool', label: t('settings.tabs.pool'), children: <PoolRulesTab /> },
    session.can('settings.manage') && { key: 'security', label: t('settings.tabs.security'), children: <SecurityTab /> },
    session.can('settings.manage') && session.can('reports.view') && { key: 'reports', label: t('settings.tabs.reports'), children: <ReportSettingsTab /> },
    SETTINGS_LINKS.some((l) => session.can(l.permission)) && { key: 'more', label: t('settings.tabs.more'), children: <MoreTab /> },
  ].filter((x): x is { key: string; label: string; children: React.JSX.Element } => !!x);
  const active = items.some((i) => i.key === tab) ? tab : items[0]?.key;
  return (
    <Card title={t('settings.title')} data-testid="settings-page">
      <Tabs
        activeKey={active}
        onChange={(k) => navigate(`/settings/${k}`)}
        items={items.map((i) => ({ ...i, label: <span data-testid={`settings-tab-${i.key}`}>{i.label}</span> }))}
        destroyOnHidden={false}
      />
    </Card>
  );
}
