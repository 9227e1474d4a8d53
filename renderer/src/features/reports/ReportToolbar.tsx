// Time range presets (+ custom range) and the owner/region/industry/source/level filters shared by all reports.
import { Button, DatePicker, Select, Space } from 'antd';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { useQuery } from '@tanstack/react-query';
import type { ReportFilters } from '@contract/reports';
import { invoke } from '../../lib/api';
import { PRESETS, type Preset, type ReportParams } from './range';
import { useShippedLabel } from '../../lib/shippedLabel';

/** The filter choices and the reports' time zone (one cached reports:options call, shared by page and toolbar). */
export const useReportOptions = () => useQuery({ queryKey: ['reports:options'], queryFn: () => invoke('reports:options') });

/** `value`: the params as withRange gave them (the range picker shows a preset's days). */
export function ReportToolbar({ value, onChange }: { value: ReportParams; onChange: (v: ReportParams) => void }) {
  const { t } = useTranslation();
  const shipped = useShippedLabel();
  const options = useReportOptions();
  const o = options.data;
  const f = value.filters;
  const setFilter = (patch: Partial<ReportFilters>) => {
    const next = { ...f, ...patch };
    for (const k of Object.keys(next) as (keyof ReportFilters)[]) if (!next[k]?.length) delete next[k];
    onChange({ ...value, filters: next });
  };
  const sel = (testId: string, placeholder: string, opts: { value: string | number; label: string }[], v: (string | number)[] | undefined, on: (v: never[]) => void) => (
    <Select
      mode="multiple"
      allowClear
      maxTagCount="responsive"
      style={{ minWidth: 150, maxWidth: 240 }}
      placeholder={placeholder}
      data-testid={testId}
      options={opts}
      value={v ?? []}
      onChange={(x) => on(x as never[])}
    />
  );
  return (
    <Space wrap data-testid="report-toolbar">
      <Select
        data-testid="report-preset"
        style={{ width: 120 }}
        value={value.preset}
        onChange={(p: Preset) => onChange({ ...value, preset: p })}
        options={PRESETS.map((p) => ({ value: p, label: <span data-testid={`preset-${p}`}>{t(`reports.presets.${p}`)}</span> }))}
      />
      <DatePicker.RangePicker
        data-testid="report-range"
        allowClear={false}
        value={[dayjs(value.from), dayjs(value.to)]}
        onChange={(r) => {
          if (r?.[0] && r[1]) onChange({ ...value, preset: 'custom', from: r[0].format('YYYY-MM-DD'), to: r[1].format('YYYY-MM-DD') });
        }}
      />
      {sel('filter-owner', t('reports.filters.owner'), [...(o?.owners ?? []).map((u) => ({ value: u.id, label: u.displayName })), { value: 0, label: t('reports.noOwner') }], f.ownerIds, (v) => setFilter({ ownerIds: v }))}
      {sel('filter-province', t('reports.filters.province'), (o?.provinces ?? []).map((x) => ({ value: x, label: x })), f.provinces, (v) => setFilter({ provinces: v }))}
      {sel('filter-industry', t('reports.filters.industry'), (o?.industries ?? []).map((x) => ({ value: x, label: shipped('industry', x) })), f.industries, (v) => setFilter({ industries: v }))}
      {sel('filter-source', t('reports.filters.source'), (o?.sources ?? []).map((x) => ({ value: x, label: shipped('source', x) })), f.sources, (v) => setFilter({ sources: v }))}
      {sel('filter-level', t('reports.filters.level'), ['A', 'B', 'C'].map((x) => ({ value: x, label: x })), f.levels, (v) => setFilter({ levels: v }))}
      {Object.keys(f).length > 0 && (
        <Button type="link" onClick={() => onChange({ ...value, filters: {} })} data-testid="filters-clear">
          {t('reports.filters.clear')}
        </Button>
      )}
    </Space>
  );
}
