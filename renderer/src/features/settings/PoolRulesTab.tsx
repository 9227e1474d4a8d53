// 公海规则: claim cap and the return rule, with the "what would move at the next check" dry run.
import { Alert, Button, Card, Form, InputNumber, Space, Switch, Table, Typography, message } from 'antd';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ChannelOutput } from '@contract/index';
import type { PoolSettings } from '@contract/pool';
import { invoke } from '../../lib/api';
import { showApiError } from '../../lib/forms';
import { formatDateTime } from '../../lib/format';

type PreviewRow = ChannelOutput<'pool:returnPreview'>['wouldReturn'][number];

export function PoolRulesTab() {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const [form] = Form.useForm<PoolSettings>();
  const settings = useQuery({ queryKey: ['pool:settings'], queryFn: () => invoke('pool:settings') });
  const [draft, setDraft] = useState<PoolSettings | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    if (settings.data) {
      form.setFieldsValue(settings.data);
      setDraft(settings.data);
    }
  }, [settings.data, form]);
  // the dry run follows the form, so the admin sees the effect before saving
  const preview = useQuery({
    queryKey: ['pool:returnPreview', draft],
    queryFn: () => invoke('pool:returnPreview', { settings: draft ?? undefined, limit: 200 }),
    enabled: !!draft,
  });

  const save = async (v: PoolSettings) => {
    setBusy(true);
    try {
      const s = await invoke('pool:updateSettings', v);
      qc.setQueryData(['pool:settings'], s);
      void message.success(t('settings.pool.saved'));
    } catch (e) {
      showApiError(e, form);
    } finally {
      setBusy(false);
    }
  };
  const p = preview.data;
  return (
    <div data-testid="pool-rules-tab">
      <Card size="small" style={{ marginBottom: 16, maxWidth: 720 }}>
        <Form form={form} layout="horizontal" labelCol={{ span: 8 }} onFinish={save} onValuesChange={(_, all) => setDraft(all as PoolSettings)}>
          <Form.Item label={t('settings.pool.claimCap')} extra={t('settings.pool.claimCapHelp')}>
            <Space>
              <Form.Item name="claimCapPerDay" noStyle rules={[{ required: true, message: t('form.required', { field: t('settings.pool.claimCap') }) }]}>
                <InputNumber min={0} max={100000} precision={0} data-testid="pool-claim-cap" />
              </Form.Item>
              {t('settings.pool.unit')}
            </Space>
          </Form.Item>
          <Form.Item name="returnEnabled" label={t('settings.pool.returnEnabled')} valuePropName="checked">
            <Switch data-testid="pool-return-enabled" />
          </Form.Item>
          <Form.Item label={t('settings.pool.returnDays')} extra={t('settings.pool.returnDaysHelp')}>
            <Space>
              <Form.Item name="returnDays" noStyle rules={[{ required: true, message: t('form.required', { field: t('settings.pool.returnDays') }) }]}>
                <InputNumber min={1} max={3650} precision={0} data-testid="pool-return-days" />
              </Form.Item>
              {t('settings.pool.days')}
            </Space>
          </Form.Item>
          <Form.Item label={t('settings.pool.warnDays')} extra={t('settings.pool.warnDaysHelp')}>
            <Space>
              <Form.Item name="warnDays" noStyle rules={[{ required: true, message: t('form.required', { field: t('settings.pool.warnDays') }) }]}>
                <InputNumber min={0} max={365} precision={0} data-testid="pool-warn-days" />
              </Form.Item>
              {t('settings.pool.days')}
            </Space>
          </Form.Item>
          <Form.Item wrapperCol={{ offset: 8 }}>
            <Button type="primary" htmlType="submit" loading={busy} data-testid="pool-rules-save">
              {t('settings.pool.save')}
            </Button>
          </Form.Item>
        </Form>
      </Card>
      <Card
        size="small"
        title={t('settings.pool.preview')}
        extra={
          <Space>
            <Typography.Text type="secondary">{p?.lastRunAt ? t('settings.pool.lastRun', { at: formatDateTime(p.lastRunAt) }) : t('settings.pool.neverRun')}</Typography.Text>
            <Button size="small" onClick={() => void preview.refetch()}>
              {t('settings.pool.refresh')}
            </Button>
          </Space>
        }
        data-testid="pool-return-preview"
      >
        {p && !p.enabled && <Alert type="info" title={t('settings.pool.previewOff')} style={{ marginBottom: 8 }} />}
        {p && (
          <Typography.Paragraph data-testid="pool-preview-count">{t('settings.pool.previewCount', { count: p.wouldReturnTotal, warn: p.wouldWarnTotal })}</Typography.Paragraph>
        )}
        <Table<PreviewRow>
          rowKey="id"
          size="small"
          loading={preview.isFetching}
          dataSource={p?.wouldReturn ?? []}
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          columns={[
            { title: t('settings.pool.customer'), dataIndex: 'name' },
            { title: t('settings.pool.owner'), dataIndex: 'ownerName' },
            { title: t('settings.pool.lastFollowUp'), dataIndex: 'lastFollowUpAt', render: (v: string | null) => formatDateTime(v) },
            { title: t('settings.pool.idleDays'), dataIndex: 'idleDays', align: 'right' },
          ]}
        />
      </Card>
    </div>
  );
}
