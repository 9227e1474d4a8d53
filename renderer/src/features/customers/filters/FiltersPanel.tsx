// The filter panel (筛选): every change applies at once (the list is fast enough to follow).
import { Button, Cascader, Checkbox, DatePicker, InputNumber, Radio, Select, Space } from 'antd';
import { useTranslation } from 'react-i18next';
import dayjs, { type Dayjs } from 'dayjs';
import { CUSTOMER_LEVELS, CUSTOMER_STATUSES } from '@contract/customers';
import type { CustomerFilter, CustomerOptions } from '../model/types';
import { customFieldFilterItems } from '../../fields/listSupport';
import { useFieldDefs } from '../../fields/hooks';
import { shippedLabelNow } from '../../../lib/shippedLabel';

interface Props {
  filter: CustomerFilter;
  options: CustomerOptions | undefined;
  onChange(f: CustomerFilter): void;
  onClose(): void;
}

export const POOL_OWNER = 'pool';
const NO_FOLLOW_UP_PRESETS = [7, 15, 30, 60, 90];

/** Drop empty arrays/undefined so an untouched condition is not sent (and not counted). */
export function cleanFilter(f: CustomerFilter): CustomerFilter {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(f)) {
    if (v === undefined || v === null || (Array.isArray(v) && v.length === 0)) continue;
    out[k] = v;
  }
  return out as CustomerFilter;
}

function regionValue(f: CustomerFilter, options: CustomerOptions | undefined): string[][] {
  const provinceOfCity = new Map<string, string>();
  options?.provinces.forEach((p) => p.cities.forEach((c) => provinceOfCity.set(c, p.name)));
  return [...(f.provinces ?? []).map((p) => [p]), ...(f.cities ?? []).map((c) => (provinceOfCity.has(c) ? [provinceOfCity.get(c)!, c] : [c]))];
}

type Range = [Dayjs | null, Dayjs | null] | null;
const toRange = (from?: string, to?: string): Range => (from || to ? [from ? dayjs(from) : null, to ? dayjs(to) : null] : null);
const fromRange = (r: Range | undefined): { from?: string; to?: string } => ({
  from: r?.[0] ? r[0].startOf('day').toISOString() : undefined,
  to: r?.[1] ? r[1].endOf('day').toISOString() : undefined,
});

