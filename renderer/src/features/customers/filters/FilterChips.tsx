// Active conditions as closable chips above the table, so a filter is never hidden from the user.
import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { CustomerFilter, CustomerOptions } from '../model/types';
import { formatDate } from '../../../lib/format';
import { shippedLabelNow } from '../../../lib/shippedLabel';
import { cleanFilter } from './FiltersPanel';

interface Props {
  filter: CustomerFilter;
  options: CustomerOptions | undefined;
  onChange(f: CustomerFilter): void;
}

export function FilterChips({ filter, options, onChange }: Props) {
  const { t } = useTranslation();
  const drop = (...keys: (keyof CustomerFilter)[]) => {
    const next = { ...filter };
    keys.forEach((k) => delete next[k]);
    onChange(cleanFilter(next));
  };
  const ownerName = (id: number | null) => (id === null ? t('customers.pool') : (options?.owners.find((o) => o.id === id)?.displayName ?? `#${id}`));
  const chips: { key: string; label: string; keys: (keyof CustomerFilter)[] }[] = [];
  const list = (label: string, values: string[] | undefined, keys: (keyof CustomerFilter)[]) => {
    if (values?.length) chips.push({ key: keys.join(), label: t('labeled', { label, value: values.join(t('listSep')) }), keys });
  };
  list(t('customers.filter.region'), [...(filter.provinces ?? []), ...(filter.cities ?? [])], ['provinces', 'cities']);
  list(t('customers.filter.level'), filter.levels?.map((l) => t(`customers.level.${l}`)), ['levels']);
  list(t('customers.filter.status'), filter.statuses?.map((s) => t(`customers.status.${s}`)), ['statuses']);
  list(t('customers.filter.industry'), filter.industries?.map((x) => shippedLabelNow('industry', x)), ['industries']);
  list(t('customers.filter.source'), filter.sources?.map((x) => shippedLabelNow('source', x)), ['sources']);
  list(t('customers.filter.owner'), filter.ownerIds?.map(ownerName), ['ownerIds']);
  list(t('customers.filter.tags'), filter.tags, ['tags']);
  if (filter.createdFrom || filter.createdTo)
    chips.push({ key: 'created', label: t('customers.filter.chipCreated', { from: formatDate(filter.createdFrom) || '…', to: formatDate(filter.createdTo) || '…' }), keys: ['createdFrom', 'createdTo'] });
  if (filter.lastFollowUpFrom || filter.lastFollowUpTo)
    chips.push({ key: 'lfu', label: t('customers.filter.chipLastFollowUp', { from: formatDate(filter.lastFollowUpFrom) || '…', to: formatDate(filter.lastFollowUpTo) || '…' }), keys: ['lastFollowUpFrom', 'lastFollowUpTo'] });
  if (filter.nextFollowUpFrom || filter.nextFollowUpTo)
    chips.push({ key: 'nfa', label: t('customers.filter.chipNextFollowUp', { from: formatDate(filter.nextFollowUpFrom) || '…', to: formatDate(filter.nextFollowUpTo) || '…' }), keys: ['nextFollowUpFrom', 'nextFollowUpTo'] });
  if (filter.noFollowUpDays) chips.push({ key: 'nfu', label: t('customers.filter.noFollowUpDays', { days: filter.noFollowUpDays }), keys: ['noFollowUpDays'] });
  if (!chips.length) return null;
  return (
    <div className="cust-chips" data-testid="filter-chips">
      {chips.map((c) => (
        <Tag key={c.key} closable color="blue" onClose={() => drop(...c.keys)} data-testid={`chip-${c.key}`}>
          {c.label}
        </Tag>
      ))}
      <a onClick={() => onChange({})} data-testid="chips-clear">
        {t('customers.filter.reset')}
      </a>
    </div>
  );
}
