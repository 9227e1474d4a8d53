// Idle lock: after the configured minutes without keyboard/mouse input the session is ended in main
// (auth:logout) and a login screen covers the window WITHOUT unmounting the page below, so unsaved
// form input survives. Logging back in as the same user just removes the cover; as another user the
// shell re-mounts (AppLayout is keyed by user id). Also reloads the session when main says it changed
// (role edited, account disabled, password reset by an administrator).
import { Alert, Button, Card, Form, Input, Typography } from 'antd';
import { LockOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { createPortal } from 'react-dom';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { ApiError, invoke, onEvent } from '../../lib/api';
import { useSession } from '../../app/session';

const INPUT_EVENTS = ['mousemove', 'mousedown', 'keydown', 'wheel', 'touchstart', 'scroll'] as const;

export function IdleLock() {
  const session = useSession();
  const settings = useQuery({ queryKey: ['security:settings'], queryFn: () => invoke('security:settings'), staleTime: 60_000 });
  const idleMs = (settings.data?.idleMinutes ?? 0) * 60_000;
  const [locked, setLocked] = useState(false);
  const lockedRef = useRef(false);
  const lastInput = useRef(Date.now());

  const { refresh } = session;
  useEffect(() => {
    // main tells this window its session changed: pick up the new role, or show the login page
    return onEvent('session', () => void refresh());
  }, [refresh]);

  useEffect(() => {
    if (!idleMs) return;
    let timer: ReturnType<typeof setTimeout>;
    const lock = () => {
      lockedRef.current = true;
      setLocked(true);
      void invoke('auth:logout').catch(() => undefined);
    };
    const check = () => {
      if (lockedRef.current) return;
      const idle = Date.now() - lastInput.current;
      if (idle >= idleMs) lock();
      else timer = setTimeout(check, idleMs - idle);
    };
    const onInput = () => {
      if (!lockedRef.current) lastInput.current = Date.now();
    };
    lastInput.current = Date.now();
    timer = setTimeout(check, idleMs);
    INPUT_EVENTS.forEach((e) => window.addEventListener(e, onInput, { passive: true, capture: true }));
    return () => {
      clearTimeout(timer);
      INPUT_EVENTS.forEach((e) => window.removeEventListener(e, onInput, { capture: true }));
    };
  }, [idleMs, locked]);

  if (!locked) return null;
  return createPortal(
    <LockScreen
      username={session.user?.username ?? ''}
      onUnlocked={(sameUser) => {
        lockedRef.current = false;
        lastInput.current = Date.now();
        setLocked(false);
        return sameUser;
      }}
    />,
    document.body,
  );
}

function LockScreen({ username, onUnlocked }: { username: string; onUnlocked(sameUser: boolean): boolean }) {
  const { t } = useTranslation();
  const session = useSession();
  const navigate = useNavigate();
  const [form] = Form.useForm<{ username: string; password: string }>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const previousId = session.user?.id;

  const submit = async (v: { username: string; password: string }) => {
    setBusy(true);
    setError(null);
    try {
      const { user } = await invoke('auth:login', v);
      const same = user.id === previousId;
      onUnlocked(same);
      if (!same) navigate('/');
      session.setUser(user);
    } catch (e) {
      setError(e instanceof ApiError ? e.message : t('errors.generic'));
      form.setFieldValue('password', '');
    } finally {
      setBusy(false);
    }
  };

  return (
    <div
      data-testid="idle-lock"
      role="dialog"
      aria-modal="true"
      // above antd modals and popovers (z-index ~1000-1100), so nothing below can be clicked
      style={{ position: 'fixed', inset: 0, zIndex: 3000, background: 'rgba(240,242,245,0.97)', display: 'flex', alignItems: 'center', justifyContent: 'center' }}
    >
      <Card style={{ width: 400 }}>
        <Typography.Title level={3}>
          <LockOutlined /> {t('idleLock.title')}
        </Typography.Title>
        <Typography.Paragraph type="secondary">{t('idleLock.subtitle')}</Typography.Paragraph>
        {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} data-testid="idle-lock-error" />}
        <Form form={form} layout="vertical" onFinish={submit} initialValues={{ username }} requiredMark={false}>
          <Form.Item name="username" label={t('fields.username')} rules={[{ required: true, message: t('form.required', { field: t('fields.username') }) }]}>
            <Input autoComplete="username" data-testid="idle-lock-username" />
          </Form.Item>
          <Form.Item name="password" label={t('fields.password')} rules={[{ required: true, message: t('form.required', { field: t('fields.password') }) }]}>
            <Input.Password autoFocus autoComplete="current-password" data-testid="idle-lock-password" />
          </Form.Item>
          <Button type="primary" htmlType="submit" block loading={busy} data-testid="idle-lock-submit">
            {t('idleLock.submit')}
          </Button>
        </Form>
        <Typography.Paragraph type="secondary" style={{ marginTop: 12, marginBottom: 0, fontSize: 12 }}>
          {t('idleLock.otherUser')}
        </Typography.Paragraph>
      </Card>
    </div>
  );
}
