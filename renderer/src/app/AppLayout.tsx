import { Avatar, Button, Dropdown, Input, Layout, Menu, Result, Space, Typography } from 'antd';
import { UserOutlined } from '@ant-design/icons';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Route, Routes, useLocation, useNavigate } from 'react-router-dom';
import { invoke } from '../lib/api';
import { useSession } from './session';
import { useRoleLabel } from '../lib/shippedLabel';
import { LanguageSwitch } from './LanguageSwitch';
import { ROUTES, EXTRA_ROUTES, isRouteVisible, menuKeyFor } from './routes';
import { NotificationBell } from '../features/notifications/NotificationBell';
import { ReminderAlerts } from '../features/followups/reminders/ReminderAlerts';
import { IdleLock } from '../features/idle-lock/IdleLock';
import { ChangePasswordDialog } from '../features/auth/ChangePasswordDialog';
import { PageErrorBoundary } from './ErrorBoundary';

export function AppLayout() {
  const { t } = useTranslation();
  const roleLabel = useRoleLabel();
  const session = useSession();
  const navigate = useNavigate();
  const location = useLocation();
  const [pwOpen, setPwOpen] = useState(false);
  const visible = ROUTES.filter((r) => isRouteVisible(r, session.user?.permissions ?? []));
  const menuKey = menuKeyFor(location.pathname, visible);

  const logout = async () => {
    await invoke('auth:logout').catch(() => undefined);
    session.setUser(null);
    navigate('/');
  };

  return (
    <Layout style={{ minHeight: '100vh' }} data-testid="app-layout">
      <Layout.Sider width={200} theme="light" style={{ borderRight: '1px solid #f0f0f0' }}>
        <div style={{ height: 56, display: 'flex', alignItems: 'center', paddingLeft: 24, fontWeight: 600, fontSize: 18 }}>{t('app.name')}</div>
        <Menu
          mode="inline"
          // the Sider draws the full-height border; the menu's own would stop where its items end
          style={{ borderInlineEnd: 'none' }}
          data-testid="sidebar"
          // pages outside the menu highlight the entry they are reached from (import → 客户, backup → 设置)
          selectedKeys={menuKey ? [menuKey] : []}
          onClick={(e) => navigate(e.key)}
          items={visible.map((r) => ({ key: r.path, icon: r.icon, label: <span data-testid={`nav-${r.path.slice(1) || 'home'}`}>{t(r.labelKey)}</span> }))}
        />
      </Layout.Sider>
      <Layout>
        <Layout.Header style={{ background: '#fff', padding: '0 24px', display: 'flex', alignItems: 'center', gap: 16, borderBottom: '1px solid #f0f0f0' }}>
          <Input.Search
            placeholder={t('header.search')}
            allowClear
            // gives way first when the window is narrow (1024 px, English): the user's name and role keep one line
            style={{ flex: '0 1 420px', minWidth: 160 }}
            data-testid="global-search"
            onSearch={(q) => navigate(`/customers?q=${encodeURIComponent(q)}`)}
          />
          <div style={{ flex: 1 }} />
          <NotificationBell />
          <ReminderAlerts />
          <LanguageSwitch />
          <Dropdown
            menu={{
              items: [
                { key: 'password', label: t('header.changePassword'), onClick: () => setPwOpen(true) },
                { key: 'switch', label: <span data-testid="switch-user">{t('header.switchUser')}</span>, onClick: () => void logout() },
                { type: 'divider' },
                { key: 'logout', label: <span data-testid="logout">{t('header.logout')}</span>, onClick: () => void logout() },
              ],
            }}
          >
            <Space style={{ cursor: 'pointer', whiteSpace: 'nowrap', flexShrink: 0 }} data-testid="user-menu">
              <Avatar size="small" icon={<UserOutlined />} />
              <Typography.Text data-testid="current-user">{session.user?.displayName}</Typography.Text>
              <Typography.Text type="secondary" data-testid="current-role">{session.user ? roleLabel(session.user.roleName) : null}</Typography.Text>
            </Space>
          </Dropdown>
        </Layout.Header>
        <Layout.Content style={{ padding: 24 }}>
          <PageErrorBoundary>
            <Routes>
              {visible.map((r) => (
                <Route key={r.path} path={r.path === '/' ? '/' : `${r.path}/*`} element={r.element} />
              ))}
              {EXTRA_ROUTES.map((r) => (
                <Route key={r.path} path={r.path} element={r.element} />
              ))}
              {/* an unknown address, or a page this role may not see: say so instead of an empty page */}
              <Route
                path="*"
                element={
                  <div data-testid="not-found">
                    <Result
                      status="404"
                      title={t('notFound.title')}
                      subTitle={t('notFound.hint')}
                      extra={
                        <Button type="primary" onClick={() => navigate('/')} data-testid="not-found-home">
                          {t('notFound.back')}
                        </Button>
                      }
                    />
                  </div>
                }
              />
            </Routes>
          </PageErrorBoundary>
        </Layout.Content>
      </Layout>
      <ChangePasswordDialog open={pwOpen} onClose={() => setPwOpen(false)} />
      <IdleLock />
    </Layout>
  );
}
