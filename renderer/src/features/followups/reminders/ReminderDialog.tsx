// Create a reminder (from a customer, a deal, or the home page): when, what, and for whom
// (yourself; managers may remind others).
import { App, Form, Input, Modal, Select } from 'antd';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Dayjs } from 'dayjs';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { invoke } from '../../../lib/api';
import { showApiError } from '../../../lib/forms';
import { useSession } from '../../../app/session';
import { DueTimeInput } from './DueTimeInput';

interface Props {
  open: boolean;
  onClose(): void;
  customerId?: number;
  dealId?: number;
  defaultContent?: string;
}

export function ReminderDialog({ open, onClose, customerId, dealId, defaultContent }: Props) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const session = useSession();
  const qc = useQueryClient();
  const [form] = Form.useForm<{ dueAt: Dayjs | null; content: string; userId?: number }>();
  const canRemindOthers = session.user?.scope === 'all' && session.can('customers.view');
  const users = useQuery({ queryKey: ['customers', 'options'], queryFn: () => invoke('customers:options'), enabled: open && canRemindOthers });
  useEffect(() => {
    if (open) form.setFieldsValue({ dueAt: null, content: defaultContent ?? '', userId: session.user?.id });
  }, [open, defaultContent, form, session.user?.id]);
  const save = useMutation({
    mutationFn: (v: { dueAt: Dayjs | null; content: string; userId?: number }) =>
      invoke('reminders:create', { dueAt: v.dueAt!.toISOString(), content: v.content, userId: v.userId, customerId: customerId ?? null, dealId: dealId ?? null }),
    onSuccess: () => {
      void message.success(t('reminders.saved'));
      void qc.invalidateQueries({ queryKey: ['reminders'] });
      onClose();
    },
    onError: (e) => showApiError(e, form),
  });
  return (
    <Modal open={open} title={t('reminders.add')} onCancel={onClose} onOk={() => form.submit()} confirmLoading={save.isPending} destroyOnHidden okText={t('form.save')} cancelText={t('form.cancel')} okButtonProps={{ 'data-testid': 'reminder-save' }} width={560} data-testid="reminder-dialog">
      <Form form={form} layout="vertical" onFinish={(v) => save.mutate(v)}>
        <Form.Item name="dueAt" label={t('reminders.dueAt')} rules={[{ required: true, message: t('form.required', { field: t('reminders.dueAt') }) }]}>
          <DueTimeInput testId="reminder-due" allowClear={false} />
        </Form.Item>
        <Form.Item name="content" label={t('reminders.content')} rules={[{ required: true, whitespace: true, message: t('form.required', { field: t('reminders.content') }) }]}>
          <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} maxLength={1000} data-testid="reminder-content" />
        </Form.Item>
        {canRemindOthers && (
          <Form.Item name="userId" label={t('reminders.who')}>
            <Select
              options={(users.data?.owners ?? []).filter((o) => o.active).map((o) => ({ value: o.id, label: o.id === session.user?.id ? t('withNote', { text: o.displayName, note: t('reminders.self') }) : o.displayName }))}
              data-testid="reminder-user"
            />
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}
