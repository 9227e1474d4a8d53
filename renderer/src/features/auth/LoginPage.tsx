import { Alert, Button, Card, Form, Input, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, invoke } from '../../lib/api';
import { useSession } from '../../app/session';
import { AuthFrame } from './AuthFrame';

interface LoginValues {
  username: string;
  password: string;
}

export function LoginPage() {
  const { t } = useTranslation();
  const [form] = Form.useForm<LoginValues>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const session = useSession();

  const submit = async (v: LoginValues) => {
    setBusy(true);
    setError(null);
    try {
      const { user } = await invoke('auth:login', v);
      session.setUser(user);
    } catch (e) {
      setError(e instanceof ApiError ? e.message : t('errors.generic'));
      form.setFieldValue('password', '');
    } finally {
      setBusy(false);
    }
  };

  return (
    <AuthFrame>
      <Card style={{ width: 380 }} data-testid="login-page">
        <Typography.Title level={3}>{t('login.title')}</Typography.Title>
        {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} data-testid="login-error" />}
        <Form form={form} layout="vertical" onFinish={submit} requiredMark={false}>
          <Form.Item name="username" label={t('fields.username')} rules={[{ required: true, message: t('form.required', { field: t('fields.username') }) }]}>
            <Input autoFocus autoComplete="username" data-testid="login-username" />
          </Form.Item>
          <Form.Item name="password" label={t('fields.password')} rules={[{ required: true, message: t('form.required', { field: t('fields.password') }) }]}>
            <Input.Password autoComplete="current-password" data-testid="login-password" />
          </Form.Item>
          <Button type="primary" htmlType="submit" block loading={busy} data-testid="login-submit">
            {busy ? t('login.loggingIn') : t('login.submit')}
          </Button>
        </Form>
      </Card>
    </AuthFrame>
  );
}
