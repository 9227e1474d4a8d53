// The deal list: filters (stage, owner, status, amount range, expected close month, customer, name),
// server-side sort on the offered columns, keyset "load more" paging.
import { Button, DatePicker, Input, Select, Space, Table, Tag, Typography } from 'antd';
import { useInfiniteQuery } from '@tanstack/react-query';
import type { Dayjs } from 'dayjs';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router-dom';
import { dealFilterSchema, type DealFilter, type DealListRow, type DealSortField } from '@contract/deals';
import { invoke } from '../../lib/api';
import { formatDate, formatDateTime, formatMoneyFen, formatNumber } from '../../lib/format';
import { customFieldColumns, customFieldFilterItems } from '../fields/listSupport';
import { useFieldDefs } from '../fields/hooks';
import { CustomerPicker } from './CustomerPicker';
import { MoneyInput } from './MoneyInput';
import { dealKeys, useDealOptions } from './model';
import { useShippedLabel } from '../../lib/shippedLabel';

const statusColor = { open: 'blue', won: 'green', lost: 'default' } as const;

/** Dashboard cards link here with ?filter=<DealFilter JSON>; anything that doesn't validate is ignored. */
function filterFromUrl(raw: string | null): DealFilter {
  if (!raw) return {};
  try {
    const parsed = dealFilterSchema.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : {};
  } catch {
    return {};
  }
}

