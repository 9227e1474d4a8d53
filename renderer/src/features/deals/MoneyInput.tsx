// A yuan text box that yields integer fen: what is typed is parsed as a decimal string, never as a float.
import { Input } from 'antd';
import { useEffect, useState } from 'react';
import { fenToYuanText, parseYuanToFen } from '@contract/dealMoney';

interface Props {
  value?: number | null;
  onChange?(fen: number | null): void;
  disabled?: boolean;
  placeholder?: string;
  'data-testid'?: string;
  style?: React.CSSProperties;
}

export function MoneyInput({ value, onChange, disabled, placeholder, style, ...rest }: Props) {
  const [text, setText] = useState(value === null || value === undefined ? '' : fenToYuanText(value));
  useEffect(() => {
    // follow outside changes (form reset, computed totals) unless they equal what is typed
    const typed = parseYuanToFen(text);
    if (value !== typed) setText(value === null || value === undefined ? '' : fenToYuanText(value));
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [value]);
  return (
    <Input
      prefix="¥"
      inputMode="decimal"
      value={text}
      disabled={disabled}
      placeholder={placeholder}
      style={style}
      data-testid={rest['data-testid']}
      onChange={(e) => {
        setText(e.target.value);
        const fen = e.target.value.trim() === '' ? null : parseYuanToFen(e.target.value);
        // an unparsable text is reported as NaN so form validation can flag it
        onChange?.(fen === null && e.target.value.trim() !== '' ? Number.NaN : fen);
      }}
    />
  );
}

/** Form rule: the field holds valid fen (not NaN). */
export const validFen = (message: string) => ({
  validator: (_: unknown, v: number | null | undefined) => (v === undefined || v === null || Number.isSafeInteger(v) ? Promise.resolve() : Promise.reject(new Error(message))),
});
