// Reminders reaching the user: a toast with actions when one fires while the window is open, and at login
// the "您错过了 N 条提醒" notice for those that fired while the app was closed or the user was logged out.
// (The bell itself is features/notifications/NotificationBell; fired reminders are in it as well.)
import { App, Button, List, Modal, Space, Typography } from 'antd';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { invoke, onEvent } from '../../../lib/api';
import { formatDateTime } from '../../../lib/format';
import { ReminderActions, type ReminderRow } from './ReminderActions';

export const REMINDER_FIRED_EVENT = 'reminder.fired';

export function ReminderAlerts() {
  const { t } = useTranslation();
  const { notification } = App.useApp();
  const qc = useQueryClient();
  const [dismissed, setDismissed] = useState(false);
  const missed = useQuery({ queryKey: ['reminders', 'missed'], queryFn: () => invoke('reminders:missed') });
  const ack = useMutation({
    mutationFn: () => invoke('reminders:missed', { acknowledge: true }),
    onSettled: () => {
      setDismissed(true);
      void qc.invalidateQueries({ queryKey: ['reminders'] });
    },
  });

  useEffect(
    () =>
      onEvent(REMINDER_FIRED_EVENT, (payload) => {
        const r = payload as ReminderRow;
        void qc.invalidateQueries({ queryKey: ['reminders'] });
        notification.open({
          key: `reminder-${r.id}`,
          duration: 0,
          // bottom right: never over the header bell
          placement: 'bottomRight',
          message: <span data-testid="reminder-toast-title">{t('reminders.fired', { content: r.content })}</span>,
          description: (
            <Space direction="vertical" size={6} data-testid="reminder-toast">
              <Typography.Text type="secondary">
                {[r.customerName, formatDateTime(r.dueAt)].filter(Boolean).join(' · ')}
              </Typography.Text>
              <ReminderActions reminder={r} copy={false} />
            </Space>
          ),
        });
      }),
    [notification, qc, t],
  );

  const rows = missed.data?.rows ?? [];
  return (
    <Modal
      open={!dismissed && (missed.data?.count ?? 0) > 0}
      title={<span data-testid="missed-title">{t('reminders.missedTitle', { count: missed.data?.count ?? 0 })}</span>}
      closable={false}
      maskClosable={false}
      footer={
        <Button type="primary" onClick={() => ack.mutate()} loading={ack.isPending} data-testid="missed-ack">
          {t('reminders.missedAck')}
        </Button>
      }
      width={620}
      data-testid="missed-reminders"
    >
      <Typography.Paragraph type="secondary">{t('reminders.missedBody')}</Typography.Paragraph>
      <List
        size="small"
        style={{ maxHeight: 360, overflow: 'auto' }}
        dataSource={rows}
        renderItem={(r) => (
          <List.Item key={r.id} actions={[<ReminderActions key="a" reminder={r} copy={false} />]}>
            <List.Item.Meta title={r.content} description={[r.customerName, formatDateTime(r.dueAt)].filter(Boolean).join(' · ')} />
          </List.Item>
        )}
      />
    </Modal>
  );
}
