// The rule editor: 当 (trigger) → 且 (conditions) → 则 (actions). Amounts are typed in 元 and stored in 分.
import { App, Button, Card, Drawer, Form, Input, InputNumber, Select, Space, Switch, Typography } from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useRoleLabel, useShippedLabel } from '../../lib/shippedLabel';
import type { ChannelInput, ChannelOutput } from '@contract/index';
import { CONDITION_FIELDS, CONDITION_OPS, TRIGGER_TYPES } from '@contract/automations';
import { invoke } from '../../lib/api';
import { showApiError } from '../../lib/forms';

export type Rule = ChannelOutput<'automations:list'>['rows'][number];
type Options = ChannelOutput<'automations:options'>;
type RuleInput = ChannelInput<'automations:create'>;

const STATUSES = ['potential', 'following', 'won', 'lost'] as const;
const LEVELS = ['A', 'B', 'C'] as const;

/** Form shape: flat trigger params; condition values as text/list/yuan. */
interface FormValues {
  name: string;
  enabled: boolean;
  trigger: { type: (typeof TRIGGER_TYPES)[number]; stageId?: number | null; result?: 'won' | 'lost' | 'any'; status?: string | null; days?: number };
  conditions: { field: (typeof CONDITION_FIELDS)[number]; op: (typeof CONDITION_OPS)[number]; value?: string | number | string[] }[];
  actions: RuleInput['actions'];
}

function toForm(r: Rule | null): FormValues {
  if (!r) return { name: '', enabled: true, trigger: { type: 'deal.stageChanged', stageId: null }, conditions: [], actions: [{ type: 'createReminder', days: 2, content: '跟进 {customer}：{deal} 已到 {stage}' }] };
  return {
    name: r.name,
    enabled: r.enabled,
    trigger: { ...r.trigger } as FormValues['trigger'],
    conditions: r.conditions.map((c) => (c.field === 'deal.amountFen' ? { ...c, value: Number(c.value) / 100 } : c)) as FormValues['conditions'],
    actions: r.actions,
  };
}

function fromForm(v: FormValues): RuleInput {
  const tr = v.trigger;
  const trigger = (
    tr.type === 'deal.stageChanged'
      ? { type: tr.type, stageId: tr.stageId ?? null }
      : tr.type === 'deal.closed'
        ? { type: tr.type, result: tr.result ?? 'any' }
        : tr.type === 'customer.statusChanged'
          ? { type: tr.type, status: tr.status ?? null }
          : tr.type === 'customer.noFollowUp'
            ? { type: tr.type, days: tr.days ?? 7 }
            : { type: tr.type }
  ) as RuleInput['trigger'];
  const conditions = (v.conditions ?? []).map((c) => ({
    field: c.field,
    op: c.op,
    value: c.field === 'deal.amountFen' ? Math.round(Number(c.value ?? 0) * 100) : Array.isArray(c.value) ? c.value : String(c.value ?? ''),
  }));
  return { name: v.name, enabled: v.enabled, trigger, conditions, actions: v.actions };
}

