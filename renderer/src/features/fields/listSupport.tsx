// What a record list needs for custom fields: extra columns (key 'custom:<key>') and filter widgets
// writing `filter.custom` in the shapes main understands (select -> [options], number/money/date ->
// { from, to }, text -> { contains }, yes/no -> true/false).
import { DatePicker, Input, InputNumber, Select, Space } from 'antd';
import { Fragment, type ReactNode } from 'react';
import type { TFunction } from 'i18next';
import dayjs from 'dayjs';
import type { CustomField } from '@contract/fields';
import { SORTABLE_FIELD_TYPES } from '@contract/fields';
import { displayCustomValue } from './CustomFieldValues';
import { fieldLabel } from './hooks';

export interface CustomColumnDef {
  key: string;
  width: number;
  /** pass as customers:list `customSort: { key, dir }` */
  customSortKey?: string;
  title(t: TFunction): string;
  render(row: { custom?: Record<string, unknown> }, t: TFunction): ReactNode;
}

export const customColumnKey = (f: CustomField) => `custom:${f.key}`;

/** One list column per live custom field. */
export function customFieldColumns(defs: CustomField[] | undefined): CustomColumnDef[] {
  return (defs ?? [])
    .filter((f) => !f.retiredAt)
    .map((f) => ({
      key: customColumnKey(f),
      width: f.type === 'longText' ? 240 : f.type === 'multiSelect' ? 180 : 130,
      customSortKey: SORTABLE_FIELD_TYPES.includes(f.type) ? f.key : undefined,
      title: () => fieldLabel(f),
      render: (row) => displayCustomValue(f, row.custom?.[f.key]),
    }));
}

type CustomFilter = Record<string, unknown>;

/** One filter control for a custom field. */
export function CustomFieldFilter({ field: f, value, onChange, t }: { field: CustomField; value: unknown; onChange(v: unknown): void; t: TFunction }) {
  const tid = `custom-filter-${f.key}`;
  const range = (value ?? {}) as { from?: unknown; to?: unknown };
  switch (f.type) {
    case 'singleSelect':
    case 'multiSelect':
      return (
        <Select
          mode="multiple"
          allowClear
          style={{ minWidth: 200 }}
          value={(value as string[] | undefined) ?? []}
          options={f.options.map((o) => ({ value: o, label: o }))}
          onChange={(v: string[]) => onChange(v.length ? v : undefined)}
          data-testid={tid}
        />
      );
    case 'boolean':
      return (
        <Select
          allowClear
          style={{ width: 120 }}
          value={value === undefined ? undefined : String(value)}
          options={[
            { value: 'true', label: t('customFields.yes') },
            { value: 'false', label: t('customFields.no') },
          ]}
          onChange={(v?: string) => onChange(v === undefined ? undefined : v === 'true')}
          data-testid={tid}
        />
      );
    case 'number':
    case 'money': {
      const scale = f.type === 'money' ? 100 : 1;
      const num = (x: unknown) => (typeof x === 'number' ? x / scale : null);
      const set = (k: 'from' | 'to', v: number | null) => {
        const next = { ...range, [k]: v === null ? undefined : Math.round(v * scale * 100) / 100 };
        onChange(next.from === undefined && next.to === undefined ? undefined : next);
      };
      return (
        <Space.Compact data-testid={tid}>
          <InputNumber placeholder={t('customFields.from')} value={num(range.from)} onChange={(v) => set('from', v)} />
          <InputNumber placeholder={t('customFields.to')} value={num(range.to)} onChange={(v) => set('to', v)} />
        </Space.Compact>
      );
    }
    case 'date':
    case 'datetime':
      return (
        <DatePicker.RangePicker
          allowEmpty={[true, true]}
          value={range.from || range.to ? [range.from ? dayjs(String(range.from)) : null, range.to ? dayjs(String(range.to)) : null] : null}
          onChange={(r) => {
            const fmt = (d: dayjs.Dayjs | null | undefined, end: boolean) =>
              d ? (f.type === 'date' ? d.format('YYYY-MM-DD') : (end ? d.endOf('day') : d.startOf('day')).toISOString()) : undefined;
            const next = { from: fmt(r?.[0], false), to: fmt(r?.[1], true) };
            onChange(next.from || next.to ? next : undefined);
          }}
          data-testid={tid}
        />
      );
    default:
      return (
        <Input
          allowClear
          placeholder={t('customFields.contains')}
          style={{ width: 200 }}
          value={((value as { contains?: string } | undefined)?.contains as string) ?? ''}
          onChange={(e) => onChange(e.target.value ? { contains: e.target.value } : undefined)}
          data-testid={tid}
        />
      );
  }
}

/** Filter items for every live custom field; `render(label, control, testId)` lays each out like the host panel. */
export function customFieldFilterItems(
  defs: CustomField[] | undefined,
  filter: CustomFilter | undefined,
  onChange: (next: CustomFilter | undefined) => void,
  t: TFunction,
  render: (label: string, node: ReactNode, testId: string) => ReactNode,
): ReactNode[] {
  return (defs ?? [])
    .filter((f) => !f.retiredAt && f.type !== 'longText')
    .map((f) => (
      <Fragment key={f.key}>
      {render(
        fieldLabel(f),
        <CustomFieldFilter
          key={f.key}
          field={f}
          t={t}
          value={filter?.[f.key]}
          onChange={(v) => {
            const next = { ...(filter ?? {}) };
            if (v === undefined) delete next[f.key];
            else next[f.key] = v;
            onChange(Object.keys(next).length ? next : undefined);
          }}
        />,
        `filter-custom-${f.key}`,
      )}
      </Fragment>
    ));
}
