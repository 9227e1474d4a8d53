// A native scrollbar cannot span 1,000,000 rows (browsers cap an element's height at ~17–33M px and a
// 36M px page would be unusable anyway). The scroll area is capped at SCROLL_CAP px and its position is
// mapped proportionally onto the real ("virtual") offset, so dragging the thumb reaches any row; the
// wheel and keys move the virtual offset 1:1 so small scrolls stay smooth.
export const SCROLL_CAP = 2_000_000;

export interface ScrollGeometry {
  /** largest virtual offset: count × rowHeight − body height */
  maxV: number;
  /** largest physical scrollTop */
  range: number;
  scaled: boolean;
}

export function scrollGeometry(count: number, rowHeight: number, bodyHeight: number, cap = SCROLL_CAP): ScrollGeometry {
  const maxV = Math.max(0, count * rowHeight - bodyHeight);
  const range = Math.min(maxV, cap);
  return { maxV, range, scaled: maxV > range };
}

export function toVirtual(scrollTop: number, g: ScrollGeometry): number {
  if (!g.scaled) return Math.min(scrollTop, g.maxV);
  return g.range === 0 ? 0 : Math.min(g.maxV, (scrollTop / g.range) * g.maxV);
}

export function toPhysical(virtual: number, g: ScrollGeometry): number {
  if (!g.scaled) return virtual;
  return g.maxV === 0 ? 0 : (virtual / g.maxV) * g.range;
}

export function clamp(v: number, lo: number, hi: number): number {
  return Math.max(lo, Math.min(hi, v));
}
