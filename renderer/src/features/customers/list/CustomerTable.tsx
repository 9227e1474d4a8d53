// The customer list table: sticky header with sort and the select-all menu, virtualized rows,
// skeleton rows where a page is still loading.
import { memo, useCallback, useSyncExternalStore, type ReactNode } from 'react';
import { Checkbox, Dropdown } from 'antd';
import { CaretDownOutlined, CaretUpOutlined, DownOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import type { ColumnDef } from '../model/columns';
import type { CustomerRow, CustomerSort, CustomSort, Selection } from '../model/types';
import type { PageCache } from './pageCache';
import { ScaledVirtualTable } from './ScaledVirtualTable';

export const ROW_HEIGHT = 36;
const HEADER_HEIGHT = 38;
const CHECK_WIDTH = 44;

interface Props {
  cache: PageCache;
  queryKey: string;
  columns: ColumnDef[];
  sort: CustomerSort | null;
  onSort(sort: CustomerSort | null): void;
  /** sort by a custom field column (customers:list `customSort`); setting one clears the other */
  customSort?: CustomSort | null;
  onCustomSort?(sort: CustomSort | null): void;
  selection: Selection;
  onToggle(id: number, on: boolean): void;
  onSelectVisible(): void;
  onSelectAll(): void;
  onClearSelection(): void;
  onRangeChange(first: number, last: number): void;
  totalText: string;
}

export function CustomerTable(p: Props) {
  const { t } = useTranslation();
  useSyncExternalStore(p.cache.subscribe, p.cache.getVersion);
  const total = p.cache.total ?? 0;
  const width = CHECK_WIDTH + p.columns.reduce((s, c) => s + c.width, 0);
  const isSelected = (id: number) => p.selection.kind === 'all' || p.selection.ids.has(id);

  const renderRow = (index: number) => {
    const row = p.cache.row(index);
    if (!row) return <SkeletonRow columns={p.columns} index={index} />;
    return <Row row={row} index={index} columns={p.columns} selected={isSelected(row.id)} onToggle={p.onToggle} t={t} stale={!p.cache.isLoaded(index)} />;
  };

  const sortDir = (c: ColumnDef) =>
    c.sortField ? (p.sort?.field === c.sortField ? p.sort.dir : null) : c.customSortKey && p.customSort?.key === c.customSortKey ? p.customSort.dir : null;
  const cycleSort = (c: ColumnDef) => {
    if (c.customSortKey && p.onCustomSort) {
      const dir = sortDir(c);
      p.onCustomSort(dir === null ? { key: c.customSortKey, dir: 'asc' } : dir === 'asc' ? { key: c.customSortKey, dir: 'desc' } : null);
      return;
    }
    if (!c.sortField) return;
    if (p.sort?.field !== c.sortField) p.onSort({ field: c.sortField, dir: 'asc' });
    else if (p.sort.dir === 'asc') p.onSort({ field: c.sortField, dir: 'desc' });
    else p.onSort(null);
  };

  const allState = p.selection.kind === 'all' ? 'all' : p.selection.ids.size > 0 ? 'some' : 'none';
  const header = (
    <div className="cust-vt-header" style={{ height: HEADER_HEIGHT, width }} data-testid="customer-table-header">
      <div className="cust-cell cust-check cust-sticky" style={{ width: CHECK_WIDTH }}>
        <Checkbox
          checked={allState === 'all'}
          indeterminate={allState === 'some'}
          data-testid="select-visible"
          onChange={(e) => (e.target.checked ? p.onSelectVisible() : p.onClearSelection())}
        />
        <Dropdown
          trigger={['click']}
          menu={{
            items: [
              { key: 'page', label: <span data-testid="select-page">{t('customers.select.page')}</span>, onClick: p.onSelectVisible },
              { key: 'all', label: <span data-testid="select-all-matching">{t('customers.select.all', { n: p.totalText })}</span>, onClick: p.onSelectAll, disabled: total === 0 },
              { key: 'clear', label: t('customers.select.clear'), onClick: p.onClearSelection },
            ],
          }}
        >
          <DownOutlined className="cust-select-menu" data-testid="select-menu" />
        </Dropdown>
      </div>
      {p.columns.map((c, i) => {
        const dir = sortDir(c);
        const sortable = !!c.sortField || (!!c.customSortKey && !!p.onCustomSort);
        return (
          <div
            key={c.key}
            className={`cust-cell cust-th${sortable ? ' cust-sortable' : ''}${i === 0 ? ' cust-sticky' : ''}`}
            style={{ width: c.width, left: i === 0 ? CHECK_WIDTH : undefined }}
            onClick={() => cycleSort(c)}
            data-testid={`col-${c.key}`}
            data-sort={dir ?? 'none'}
          >
            <span className="cust-th-title">{c.title(t)}</span>
            {sortable && (
              <span className="cust-sorter">
                <CaretUpOutlined className={dir === 'asc' ? 'on' : ''} />
                <CaretDownOutlined className={dir === 'desc' ? 'on' : ''} />
              </span>
            )}
          </div>
        );
      })}
    </div>
  );

  const onRange = useCallback((a: number, b: number) => p.onRangeChange(a, b), [p]);
  return (
    <ScaledVirtualTable
      count={total}
      rowHeight={ROW_HEIGHT}
      headerHeight={HEADER_HEIGHT}
      width={width}
      header={header}
      renderRow={renderRow}
      onRangeChange={onRange}
      resetKey={p.queryKey}
      testId="customer-table"
    />
  );
}

interface RowProps {
  row: CustomerRow;
  index: number;
  columns: ColumnDef[];
  selected: boolean;
  stale: boolean;
  onToggle(id: number, on: boolean): void;
  t: TFunction;
}

const Row = memo(function Row({ row, index, columns, selected, stale, onToggle, t }: RowProps) {
  return (
    <div className={`cust-row${selected ? ' selected' : ''}${stale ? ' stale' : ''}${index % 2 ? ' odd' : ''}`} data-testid="customer-row" data-id={row.id} data-index={index}>
      <div className="cust-cell cust-check cust-sticky" style={{ width: CHECK_WIDTH }}>
        {/* a native checkbox: rows are created by the hundred while scrolling, antd's is much heavier */}
        <input
          type="checkbox"
          className="cust-row-check"
          checked={selected}
          onChange={(e) => onToggle(row.id, e.target.checked)}
          aria-label={t('customers.select.row', { name: row.name })}
          data-testid={`select-row-${row.id}`}
        />
      </div>
      {columns.map((c, i) => (
        <div key={c.key} className={`cust-cell${i === 0 ? ' cust-sticky cust-name' : ''}`} style={{ width: c.width, left: i === 0 ? CHECK_WIDTH : undefined }} data-col={c.key}>
          {c.key === 'name' ? (
            // a plain hash link: the router follows it, and it is much cheaper than <Link> for hundreds of rows
            <a href={`#/customers/${row.id}`} data-testid="customer-link" title={row.name}>
              {row.name}
            </a>
          ) : (
            <CellContent content={c.render(row, t)} />
          )}
        </div>
      ))}
    </div>
  );
});

/** Plain text gets an ellipsis and its full value as a tooltip (a flex cell cannot ellipsize a bare text node). */
function CellContent({ content }: { content: ReactNode }) {
  if (typeof content !== 'string') return <>{content}</>;
  return (
    <span className="cust-text" title={content}>
      {content}
    </span>
  );
}

const SkeletonRow = memo(function SkeletonRow({ columns, index }: { columns: ColumnDef[]; index: number }) {
  return (
    <div className={`cust-row skeleton${index % 2 ? ' odd' : ''}`} data-testid="skeleton-row">
      <div className="cust-cell cust-check cust-sticky" style={{ width: CHECK_WIDTH }} />
      {columns.map((c, i) => (
        <div key={c.key} className={`cust-cell${i === 0 ? ' cust-sticky' : ''}`} style={{ width: c.width, left: i === 0 ? CHECK_WIDTH : undefined }}>
          <span className="cust-skeleton-bar" style={{ width: `${45 + ((index * 7 + c.width) % 40)}%` }} />
        </div>
      ))}
    </div>
  );
});