export function RuleEditor({ open, rule, options, onClose }: { open: boolean; rule: Rule | null; options?: Options; onClose(): void }) {
  const { t } = useTranslation();
  const roleLabel = useRoleLabel();
  const shipped = useShippedLabel();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [form] = Form.useForm<FormValues>();
  const triggerType = Form.useWatch(['trigger', 'type'], form);
  const conditions = Form.useWatch('conditions', form) ?? [];
  const actions = Form.useWatch('actions', form) ?? [];
  useEffect(() => {
    if (open) form.setFieldsValue(toForm(rule));
  }, [open, rule, form]);

  const save = useMutation({
    mutationFn: (v: FormValues) => {
      const input = fromForm(v);
      return rule ? invoke('automations:update', { id: rule.id, version: rule.version, patch: input }) : invoke('automations:create', input);
    },
    onSuccess: () => {
      void message.success(t('automation.saved'));
      void qc.invalidateQueries({ queryKey: ['automations'] });
      onClose();
    },
    onError: (e) => showApiError(e, form),
  });

  const stageOptions = (options?.stages ?? []).filter((s) => s.kind === 'open').map((s) => ({ value: s.id, label: shipped('stage', s.name) }));
  const statusOptions = STATUSES.map((s) => ({ value: s, label: t(`automation.statuses.${s}`) }));
  const levelOptions = LEVELS.map((l) => ({ value: l, label: t(`automation.levels.${l}`) }));
  const customerTrigger = triggerType?.startsWith('customer.');

  return (
    <Drawer
      open={open}
      onClose={onClose}
      size={640}
      title={rule ? t('automation.edit') : t('automation.add')}
      destroyOnHidden
      data-testid="rule-editor"
      extra={
        <Space>
          <Button onClick={onClose}>{t('form.cancel')}</Button>
          <Button type="primary" loading={save.isPending} onClick={() => form.submit()} data-testid="rule-save">
            {t('form.save')}
          </Button>
        </Space>
      }
    >
      <Form form={form} layout="vertical" onFinish={(v) => save.mutate(v)} initialValues={toForm(rule)}>
        <Space align="start" style={{ width: '100%' }}>
          <Form.Item name="name" label={t('automation.name')} rules={[{ required: true, whitespace: true, message: t('form.required', { field: t('automation.name') }) }]} style={{ width: 440 }}>
            <Input maxLength={100} data-testid="rule-name" />
          </Form.Item>
          <Form.Item name="enabled" label={t('automation.enabled')} valuePropName="checked">
            <Switch data-testid="rule-enabled" />
          </Form.Item>
        </Space>

        <Card size="small" title={t('automation.trigger')} style={{ marginBottom: 12 }}>
          <Space wrap align="start">
            <Form.Item name={['trigger', 'type']} noStyle>
              <Select style={{ width: 220 }} options={TRIGGER_TYPES.map((x) => ({ value: x, label: t(`automation.triggers.${x}`) }))} data-testid="rule-trigger" />
            </Form.Item>
            {triggerType === 'deal.stageChanged' && (
              <Form.Item name={['trigger', 'stageId']} noStyle>
                <Select style={{ width: 180 }} allowClear placeholder={t('automation.anyStage')} options={stageOptions} data-testid="rule-trigger-stage" />
              </Form.Item>
            )}
            {triggerType === 'deal.closed' && (
              <Form.Item name={['trigger', 'result']} noStyle initialValue="won">
                <Select style={{ width: 160 }} options={(['won', 'lost', 'any'] as const).map((r) => ({ value: r, label: t(`automation.results.${r}`) }))} />
              </Form.Item>
            )}
            {triggerType === 'customer.statusChanged' && (
              <Form.Item name={['trigger', 'status']} noStyle>
                <Select style={{ width: 160 }} allowClear placeholder={t('automation.anyStatus')} options={statusOptions} />
              </Form.Item>
            )}
            {triggerType === 'customer.noFollowUp' && (
              <Form.Item name={['trigger', 'days']} noStyle initialValue={7}>
                <InputNumber min={1} max={3650} addonAfter={t('automation.days')} data-testid="rule-trigger-days" />
              </Form.Item>
            )}
          </Space>
        </Card>

        <Card size="small" title={t('automation.conditions')} style={{ marginBottom: 12 }}>
          <Form.List name="conditions">
            {(fields, { add, remove }) => (
              <Space direction="vertical" style={{ width: '100%' }}>
                {fields.map((f) => {
                  const c = conditions[f.name] ?? {};
                  const isAmount = c.field === 'deal.amountFen';
                  const isTag = c.field === 'customer.tag';
                  const opOptions = (isAmount ? ['eq', 'neq', 'gte', 'lte'] : isTag ? ['has', 'notHas'] : ['eq', 'neq', 'in']).map((o) => ({ value: o, label: t(`automation.ops.${o}`) }));
                  const choices = c.field === 'customer.level' ? levelOptions : c.field === 'customer.status' ? statusOptions : isTag ? (options?.tags ?? []).map((x) => ({ value: x, label: x })) : null;
                  return (
                    <Space key={f.key} wrap>
                      <Form.Item name={[f.name, 'field']} noStyle>
                        <Select
                          style={{ width: 160 }}
                          options={CONDITION_FIELDS.filter((x) => !(customerTrigger && x.startsWith('deal.'))).map((x) => ({ value: x, label: t(`automation.fields.${x}`) }))}
                          onChange={() => form.setFieldValue(['conditions', f.name, 'value'], undefined)}
                        />
                      </Form.Item>
                      <Form.Item name={[f.name, 'op']} noStyle>
                        <Select style={{ width: 110 }} options={opOptions} />
                      </Form.Item>
                      <Form.Item name={[f.name, 'value']} noStyle>
                        {isAmount ? (
                          <InputNumber min={0} precision={2} prefix="¥" style={{ width: 180 }} />
                        ) : choices ? (
                          <Select style={{ width: 200 }} mode={c.op === 'in' ? 'multiple' : isTag ? 'tags' : undefined} options={choices} />
                        ) : (
                          <Input style={{ width: 200 }} />
                        )}
                      </Form.Item>
                      <Button type="text" icon={<DeleteOutlined />} onClick={() => remove(f.name)} aria-label="remove" />
                    </Space>
                  );
                })}
                <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ field: 'customer.level', op: 'eq', value: 'A' })}>
                  {t('automation.addCondition')}
                </Button>
              </Space>
            )}
          </Form.List>
        </Card>

        <Card size="small" title={t('automation.actions')}>
          <Form.List name="actions">
            {(fields, { add, remove }) => (
              <Space direction="vertical" style={{ width: '100%' }}>
                {fields.map((f) => {
                  const a = actions[f.name] ?? {};
                  return (
                    <Card key={f.key} size="small" type="inner" data-testid={`rule-action-${f.name}`}
                      title={
                        <Form.Item name={[f.name, 'type']} noStyle>
                          <Select
                            style={{ width: 200 }}
                            options={(['createReminder', 'notify', 'setCustomerStatus', 'setCustomerLevel', 'addTag'] as const).map((x) => ({ value: x, label: t(`automation.actionTypes.${x}`) }))}
                            data-testid={`rule-action-type-${f.name}`}
                          />
                        </Form.Item>
                      }
                      extra={fields.length > 1 && <Button type="text" icon={<DeleteOutlined />} onClick={() => remove(f.name)} aria-label="remove" />}
                    >
                      {a.type === 'createReminder' && (
                        <Space direction="vertical" style={{ width: '100%' }}>
                          <Form.Item name={[f.name, 'days']} label={t('automation.days')} initialValue={2} style={{ marginBottom: 8 }}>
                            <InputNumber min={0} max={365} addonAfter={t('automation.afterDays')} data-testid={`rule-action-days-${f.name}`} />
                          </Form.Item>
                          <Form.Item name={[f.name, 'content']} label={t('reminders.content')} rules={[{ required: true, whitespace: true, message: t('form.required', { field: t('reminders.content') }) }]} style={{ marginBottom: 0 }}>
                            <Input maxLength={500} data-testid={`rule-action-content-${f.name}`} />
                          </Form.Item>
                        </Space>
                      )}
                      {a.type === 'notify' && (
                        <Space direction="vertical" style={{ width: '100%' }}>
                          <Form.Item name={[f.name, 'owner']} valuePropName="checked" style={{ marginBottom: 8 }} initialValue={true}>
                            <Switch checkedChildren={t('automation.notifyOwner')} unCheckedChildren={t('automation.notifyOwner')} />
                          </Form.Item>
                          <Form.Item name={[f.name, 'userIds']} label={t('automation.notifyUsers')} style={{ marginBottom: 8 }}>
                            <Select mode="multiple" options={(options?.users ?? []).map((u) => ({ value: u.id, label: u.displayName }))} />
                          </Form.Item>
                          <Form.Item name={[f.name, 'roleIds']} label={t('automation.notifyRoles')} style={{ marginBottom: 8 }}>
                            <Select mode="multiple" options={(options?.roles ?? []).map((r) => ({ value: r.id, label: roleLabel(r.name) }))} />
                          </Form.Item>
                          <Form.Item name={[f.name, 'message']} label={t('automation.message')} rules={[{ required: true, whitespace: true, message: t('form.required', { field: t('automation.message') }) }]} style={{ marginBottom: 0 }}>
                            <Input maxLength={500} />
                          </Form.Item>
                        </Space>
                      )}
                      {a.type === 'setCustomerStatus' && (
                        <Form.Item name={[f.name, 'status']} noStyle initialValue="following">
                          <Select style={{ width: 200 }} options={statusOptions} />
                        </Form.Item>
                      )}
                      {a.type === 'setCustomerLevel' && (
                        <Form.Item name={[f.name, 'level']} noStyle initialValue="A">
                          <Select style={{ width: 200 }} options={levelOptions} />
                        </Form.Item>
                      )}
                      {a.type === 'addTag' && (
                        <Form.Item name={[f.name, 'tag']} noStyle rules={[{ required: true, whitespace: true }]}>
                          <Input style={{ width: 200 }} maxLength={50} />
                        </Form.Item>
                      )}
                    </Card>
                  );
                })}
                {fields.length < 10 && (
                  <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ type: 'notify', owner: true, message: '' })}>
                    {t('automation.addAction')}
                  </Button>
                )}
              </Space>
            )}
          </Form.List>
          <Typography.Paragraph type="secondary" style={{ marginTop: 12, marginBottom: 0 }}>
            {t('automation.templateHint')}
            <br />
            {t('automation.loopNote')}
          </Typography.Paragraph>
        </Card>
      </Form>
    </Drawer>
  );
}