export function FiltersPanel({ filter, options, onChange, onClose }: Props) {
  const { t } = useTranslation();
  const set = (patch: Partial<CustomerFilter>) => onChange(cleanFilter({ ...filter, ...patch }));
  const customDefs = useFieldDefs('customer').data; // custom field filters (issue 13)
  const owners = (filter.ownerIds ?? []).map((o) => (o === null ? POOL_OWNER : String(o)));
  const item = (label: string, node: React.ReactNode, testId: string) => (
    <div className="cust-filter-item" data-testid={testId}>
      <div className="cust-filter-label">{label}</div>
      <div className="cust-filter-control">{node}</div>
    </div>
  );

  return (
    <div className="cust-filters" data-testid="filters-panel">
      <div className="cust-filter-grid">
        {item(
          t('customers.filter.region'),
          <Cascader
            multiple
            showSearch
            maxTagCount="responsive"
            style={{ width: '100%' }}
            placeholder={t('customers.filter.regionPlaceholder')}
            options={(options?.provinces ?? []).map((p) => ({ value: p.name, label: p.name, children: p.cities.map((c) => ({ value: c, label: c })) }))}
            value={regionValue(filter, options)}
            showCheckedStrategy={Cascader.SHOW_PARENT}
            onChange={(v) => {
              const paths = (v ?? []) as string[][];
              set({ provinces: paths.filter((x) => x.length === 1).map((x) => x[0]), cities: paths.filter((x) => x.length > 1).map((x) => x[x.length - 1]) });
            }}
            data-testid="filter-region-input"
          />,
          'filter-region',
        )}
        {item(
          t('customers.filter.level'),
          <Checkbox.Group
            value={filter.levels ?? []}
            onChange={(v) => set({ levels: v as CustomerFilter['levels'] })}
            options={CUSTOMER_LEVELS.map((l) => ({ value: l, label: <span data-testid={`filter-level-${l}`}>{t(`customers.level.${l}`)}</span> }))}
          />,
          'filter-level',
        )}
        {item(
          t('customers.filter.status'),
          <Checkbox.Group
            value={filter.statuses ?? []}
            onChange={(v) => set({ statuses: v as CustomerFilter['statuses'] })}
            options={CUSTOMER_STATUSES.map((s) => ({ value: s, label: <span data-testid={`filter-status-${s}`}>{t(`customers.status.${s}`)}</span> }))}
          />,
          'filter-status',
        )}
        {item(
          t('customers.filter.industry'),
          <Select mode="multiple" allowClear maxTagCount="responsive" style={{ width: '100%' }} placeholder={t('customers.filter.any')} value={filter.industries ?? []} onChange={(v) => set({ industries: v })} options={(options?.industries ?? []).map((x) => ({ value: x, label: shippedLabelNow('industry', x) }))} data-testid="filter-industry-input" />,
          'filter-industry',
        )}
        {item(
          t('customers.filter.source'),
          <Select mode="multiple" allowClear maxTagCount="responsive" style={{ width: '100%' }} placeholder={t('customers.filter.any')} value={filter.sources ?? []} onChange={(v) => set({ sources: v })} options={(options?.sources ?? []).map((x) => ({ value: x, label: shippedLabelNow('source', x) }))} data-testid="filter-source-input" />,
          'filter-source',
        )}
        {item(
          t('customers.filter.owner'),
          <Select
            mode="multiple"
            allowClear
            maxTagCount="responsive"
            style={{ width: '100%' }}
            placeholder={t('customers.filter.any')}
            value={owners}
            onChange={(v: string[]) => set({ ownerIds: v.map((x) => (x === POOL_OWNER ? null : Number(x))) })}
            options={[{ value: POOL_OWNER, label: t('customers.filter.ownerPool') }, ...(options?.owners ?? []).map((o) => ({ value: String(o.id), label: o.displayName }))]}
            data-testid="filter-owner-input"
          />,
          'filter-owner',
        )}
        {item(
          t('customers.filter.tags'),
          <Select mode="multiple" allowClear maxTagCount="responsive" style={{ width: '100%' }} placeholder={t('customers.filter.any')} value={filter.tags ?? []} onChange={(v) => set({ tags: v })} options={(options?.tags ?? []).map((x) => ({ value: x, label: x }))} data-testid="filter-tags-input" />,
          'filter-tags',
        )}
        {item(
          t('customers.filter.created'),
          <DatePicker.RangePicker
            allowEmpty={[true, true]}
            style={{ width: '100%' }}
            value={toRange(filter.createdFrom, filter.createdTo)}
            onChange={(r) => {
              const { from, to } = fromRange(r as Range);
              set({ createdFrom: from, createdTo: to });
            }}
            data-testid="filter-created-input"
          />,
          'filter-created',
        )}
        {item(
          t('customers.filter.lastFollowUp'),
          <DatePicker.RangePicker
            allowEmpty={[true, true]}
            style={{ width: '100%' }}
            value={toRange(filter.lastFollowUpFrom, filter.lastFollowUpTo)}
            onChange={(r) => {
              const { from, to } = fromRange(r as Range);
              set({ lastFollowUpFrom: from, lastFollowUpTo: to });
            }}
            data-testid="filter-last-follow-up-input"
          />,
          'filter-last-follow-up',
        )}
        {item(
          t('customers.filter.noFollowUp'),
          <Space size={6} wrap>
            <Radio.Group
              size="small"
              optionType="button"
              value={filter.noFollowUpDays && NO_FOLLOW_UP_PRESETS.includes(filter.noFollowUpDays) ? filter.noFollowUpDays : undefined}
              onChange={(e) => set({ noFollowUpDays: e.target.value as number })}
              options={NO_FOLLOW_UP_PRESETS.map((d) => ({ value: d, label: <span data-testid={`filter-no-follow-up-${d}`}>{d}</span> }))}
            />
            <InputNumber
              size="small"
              min={1}
              max={3650}
              style={{ width: 90 }}
              value={filter.noFollowUpDays ?? null}
              onChange={(v) => set({ noFollowUpDays: typeof v === 'number' ? v : undefined })}
              suffix={t('customers.filter.days')}
              data-testid="filter-no-follow-up-input"
            />
          </Space>,
          'filter-no-follow-up',
        )}
        {customFieldFilterItems(customDefs, filter.custom, (custom) => set({ custom }), t, item)}
      </div>
      <div className="cust-filter-actions">
        <Button size="small" onClick={() => onChange({})} data-testid="filters-reset">
          {t('customers.filter.reset')}
        </Button>
        <Button size="small" type="link" onClick={onClose} data-testid="filters-close">
          {t('customers.filter.close')}
        </Button>
      </div>
    </div>
  );
}
