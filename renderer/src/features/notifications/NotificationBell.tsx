// Header bell: unread count and the latest notifications. Main pushes a 'notification' event to the
// recipient's windows, so a transfer shows up at once; the list also refreshes when opened.
import { Badge, Button, Empty, List, Popover, Typography } from 'antd';
import { BellOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { invoke, onEvent } from '../../lib/api';
import { formatDateTime } from '../../lib/format';
import { NOTIFICATION_EVENT } from '@contract/notifications';

const KEY = ['notifications:list'];

export function NotificationBell() {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const navigate = useNavigate();
  const q = useQuery({ queryKey: KEY, queryFn: () => invoke('notifications:list', { limit: 20 }) });
  useEffect(() => onEvent(NOTIFICATION_EVENT, () => void qc.invalidateQueries({ queryKey: KEY })), [qc]);
  const unread = q.data?.unread ?? 0;

  const markAll = async () => {
    const r = await invoke('notifications:markRead', { all: true });
    qc.setQueryData(KEY, (old: typeof q.data) => old && { ...old, unread: r.unread, rows: old.rows.map((n) => ({ ...n, readAt: n.readAt ?? new Date().toISOString() })) });
  };
  const open = async (id: number, link: string | null, read: boolean) => {
    if (!read) await invoke('notifications:markRead', { ids: [id] }).catch(() => undefined);
    void qc.invalidateQueries({ queryKey: KEY });
    if (link) navigate(link);
  };

  const content = (
    <div style={{ width: 380 }} data-testid="notification-panel">
      <div style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'center', marginBottom: 8 }}>
        <Typography.Text strong>{t('notifications.unread', { count: unread })}</Typography.Text>
        <Button size="small" type="link" disabled={!unread} onClick={() => void markAll()} data-testid="notification-mark-all">
          {t('notifications.markAll')}
        </Button>
      </div>
      {q.data?.rows.length ? (
        <List
          size="small"
          style={{ maxHeight: 420, overflow: 'auto' }}
          dataSource={q.data.rows}
          renderItem={(n) => (
            <List.Item
              key={n.id}
              data-testid="notification-item"
              data-unread={n.readAt ? undefined : 'true'}
              style={{ cursor: n.link ? 'pointer' : 'default', background: n.readAt ? undefined : '#f0f7ff', paddingInline: 8 }}
              onClick={() => void open(n.id, n.link, !!n.readAt)}
            >
              <List.Item.Meta
                title={<Typography.Text strong={!n.readAt}>{n.title}</Typography.Text>}
                description={
                  <>
                    {n.body && <div style={{ whiteSpace: 'pre-line', color: '#595959' }}>{n.body}</div>}
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {formatDateTime(n.createdAt)}
                    </Typography.Text>
                  </>
                }
              />
            </List.Item>
          )}
        />
      ) : (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('notifications.empty')} />
      )}
    </div>
  );

  return (
    <Popover content={content} trigger="click" placement="bottomRight" onOpenChange={(o) => o && void q.refetch()}>
      <Badge count={unread} size="small" data-testid="notification-badge">
        <Button type="text" shape="circle" icon={<BellOutlined />} aria-label={t('notifications.bell')} data-testid="notification-bell" />
      </Badge>
    </Popover>
  );
}
