// Locale-aware display of money (integer fen), numbers and dates. Stored values never pass through here.
import i18n from '../i18n';

const loc = () => (i18n.language === 'en' ? 'en-US' : 'zh-CN');

// Building an Intl formatter costs ~0.15 ms; long lists format thousands of cells while scrolling.
const formatters = new Map<string, Intl.NumberFormat | Intl.DateTimeFormat>();
function cached<T extends Intl.NumberFormat | Intl.DateTimeFormat>(kind: string, make: (locale: string) => T): T {
  const key = `${kind}:${loc()}`;
  let f = formatters.get(key) as T | undefined;
  if (!f) formatters.set(key, (f = make(loc())));
  return f;
}
const numberFmt = () => cached('number', (l) => new Intl.NumberFormat(l));
const compactFmt = () => cached('compact', (l) => new Intl.NumberFormat(l, { notation: 'compact', maximumFractionDigits: 1 }));
const dateTimeFmt = () =>
  cached('dateTime', (l) => new Intl.DateTimeFormat(l, { year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hour12: false }));
const dateFmt = () => cached('date', (l) => new Intl.DateTimeFormat(l, { year: 'numeric', month: '2-digit', day: '2-digit' }));

export function formatMoneyFen(fen: number | null | undefined, currency = 'CNY'): string {
  if (fen === null || fen === undefined) return '';
  // integer fen -> yuan with exactly two decimals, without floating point surprises for large values
  const neg = fen < 0;
  const abs = Math.abs(fen);
  const yuan = Math.trunc(abs / 100);
  const cents = abs % 100;
  const yuanText = numberFmt().format(yuan);
  const symbol = currency === 'CNY' ? '¥' : `${currency} `;
  return `${neg ? '-' : ''}${symbol}${yuanText}.${String(cents).padStart(2, '0')}`;
}

export function formatNumber(n: number | null | undefined): string {
  return n === null || n === undefined ? '' : numberFmt().format(n);
}

/** Short figures for chart axes: 2.5亿 / 6万 (zh-CN), 250M / 60K (en). Tooltips and tables show the full value. */
export function formatCompact(n: number | null | undefined): string {
  return n === null || n === undefined ? '' : compactFmt().format(n);
}

export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return '';
  const d = new Date(iso);
  return dateTimeFmt().format(d);
}

export function formatDate(iso: string | null | undefined): string {
  if (!iso) return '';
  const d = iso.length === 10 ? new Date(`${iso}T00:00:00`) : new Date(iso);
  return dateFmt().format(d);
}
