// 今日待办: the logged-in user's overdue and today's reminders (with done / snooze / copy actions) and the
// follow-ups they logged today. Times are shown in this computer's local time; the day ends at local midnight.
import { Badge, Button, Card, Col, Empty, List, Row, Space, Tag, Typography } from 'antd';
import { BellOutlined, PlusOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { invoke } from '../../lib/api';
import { formatDateTime } from '../../lib/format';
import { useSession } from '../../app/session';
import { useShippedLabel } from '../../lib/shippedLabel';
import { ReminderActions } from '../followups/reminders/ReminderActions';
import { ReminderDialog } from '../followups/reminders/ReminderDialog';
import { FollowUpDialog } from '../followups/components/FollowUpDialog';

export function TodayPanel() {
  const { t } = useTranslation();
  const session = useSession();
  const shipped = useShippedLabel();
  const [adding, setAdding] = useState<'followUp' | 'reminder' | null>(null);
  const endOfToday = dayjs().endOf('day').add(1, 'ms');
  const startOfToday = dayjs().startOf('day');
  const reminders = useQuery({
    queryKey: ['reminders', 'today', endOfToday.toISOString()],
    queryFn: () => invoke('reminders:list', { status: 'pending', dueBefore: endOfToday.toISOString(), limit: 200 }),
    refetchInterval: 60_000,
  });
  const followUps = useQuery({
    queryKey: ['followUps', 'today', session.user?.id, startOfToday.toISOString()],
    queryFn: () => invoke('followUps:list', { filter: { ownerIds: [session.user!.id], from: startOfToday.toISOString() }, limit: 50 }),
    enabled: session.can('followUps.view'),
  });
  const now = dayjs();
  const rows = reminders.data?.rows ?? [];
  const overdue = rows.filter((r) => dayjs(r.dueAt).isBefore(now)).length;

  return (
    <Row gutter={[16, 16]} data-testid="today-panel">
      <Col xs={24} xl={14}>
        <Card
          title={
            <Space>
              <BellOutlined />
              {t('todayPanel.title')}
              {overdue > 0 && <Tag color="red" data-testid="today-overdue-count">{t('todayPanel.overdue', { count: overdue })}</Tag>}
              <Tag color="blue">{t('todayPanel.dueToday', { count: rows.length - overdue })}</Tag>
            </Space>
          }
          extra={
            <Button size="small" icon={<PlusOutlined />} onClick={() => setAdding('reminder')} data-testid="today-add-reminder">
              {t('reminders.add')}
            </Button>
          }
        >
          {rows.length ? (
            <List
              dataSource={rows}
              data-testid="today-reminders"
              renderItem={(r) => {
                const late = dayjs(r.dueAt).isBefore(now);
                return (
                  <List.Item key={r.id} data-testid="today-reminder" actions={[<ReminderActions key="a" reminder={r} />]}>
                    <List.Item.Meta
                      avatar={<Badge status={late ? 'error' : 'processing'} />}
                      title={<span style={{ whiteSpace: 'pre-wrap' }}>{r.content}</span>}
                      description={
                        <Space size={8} wrap>
                          <Typography.Text type={late ? 'danger' : 'secondary'}>
                            {late ? `${t('reminders.overdue')} · ` : ''}
                            {formatDateTime(r.dueAt)}
                          </Typography.Text>
                          {r.customerId && <Link to={`/customers/${r.customerId}`}>{r.customerName}</Link>}
                          {r.snoozeCount > 0 && <Tag>{t('reminders.snooze')} ×{r.snoozeCount}</Tag>}
                        </Space>
                      }
                    />
                  </List.Item>
                );
              }}
            />
          ) : (
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('todayPanel.emptyReminders')} />
          )}
        </Card>
      </Col>
      <Col xs={24} xl={10}>
        <Card
          title={t('todayPanel.followUpsToday')}
          extra={
            <Space>
              {session.can('followUps.create') && (
                <Button size="small" type="primary" icon={<PlusOutlined />} onClick={() => setAdding('followUp')} data-testid="today-add-follow-up">
                  {t('todayPanel.writeFollowUp')}
                </Button>
              )}
              <Link to="/follow-ups">{t('todayPanel.allFollowUps')}</Link>
            </Space>
          }
        >
          {followUps.data?.rows.length ? (
            <List
              size="small"
              dataSource={followUps.data.rows}
              data-testid="today-follow-ups"
              renderItem={(f) => (
                <List.Item key={f.id}>
                  <List.Item.Meta
                    title={
                      <Space size={6}>
                        <Link to={`/customers/${f.customerId}`}>{f.customerName}</Link>
                        <Tag>{shipped('followUpMethod', f.method)}</Tag>
                        <Typography.Text type="secondary">{dayjs(f.at).format('HH:mm')}</Typography.Text>
                      </Space>
                    }
                    description={<Typography.Paragraph ellipsis={{ rows: 2 }} style={{ marginBottom: 0 }}>{f.content}</Typography.Paragraph>}
                  />
                </List.Item>
              )}
            />
          ) : (
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('todayPanel.emptyFollowUps')} />
          )}
        </Card>
      </Col>
      <ReminderDialog open={adding === 'reminder'} onClose={() => setAdding(null)} />
      <FollowUpDialog open={adding === 'followUp'} onClose={() => setAdding(null)} />
    </Row>
  );
}
