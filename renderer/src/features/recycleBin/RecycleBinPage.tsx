// 回收站: deleted records newest first (a customer carries what was deleted with it), searchable and
// selectable; restore (a clash asks: restore anyway or skip) and permanent delete (its own permission and a
// second, typed confirmation). Retention is shown and, for settings.manage, editable.
import { useMemo, useState } from 'react';
import { Button, Card, Empty, Input, List, Modal, Segmented, Space, Table, Tag, Typography, App } from 'antd';
import { DeleteOutlined, RollbackOutlined } from '@ant-design/icons';
import { useInfiniteQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { ChannelOutput } from '@contract/index';
import type { RestoreClash } from '@contract/recycleBin';
import { ApiError, invoke } from '../../lib/api';
import { showApiError } from '../../lib/forms';
import { formatDateTime } from '../../lib/format';
import { useSession } from '../../app/session';
import { RetentionCard } from './RetentionCard';
import { PurgeConfirm } from './PurgeConfirm';
import { StepProgress } from '../../lib/stepProgress';

type Item = ChannelOutput<'recycleBin:list'>['rows'][number];
type EntityFilter = 'all' | 'customer' | 'deal' | 'followUp';

export function RecycleBinPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const session = useSession();
  const qc = useQueryClient();
  const [query, setQuery] = useState('');
  const [entity, setEntity] = useState<EntityFilter>('all');
  const [selected, setSelected] = useState<string[]>([]);
  const [clashes, setClashes] = useState<{ keys: string[]; list: RestoreClash[] } | null>(null);
  const [purgeKeys, setPurgeKeys] = useState<string[] | null>(null);
  const [busy, setBusy] = useState(false);

  const list = useInfiniteQuery({
    queryKey: ['recycleBin:list', query, entity],
    queryFn: ({ pageParam }) => invoke('recycleBin:list', { query: query || undefined, entity: entity === 'all' ? undefined : entity, cursor: pageParam, limit: 50 }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
  });
  const rows = useMemo(() => list.data?.pages.flatMap((p) => p.rows) ?? [], [list.data]);
  const retention = list.data?.pages[0]?.retentionDays;

  const refresh = async () => {
    setSelected([]);
    await qc.invalidateQueries({ queryKey: ['recycleBin:list'] });
    void qc.invalidateQueries({ queryKey: ['customers:list'] });
  };

  const restore = async (keys: string[], onClash: 'ask' | 'skip' | 'restore' = 'ask') => {
    setBusy(true);
    try {
      const r = await invoke('recycleBin:restore', { ids: keys, onClash });
      void message.success(t('recycleBin.restored', { n: r.restored }) + (r.skipped.length ? ` · ${t('recycleBin.skipped', { n: r.skipped.length })}` : ''));
      setClashes(null);
      await refresh();
    } catch (e) {
      const details = e instanceof ApiError ? (e.details as { clashes?: RestoreClash[] } | undefined) : undefined;
      if (e instanceof ApiError && e.code === 'CONFLICT' && details?.clashes) setClashes({ keys, list: details.clashes });
      else showApiError(e);
    } finally {
      setBusy(false);
    }
  };

  const clashText = (c: RestoreClash) => {
    const other = c.otherName ?? t('recycleBin.clashHidden');
    if (c.field === 'customer') return t('recycleBin.clashCustomer', { other });
    if (c.field === 'custom') return t('recycleBin.clashCustom', { field: c.fieldLabel, value: c.value, other: c.otherName ?? t('recycleBin.clashHiddenRecord') });
    return t(c.field === 'mobile' ? 'recycleBin.clashMobile' : 'recycleBin.clashEmail', { value: c.value, other });
  };

  // a duplicate unique custom value cannot be restored anyway (the server refuses it, like a create)
  const blocking = !!clashes?.list.some((c) => c.blocking);
  const canRestore = session.can('recycleBin.restore');
  const canPurge = session.can('recycleBin.purge');
  const columns = [
    {
      title: t('recycleBin.cols.type'),
      key: 'type',
      width: 90,
      render: (_: unknown, r: Item) => <Tag color={r.entity === 'customer' ? 'blue' : r.entity === 'deal' ? 'gold' : 'green'}>{t(`recycleBin.entity.${r.entity}`)}</Tag>,
    },
    {
      title: t('recycleBin.cols.name'),
      key: 'name',
      render: (_: unknown, r: Item) => (
        <Space direction="vertical" size={0}>
          <Typography.Text strong data-testid="bin-row-name">
            {r.name}
          </Typography.Text>
          {r.customerName && <Typography.Text type="secondary">{`${t('recycleBin.cols.customer')}：${r.customerName}`}</Typography.Text>}
        </Space>
      ),
    },
    {
      title: t('recycleBin.cols.related'),
      key: 'related',
      render: (_: unknown, r: Item) =>
        r.related.length ? (
          <Space size={4} wrap>
            {(['deal', 'followUp', 'reminder'] as const).map((k) => {
              const n = r.related.filter((x) => x.entity === k).length;
              return n ? <Tag key={k}>{`${t(`recycleBin.entity.${k}`)} ${n}`}</Tag> : null;
            })}
          </Space>
        ) : (
          <Typography.Text type="secondary">—</Typography.Text>
        ),
    },
    { title: t('recycleBin.cols.deletedBy'), dataIndex: 'deletedByName', key: 'by', width: 110 },
    { title: t('recycleBin.cols.deletedAt'), key: 'at', width: 170, render: (_: unknown, r: Item) => formatDateTime(r.deletedAt) },
    {
      title: t('recycleBin.cols.daysLeft'),
      key: 'days',
      width: 100,
      render: (_: unknown, r: Item) =>
        r.daysLeft === null ? <Tag>{t('recycleBin.forever')}</Tag> : <Tag color={r.daysLeft <= 7 ? 'red' : undefined}>{t('recycleBin.daysLeft', { n: r.daysLeft })}</Tag>,
    },
    {
      title: '',
      key: 'actions',
      width: 190,
      render: (_: unknown, r: Item) => (
        <Space size={4}>
          {canRestore && (
            <Button size="small" icon={<RollbackOutlined />} onClick={() => void restore([r.key])} disabled={busy} data-testid={`bin-restore-${r.key}`}>
              {t('recycleBin.restore')}
            </Button>
          )}
          {canPurge && (
            <Button size="small" danger icon={<DeleteOutlined />} onClick={() => setPurgeKeys([r.key])} disabled={busy} data-testid={`bin-purge-${r.key}`}>
              {t('recycleBin.purge')}
            </Button>
          )}
        </Space>
      ),
    },
  ];

  return (
    <div className="page-recycle-bin" data-testid="recycle-bin-page">
      <Space direction="vertical" size={12} style={{ width: '100%' }}>
        <RetentionCard days={retention} />
        <Card size="small">
          <Space wrap style={{ width: '100%', justifyContent: 'space-between' }}>
            <Space wrap>
              <Input.Search allowClear placeholder={t('recycleBin.search')} onSearch={setQuery} style={{ width: 260 }} data-testid="bin-search" />
              <Segmented<EntityFilter>
                value={entity}
                onChange={setEntity}
                options={(['all', 'customer', 'deal', 'followUp'] as const).map((k) => ({ value: k, label: t(`recycleBin.entity.${k}`) }))}
                data-testid="bin-entity"
              />
            </Space>
            <Space>
              {canRestore && (
                <Button icon={<RollbackOutlined />} disabled={!selected.length || busy} onClick={() => void restore(selected)} data-testid="bin-restore-selected">
                  {t('recycleBin.restoreSelected', { n: selected.length })}
                </Button>
              )}
              {canPurge && (
                <Button danger icon={<DeleteOutlined />} disabled={!selected.length || busy} onClick={() => setPurgeKeys(selected)} data-testid="bin-purge-selected">
                  {t('recycleBin.purgeSelected', { n: selected.length })}
                </Button>
              )}
            </Space>
          </Space>
          <StepProgress tasks={['restore']} active={busy} testId="bin-restore-progress" />
          <Table<Item>
            style={{ marginTop: 12 }}
            size="small"
            rowKey="key"
            loading={list.isPending}
            dataSource={rows}
            columns={columns}
            pagination={false}
            rowSelection={{ selectedRowKeys: selected, onChange: (keys) => setSelected(keys as string[]) }}
            onRow={(r) => ({ 'data-testid': `bin-row-${r.key}`, 'data-name': r.name }) as never}
            expandable={{
              rowExpandable: (r) => r.related.length > 0,
              expandedRowRender: (r) => (
                <List
                  size="small"
                  dataSource={r.related}
                  renderItem={(x) => (
                    <List.Item>
                      <Tag>{t(`recycleBin.entity.${x.entity}`)}</Tag>
                      {x.name}
                    </List.Item>
                  )}
                />
              ),
            }}
            locale={{ emptyText: <Empty description={t('recycleBin.empty')} data-testid="bin-empty" /> }}
          />
          {list.hasNextPage && (
            <Button block style={{ marginTop: 8 }} onClick={() => void list.fetchNextPage()} loading={list.isFetchingNextPage}>
              {t('recycleBin.loadMore')}
            </Button>
          )}
        </Card>
      </Space>
      <Modal
        open={!!clashes}
        title={t('recycleBin.clashTitle')}
        onCancel={() => setClashes(null)}
        data-testid="bin-clash-dialog"
        footer={
          <Space>
            <Button onClick={() => setClashes(null)}>{t('form.cancel', { defaultValue: '取消' })}</Button>
            <Button onClick={() => clashes && void restore(clashes.keys, 'skip')} loading={busy} data-testid="bin-clash-skip">
              {t('recycleBin.skipClashes')}
            </Button>
            <Button
              type="primary"
              disabled={blocking}
              onClick={() => clashes && void restore(clashes.keys, 'restore')}
              loading={busy}
              data-testid="bin-clash-restore"
            >
              {t('recycleBin.restoreAnyway')}
            </Button>
          </Space>
        }
      >
        <Typography.Paragraph>{t('recycleBin.clashBody')}</Typography.Paragraph>
        {blocking && (
          <Typography.Paragraph type="warning" data-testid="bin-clash-blocking">
            {t('recycleBin.clashBlocking')}
          </Typography.Paragraph>
        )}
        <ul>
          {clashes?.list.map((c, i) => (
            <li key={`${c.key}-${c.field}-${i}`} data-testid="bin-clash-item">
              <Typography.Text strong>{c.name}</Typography.Text>：{clashText(c)}
            </li>
          ))}
        </ul>
      </Modal>
      <PurgeConfirm
        keys={purgeKeys}
        onClose={() => setPurgeKeys(null)}
        onDone={async () => {
          setPurgeKeys(null);
          await refresh();
        }}
      />
    </div>
  );
}
