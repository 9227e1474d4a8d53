// 转移客户: choose an active user as the new owner, optionally carry open deals and reminders, give a
// reason. Mounted by the customer list (bulk bar: ids or the current filter + query) and the detail page.
import { Alert, Checkbox, Form, Input, Modal, Select, Typography, message } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useRoleLabel } from '../../lib/shippedLabel';
import type { ChannelInput, ChannelOutput } from '@contract/index';
import { invoke } from '../../lib/api';
import { showApiError } from '../../lib/forms';
import { useSession } from '../../app/session';
import { StepProgress } from '../../lib/stepProgress';

type TransferInput = ChannelInput<'customers:transfer'>;
export type TransferTarget = Pick<TransferInput, 'ids' | 'filter' | 'query'>;

export interface TransferDialogProps {
  open: boolean;
  /** explicit ids, or the list's filter + query ("all matching") */
  target: TransferTarget;
  /** how many customers the target covers (shown to the user) */
  count: number;
  /** the current owner, left out of the choices when all targets share it */
  currentOwnerId?: number | null;
  onClose(): void;
  onDone?(result: ChannelOutput<'customers:transfer'>): void;
}

interface Values {
  toUserId: number;
  withOpenDeals: boolean;
  withReminders: boolean;
  reason?: string;
}

export function TransferDialog({ open, target, count, currentOwnerId, onClose, onDone }: TransferDialogProps) {
  const { t } = useTranslation();
  const roleLabel = useRoleLabel();
  const session = useSession();
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const users = useQuery({ queryKey: ['users:options'], queryFn: () => invoke('users:options'), enabled: open });
  const choices = (users.data?.users ?? []).filter((u) => u.active && u.id !== currentOwnerId);
  const ownerName = (id: number | undefined) => choices.find((u) => u.id === id)?.displayName ?? '';

  const submit = async (v: Values) => {
    setBusy(true);
    setError(null);
    try {
      const r = await invoke('customers:transfer', { ...target, toUserId: v.toUserId, withOpenDeals: v.withOpenDeals, withReminders: v.withReminders, reason: v.reason });
      // main's counts: the selection the dialog showed = transferred + alreadyOwned + skipped
      const text = [
        t('transfer.done', { count: r.transferred, deals: r.deals, reminders: r.reminders }),
        r.alreadyOwned > 0 && t('transfer.alreadyOwned', { count: r.alreadyOwned, name: ownerName(v.toUserId) }),
        r.skipped > 0 && t('transfer.skipped', { count: r.skipped }),
      ].filter(Boolean);
      void message.success({ content: <span data-testid="transfer-result">{text.join(t('transfer.separator'))}</span> });
      form.resetFields();
      onDone?.(r);
      onClose();
    } catch (e) {
      if (!showApiError(e, form)) setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };

  if (!session.can('customers.transfer')) return null;
  return (
    <Modal
      open={open}
      title={t('transfer.title')}
      okText={t('transfer.submit')}
      cancelText={t('form.cancel')}
      onOk={() => form.submit()}
      onCancel={onClose}
      confirmLoading={busy}
      destroyOnHidden
      okButtonProps={{ 'data-testid': 'transfer-submit' } as Record<string, string>}
      // main goes on with its steps whatever the window does: no "cancel" that would not cancel
      cancelButtonProps={{ disabled: busy, 'data-testid': 'transfer-cancel' } as never}
      closable={!busy}
      maskClosable={!busy}
      keyboard={!busy}
      data-testid="transfer-dialog"
    >
      <p>{t('transfer.intro', { count })}</p>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
      <Form form={form} layout="vertical" onFinish={submit} initialValues={{ withOpenDeals: true, withReminders: true }}>
        <Form.Item name="toUserId" label={t('transfer.toUser')} rules={[{ required: true, message: t('transfer.pickUser') }]}>
          <Select
            showSearch={{ optionFilterProp: 'label' }}
            placeholder={t('transfer.pickUser')}
            loading={users.isLoading}
            options={choices.map((u) => ({ value: u.id, label: t('transfer.userOption', { name: u.displayName, role: roleLabel(u.roleName) }) }))}
            data-testid="transfer-user"
          />
        </Form.Item>
        <Form.Item name="withOpenDeals" valuePropName="checked" style={{ marginBottom: 4 }}>
          <Checkbox data-testid="transfer-with-deals">{t('transfer.withOpenDeals')}</Checkbox>
        </Form.Item>
        <Form.Item name="withReminders" valuePropName="checked">
          <Checkbox data-testid="transfer-with-reminders">{t('transfer.withReminders')}</Checkbox>
        </Form.Item>
        <Form.Item name="reason" label={t('transfer.reason')}>
          <Input.TextArea rows={2} maxLength={500} placeholder={t('transfer.reasonPlaceholder')} data-testid="transfer-reason" />
        </Form.Item>
      </Form>
      {/* many customers move in short steps: main reports each one */}
      <StepProgress
        tasks={['transfer']}
        active={busy}
        testId="transfer-progress"
        detail={(p) => {
          const n = Number(p.event.alreadyOwned ?? 0);
          return n > 0 ? (
            <Typography.Paragraph type="secondary" style={{ margin: 0 }} data-testid="transfer-already-owned">
              {t('transfer.alreadyOwnedProgress', { count: n, name: ownerName(form.getFieldValue('toUserId') as number | undefined) })}
            </Typography.Paragraph>
          ) : null;
        }}
      />
    </Modal>
  );
}
