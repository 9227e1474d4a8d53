// Deal money in integer fen: line totals, rounding, sums and parsing never touch floating point.
import { describe, expect, it } from 'vitest';
import {
  bpToPercentText,
  fenToYuanText,
  itemsTotalFen,
  lineTotalFen,
  lineTotalFenBig,
  MAX_AMOUNT_FEN,
  parsePercentToBp,
  parseYuanToFen,
} from '../../../main/contract/dealMoney';

describe('line total = quantity × unit price × (1 − discount), rounded half up per line', () => {
  // [quantity, unitPriceFen, discountBp, expected total fen]
  const cases: [number, number, number, number][] = [
    [1, 100, 0, 100], // ¥1.00
    [3, 1999, 0, 5997], // 3 × ¥19.99
    [1, 1, 5000, 1], // 0.5 fen rounds up to 1
    [1, 1, 5001, 0], // 0.4999 fen rounds down
    [1, 3, 5000, 2], // 1.5 → 2
    [1, 5, 5000, 3], // 2.5 → 3 (half up, not banker's)
    [1, 999, 3333, 666], // 999 × 0.6667 = 666.0333 → 666
    [7, 333, 1250, 2040], // 2331 × 0.875 = 2039.625 → 2040
    [1, 10, 10000, 0], // 100% discount
    [0, 123456, 0, 0], // zero quantity
    [3, 10, 3333, 20], // 30 × 0.6667 = 20.001 → 20
    // 0.1 + 0.2 style traps: float math would give 0.30000000000000004
    [1, 10, 0, 10],
    // big numbers: exact where float multiplication is not
    [1_000_000_000, 999_999, 0, 999_999_000_000_000],
    [999_999_999, 1_000_001, 1, 999_900_998_900_099],
    [123_456_789, 8_100_001, 4321, 567_900_064_943_220], // ….4731 fen: rounds down
    [1, 999_999_999_999_999, 5000, 500_000_000_000_000], // exactly ….5 fen near the limit: rounds up
    [600, 2_896_085, 7165, 492_624_059], // float math gives …058
  ];
  it.each(cases)('%i × %i fen, %i bp → %i fen', (q, p, bp, expected) => {
    const exact = (BigInt(q) * BigInt(p) * BigInt(10000 - bp) * 10n) / 10000n; // tenths of a fen, floored
    const halfUp = (exact + 5n) / 10n;
    expect(BigInt(expected)).toBe(halfUp); // the table itself is consistent with the rule
    expect(lineTotalFen({ quantity: q, unitPriceFen: p, discountBp: bp })).toBe(expected);
  });

  it('is exact where floating point is not', () => {
    // 600 × ¥28,960.85 at 71.65% off = 4,926,240.585 yuan → ¥4,926,240.59
    const float = Math.round(600 * 2_896_085 * (1 - 7165 / 10000));
    expect(lineTotalFen({ quantity: 600, unitPriceFen: 2_896_085, discountBp: 7165 })).toBe(492_624_059);
    expect(float).toBe(492_624_058); // the naive way loses a fen
  });

  it('refuses fractions, negatives and discounts above 100%', () => {
    expect(() => lineTotalFenBig({ quantity: 1.5, unitPriceFen: 100 })).toThrow(RangeError);
    expect(() => lineTotalFenBig({ quantity: 1, unitPriceFen: -1 })).toThrow(RangeError);
    expect(() => lineTotalFenBig({ quantity: 1, unitPriceFen: 1, discountBp: 10001 })).toThrow(RangeError);
  });

  it('reports totals beyond the limit as null instead of losing precision', () => {
    expect(lineTotalFen({ quantity: 1_000_000_000, unitPriceFen: 1_000_000_000 })).toBeNull();
    expect(itemsTotalFen([{ quantity: 1, unitPriceFen: MAX_AMOUNT_FEN }, { quantity: 1, unitPriceFen: 1 }])).toBeNull();
    expect(itemsTotalFen([{ quantity: 1, unitPriceFen: MAX_AMOUNT_FEN }])).toBe(MAX_AMOUNT_FEN);
  });

  it('sums the rounded line totals (each line rounded once)', () => {
    // each line is 1.5 fen → 2; the sum of rounded lines is 4, not round(3.0) = 3
    expect(itemsTotalFen([{ quantity: 1, unitPriceFen: 3, discountBp: 5000 }, { quantity: 1, unitPriceFen: 3, discountBp: 5000 }])).toBe(4);
    expect(itemsTotalFen([])).toBe(0);
  });
});

describe('typed yuan ↔ fen', () => {
  it.each([
    ['0', 0],
    ['0.01', 1],
    ['0.1', 10],
    ['1234.5', 123450],
    ['1,234.56', 123456],
    ['¥88', 8800],
    ['１２.３４', 1234],
    ['1。5', 150], // a Chinese input method's full stop
    ['１２．３', 1230],
    ['9999999999999.99', 999_999_999_999_999],
  ])('%s → %i fen', (text, fen) => expect(parseYuanToFen(text)).toBe(fen));

  it.each(['', 'abc', 'a', '-', '5万', '1.234', '-5', '1e3', '10000000000000.00', '.5', '1。2。3'])('%s is rejected', (text) => expect(parseYuanToFen(text)).toBeNull());

  it('formats fen for an input box without floats', () => {
    expect(fenToYuanText(0)).toBe('0.00');
    expect(fenToYuanText(5)).toBe('0.05');
    expect(fenToYuanText(123450)).toBe('1234.50');
    expect(fenToYuanText(999_999_999_999_999)).toBe('9999999999999.99');
  });

  it('gives an empty box, not an exception, for a value that is not whole fen (NaN reports unreadable text)', () => {
    // BigInt(NaN) threw here and, with no error boundary, blanked the whole window (review, session 17)
    for (const v of [Number.NaN, Infinity, 1.5]) expect(fenToYuanText(v)).toBe('');
  });

  it('parses discount percentages into basis points', () => {
    expect(parsePercentToBp('12.5')).toBe(1250);
    expect(parsePercentToBp('0.01')).toBe(1);
    expect(parsePercentToBp('100')).toBe(10000);
    expect(parsePercentToBp('100.01')).toBeNull();
    expect(parsePercentToBp('1.234')).toBeNull();
    expect(bpToPercentText(1250)).toBe('12.5');
    expect(bpToPercentText(1)).toBe('0.01');
    expect(bpToPercentText(10000)).toBe('100');
  });
});
