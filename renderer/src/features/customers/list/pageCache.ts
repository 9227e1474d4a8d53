// Pages of one list query (search + filter + sort), fetched on demand for the rows on screen.
// Why: at 1,000,000 rows the table can only ever hold what is near the viewport. A page is fetched by
// keyset cursor when the previous page is known (cheapest for main), else by `offset` (a scrollbar jump).
// Requests for pages that scrolled away before their turn are never sent; answers for an old query
// (after refresh or a new search) are dropped.
import type { CustomerRow } from '../model/types';

export const PAGE_SIZE = 100;
const MAX_IN_FLIGHT = 2;
const MAX_PAGES = 60;

export interface PageRequest {
  cursor?: string;
  offset?: number;
  limit: number;
  withTotal: boolean;
}
export interface PageAnswer {
  rows: CustomerRow[];
  nextCursor: string | null;
  total: number | null;
  /** main stopped counting at a cap: `total` is a lower bound */
  totalCapped?: boolean;
}
export type PageFetcher = (req: PageRequest) => Promise<PageAnswer>;

export class PageCache {
  private pages = new Map<number, CustomerRow[]>();
  /** rows of the previous generation, shown (instead of skeletons) until their page is fetched again */
  private stale = new Map<number, CustomerRow[]>();
  private cursors = new Map<number, string>();
  private inFlight = new Set<number>();
  private wanted: number[] = [];
  /** first row on screen at the last want(): tells which way the list is moving */
  private lastFirst = 0;
  private generation = 0;
  private listeners = new Set<() => void>();
  private disposed = false;
  total: number | null = null;
  /** the total is a lower bound (main caps counting big search results); it grows as pages arrive */
  capped = false;
  error: Error | null = null;
  /** bumps on every change, so React can subscribe with useSyncExternalStore */
  version = 0;
  /** requests actually sent (for tests and the debug overlay) */
  requests = 0;

  constructor(private readonly fetchPage: PageFetcher) {}

  subscribe = (l: () => void) => {
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  };
  getVersion = () => this.version;

  private emit() {
    this.version++;
    this.listeners.forEach((l) => l());
  }

  row(index: number): CustomerRow | undefined {
    const p = Math.floor(index / PAGE_SIZE);
    return (this.pages.get(p) ?? this.stale.get(p))?.[index % PAGE_SIZE];
  }

  isLoaded(index: number): boolean {
    return this.pages.has(Math.floor(index / PAGE_SIZE));
  }

  /** Rows first..last (inclusive) are on screen: load their pages, nearest to the middle first. */
  want(first: number, last: number) {
    if (this.disposed) return;
    if (this.error) this.error = null; // scrolling elsewhere is also a retry
    const lo = Math.max(0, Math.floor(first / PAGE_SIZE));
    const hiRow = this.total === null ? last : Math.min(last, this.total - 1);
    const hi = Math.max(lo, Math.floor(Math.max(0, hiRow) / PAGE_SIZE));
    const mid = (lo + hi) / 2;
    const list: number[] = [];
    for (let p = lo; p <= hi; p++) list.push(p);
    list.sort((a, b) => Math.abs(a - mid) - Math.abs(b - mid));
    // then the page the list is moving into (a fling crosses a page every few frames: asking for it only
    // once its rows are on screen leaves them blank for a round trip), then the one behind
    const down = first >= this.lastFirst;
    this.lastFirst = first;
    const ahead = down ? hi + 1 : lo - 1;
    const behind = down ? lo - 1 : hi + 1;
    for (const p of [ahead, behind]) if (p >= 0 && (this.total === null || p * PAGE_SIZE < this.total)) list.push(p);
    this.wanted = list;
    this.pump();
  }

  /** Drop everything and fetch again (after an edit); what was on screen stays visible until replaced. */
  refresh() {
    this.generation++;
    this.stale = new Map([...this.stale, ...this.pages]);
    this.pages.clear();
    this.cursors.clear();
    this.inFlight.clear();
    this.total = null;
    this.capped = false;
    this.error = null;
    this.emit();
    this.pump();
  }

  dispose() {
    this.disposed = true;
    this.generation++;
    this.listeners.clear();
  }

  private pump() {
    if (this.disposed || this.error) return;
    for (const p of this.wanted) {
      if (this.inFlight.size >= MAX_IN_FLIGHT) break;
      if (this.pages.has(p) || this.inFlight.has(p)) continue;
      if (this.total !== null && p * PAGE_SIZE >= this.total && p > 0) continue;
      // until the total is known, only one request runs (it carries the count)
      if (this.total === null && this.inFlight.size > 0) break;
      void this.load(p);
    }
  }

  private async load(p: number) {
    const gen = this.generation;
    this.inFlight.add(p);
    const cursor = this.cursors.get(p);
    const req: PageRequest = { limit: PAGE_SIZE, withTotal: this.total === null };
    if (cursor) req.cursor = cursor;
    else if (p > 0) req.offset = p * PAGE_SIZE;
    this.requests++;
    try {
      const ans = await this.fetchPage(req);
      if (gen !== this.generation || this.disposed) return;
      this.pages.set(p, ans.rows);
      this.stale.delete(p);
      if (ans.nextCursor) this.cursors.set(p + 1, ans.nextCursor);
      if (ans.total !== null) {
        this.total = ans.total;
        this.capped = !!ans.totalCapped;
      }
      if (this.capped && this.total !== null) {
        const end = p * PAGE_SIZE + ans.rows.length;
        if (!ans.nextCursor) {
          // reached the real end: the count is exact now
          this.total = end;
          this.capped = false;
        } else if (end + PAGE_SIZE > this.total) {
          this.total = end + PAGE_SIZE; // one more page to scroll into
        }
      }
      this.error = null;
      this.evict();
    } catch (e) {
      if (gen !== this.generation || this.disposed) return;
      // no automatic retry: the list shows the error with a retry button (which calls refresh)
      this.inFlight.delete(p);
      this.error = e as Error;
      this.emit();
      return;
    } finally {
      if (gen === this.generation) this.inFlight.delete(p);
    }
    this.emit();
    this.pump();
  }

  /** Keep memory bounded: forget the pages farthest from what is wanted now. */
  private evict() {
    if (this.pages.size <= MAX_PAGES) return;
    const center = this.wanted.length ? this.wanted[0] : 0;
    const far = [...this.pages.keys()].sort((a, b) => Math.abs(b - center) - Math.abs(a - center));
    for (const p of far.slice(0, this.pages.size - MAX_PAGES)) this.pages.delete(p);
    this.stale.clear();
  }
}
