// A timeline of follow-ups for one customer or one deal (newest first, "load more"), with "写跟进" and edit.
// Reusable on the customer and deal pages: <FollowUpTimeline customer={{ id, name }} /> or <FollowUpTimeline dealId={id} customer={...} />.
import { Button, Empty, Space, Spin, Tag, Timeline, Typography } from 'antd';
import { EditOutlined, PlusOutlined } from '@ant-design/icons';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { invoke } from '../../../lib/api';
import { formatDateTime } from '../../../lib/format';
import { useSession } from '../../../app/session';
import { useShippedLabel } from '../../../lib/shippedLabel';
import { FollowUpDialog, type FollowUpRow } from './FollowUpDialog';
import { CopyTextButton } from './CopyTextButton';
import { FollowUpCustomValues } from './FollowUpCustomValues';

interface Props {
  customer?: { id: number; name: string };
  dealId?: number;
  pageSize?: number;
}

export function FollowUpTimeline({ customer, dealId, pageSize = 20 }: Props) {
  const { t } = useTranslation();
  const session = useSession();
  const shipped = useShippedLabel();
  const [editing, setEditing] = useState<FollowUpRow | null | undefined>(undefined);
  const filter = { ...(customer ? { customerId: customer.id } : {}), ...(dealId ? { dealId } : {}) };
  const q = useInfiniteQuery({
    queryKey: ['followUps', 'timeline', filter],
    queryFn: ({ pageParam }) => invoke('followUps:list', { filter, cursor: pageParam, limit: pageSize }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
  });
  const rows = q.data?.pages.flatMap((p) => p.rows) ?? [];
  return (
    <div data-testid="follow-up-timeline">
      {session.can('followUps.create') && customer && (
        <Button icon={<PlusOutlined />} type="primary" ghost onClick={() => setEditing(null)} style={{ marginBottom: 16 }} data-testid="timeline-add-follow-up">
          {t('followUps.add')}
        </Button>
      )}
      {q.isLoading ? (
        <Spin />
      ) : !rows.length ? (
        <Empty description={t('followUps.empty')} />
      ) : (
        <Timeline
          items={rows.map((f) => ({
            key: f.id,
            color: f.reminderId ? 'orange' : 'blue',
            content: (
              <div data-testid="timeline-item">
                <Space size={8} wrap>
                  <Typography.Text strong>{formatDateTime(f.at)}</Typography.Text>
                  <Tag>{shipped('followUpMethod', f.method)}</Tag>
                  {f.ownerName && <Typography.Text type="secondary">{f.ownerName}</Typography.Text>}
                  {!customer && <Typography.Text>{f.customerName}</Typography.Text>}
                  {f.dealName && <Typography.Text type="secondary">· {f.dealName}</Typography.Text>}
                  {session.can('followUps.edit') && <Button type="link" size="small" icon={<EditOutlined />} onClick={() => setEditing(f)} aria-label={t('followUps.edit')} />}
                </Space>
                <div style={{ whiteSpace: 'pre-wrap', marginTop: 4 }}>{f.content}</div>
                {f.result && (
                  <Typography.Text type="secondary">
                    {t('labeled', { label: t('followUps.fields.result'), value: f.result })}
                  </Typography.Text>
                )}
                <FollowUpCustomValues values={f.custom} />
                {(f.nextStep || f.nextAt) && (
                  <div style={{ marginTop: 4 }}>
                    <Space size={8} wrap>
                      <Typography.Text type="secondary">
                        {t('labeled', { label: t('followUps.fields.nextStep'), value: f.nextStep ?? '—' })} {f.nextAt ? t('paren', { note: formatDateTime(f.nextAt) }) : ''}
                      </Typography.Text>
                      {f.reminderId && <Tag color="orange">{t('followUps.reminderPending')}</Tag>}
                      {f.nextStep && <CopyTextButton source={{ customerName: f.customerName, text: f.nextStep, when: f.nextAt }} />}
                    </Space>
                  </div>
                )}
              </div>
            ),
          }))}
        />
      )}
      {q.hasNextPage && (
        <Button onClick={() => void q.fetchNextPage()} loading={q.isFetchingNextPage}>
          {t('followUps.loadMore')}
        </Button>
      )}
      <FollowUpDialog open={editing !== undefined} followUp={editing ?? null} customer={customer} dealId={dealId} onClose={() => setEditing(undefined)} />
    </div>
  );
}
