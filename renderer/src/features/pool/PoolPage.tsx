// 公海: customers without an owner. Reps with pool.claim select and claim them (within the daily cap).
import { Button, Card, Input, Space, Table, Tag, Typography, message } from 'antd';
import { useInfiniteQuery, useQueryClient } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ChannelOutput } from '@contract/index';
import { invoke } from '../../lib/api';
import { showApiError } from '../../lib/forms';
import { formatDate, formatDateTime, formatNumber } from '../../lib/format';
import { useSession } from '../../app/session';

type Row = ChannelOutput<'pool:list'>['rows'][number];

export function PoolPage() {
  const { t } = useTranslation();
  const session = useSession();
  const qc = useQueryClient();
  const [query, setQuery] = useState('');
  const [selected, setSelected] = useState<number[]>([]);
  const [busy, setBusy] = useState(false);
  const list = useInfiniteQuery({
    queryKey: ['pool:list', query],
    queryFn: ({ pageParam }) => invoke('pool:list', { query: query || undefined, cursor: pageParam, limit: 50 }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
  });
  const rows = useMemo(() => list.data?.pages.flatMap((p) => p.rows) ?? [], [list.data]);
  const first = list.data?.pages[0];
  const canClaim = session.can('pool.claim');

  const claim = async (ids: number[]) => {
    setBusy(true);
    try {
      const r = await invoke('pool:claim', { ids });
      void message.success(t('pool.claimed', { count: r.claimed }));
      setSelected([]);
      await qc.invalidateQueries({ queryKey: ['pool:list'] });
      void qc.invalidateQueries({ queryKey: ['customers:list'] });
    } catch (e) {
      showApiError(e);
      void qc.invalidateQueries({ queryKey: ['pool:list'] });
    } finally {
      setBusy(false);
    }
  };

  const columns = [
    { title: t('pool.cols.name'), dataIndex: 'name', key: 'name', render: (v: string) => <Typography.Text strong>{v}</Typography.Text> },
    { title: t('pool.cols.contact'), dataIndex: 'contactName', key: 'contact' },
    { title: t('pool.cols.mobile'), dataIndex: 'mobile', key: 'mobile' },
    { title: t('pool.cols.region'), key: 'region', render: (_: unknown, r: Row) => [r.province, r.city].filter(Boolean).join(' ') },
    { title: t('pool.cols.industry'), dataIndex: 'industry', key: 'industry' },
    { title: t('pool.cols.level'), dataIndex: 'level', key: 'level', width: 80, render: (v: string | null) => (v ? <Tag color={v === 'A' ? 'red' : v === 'B' ? 'orange' : 'default'}>{v}</Tag> : null) },
    { title: t('pool.cols.lastFollowUp'), dataIndex: 'lastFollowUpAt', key: 'lastFollowUpAt', width: 160, render: (v: string | null) => formatDateTime(v) },
    { title: t('pool.cols.created'), dataIndex: 'createdAt', key: 'createdAt', width: 120, render: (v: string) => formatDate(v) },
    ...(canClaim
      ? [
          {
            title: '',
            key: 'actions',
            width: 90,
            render: (_: unknown, r: Row) => (
              <Button size="small" type="link" disabled={busy} onClick={() => void claim([r.id])} data-testid={`pool-claim-${r.id}`}>
                {t('pool.claim')}
              </Button>
            ),
          },
        ]
      : []),
  ];

  return (
    <Card
      data-testid="pool-page"
      title={
        <Space>
          {t('pool.title')}
          {first?.total != null && <Typography.Text type="secondary" data-testid="pool-total">{t('pool.total', { n: `${formatNumber(first.total)}${first.totalCapped ? '+' : ''}` })}</Typography.Text>}
        </Space>
      }
      extra={
        canClaim && first ? (
          <Typography.Text type="secondary" data-testid="pool-claims-left">
            {first.claimsLeft === null ? t('pool.noCap') : t('pool.claimsLeft', { count: first.claimsLeft })}
          </Typography.Text>
        ) : null
      }
    >
      <Typography.Paragraph type="secondary">{t('pool.intro')}</Typography.Paragraph>
      <Space style={{ marginBottom: 12 }} wrap>
        <Input.Search allowClear placeholder={t('pool.search')} style={{ width: 360 }} onSearch={(q) => setQuery(q.trim())} data-testid="pool-search" />
        {canClaim && (
          <Button type="primary" disabled={!selected.length} loading={busy} onClick={() => void claim(selected)} data-testid="pool-claim-selected">
            {t('pool.claimSelected', { count: selected.length })}
          </Button>
        )}
      </Space>
      <Table<Row>
        rowKey="id"
        size="middle"
        loading={list.isLoading}
        dataSource={rows}
        columns={columns}
        pagination={false}
        locale={{ emptyText: t('pool.empty') }}
        rowSelection={canClaim ? { selectedRowKeys: selected, onChange: (keys) => setSelected(keys as number[]) } : undefined}
        onRow={(r) => ({ 'data-testid': 'pool-row', 'data-id': r.id }) as React.HTMLAttributes<HTMLElement>}
        scroll={{ x: 900 }}
      />
      {list.hasNextPage && (
        <div style={{ textAlign: 'center', marginTop: 12 }}>
          <Button onClick={() => void list.fetchNextPage()} loading={list.isFetchingNextPage}>
            {t('pool.loadMore')}
          </Button>
        </div>
      )}
    </Card>
  );
}
