// 跟进: every follow-up in the user's scope with filters (owner, method, time range, customer, text, and
// one per live follow-up custom field), newest first, and the dialog to log or edit one.
import { App, Button, Card, DatePicker, Input, Popconfirm, Select, Space, Table, Tag, Typography } from 'antd';
import { DeleteOutlined, EditOutlined, PlusOutlined } from '@ant-design/icons';
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { invoke } from '../../lib/api';
import { formatDateTime, formatNumber } from '../../lib/format';
import { showApiError } from '../../lib/forms';
import { useSession } from '../../app/session';
import { useShippedLabel } from '../../lib/shippedLabel';
import { FollowUpDialog, useFollowUpMethods, type FollowUpRow } from './components/FollowUpDialog';
import { CustomerPicker } from './components/CustomerPicker';
import { CopyTextButton } from './components/CopyTextButton';
import { FollowUpMethodsButton } from './components/FollowUpMethodsButton';
import { FollowUpCustomValues } from './components/FollowUpCustomValues';
import { customFieldFilterItems } from '../fields/listSupport';
import { useFieldDefs } from '../fields/hooks';
import { followUpListFilter, type FollowUpFilters as Filters } from './listFilter';
import './followups.css';

/** text search: how many stretches of follow-ups the page reads by itself before it asks (see followUps:list searchedTo) */
const AUTO_SEARCH_PAGES = 10;

