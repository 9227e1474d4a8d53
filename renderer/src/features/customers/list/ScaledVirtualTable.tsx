// A virtualized table body whose scrollbar works for any row count (see scaledScroll.ts).
// @tanstack/react-virtual computes which rows are on screen from our virtual offset; we feed it that
// offset instead of the element's scrollTop. The visible layer is `position: sticky`, so the browser's
// own scrolling never moves it; we translate the rows ourselves.
import { useCallback, useEffect, useLayoutEffect, useRef, useState, type ReactNode } from 'react';
import { useVirtualizer, type Virtualizer } from '@tanstack/react-virtual';
import { clamp, scrollGeometry, toPhysical, toVirtual, type ScrollGeometry } from './scaledScroll';

interface Props {
  count: number;
  rowHeight: number;
  headerHeight: number;
  /** content width (sum of the columns) */
  width: number;
  header: ReactNode;
  renderRow(index: number): ReactNode;
  onRangeChange(first: number, last: number): void;
  /** a new value scrolls back to the top (new search, filter or sort) */
  resetKey: string;
  testId?: string;
}

// rows are placed relative to an anchor that changes rarely, so their style (and memoized rows) stay put
const ANCHOR_STEP = 36_000;

export function ScaledVirtualTable({ count, rowHeight, headerHeight, width, header, renderRow, onRangeChange, resetKey, testId }: Props) {
  const scrollerRef = useRef<HTMLDivElement>(null);
  const [viewportH, setViewportH] = useState(600);
  const bodyH = Math.max(0, viewportH - headerHeight);
  const geom = scrollGeometry(count, rowHeight, bodyH);
  const geomRef = useRef<ScrollGeometry>(geom);
  geomRef.current = geom;
  const vRef = useRef(0);
  const [v, setV] = useState(0);
  const offsetListeners = useRef(new Set<(offset: number, isScrolling: boolean) => void>());
  const expectedScrollTop = useRef<number | null>(null);

  /** Move to a virtual offset; `sync` also moves the native scrollbar to the matching place. */
  const setVirtual = useCallback((next: number, sync: boolean) => {
    const g = geomRef.current;
    const val = clamp(next, 0, g.maxV);
    vRef.current = val;
    const el = scrollerRef.current;
    if (sync && el) {
      const top = toPhysical(val, g);
      if (Math.abs(el.scrollTop - top) >= 1) {
        el.scrollTop = top;
        // the scroll event this causes must not be read back as a drag (rounding would lose rows)
        expectedScrollTop.current = el.scrollTop;
      }
    }
    setV(val);
    offsetListeners.current.forEach((l) => l(val, false));
  }, []);

  const virtualizer: Virtualizer<HTMLDivElement, Element> = useVirtualizer({
    count,
    getScrollElement: () => scrollerRef.current,
    estimateSize: () => rowHeight,
    overscan: 6,
    initialRect: { width: 0, height: bodyH },
    observeElementRect: (instance, cb) => {
      const el = instance.scrollElement;
      if (!el) return;
      const report = () => {
        setViewportH(el.clientHeight);
        cb({ width: el.clientWidth, height: Math.max(0, el.clientHeight - headerHeight) });
      };
      const ro = new ResizeObserver(report);
      ro.observe(el);
      report();
      return () => ro.disconnect();
    },
    observeElementOffset: (_instance, cb) => {
      offsetListeners.current.add(cb);
      cb(vRef.current, false);
      return () => offsetListeners.current.delete(cb);
    },
    scrollToFn: (offset) => setVirtual(offset, true),
  });

  // keep the offset valid when the row count or the viewport changes
  useLayoutEffect(() => {
    if (vRef.current > geom.maxV) setVirtual(geom.maxV, true);
  }, [geom.maxV, setVirtual]);

  useLayoutEffect(() => {
    setVirtual(0, true);
    if (scrollerRef.current) scrollerRef.current.scrollTop = 0;
  }, [resetKey, setVirtual]);

  const onScroll = () => {
    const el = scrollerRef.current!;
    if (expectedScrollTop.current !== null && Math.abs(el.scrollTop - expectedScrollTop.current) < 1) {
      expectedScrollTop.current = null;
      return;
    }
    expectedScrollTop.current = null;
    setVirtual(toVirtual(el.scrollTop, geomRef.current), false);
  };

  // when scaled, the wheel and keys move the virtual offset 1:1 (a native wheel step would skip rows)
  useEffect(() => {
    const el = scrollerRef.current;
    if (!el) return;
    // wheel events can outnumber frames (touchpads): add them up and move once per frame
    let pendingDy = 0;
    let frame = 0;
    const onWheel = (e: WheelEvent) => {
      if (!geomRef.current.scaled || e.ctrlKey) return;
      const unit = e.deltaMode === 1 ? rowHeight : e.deltaMode === 2 ? el.clientHeight : 1;
      let dy = e.deltaY * unit;
      let dx = e.deltaX * unit;
      if (e.shiftKey && !dx) [dx, dy] = [dy, 0];
      e.preventDefault();
      if (dx) el.scrollLeft += dx;
      if (!dy) return;
      pendingDy += dy;
      frame ||= requestAnimationFrame(() => {
        frame = 0;
        const d = pendingDy;
        pendingDy = 0;
        setVirtual(vRef.current + d, true);
      });
    };
    const onKey = (e: KeyboardEvent) => {
      if (!geomRef.current.scaled || e.target !== el) return;
      const page = Math.max(rowHeight, el.clientHeight - headerHeight - rowHeight);
      const moves: Record<string, number> = { ArrowDown: rowHeight, ArrowUp: -rowHeight, PageDown: page, PageUp: -page, ' ': page };
      if (e.key === 'Home') setVirtual(0, true);
      else if (e.key === 'End') setVirtual(geomRef.current.maxV, true);
      else if (e.key in moves) setVirtual(vRef.current + moves[e.key], true);
      else return;
      e.preventDefault();
    };
    el.addEventListener('wheel', onWheel, { passive: false });
    el.addEventListener('keydown', onKey);
    return () => {
      cancelAnimationFrame(frame);
      el.removeEventListener('wheel', onWheel);
      el.removeEventListener('keydown', onKey);
    };
  }, [rowHeight, headerHeight, setVirtual]);

  const items = virtualizer.getVirtualItems();
  const first = items.length ? items[0].index : 0;
  const last = items.length ? items[items.length - 1].index : -1;
  useEffect(() => {
    if (last >= first) onRangeChange(first, last);
  }, [first, last, onRangeChange]);

  const anchor = Math.floor(v / ANCHOR_STEP) * ANCHOR_STEP;
  return (
    <div
      ref={scrollerRef}
      className="cust-vt-scroller"
      onScroll={onScroll}
      tabIndex={0}
      data-testid={testId}
      data-first-row={first}
      data-scaled={geom.scaled ? 'true' : 'false'}
    >
      <div style={{ height: headerHeight + bodyH + geom.range, width, position: 'relative' }}>
        <div className="cust-vt-layer" style={{ height: viewportH, width }}>
          {header}
          <div className="cust-vt-body" style={{ height: bodyH }}>
            <div style={{ position: 'absolute', left: 0, top: 0, width, transform: `translateY(${anchor - v}px)` }}>
              {items.map((it) => (
                <div key={it.index} style={{ position: 'absolute', left: 0, top: it.start - anchor, height: rowHeight, width, contain: 'strict' }}>
                  {renderRow(it.index)}
                </div>
              ))}
            </div>
          </div>
        </div>
      </div>
    </div>
  );
}
