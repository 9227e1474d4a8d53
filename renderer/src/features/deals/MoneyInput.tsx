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
  const unreadable = text.trim() !== '' && parseYuanToFen(text) === null;
  useEffect(() => {
    // follow outside changes (form reset, computed totals) unless they equal what is typed; NaN is this
    // box's own report of an unreadable text coming back: the text stays as typed
    if (value !== undefined && value !== null && !Number.isSafeInteger(value)) return;
    const typed = parseYuanToFen(text);
    if (value !== typed) setText(value === null || value === undefined ? '' : fenToYuanText(value));
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [value]);
  return (
    <Input
      prefix="¥"
      inputMode="decimal"
      value={text}
      // an unreadable amount is marked here too (the deal list's filters have no form rule to say it)
      status={unreadable ? 'error' : undefined}
      aria-invalid={unreadable || undefined}
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