export function FollowUpsPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const session = useSession();
  const qc = useQueryClient();
  const [filters, setFilters] = useState<Filters>({});
  const [editing, setEditing] = useState<FollowUpRow | null | undefined>(undefined);
  const methods = useFollowUpMethods();
  const shipped = useShippedLabel();
  const owners = useQuery({ queryKey: ['customers', 'options'], queryFn: () => invoke('customers:options'), enabled: session.can('customers.view') });

  const fieldDefs = useFieldDefs('followUp').data;
  const filter = useMemo(() => followUpListFilter(filters), [filters]);
  const q = useInfiniteQuery({
    queryKey: ['followUps', 'page', filter],
    queryFn: ({ pageParam }) => invoke('followUps:list', { filter, cursor: pageParam, limit: 50, withTotal: pageParam === null }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
  });
  const rows = q.data?.pages.flatMap((p) => p.rows) ?? [];
  const total = q.data?.pages[0]?.total;
  const capped = q.data?.pages[0]?.totalCapped ?? false;
  // a text search looks at a bounded stretch of follow-ups per call (the service has no text index): while the
  // page is not full, look further back on its own a few times (each call is short, the UI stays live),
  // then leave it to the user
  const pages = q.data?.pages ?? [];
  const searchedTo = pages.length ? pages[pages.length - 1].searchedTo : null;
  // a text search that has not looked at every follow-up yet: what it found so far, not a total
  const searching = pages.some((p) => p.searchedTo !== null) && q.hasNextPage;
  const { hasNextPage, isFetching, fetchNextPage } = q;
  useEffect(() => {
    if (searchedTo && hasNextPage && !isFetching && rows.length < 50 && pages.length < AUTO_SEARCH_PAGES) void fetchNextPage();
  }, [searchedTo, hasNextPage, isFetching, rows.length, pages.length, fetchNextPage]);

  const del = useMutation({
    mutationFn: (id: number) => invoke('followUps:delete', { ids: [id] }),
    onSuccess: () => {
      void message.success(t('followUps.deleted'));
      void qc.invalidateQueries({ queryKey: ['followUps'] });
      void qc.invalidateQueries({ queryKey: ['reminders'] });
    },
    onError: (e) => showApiError(e),
  });

  return (
    <Card
      title={t('followUps.title')}
      extra={
        <Space>
          {session.can('settings.manage') && <FollowUpMethodsButton />}
          {session.can('followUps.create') && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing(null)} data-testid="follow-up-add">
              {t('followUps.add')}
            </Button>
          )}
        </Space>
      }
      data-testid="follow-ups-page"
    >
      <Space wrap style={{ marginBottom: 16 }} data-testid="follow-up-filters">
        <Select
          mode="multiple"
          allowClear
          placeholder={t('followUps.filters.allOwners')}
          style={{ minWidth: 160 }}
          value={filters.ownerIds}
          onChange={(v) => setFilters((f) => ({ ...f, ownerIds: v }))}
          options={(owners.data?.owners ?? []).map((o) => ({ value: o.id, label: o.displayName }))}
          data-testid="filter-owner"
        />
        <Select
          mode="multiple"
          allowClear
          placeholder={t('followUps.filters.allMethods')}
          style={{ minWidth: 160 }}
          value={filters.methods}
          onChange={(v) => setFilters((f) => ({ ...f, methods: v }))}
          options={(methods.data?.methods ?? []).map((m) => ({ value: m, label: shipped('followUpMethod', m) }))}
          data-testid="filter-method"
        />
        <DatePicker.RangePicker value={filters.range ?? null} onChange={(v) => setFilters((f) => ({ ...f, range: v }))} data-testid="filter-range" />
        <div style={{ width: 220 }}>
          <CustomerPicker value={filters.customerId} onChange={(id) => setFilters((f) => ({ ...f, customerId: id }))} placeholder={t('followUps.fields.customer')} testId="filter-customer" />
        </div>
        <Input.Search allowClear placeholder={t('followUps.fields.query')} onSearch={(v) => setFilters((f) => ({ ...f, query: v }))} style={{ width: 200 }} data-testid="filter-query" />
        {customFieldFilterItems(
          fieldDefs,
          filters.custom,
          (custom) => setFilters((f) => ({ ...f, custom })),
          t,
          (label, node, testId) => (
            <Space.Compact data-testid={testId}>
              <span className="fu-filter-label">{label}</span>
              {node}
            </Space.Compact>
          ),
        )}
        <Button onClick={() => setFilters({})}>{t('followUps.filters.reset')}</Button>
        {total != null && (
          <Typography.Text type="secondary" data-testid="follow-ups-total" data-capped={capped ? 'true' : 'false'}>
            {searching
              ? t('followUps.foundSoFar', { count: rows.length, formatted: formatNumber(rows.length) })
              : t(capped ? 'followUps.totalCapped' : 'followUps.total', { count: total, formatted: formatNumber(total) })}
          </Typography.Text>
        )}
      </Space>
      <Table<FollowUpRow>
        rowKey="id"
        size="middle"
        loading={q.isLoading}
        dataSource={rows}
        pagination={false}
        locale={{ emptyText: Object.values(filter).some((v) => v !== undefined) ? t('followUps.noMatch') : t('followUps.empty') }}
        data-testid="follow-ups-table"
        columns={[
          { title: t('followUps.fields.at'), dataIndex: 'at', width: 150, render: (v: string) => formatDateTime(v) },
          {
            title: t('followUps.fields.customer'),
            dataIndex: 'customerName',
            width: 160,
            render: (v: string, r) => (
              <Space direction="vertical" size={0}>
                <Link to={`/customers/${r.customerId}`}>{v}</Link>
                {r.dealName && <Typography.Text type="secondary">{r.dealName}</Typography.Text>}
              </Space>
            ),
          },
          { title: t('followUps.fields.method'), dataIndex: 'method', width: 80, render: (v: string) => <Tag data-testid="follow-up-method-tag">{shipped('followUpMethod', v)}</Tag> },
          {
            title: t('followUps.fields.content'),
            dataIndex: 'content',
            render: (v: string, r) => (
              <div>
                <Typography.Paragraph ellipsis={{ rows: 2, expandable: true }} style={{ marginBottom: 0 }}>
                  {v}
                </Typography.Paragraph>
                {r.result && <Typography.Text type="secondary">{t('labeled', { label: t('followUps.fields.result'), value: r.result })}</Typography.Text>}
                <FollowUpCustomValues values={r.custom} />
              </div>
            ),
          },
          {
            title: t('followUps.fields.nextAt'),
            dataIndex: 'nextAt',
            width: 190,
            render: (v: string | null, r) =>
              v || r.nextStep ? (
                <Space direction="vertical" size={0}>
                  {r.nextStep && <span>{r.nextStep}</span>}
                  {v && (
                    <Typography.Text type="secondary">
                      {formatDateTime(v)} {r.reminderId && <Tag color="orange">{t('followUps.reminderPending')}</Tag>}
                    </Typography.Text>
                  )}
                </Space>
              ) : null,
          },
          { title: t('followUps.fields.owner'), dataIndex: 'ownerName', width: 90 },
          {
            key: 'actions',
            width: 110,
            render: (_: unknown, r) => (
              <Space size={0}>
                {session.can('followUps.edit') && <Button type="link" size="small" icon={<EditOutlined />} onClick={() => setEditing(r)} data-testid={`follow-up-edit-${r.id}`} aria-label={t('followUps.edit')} />}
                {session.can('followUps.delete') && (
                  <Popconfirm title={t('followUps.confirmDelete')} onConfirm={() => del.mutate(r.id)} okText={t('followUps.delete')} cancelText={t('form.cancel')}>
                    <Button type="link" size="small" danger icon={<DeleteOutlined />} aria-label={t('followUps.delete')} />
                  </Popconfirm>
                )}
                <CopyTextButton iconOnly source={{ customerName: r.customerName, text: r.nextStep ?? r.content, when: r.nextAt }} />
              </Space>
            ),
          },
        ]}
      />
      {q.hasNextPage && (
        <div style={{ textAlign: 'center', marginTop: 12 }}>
          {searchedTo && (
            <Typography.Text type="secondary" data-testid="follow-ups-searched-to" style={{ marginRight: 12 }}>
              {t('followUps.searchedTo', { date: formatDateTime(searchedTo) })}
            </Typography.Text>
          )}
          <Button onClick={() => void q.fetchNextPage()} loading={q.isFetchingNextPage} data-testid="follow-ups-load-more">
            {searchedTo ? t('followUps.searchOlder') : t('followUps.loadMore')}
          </Button>
        </div>
      )}
      <FollowUpDialog open={editing !== undefined} followUp={editing ?? null} onClose={() => setEditing(undefined)} />
    </Card>
  );
}
