// 变更记录: who changed which field of this customer from what to what, and when — read from the
// audit trail (audit:list for entity 'customer' + this id), newest first, 50 at a time.
import { Alert, Button, Empty, Table, Tag, Typography } from 'antd';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import type { ChannelOutput } from '@contract/index';
import { invoke } from '../../../lib/api';
import { formatDateTime } from '../../../lib/format';
import { displayValue } from './display';

type Entry = ChannelOutput<'audit:list'>['rows'][number];

function actionLabel(action: string, t: TFunction): string {
  const verb = action.startsWith('customer.') ? action.slice('customer.'.length) : action;
  return t(`customers.history.action.${verb}`, { defaultValue: action });
}

function Changes({ entry }: { entry: Entry }) {
  const { t } = useTranslation();
  if (!entry.changes?.length) return <Typography.Text type="secondary">{entry.summary ?? ''}</Typography.Text>;
  return (
    <div className="cust-history-changes">
      {entry.changes.map((c, i) => (
        <div key={`${c.field}-${i}`} data-testid="history-change">
          <Typography.Text strong>{t(`customers.fields.${c.field}`, { defaultValue: c.field })}</Typography.Text>
          {c.redacted ? (
            <Typography.Text type="secondary">：{t('customers.history.redacted')}</Typography.Text>
          ) : (
            <>
              ：<Typography.Text delete type="secondary">{displayValue(c.field, c.old, t)}</Typography.Text>
              {' → '}
              <Typography.Text>{displayValue(c.field, c.new, t)}</Typography.Text>
            </>
          )}
        </div>
      ))}
    </div>
  );
}

export function ChangeHistory({ customerId }: { customerId: number }) {
  const { t } = useTranslation();
  const q = useInfiniteQuery({
    queryKey: ['customer-history', customerId],
    queryFn: ({ pageParam }) => invoke('audit:list', { entity: 'customer', entityId: customerId, cursor: pageParam, limit: 50 }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
  });
  if (q.error) return <Alert type="error" showIcon title={(q.error as Error).message} data-testid="change-history-error" />;
  const rows = q.data?.pages.flatMap((p) => p.rows) ?? [];
  if (!q.isPending && rows.length === 0) return <Empty description={t('customers.history.empty')} data-testid="change-history-empty" />;
  return (
    <div data-testid="change-history">
      <Table<Entry>
        size="small"
        rowKey="id"
        loading={q.isPending}
        dataSource={rows}
        pagination={false}
        columns={[
          { title: t('customers.history.at'), dataIndex: 'at', width: 150, render: (v: string) => formatDateTime(v) },
          { title: t('customers.history.user'), dataIndex: 'userName', width: 110, render: (v: string | null) => v ?? t('customers.history.system') },
          {
            title: t('customers.history.actionTitle'),
            dataIndex: 'action',
            width: 110,
            render: (v: string, e) => (
              <>
                <Tag>{actionLabel(v, t)}</Tag>
                {e.batchId && v !== 'customer.update' ? <Typography.Text type="secondary" className="cust-history-batch">{t('customers.history.batch')}</Typography.Text> : null}
              </>
            ),
          },
          { title: t('customers.history.changes'), key: 'changes', render: (_v, e) => <Changes entry={e} /> },
        ]}
      />
      {q.hasNextPage && (
        <Button type="link" onClick={() => void q.fetchNextPage()} loading={q.isFetchingNextPage} data-testid="history-more">
          {t('customers.history.more')}
        </Button>
      )}
    </div>
  );
}
