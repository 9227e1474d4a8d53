// The confirmation before customers go to the recycle bin: it names what goes (count, the first names,
// the deals, follow-ups and pending reminders that go with them). More than TYPE_THRESHOLD customers:
// the user types the number or 删除 before the button works.
import { useState } from 'react';
import { Alert, Input, Modal, Skeleton, Space, Typography, App } from 'antd';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { ChannelInput } from '@contract/index';
import { invoke } from '../../lib/api';
import { showApiError } from '../../lib/forms';
import { formatNumber } from '../../lib/format';
import { StepProgress } from '../../lib/stepProgress';

export const TYPE_THRESHOLD = 100;

export type DeleteTarget = ChannelInput<'customers:delete'>;

interface Props {
  open: boolean;
  target: DeleteTarget;
  onClose(): void;
  /** after the delete: the caller reloads its list or leaves the detail page */
  onDeleted(result: { deleted: number; batchId: string }): void;
}

export function DeleteCustomersDialog({ open, target, onClose, onDeleted }: Props) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [typed, setTyped] = useState('');
  const [busy, setBusy] = useState(false);
  const preview = useQuery({
    queryKey: ['customers:deletePreview', target],
    queryFn: () => invoke('customers:deletePreview', target),
    enabled: open,
    gcTime: 0,
  });
  const settings = useQuery({ queryKey: ['recycleBin:settings'], queryFn: () => invoke('recycleBin:settings', {}), enabled: open });
  const p = preview.data;
  const needsTyping = !!p && p.customers > TYPE_THRESHOLD;
  const typedOk = !needsTyping || typed.trim() === String(p.customers) || typed.trim() === t('deleteCustomers.confirmWord') || typed.trim() === '删除';

  const submit = async () => {
    setBusy(true);
    try {
      const r = await invoke('customers:delete', target);
      void message.success(t('deleteCustomers.done', { n: formatNumber(r.deleted) }));
      void qc.invalidateQueries({ queryKey: ['customers:list'] });
      void qc.invalidateQueries({ queryKey: ['recycleBin:list'] });
      onDeleted(r);
    } catch (e) {
      showApiError(e);
    } finally {
      setBusy(false);
    }
  };

  const days = settings.data?.retentionDays;
  const title = p && p.customers === 1 ? t('deleteCustomers.titleOne', { name: p.firstNames[0] }) : t('deleteCustomers.title', { n: formatNumber(p?.customers ?? 0) });
  return (
    <Modal
      open={open}
      title={<span data-testid="delete-dialog-title">{title}</span>}
      okText={t('deleteCustomers.ok')}
      okButtonProps={{ danger: true, disabled: !p || !typedOk || p.customers === 0, loading: busy, 'data-testid': 'delete-confirm' } as never}
      // main goes on with its steps whatever the window does: no "cancel" that would not cancel
      cancelButtonProps={{ disabled: busy, 'data-testid': 'delete-cancel' } as never}
      closable={!busy}
      maskClosable={!busy}
      keyboard={!busy}
      onOk={() => void submit()}
      onCancel={onClose}
      destroyOnHidden
      data-testid="delete-dialog"
    >
      {preview.isPending && <Skeleton active paragraph={{ rows: 2 }} data-testid="delete-preview-loading" />}
      {preview.error && <Alert type="error" showIcon title={(preview.error as Error).message} />}
      {p && (
        <Space direction="vertical" style={{ width: '100%' }} data-testid="delete-preview" data-count={p.customers}>
          <Typography.Text>{days === null ? t('deleteCustomers.bodyForever') : t('deleteCustomers.body', { days: days ?? 90 })}</Typography.Text>
          <ul className="delete-preview-list">
            <li data-testid="delete-preview-customers">
              <Typography.Text strong>{t('deleteCustomers.customers', { n: formatNumber(p.customers) })}</Typography.Text>
              {p.firstNames.length > 0 && (
                <Typography.Text type="secondary">
                  {' · '}
                  {t('deleteCustomers.names', { names: p.firstNames.join('、') })}
                  {p.customers > p.firstNames.length ? ` ${t('deleteCustomers.andMore', { n: formatNumber(p.customers - p.firstNames.length) })}` : ''}
                </Typography.Text>
              )}
            </li>
            {p.deals > 0 && <li data-testid="delete-preview-deals">{t('deleteCustomers.deals', { n: formatNumber(p.deals) })}</li>}
            {p.followUps > 0 && <li data-testid="delete-preview-follow-ups">{t('deleteCustomers.followUps', { n: formatNumber(p.followUps) })}</li>}
            {p.reminders > 0 && <li data-testid="delete-preview-reminders">{t('deleteCustomers.reminders', { n: formatNumber(p.reminders) })}</li>}
          </ul>
          {needsTyping && (
            <>
              <Typography.Text type="danger">{t('deleteCustomers.typeToConfirm', { n: p.customers })}</Typography.Text>
              <Input value={typed} onChange={(e) => setTyped(e.target.value)} data-testid="delete-type-confirm" autoFocus />
            </>
          )}
        </Space>
      )}
      <StepProgress tasks={['delete']} active={busy} testId="delete-progress" />
    </Modal>
  );
}
