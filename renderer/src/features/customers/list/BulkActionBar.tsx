import { useState } from 'react';
import { Button, Space } from 'antd';
import { useTranslation } from 'react-i18next';
import { formatNumber } from '../../../lib/format';
import type { BulkAction, BulkTarget } from './bulkActions';
import type { CustomerSort, CustomSort } from '../model/types';

interface Props {
  actions: BulkAction[];
  target: BulkTarget;
  count: number;
  allMatching: boolean;
  canSelectAll: boolean;
  /** the list's total, formatted ("10,000+" when capped) */
  totalText: string;
  onSelectAll(): void;
  onClear(): void;
  onChanged(): void;
  /** the list's built-in sort (exports follow it) */
  sort?: CustomerSort | null;
  customSort?: CustomSort | null;
}

/** Shown while rows are selected: the count, select-all / clear, and the actions with their dialogs. */
export function BulkActionBar({ actions, target, count, allMatching, canSelectAll, totalText, onSelectAll, onClear, onChanged, sort, customSort }: Props) {
  const { t } = useTranslation();
  const [openKey, setOpenKey] = useState<string | null>(null);
  const countText = allMatching ? totalText : formatNumber(count);
  return (
    <div className="cust-bulk-bar" data-testid="bulk-bar">
      <span data-testid="selection-count">{allMatching ? t('customers.select.selectedAll', { n: totalText }) : t('customers.select.selected', { n: countText })}</span>
      {!allMatching && canSelectAll && (
        <a onClick={onSelectAll} data-testid="bulk-select-all">
          {t('customers.select.all', { n: totalText })}
        </a>
      )}
      <a onClick={onClear} data-testid="bulk-clear">
        {t('customers.select.clear')}
      </a>
      <div style={{ flex: 1 }} />
      <Space size={8}>
        {actions.map((a) => (
          <Button key={a.key} size="small" icon={a.icon} danger={a.danger} onClick={() => setOpenKey(a.key)} data-testid={`bulk-${a.key}`}>
            {t(a.labelKey)}
          </Button>
        ))}
      </Space>
      {actions.map((a) =>
        openKey === a.key ? (
          <a.Dialog
            key={a.key}
            open
            target={target}
            count={count}
            countText={countText}
            sort={sort}
            customSort={customSort}
            onClose={() => setOpenKey(null)}
            onDone={() => {
              onChanged();
              if (a.clearsSelection) onClear();
            }}
          />
        ) : null,
      )}
    </div>
  );
}
