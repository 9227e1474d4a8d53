// A render error in one page must not blank the whole window (review, session 17: a bad amount threw inside
// a deal form and React unmounted everything, losing what was typed elsewhere). The page shows what happened
// and a way on; the sidebar, header and other pages keep working. Navigating elsewhere resets it.
import { Button, Result, Space, Typography } from 'antd';
import { Component, type ErrorInfo, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocation, useNavigate } from 'react-router-dom';

interface BoundaryProps {
  /** a change (the address) clears a caught error */
  resetKey: string;
  fallback(error: Error, retry: () => void): ReactNode;
  children: ReactNode;
}

class Boundary extends Component<BoundaryProps, { error: Error | null; key: string }> {
  override state = { error: null as Error | null, key: this.props.resetKey };

  static getDerivedStateFromError(error: unknown) {
    return { error: error instanceof Error ? error : new Error(String(error)) };
  }

  static getDerivedStateFromProps(props: BoundaryProps, state: { error: Error | null; key: string }) {
    return props.resetKey !== state.key ? { error: null, key: props.resetKey } : null;
  }

  override componentDidCatch(error: unknown, info: ErrorInfo) {
    console.error('page error', error, info.componentStack);
  }

  override render() {
    const { error } = this.state;
    return error ? this.props.fallback(error, () => this.setState({ error: null })) : this.props.children;
  }
}

/** What an error boundary shows: what happened, the error's own message, and the given way on. */
function ErrorResult({ error, testId, extra }: { error: Error; testId: string; extra: ReactNode }) {
  const { t } = useTranslation();
  return (
    <div data-testid={testId}>
      <Result status="error" title={t('pageError.title')} subTitle={t('pageError.hint')} extra={extra}>
        <Typography.Text type="secondary" data-testid={`${testId}-detail`}>
          {t('pageError.detail', { message: error.message })}
        </Typography.Text>
      </Result>
    </div>
  );
}

/** Around the routed page: the error is shown in the page area, with retry and back to the dashboard. */
export function PageErrorBoundary({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  const location = useLocation();
  const navigate = useNavigate();
  return (
    <Boundary
      resetKey={location.pathname + location.search}
      fallback={(error, retry) => (
        <ErrorResult
          error={error}
          testId="page-error"
          extra={
            <Space>
              <Button type="primary" onClick={retry} data-testid="page-error-retry">
                {t('pageError.retry')}
              </Button>
              <Button onClick={() => navigate('/')}>{t('notFound.back')}</Button>
            </Space>
          }
        />
      )}
    >
      {children}
    </Boundary>
  );
}

/** Around the whole window (outside the router): a last resort that offers a reload. */
export function AppErrorBoundary({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  return (
    <Boundary
      resetKey=""
      fallback={(error) => (
        <ErrorResult
          error={error}
          testId="app-error"
          extra={
            <Button type="primary" onClick={() => window.location.reload()}>
              {t('pageError.reload')}
            </Button>
          }
        />
      )}
    >
      {children}
    </Boundary>
  );
}
