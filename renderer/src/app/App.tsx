import { App as AntApp, ConfigProvider, Spin } from 'antd';
import zhCN from 'antd/locale/zh_CN';
import enUS from 'antd/locale/en_US';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { HashRouter } from 'react-router-dom';
import { useEffect } from 'react';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { SessionProvider, useSession } from './session';
import { AppLayout } from './AppLayout';
import { AppErrorBoundary } from './ErrorBoundary';
import { SetupPage } from '../features/auth/SetupPage';
import { LoginPage } from '../features/auth/LoginPage';

const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false, refetchOnWindowFocus: false } } });

function Gate() {
  const s = useSession();
  useEffect(() => {
    dayjs.locale(s.locale === 'en' ? 'en' : 'zh-cn');
    const root = document.getElementById('root');
    if (root) root.dataset.appState = s.loading ? 'loading' : s.needsSetup ? 'setup' : s.user ? 'ready' : 'login';
  }, [s.loading, s.needsSetup, s.user, s.locale]);
  if (s.loading) return <Spin fullscreen />;
  if (s.needsSetup) return <SetupPage />;
  if (!s.user) return <LoginPage />;
  return <AppLayout key={s.user.id} />;
}

function Themed() {
  const { locale } = useSession();
  return (
    <ConfigProvider locale={locale === 'en' ? enUS : zhCN} theme={{ token: { colorPrimary: '#1668dc', borderRadius: 6 } }}>
      <AntApp>
        <AppErrorBoundary>
          <HashRouter>
            <Gate />
          </HashRouter>
        </AppErrorBoundary>
      </AntApp>
    </ConfigProvider>
  );
}

export function App() {
  return (
    <QueryClientProvider client={queryClient}>
      <SessionProvider>
        <Themed />
      </SessionProvider>
    </QueryClientProvider>
  );
}