export function DealList() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const options = useDealOptions();
  const shipped = useShippedLabel();
  const [params] = useSearchParams();
  const [fromUrl] = useState(() => filterFromUrl(params.get('filter')));
  const [stageIds, setStageIds] = useState<number[]>(fromUrl.stageIds ?? []);
  const [ownerIds, setOwnerIds] = useState<number[]>((fromUrl.ownerIds ?? []).filter((x): x is number => x !== null));
  const [statuses, setStatuses] = useState<DealListRow['status'][]>(fromUrl.statuses ?? []);
  // the closed-at window only comes from a dashboard link; it is kept until the page is left
  const closed = { closedFrom: fromUrl.closedFrom, closedTo: fromUrl.closedTo };
  const [amountMin, setAmountMin] = useState<number | null>(null);
  const [amountMax, setAmountMax] = useState<number | null>(null);
  const [month, setMonth] = useState<Dayjs | null>(null);
  const [customerId, setCustomerId] = useState<number | undefined>();
  const [query, setQuery] = useState('');
  const [sort, setSort] = useState<{ field: DealSortField; dir: 'asc' | 'desc' }>({ field: 'createdAt', dir: 'desc' });
  // custom fields (issue 13): a sort on one of them replaces the built-in sort; filters go in filter.custom
  const [customSort, setCustomSort] = useState<{ key: string; dir: 'asc' | 'desc' } | null>(null);
  const [customFilter, setCustomFilter] = useState<Record<string, unknown> | undefined>(fromUrl.custom);
  const fieldDefs = useFieldDefs('deal').data;
  const customColumns = useMemo(() => customFieldColumns(fieldDefs), [fieldDefs]);

  const filter = useMemo<DealFilter>(() => {
    const f: DealFilter = {};
    if (stageIds.length) f.stageIds = stageIds;
    if (ownerIds.length) f.ownerIds = ownerIds;
    if (statuses.length) f.statuses = statuses;
    if (amountMin !== null && Number.isSafeInteger(amountMin)) f.amountMinFen = amountMin;
    if (amountMax !== null && Number.isSafeInteger(amountMax)) f.amountMaxFen = amountMax;
    if (month) f.expectedCloseMonth = month.format('YYYY-MM');
    if (customerId) f.customerId = customerId;
    if (closed.closedFrom) f.closedFrom = closed.closedFrom;
    if (closed.closedTo) f.closedTo = closed.closedTo;
    if (customFilter) f.custom = customFilter;
    return f;
  }, [stageIds, ownerIds, statuses, amountMin, amountMax, month, customerId, closed.closedFrom, closed.closedTo, customFilter]);
  const input = { filter, ...(customSort ? { customSort } : { sort }), query: query.trim() || undefined };

  const list = useInfiniteQuery({
    queryKey: dealKeys.list(input),
    initialPageParam: null as string | null,
    queryFn: ({ pageParam }) => invoke('deals:list', { ...input, cursor: pageParam, limit: 50, withTotal: pageParam === null }),
    getNextPageParam: (last) => last.nextCursor,
  });
  const rows = list.data?.pages.flatMap((p) => p.rows) ?? [];
  const first = list.data?.pages[0];

  const reset = () => {
    setStageIds([]);
    setOwnerIds([]);
    setStatuses([]);
    setAmountMin(null);
    setAmountMax(null);
    setMonth(null);
    setCustomerId(undefined);
    setCustomFilter(undefined);
    setQuery('');
  };
  const order = (dir: 'asc' | 'desc'): 'ascend' | 'descend' => (dir === 'asc' ? 'ascend' : 'descend');
  const sortOrder = (f: DealSortField) => (!customSort && sort.field === f ? order(sort.dir) : null);
  const customSortOrder = (key?: string) => (key && customSort?.key === key ? order(customSort.dir) : null);

  return (
    <div data-testid="deal-list">
      <Space wrap style={{ marginBottom: 12 }}>
        <Input.Search placeholder={t('deals.list.search')} allowClear style={{ width: 200 }} onSearch={setQuery} data-testid="list-search" />
        <Select
          mode="multiple"
          allowClear
          placeholder={t('deals.list.filterStage')}
          style={{ minWidth: 160 }}
          value={stageIds}
          onChange={setStageIds}
          options={(options.data?.stages ?? []).map((s) => ({ value: s.id, label: shipped('stage', s.name) }))}
          data-testid="list-filter-stage"
          maxTagCount="responsive"
        />
        <Select
          mode="multiple"
          allowClear
          placeholder={t('deals.list.filterOwner')}
          style={{ minWidth: 140 }}
          value={ownerIds}
          onChange={setOwnerIds}
          options={(options.data?.owners ?? []).map((o) => ({ value: o.id, label: o.displayName }))}
          maxTagCount="responsive"
        />
        <Select
          mode="multiple"
          allowClear
          placeholder={t('deals.list.filterStatus')}
          style={{ minWidth: 120 }}
          value={statuses}
          onChange={setStatuses}
          options={(['open', 'won', 'lost'] as const).map((s) => ({ value: s, label: t(`deals.status.${s}`) }))}
          data-testid="list-filter-status"
        />
        <MoneyInput placeholder={t('deals.list.amountMin')} value={amountMin} onChange={setAmountMin} style={{ width: 130 }} data-testid="list-amount-min" />
        <MoneyInput placeholder={t('deals.list.amountMax')} value={amountMax} onChange={setAmountMax} style={{ width: 130 }} data-testid="list-amount-max" />
        <DatePicker picker="month" placeholder={t('deals.list.month')} value={month} onChange={setMonth} data-testid="list-month" />
        <div style={{ width: 220 }}>
          <CustomerPicker value={customerId} onChange={setCustomerId} />
        </div>
        {customFieldFilterItems(fieldDefs, customFilter, setCustomFilter, t, (label, node, testId) => (
          <Space.Compact data-testid={testId}>
            <span className="deal-filter-label">{label}</span>
            {node}
          </Space.Compact>
        ))}
        <Button onClick={reset} data-testid="list-reset">
          {t('deals.list.reset')}
        </Button>
      </Space>
      <Table<DealListRow>
        size="middle"
        rowKey="id"
        loading={list.isLoading}
        dataSource={rows}
        pagination={false}
        onRow={(r) => ({ onClick: () => navigate(`/deals/${r.id}`), style: { cursor: 'pointer' }, 'data-testid': `deal-row-${r.id}` } as object)}
        scroll={customColumns.length ? { x: 'max-content' } : undefined}
        onChange={(_p, _f, s) => {
          const one = Array.isArray(s) ? s[0] : s;
          const key = String(one?.columnKey ?? '');
          const dir = one?.order === 'ascend' ? 'asc' : 'desc';
          if (key.startsWith('custom:') && one?.order) {
            setCustomSort({ key: key.slice('custom:'.length), dir });
            return;
          }
          setCustomSort(null);
          const field = (key || 'createdAt') as DealSortField;
          setSort(one?.order ? { field, dir } : { field: 'createdAt', dir: 'desc' });
        }}
        columns={[
          { key: 'name', title: t('deals.fields.name'), dataIndex: 'name', sorter: true, sortOrder: sortOrder('name'), ellipsis: true },
          { key: 'customer', title: t('deals.fields.customer'), dataIndex: 'customerName', ellipsis: true },
          {
            key: 'amountFen',
            title: t('deals.fields.amount'),
            dataIndex: 'amountFen',
            align: 'right',
            sorter: true,
            sortOrder: sortOrder('amountFen'),
            render: (v: number) => formatMoneyFen(v),
          },
          {
            key: 'stage',
            title: t('deals.fields.stage'),
            // a closed deal's stage is its result (赢单/输单): shown as a tag
            render: (_v, r) => (r.status === 'open' ? shipped('stage', r.stageName) : <Tag color={statusColor[r.status]}>{shipped('stage', r.stageName)}</Tag>),
          },
          { key: 'probability', title: t('deals.fields.probability'), dataIndex: 'probability', width: 90, render: (v: number) => `${v}%` },
          {
            key: 'expectedCloseDate',
            title: t('deals.fields.expectedCloseDate'),
            dataIndex: 'expectedCloseDate',
            sorter: true,
            sortOrder: sortOrder('expectedCloseDate'),
            render: (v: string | null) => formatDate(v),
          },
          { key: 'owner', title: t('deals.fields.owner'), dataIndex: 'ownerName', width: 110 },
          { key: 'updatedAt', title: t('deals.fields.updatedAt'), dataIndex: 'updatedAt', sorter: true, sortOrder: sortOrder('updatedAt'), render: (v: string) => formatDateTime(v) },
          { key: 'createdAt', title: t('deals.fields.createdAt'), dataIndex: 'createdAt', sorter: true, sortOrder: sortOrder('createdAt'), render: (v: string) => formatDate(v) },
          ...customColumns.map((c) => ({
            key: c.key,
            title: c.title(t),
            width: c.width,
            ellipsis: true,
            sorter: !!c.customSortKey,
            sortOrder: customSortOrder(c.customSortKey),
            render: (_v: unknown, r: DealListRow) => c.render(r, t),
          })),
        ]}
      />
      <div style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'center', marginTop: 12 }}>
        <Typography.Text type="secondary" data-testid="list-total">
          {first?.total !== null && first?.total !== undefined
            ? t(first.totalCapped ? 'deals.list.totalCapped' : 'deals.list.total', { count: first.total, formatted: formatNumber(first.total) }).replace(String(first.total), formatNumber(first.total))
            : ''}
        </Typography.Text>
        {list.hasNextPage ? (
          <Button onClick={() => void list.fetchNextPage()} loading={list.isFetchingNextPage} data-testid="list-more">
            {t('deals.list.loadMore')}
          </Button>
        ) : rows.length ? (
          <Typography.Text type="secondary">{t('deals.list.noMore')}</Typography.Text>
        ) : null}
      </div>
    </div>
  );
}
