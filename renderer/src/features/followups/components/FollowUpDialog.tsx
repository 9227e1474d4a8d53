// Create or edit a follow-up: customer, optional deal, time, method, content, result, next step and the next
// follow-up time (which becomes a reminder for the owner).
import { App, DatePicker, Form, Input, Modal, Select, Typography } from 'antd';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import type { ChannelOutput } from '@contract/index';
import { ApiError, invoke } from '../../../lib/api';
import { showApiError } from '../../../lib/forms';
import { CustomerPicker, DealPicker } from './CustomerPicker';
import { DueTimeInput } from '../reminders/DueTimeInput';
import { CustomFieldInputs, customInitialValues, customPatch, setCustomFieldErrors } from '../../fields/CustomFieldInputs';
import { useFieldDefs } from '../../fields/hooks';
import { useShippedLabel } from '../../../lib/shippedLabel';

export type FollowUpRow = ChannelOutput<'followUps:list'>['rows'][number];

interface Props {
  open: boolean;
  onClose(): void;
  /** editing this follow-up; otherwise a new one */
  followUp?: FollowUpRow | null;
  /** preset (and lock) the customer / deal, e.g. from the customer or deal page */
  customer?: { id: number; name: string };
  dealId?: number;
  onSaved?(f: FollowUpRow): void;
}

interface Values {
  customerId?: number;
  dealId?: number | null;
  at: Dayjs;
  method?: string;
  content: string;
  result?: string;
  nextStep?: string;
  nextAt?: Dayjs | null;
  /** custom field values in the API shape (see fields/CustomFieldInputs) */
  custom?: Record<string, unknown>;
}

export function useFollowUpMethods() {
  return useQuery({ queryKey: ['followUps', 'methods'], queryFn: () => invoke('followUps:methods'), staleTime: 60_000 });
}

