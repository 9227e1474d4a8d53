// Locale-aware display of money (integer fen), numbers and dates. Stored values never pass through here.
import i18n from '../i18n';

const loc = () => (i18n.language === 'en' ? 'en-US' : 'zh-CN');

export function formatMoneyFen(fen: number | null | undefined, currency = 'CNY'): string {
  if (fen === null || fen === undefined) return '';
  // integer fen -> yuan with exactly two decimals, without floating point surprises for large values
  const neg = fen < 0;
  const abs = Math.abs(fen);
  const yuan = Math.trunc(abs / 100);
  const cents = abs % 100;
  const yuanText = new Intl.NumberFormat(loc()).format(yuan);
  const symbol = currency === 'CNY' ? '¥' : `${currency} `;
  return `${neg ? '-' : ''}${symbol}${yuanText}.${String(cents).padStart(2, '0')}`;
}

export function formatNumber(n: number | null | undefined): string {
  return n === null || n === undefined ? '' : new Intl.NumberFormat(loc()).format(n);
}

export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return '';
  const d = new Date(iso);
  return new Intl.DateTimeFormat(loc(), { year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hour12: false }).format(d);
}

export function formatDate(iso: string | null | undefined): string {
  if (!iso) return '';
  const d = iso.length === 10 ? new Date(`${iso}T00:00:00`) : new Date(iso);
  return new Intl.DateTimeFormat(loc(), { year: 'numeric', month: '2-digit', day: '2-digit' }).format(d);
}
