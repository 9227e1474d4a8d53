import { Button, Card, Form, Input, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { invoke } from '../../lib/api';
import { showApiError } from '../../lib/forms';
import { useSession } from '../../app/session';
import { AuthFrame } from './AuthFrame';

interface SetupValues {
  username: string;
  displayName: string;
  password: string;
  confirm: string;
}

export function SetupPage() {
  const { t } = useTranslation();
  const [form] = Form.useForm<SetupValues>();
  const [busy, setBusy] = useState(false);
  const session = useSession();

  const submit = async (v: SetupValues) => {
    setBusy(true);
    try {
      const { user } = await invoke('auth:setup', { username: v.username, displayName: v.displayName, password: v.password });
      session.setUser(user);
    } catch (e) {
      showApiError(e, form);
    } finally {
      setBusy(false);
    }
  };

  return (
    <AuthFrame>
      <Card style={{ width: 420 }} data-testid="setup-page">
        <Typography.Title level={3}>{t('setup.title')}</Typography.Title>
        <Typography.Paragraph type="secondary">{t('setup.subtitle')}</Typography.Paragraph>
        <Form form={form} layout="vertical" onFinish={submit} requiredMark={false}>
          <Form.Item name="username" label={t('fields.username')} rules={[{ required: true, message: t('form.required', { field: t('fields.username') }) }]}>
            <Input autoFocus autoComplete="username" data-testid="setup-username" />
          </Form.Item>
          <Form.Item name="displayName" label={t('fields.displayName')} rules={[{ required: true, message: t('form.required', { field: t('fields.displayName') }) }]}>
            <Input data-testid="setup-display-name" />
          </Form.Item>
          <Form.Item
            name="password"
            label={t('fields.password')}
            rules={[
              { required: true, message: t('form.required', { field: t('fields.password') }) },
              { min: 8, message: t('form.passwordTooShort') },
            ]}
          >
            <Input.Password autoComplete="new-password" data-testid="setup-password" />
          </Form.Item>
          <Form.Item
            name="confirm"
            label={t('fields.confirmPassword')}
            dependencies={['password']}
            rules={[
              { required: true, message: t('form.required', { field: t('fields.confirmPassword') }) },
              ({ getFieldValue }) => ({
                validator: (_r, value) => (value === getFieldValue('password') ? Promise.resolve() : Promise.reject(new Error(t('form.passwordMismatch')))),
              }),
            ]}
          >
            <Input.Password autoComplete="new-password" data-testid="setup-confirm" />
          </Form.Item>
          <Button type="primary" htmlType="submit" block loading={busy} data-testid="setup-submit">
            {t('setup.submit')}
          </Button>
        </Form>
      </Card>
    </AuthFrame>
  );
}
