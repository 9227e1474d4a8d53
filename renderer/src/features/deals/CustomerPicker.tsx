// Pick a customer by searching customers:list (汉字, pinyin, initials, phone — the customers module's search).
import { Select } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { invoke } from '../../lib/api';

interface Props {
  value?: number;
  onChange?(id: number): void;
  /** the current customer's name, shown before any search */
  initialName?: string | null;
  disabled?: boolean;
}

export function CustomerPicker({ value, onChange, initialName, disabled }: Props) {
  const { t } = useTranslation();
  const [options, setOptions] = useState<{ value: number; label: string }[]>(value && initialName ? [{ value, label: initialName }] : []);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);
  const seq = useRef(0);

  const search = async (query: string) => {
    const mine = ++seq.current;
    setLoading(true);
    try {
      const res = await invoke('customers:list', { query: query || undefined, limit: 20 });
      if (mine !== seq.current) return;
      setOptions(res.rows.map((r) => ({ value: r.id, label: r.mobile ? t('withNote', { text: r.name, note: r.mobile }) : r.name })));
      setError(null);
    } catch (e) {
      if (mine === seq.current) setError((e as Error).message);
    } finally {
      if (mine === seq.current) setLoading(false);
    }
  };
  useEffect(() => {
    if (!disabled) void search('');
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  return (
    <>
      <Select
        showSearch={{ filterOption: false, onSearch: (q) => void search(q) }}
        value={value}
        onChange={(v) => onChange?.(v)}
        options={options}
        loading={loading}
        disabled={disabled}
        placeholder={t('deals.customerPicker.placeholder')}
        notFoundContent={error ? t('deals.customerPicker.failed', { msg: error }) : undefined}
        data-testid="deal-customer-picker"
        style={{ width: '100%' }}
      />
    </>
  );
}
