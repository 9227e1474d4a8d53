// 客户列表: search, filters, saved views, column choice, the virtualized table and the bulk bar.
import { useCallback, useEffect, useMemo, useRef, useState, useSyncExternalStore } from 'react';
import { Alert, Badge, Button, Empty, Input, Typography } from 'antd';
import { ExportOutlined, FilterOutlined, ImportOutlined, PlusOutlined, SearchOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router-dom';
import { useSession } from '../../../app/session';
import { formatNumber } from '../../../lib/format';
import { columnsFor } from '../model/columns';
import { countFilters, type CustomerFilter, type CustomerSort, type CustomSort, type ListQuery, type SavedView, type Selection } from '../model/types';
import { FiltersPanel } from '../filters/FiltersPanel';
import { FilterChips } from '../filters/FilterChips';
import { CustomerFormDrawer } from '../form/CustomerFormDrawer';
import { CustomerTable } from './CustomerTable';
import { ColumnPicker } from './ColumnPicker';
import { SavedViews } from './SavedViews';
import { BulkActionBar } from './BulkActionBar';
import { availableBulkActions, type BulkTarget } from './bulkActions';
import { useColumnPrefs, useCustomerOptions, useCustomerPages, useDebounced } from './hooks';
import { ExportDialog } from '../../export/ExportDialog';
import { customerFilterSchema } from '@contract/customers';
import { useFieldDefs } from '../../fields/hooks';
import { customFieldColumns } from '../../fields/listSupport';

const NO_SELECTION: Selection = { kind: 'ids', ids: new Set() };

function filterFromUrl(raw: string | null): CustomerFilter {
  if (!raw) return {};
  try {
    const parsed = customerFilterSchema.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : {};
  } catch {
    return {};
  }
}

export function CustomerListPage() {
  const { t } = useTranslation();
  const session = useSession();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const urlQ = params.get('q') ?? '';
  const [searchText, setSearchText] = useState(urlQ);
  const debounced = useDebounced(searchText, 150);
  // dashboard cards link here with ?filter=<CustomerFilter JSON>; anything that doesn't validate is ignored
  const [filter, setFilter] = useState<CustomerFilter>(() => filterFromUrl(params.get('filter')));
  const [sort, setSortState] = useState<CustomerSort | null>(null);
  const [customSort, setCustomSortState] = useState<CustomSort | null>(null);
  // one sort at a time: a built-in column's or a custom field's
  const setSort = useCallback((s: CustomerSort | null) => {
    setSortState(s);
    if (s) setCustomSortState(null);
  }, []);
  const setCustomSort = useCallback((s: CustomSort | null) => {
    setCustomSortState(s);
    if (s) setSortState(null);
  }, []);
  const fieldDefs = useFieldDefs('customer');
  const customColumns = useMemo(() => customFieldColumns(fieldDefs.data), [fieldDefs.data]);
  const [columns, setColumns] = useColumnPrefs(session.user?.id);
  const [activeView, setActiveView] = useState<string | null>(null);
  const [showFilters, setShowFilters] = useState(false);
  const [selection, setSelection] = useState<Selection>(NO_SELECTION);
  const [creating, setCreating] = useState(false);
  const [exporting, setExporting] = useState(false); // 导出 of everything matching (feature: export)
  const options = useCustomerOptions();

  // the header's global search navigates here with ?q=…: it fills the box and searches at once
  const lastUrlQ = useRef(urlQ);
  useEffect(() => {
    if (urlQ !== lastUrlQ.current) {
      lastUrlQ.current = urlQ;
      setSearchText(urlQ);
    }
  }, [urlQ]);
  const query = searchText === urlQ ? urlQ : debounced;
  useEffect(() => {
    if (debounced !== lastUrlQ.current && debounced === searchText) {
      lastUrlQ.current = debounced;
      setParams(debounced ? { q: debounced } : {}, { replace: true });
    }
  }, [debounced, searchText, setParams]);

  const listQuery: ListQuery = useMemo(() => ({ query, filter, sort, customSort }), [query, filter, sort, customSort]);
  const { cache, key } = useCustomerPages(listQuery);
  useSyncExternalStore(cache.subscribe, cache.getVersion);
  useEffect(() => setSelection(NO_SELECTION), [key]);

  const range = useRef({ first: 0, last: 30 });
  const onRangeChange = useCallback(
    (first: number, last: number) => {
      range.current = { first, last };
      cache.want(first, last);
    },
    [cache],
  );
  useEffect(() => cache.want(range.current.first, range.current.last), [cache]);

  const total = cache.total ?? 0;
  // main stops counting big search results at a cap: say "10,000+" rather than a wrong exact number
  const totalText = `${formatNumber(total)}${cache.capped ? '+' : ''}`;
  const tableColumns = useMemo(() => columnsFor(columns, customColumns), [columns, customColumns]);
  const selectedCount = selection.kind === 'all' ? selection.total : selection.ids.size;

  const toggle = useCallback((id: number, on: boolean) => {
    setSelection((s) => {
      const ids = new Set(s.kind === 'ids' ? s.ids : []);
      if (on) ids.add(id);
      else ids.delete(id);
      return { kind: 'ids', ids };
    });
  }, []);
  const selectVisible = () => {
    const ids = new Set(selection.kind === 'ids' ? selection.ids : []);
    for (let i = range.current.first; i <= range.current.last; i++) {
      const r = cache.row(i);
      if (r && cache.isLoaded(i)) ids.add(r.id);
    }
    setSelection({ kind: 'ids', ids });
  };
  const selectAll = () => setSelection({ kind: 'all', total });
  const clearSelection = () => setSelection(NO_SELECTION);

  const target: BulkTarget = useMemo(
    () => (selection.kind === 'all' ? { filter, ...(query.trim() ? { query: query.trim() } : {}) } : { ids: [...selection.ids] }),
    [selection, filter, query],
  );
  const refresh = useCallback(() => {
    cache.refresh();
    void options.refetch();
  }, [cache, options]);
  const actions = availableBulkActions(session.can);

  const pickView = (v: SavedView | null) => {
    setActiveView(v?.name ?? null);
    setFilter(v?.filter ?? {});
    setCustomSortState(null); // saved views keep built-in sorts only
    setSort(v?.sort ?? null);
    setSearchText(v?.query ?? '');
    if (v?.columns.length) setColumns(v.columns);
  };

  const nFilters = countFilters(filter);
  const filtered = nFilters > 0 || query.trim() !== '';
  return (
    <div className="cust-page" data-testid="customer-list-page">
      <div className="cust-toolbar">
        <Typography.Title level={4} style={{ margin: 0 }}>
          {t('customers.title')}
        </Typography.Title>
        <Typography.Text type="secondary" data-testid="customer-total" data-total={cache.total ?? ''}>
          {cache.total === null ? '…' : t(filtered ? 'customers.totalFiltered' : 'customers.total', { count: cache.total, n: totalText })}
        </Typography.Text>
        <div style={{ flex: 1 }} />
        <Input
          allowClear
          prefix={<SearchOutlined />}
          placeholder={t('customers.searchPlaceholder')}
          value={searchText}
          onChange={(e) => setSearchText(e.target.value)}
          // shrinks to 140 px before the toolbar wraps (English at 1360 px), grows to 300 px first when there is room
          style={{ flex: '1000 1 140px', maxWidth: 300 }}
          data-testid="customer-search"
        />
        <Badge count={nFilters} size="small">
          <Button icon={<FilterOutlined />} type={showFilters ? 'primary' : 'default'} ghost={showFilters} onClick={() => setShowFilters((s) => !s)} data-testid="filters-button">
            {t('customers.filters')}
          </Button>
        </Badge>
        <SavedViews current={{ query: query.trim(), filter, columns, sort }} activeName={activeView} onPick={pickView} />
        <ColumnPicker value={columns} onChange={setColumns} extra={customColumns} />
        {session.can('customers.import') && (
          <Button icon={<ImportOutlined />} onClick={() => navigate('/import')} data-testid="customer-import">
            {t('importer.button')}
          </Button>
        )}
        {session.can('customers.export') && (
          <Button icon={<ExportOutlined />} onClick={() => setExporting(true)} data-testid="customer-export">
            {t('exporter.button')}
          </Button>
        )}
        {session.can('customers.create') && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="customer-create">
            {t('customers.create')}
          </Button>
        )}
      </div>
      {showFilters && <FiltersPanel filter={filter} options={options.data} onChange={setFilter} onClose={() => setShowFilters(false)} />}
      <FilterChips filter={filter} options={options.data} onChange={setFilter} />
      {selectedCount > 0 && (
        <BulkActionBar
          actions={actions}
          target={target}
          count={selectedCount}
          allMatching={selection.kind === 'all'}
          canSelectAll={total > selectedCount}
          totalText={totalText}
          onSelectAll={selectAll}
          onClear={clearSelection}
          onChanged={refresh}
          sort={sort}
          customSort={customSort}
        />
      )}
      {cache.error && (
        <Alert
          type="error"
          showIcon
          data-testid="customer-list-error"
          title={t('customers.loadFailed', { message: cache.error.message })}
          action={
            <Button size="small" onClick={() => cache.refresh()}>
              {t('customers.retry')}
            </Button>
          }
        />
      )}
      <div className="cust-table-wrap">
        <CustomerTable
          cache={cache}
          queryKey={key}
          columns={tableColumns}
          sort={sort}
          onSort={setSort}
          customSort={customSort}
          onCustomSort={setCustomSort}
          selection={selection}
          onToggle={toggle}
          onSelectVisible={selectVisible}
          onSelectAll={selectAll}
          onClearSelection={clearSelection}
          onRangeChange={onRangeChange}
          totalText={totalText}
        />
        {cache.total === 0 && <Empty className="cust-empty" description={t('customers.empty')} data-testid="customer-empty" />}
      </div>
      {exporting && <ExportDialog open entity="customers" filter={filter} query={query.trim() || undefined} sort={sort ?? undefined} customSort={customSort ?? undefined} filteredText={totalText} onClose={() => setExporting(false)} />}
      <CustomerFormDrawer
        open={creating}
        mode="create"
        onClose={() => setCreating(false)}
        onSaved={(c) => {
          setCreating(false);
          refresh();
          navigate(`/customers/${c.id}`);
        }}
      />
    </div>
  );
}
