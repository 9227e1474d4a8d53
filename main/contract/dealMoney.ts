// Deal money arithmetic in integer fen, shared by main (the stored totals) and the renderer (the totals
// shown while editing), so both always agree. No floating point anywhere: BigInt for the products.
//
// Rounding rule (documented for users and reports):
//   line total (fen) = quantity × unit price (fen) × (10000 − discount in basis points) / 10000,
//   rounded half up (四舍五入) to a whole fen, once per line. The deal amount "from items" is the
//   sum of the rounded line totals. Discounts are 0–10000 bp (0%–100%, 1 bp = 0.01%).

/** Largest amount a deal or a line may hold: just under 10 万亿 yuan, so sums of many deals stay in int64. */
export const MAX_AMOUNT_FEN = 999_999_999_999_999;
export const MAX_QUANTITY = 1_000_000_000;
export const MAX_DISCOUNT_BP = 10_000;

export interface LineInput {
  quantity: number;
  unitPriceFen: number;
  discountBp?: number;
}

/** The exact line total as a BigInt (may exceed MAX_AMOUNT_FEN; callers check). Inputs must be integers ≥ 0. */
export function lineTotalFenBig(line: LineInput): bigint {
  const bp = line.discountBp ?? 0;
  if (![line.quantity, line.unitPriceFen, bp].every((n) => Number.isSafeInteger(n) && n >= 0) || bp > MAX_DISCOUNT_BP) {
    throw new RangeError('line values must be non-negative integers and the discount at most 10000 bp');
  }
  const numerator = BigInt(line.quantity) * BigInt(line.unitPriceFen) * BigInt(MAX_DISCOUNT_BP - bp);
  // half up: add half of the divisor before the (flooring) integer division; everything is non-negative
  return (numerator + 5_000n) / 10_000n;
}

/** Line total in fen, or null when it is larger than MAX_AMOUNT_FEN. */
export function lineTotalFen(line: LineInput): number | null {
  const t = lineTotalFenBig(line);
  return t > BigInt(MAX_AMOUNT_FEN) ? null : Number(t);
}

/** Sum of the rounded line totals, or null when it is larger than MAX_AMOUNT_FEN. */
export function itemsTotalFen(lines: readonly LineInput[]): number | null {
  let sum = 0n;
  for (const l of lines) sum += lineTotalFenBig(l);
  return sum > BigInt(MAX_AMOUNT_FEN) ? null : Number(sum);
}

/**
 * Parse what a person typed as yuan ("1,234.5", "¥88", "０.０１", "1。5" from a Chinese input method's
 * full stop) into integer fen by string arithmetic.
 * More than two decimals is rejected rather than silently rounded. Returns null when not a valid amount.
 */
export function parseYuanToFen(text: string): number | null {
  const s = text
    .replace(/[\uFF10-\uFF19]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/[\uFF0E\u3002]/g, '.')
    .replace(/[\s,，¥￥]/g, '');
  const m = /^(\d+)(?:\.(\d{0,2}))?$/.exec(s);
  if (!m) return null;
  const fen = BigInt(m[1]) * 100n + BigInt((m[2] ?? '').padEnd(2, '0'));
  return fen > BigInt(MAX_AMOUNT_FEN) ? null : Number(fen);
}

/** Integer fen as a plain yuan string for an input box: 123450 -> "1234.50"; '' for anything but an integer. */
export function fenToYuanText(fen: number): string {
  if (!Number.isSafeInteger(fen)) return '';
  const neg = fen < 0;
  const abs = BigInt(Math.abs(fen));
  return `${neg ? '-' : ''}${abs / 100n}.${String(abs % 100n).padStart(2, '0')}`;
}

/** "12.5" (percent, ≤ 2 decimals) -> 1250 basis points; null when invalid or above 100%. */
export function parsePercentToBp(text: string): number | null {
  const m = /^(\d{1,3})(?:\.(\d{0,2}))?$/.exec(text.trim().replace(/[%％]/g, ''));
  if (!m) return null;
  const bp = Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
  return bp > MAX_DISCOUNT_BP ? null : bp;
}

/** 1250 -> "12.5" */
export function bpToPercentText(bp: number): string {
  const whole = Math.trunc(bp / 100);
  const frac = bp % 100;
  return frac === 0 ? String(whole) : `${whole}.${String(frac).padStart(2, '0').replace(/0$/, '')}`;
}
