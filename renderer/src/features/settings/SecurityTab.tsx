// 安全: idle lock minutes (0 = never).
import { Button, Card, Form, InputNumber, Space, message } from 'antd';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { invoke } from '../../lib/api';
import { showApiError } from '../../lib/forms';

export function SecurityTab() {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const [form] = Form.useForm<{ idleMinutes: number }>();
  const settings = useQuery({ queryKey: ['security:settings'], queryFn: () => invoke('security:settings') });
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    if (settings.data) form.setFieldsValue(settings.data);
  }, [settings.data, form]);
  const save = async (v: { idleMinutes: number }) => {
    setBusy(true);
    try {
      qc.setQueryData(['security:settings'], await invoke('security:updateSettings', v));
      void message.success(t('settings.security.saved'));
    } catch (e) {
      showApiError(e, form);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Card size="small" style={{ maxWidth: 720 }} data-testid="security-tab">
      <Form form={form} layout="horizontal" labelCol={{ span: 8 }} onFinish={save}>
        <Form.Item label={t('settings.security.idleMinutes')} extra={t('settings.security.idleHelp')}>
          <Space>
            <Form.Item name="idleMinutes" noStyle rules={[{ required: true, message: t('form.required', { field: t('settings.security.idleMinutes') }) }]}>
              <InputNumber min={0} max={1440} precision={0} data-testid="security-idle-minutes" />
            </Form.Item>
            {t('settings.security.minutes')}
          </Space>
        </Form.Item>
        <Form.Item wrapperCol={{ offset: 8 }}>
          <Button type="primary" htmlType="submit" loading={busy} data-testid="security-save">
            {t('settings.security.save')}
          </Button>
        </Form.Item>
      </Form>
    </Card>
  );
}
