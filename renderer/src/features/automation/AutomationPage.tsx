// 自动化 (route /automation, linked from settings): the admin's rules, each summarised as
// "当 … 且 … 则 …", with an on/off switch, edit and delete.
import { App, Button, Card, Empty, List, Popconfirm, Space, Switch, Tag, Typography } from 'antd';
import { DeleteOutlined, EditOutlined, PlusOutlined, ThunderboltOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { invoke } from '../../lib/api';
import { formatDateTime, formatMoneyFen } from '../../lib/format';
import { showApiError } from '../../lib/forms';
import { RuleEditor, type Rule } from './RuleEditor';
import { shippedLabelNow } from '../../lib/shippedLabel';

type Options = Awaited<ReturnType<typeof invoke<'automations:options'>>>;

// stage names are data: a shipped one in the UI language (contract/shippedLabels.ts)
const shippedStage = (name: string | undefined) => (name === undefined ? undefined : shippedLabelNow('stage', name));

function describe(rule: Rule, t: (k: string, o?: Record<string, unknown>) => string, options?: Options) {
  const tr = rule.trigger;
  const stage = tr.type === 'deal.stageChanged' ? (tr.stageId ? shippedStage(options?.stages.find((s) => s.id === tr.stageId)?.name) : t('automation.anyStage')) : null;
  const trigger =
    t(`automation.triggers.${tr.type}`) +
    (stage ? ` ${stage}` : '') +
    (tr.type === 'deal.closed' ? ` ${t(`automation.results.${tr.result}`)}` : '') +
    (tr.type === 'customer.statusChanged' ? ` ${tr.status ? t(`automation.statuses.${tr.status}`) : t('automation.anyStatus')}` : '') +
    (tr.type === 'customer.noFollowUp' ? `（N = ${tr.days}）` : '');
  const conditions = rule.conditions.map((c) => {
    const v = c.field === 'deal.amountFen' ? formatMoneyFen(Number(c.value)) : Array.isArray(c.value) ? c.value.join('/') : String(c.value);
    return `${t(`automation.fields.${c.field}`)} ${t(`automation.ops.${c.op}`)} ${v}`;
  });
  const actions = rule.actions.map((a) => {
    const label = t(`automation.actionTypes.${a.type}`);
    switch (a.type) {
      case 'createReminder':
        return t('withNote', { text: label, note: t('labeled', { label: t('automation.daysAfter', { days: a.days }), value: a.content }) });
      case 'notify':
        return t('labeled', { label, value: a.message });
      case 'setCustomerStatus':
        return t('labeled', { label, value: t(`automation.statuses.${a.status}`) });
      case 'setCustomerLevel':
        return `${label}：${a.level}`;
      case 'addTag':
        return `${label}：${a.tag}`;
    }
  });
  return { trigger, conditions, actions };
}

export function AutomationPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [editing, setEditing] = useState<Rule | null | undefined>(undefined);
  const rules = useQuery({ queryKey: ['automations', 'list'], queryFn: () => invoke('automations:list') });
  const options = useQuery({ queryKey: ['automations', 'options'], queryFn: () => invoke('automations:options') });
  const toggle = useMutation({
    mutationFn: (r: Rule) => invoke('automations:update', { id: r.id, version: r.version, patch: { enabled: !r.enabled } }),
    onSuccess: () => void qc.invalidateQueries({ queryKey: ['automations'] }),
    onError: (e) => showApiError(e),
  });
  const del = useMutation({
    mutationFn: (id: number) => invoke('automations:delete', { id }),
    onSuccess: () => {
      void message.success(t('automation.saved'));
      void qc.invalidateQueries({ queryKey: ['automations'] });
    },
    onError: (e) => showApiError(e),
  });

  return (
    <Card
      title={
        <Space>
          <ThunderboltOutlined />
          {t('automation.title')}
        </Space>
      }
      extra={
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing(null)} data-testid="rule-add">
          {t('automation.add')}
        </Button>
      }
      data-testid="automation-page"
    >
      <Typography.Paragraph type="secondary">{t('automation.subtitle')}</Typography.Paragraph>
      {rules.data?.rows.length ? (
        <List
          dataSource={rules.data.rows}
          renderItem={(r) => {
            const d = describe(r, t, options.data);
            return (
              <List.Item
                key={r.id}
                data-testid="rule-item"
                actions={[
                  <Switch key="on" checked={r.enabled} onChange={() => toggle.mutate(r)} data-testid={`rule-toggle-${r.id}`} />,
                  <Button key="edit" type="link" icon={<EditOutlined />} onClick={() => setEditing(r)} data-testid={`rule-edit-${r.id}`}>
                    {t('automation.edit')}
                  </Button>,
                  <Popconfirm key="del" title={t('automation.confirmDelete', { name: r.name })} onConfirm={() => del.mutate(r.id)} okText={t('followUps.delete')} cancelText={t('form.cancel')}>
                    <Button type="link" danger icon={<DeleteOutlined />} aria-label={t('followUps.delete')} />
                  </Popconfirm>,
                ]}
              >
                <List.Item.Meta
                  title={
                    <Space>
                      <Typography.Text strong delete={!r.enabled}>{r.name}</Typography.Text>
                      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                        {r.runCount ? `${t('automation.runs', { count: r.runCount })} · ${t('automation.lastRun', { time: formatDateTime(r.lastRunAt) })}` : t('automation.never')}
                      </Typography.Text>
                    </Space>
                  }
                  description={
                    <Space direction="vertical" size={2}>
                      <span>
                        <Tag color="blue">{t('automation.summary.when')}</Tag>
                        {d.trigger}
                      </span>
                      {d.conditions.length > 0 && (
                        <span>
                          <Tag color="gold">{t('automation.summary.if')}</Tag>
                          {d.conditions.join('；')}
                        </span>
                      )}
                      <span>
                        <Tag color="green">{t('automation.summary.then')}</Tag>
                        {d.actions.join('；')}
                      </span>
                    </Space>
                  }
                />
              </List.Item>
            );
          }}
        />
      ) : (
        <Empty description={t('automation.empty')} />
      )}
      <RuleEditor open={editing !== undefined} rule={editing ?? null} options={options.data} onClose={() => setEditing(undefined)} />
    </Card>
  );
}
