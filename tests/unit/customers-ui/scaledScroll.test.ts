import { describe, expect, it } from 'vitest';
import { SCROLL_CAP, scrollGeometry, toPhysical, toVirtual } from '../../../renderer/src/features/customers/list/scaledScroll';

describe('scaled scrollbar for the customer list', () => {
  it('is a plain 1:1 scrollbar while the rows fit under the cap', () => {
    const g = scrollGeometry(1000, 36, 600);
    expect(g).toEqual({ maxV: 1000 * 36 - 600, range: 1000 * 36 - 600, scaled: false });
    expect(toVirtual(1234, g)).toBe(1234);
    expect(toPhysical(1234, g)).toBe(1234);
  });

  it('maps the capped scrollbar onto all of 1,000,000 rows: top, middle and bottom are reachable', () => {
    const rowH = 36;
    const bodyH = 700;
    const g = scrollGeometry(1_000_000, rowH, bodyH);
    expect(g.scaled).toBe(true);
    expect(g.range).toBe(SCROLL_CAP);
    const firstRow = (scrollTop: number) => Math.floor(toVirtual(scrollTop, g) / rowH);
    expect(firstRow(0)).toBe(0);
    expect(firstRow(SCROLL_CAP / 2)).toBeGreaterThan(499_000);
    expect(firstRow(SCROLL_CAP / 2)).toBeLessThan(501_000);
    // at the bottom the last row is fully visible
    expect(toVirtual(SCROLL_CAP, g) + bodyH).toBe(1_000_000 * rowH);
    // round trip: the thumb goes back where the offset says
    expect(toPhysical(toVirtual(123_456, g), g)).toBeCloseTo(123_456, 6);
  });

  it('has nothing to scroll for an empty or short list', () => {
    expect(scrollGeometry(0, 36, 600)).toEqual({ maxV: 0, range: 0, scaled: false });
    expect(toVirtual(50, scrollGeometry(5, 36, 600))).toBe(0);
  });
});
