// Pick a customer by typing (name, pinyin, initials, phone — whatever customers:list searches).
import { Select, Spin } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { invoke } from '../../../lib/api';

interface Props {
  value?: number;
  onChange?: (id: number | undefined, name?: string) => void;
  /** shown for the current value before any search (e.g. when editing) */
  initialName?: string;
  placeholder?: string;
  disabled?: boolean;
  testId?: string;
}

export function CustomerPicker({ value, onChange, initialName, placeholder, disabled, testId = 'customer-picker' }: Props) {
  const [query, setQuery] = useState('');
  const { data, isFetching } = useQuery({
    queryKey: ['customerPicker', query],
    queryFn: () => invoke('customers:list', { query: query || undefined, limit: 20, withTotal: false }),
  });
  const options = (data?.rows ?? []).map((c) => ({ value: c.id, label: c.name }));
  if (value && initialName && !options.some((o) => o.value === value)) options.unshift({ value, label: initialName });
  return (
    <Select
      showSearch={{ filterOption: false, onSearch: setQuery }}
      allowClear
      value={value}
      disabled={disabled}
      placeholder={placeholder}
      notFoundContent={isFetching ? <Spin size="small" /> : undefined}
      options={options}
      onChange={(v, opt) => onChange?.(v ?? undefined, (opt as { label?: string } | undefined)?.label)}
      data-testid={testId}
      style={{ width: '100%' }}
    />
  );
}

/** The customer's open and closed deals, for linking a follow-up to one. */
export function DealPicker({ customerId, value, onChange, placeholder }: { customerId?: number; value?: number | null; onChange?: (id: number | null) => void; placeholder?: string }) {
  const { data } = useQuery({
    queryKey: ['dealPicker', customerId],
    queryFn: () => invoke('deals:list', { filter: { customerId: customerId! }, limit: 100 }),
    enabled: !!customerId,
  });
  return (
    <Select
      allowClear
      disabled={!customerId}
      value={value ?? undefined}
      placeholder={placeholder}
      options={(data?.rows ?? []).map((d) => ({ value: d.id, label: d.name }))}
      onChange={(v) => onChange?.(v ?? null)}
      data-testid="deal-picker"
      style={{ width: '100%' }}
    />
  );
}