export function FollowUpDialog({ open, onClose, followUp, customer, dealId, onSaved }: Props) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const qc = useQueryClient();
  const methods = useFollowUpMethods();
  const shipped = useShippedLabel();
  const customerId = Form.useWatch('customerId', form);
  const fieldDefs = useFieldDefs('followUp').data;

  useEffect(() => {
    if (!open) return;
    form.resetFields();
    if (followUp) {
      form.setFieldsValue({
        customerId: followUp.customerId,
        dealId: followUp.dealId,
        at: dayjs(followUp.at),
        method: followUp.method,
        content: followUp.content,
        result: followUp.result ?? undefined,
        nextStep: followUp.nextStep ?? undefined,
        nextAt: followUp.nextAt ? dayjs(followUp.nextAt) : null,
      });
    } else {
      form.setFieldsValue({ customerId: customer?.id, dealId: dealId ?? null, at: dayjs(), method: methods.data?.methods[0] });
    }
  }, [open, followUp, customer, dealId, form, methods.data]);
  // custom values (the record's, or the defaults) once the definitions are here; fields the user already
  // touched keep what was typed
  useEffect(() => {
    if (!open || !fieldDefs) return;
    const initial = customInitialValues(fieldDefs, followUp ?? null);
    const untouched = Object.fromEntries(Object.entries(initial).filter(([k]) => !form.isFieldTouched(['custom', k])));
    form.setFieldsValue({ custom: untouched });
  }, [open, followUp, fieldDefs, form]);

  const save = useMutation({
    mutationFn: async (v: Values) => {
      const fields = {
        dealId: v.dealId ?? null,
        at: v.at.toISOString(),
        method: v.method ?? '',
        content: v.content ?? '',
        result: v.result?.trim() || null,
        nextStep: v.nextStep?.trim() || null,
        nextAt: v.nextAt ? v.nextAt.toISOString() : null,
      };
      // an edit sends only the custom values that changed; a new follow-up sends them all (empty ones take the default)
      const custom = followUp ? customPatch(v.custom, followUp) : v.custom && Object.keys(v.custom).length ? v.custom : undefined;
      return followUp
        ? invoke('followUps:update', { id: followUp.id, version: followUp.version, patch: { ...fields, ...(custom ? { custom } : {}) } })
        : invoke('followUps:create', { customerId: v.customerId!, ...fields, ...(custom ? { custom } : {}) });
    },
    onSuccess: (f) => {
      void message.success(t('followUps.saved'));
      void qc.invalidateQueries({ queryKey: ['followUps'] });
      void qc.invalidateQueries({ queryKey: ['reminders'] });
      void qc.invalidateQueries({ queryKey: ['customer'] });
      onSaved?.(f);
      onClose();
    },
    onError: (e) => {
      if (e instanceof ApiError) setCustomFieldErrors(form, e.fieldErrors);
      showApiError(e, form);
    },
  });

  const required = (field: string) => [{ required: true, message: t('form.required', { field }) }];
  return (
    <Modal
      open={open}
      title={followUp ? t('followUps.edit') : t('followUps.add')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('form.save')}
      cancelText={t('form.cancel')}
      confirmLoading={save.isPending}
      okButtonProps={{ 'data-testid': 'follow-up-save' }}
      destroyOnHidden
      width={640}
      data-testid="follow-up-dialog"
    >
      <Form form={form} layout="vertical" onFinish={(v) => save.mutate(v)} requiredMark="optional">
        <Form.Item name="customerId" label={t('followUps.fields.customer')} rules={required(t('followUps.fields.customer'))}>
          <CustomerPicker
            disabled={!!followUp || !!customer}
            initialName={followUp?.customerName ?? customer?.name}
            placeholder={t('followUps.placeholders.customer')}
            onChange={(id) => form.setFieldsValue({ customerId: id, dealId: null })}
          />
        </Form.Item>
        <div style={{ display: 'flex', gap: 12 }}>
          <Form.Item name="at" label={t('followUps.fields.at')} rules={required(t('followUps.fields.at'))} style={{ flex: 1 }}>
            <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" style={{ width: '100%' }} disabledDate={(d) => d.isAfter(dayjs(), 'day')} data-testid="follow-up-at" />
          </Form.Item>
          <Form.Item name="method" label={t('followUps.fields.method')} rules={required(t('followUps.fields.method'))} style={{ flex: 1 }}>
            <Select options={(methods.data?.methods ?? []).map((m) => ({ value: m, label: shipped('followUpMethod', m) }))} data-testid="follow-up-method" />
          </Form.Item>
          <Form.Item name="dealId" label={t('followUps.fields.deal')} style={{ flex: 1 }}>
            <DealPicker customerId={customerId} placeholder={t('followUps.placeholders.deal')} />
          </Form.Item>
        </div>
        {/* spaces alone are no content (main refuses them too) */}
        <Form.Item name="content" label={t('followUps.fields.content')} rules={[{ required: true, whitespace: true, message: t('form.required', { field: t('followUps.fields.content') }) }]}>
          <Input.TextArea autoSize={{ minRows: 3, maxRows: 8 }} maxLength={5000} placeholder={t('followUps.placeholders.content')} data-testid="follow-up-content" />
        </Form.Item>
        <Form.Item name="result" label={t('followUps.fields.result')}>
          <Input.TextArea autoSize={{ minRows: 1, maxRows: 4 }} maxLength={2000} data-testid="follow-up-result" />
        </Form.Item>
        <Form.Item name="nextStep" label={t('followUps.fields.nextStep')}>
          <Input maxLength={500} placeholder={t('followUps.placeholders.nextStep')} data-testid="follow-up-next-step" />
        </Form.Item>
        <Form.Item name="nextAt" label={t('followUps.fields.nextAt')} extra={<Typography.Text type="secondary">{t('followUps.nextAtHint')}</Typography.Text>}>
          <DueTimeInput testId="follow-up-next-at" />
        </Form.Item>
        {/* custom fields (issue 13) in the sections of the follow-up form layout */}
        <CustomFieldInputs entity="followUp" />
      </Form>
    </Modal>
  );
}
