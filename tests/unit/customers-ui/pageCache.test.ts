import { describe, expect, it } from 'vitest';
import { PAGE_SIZE, PageCache, type PageRequest } from '../../../renderer/src/features/customers/list/pageCache';
import type { CustomerRow } from '../../../renderer/src/features/customers/model/types';

/** A fake customers:list over N rows whose answers the test releases by hand. */
function fakeServer(total: number) {
  const calls: { req: PageRequest; resolve: () => void; reject: (e: Error) => void }[] = [];
  const fetch = (req: PageRequest) =>
    new Promise<{ rows: CustomerRow[]; nextCursor: string | null; total: number | null }>((res, rej) => {
      const start = req.cursor ? Number(req.cursor.slice(1)) : (req.offset ?? 0);
      const rows = Array.from({ length: Math.max(0, Math.min(req.limit, total - start)) }, (_, i) => ({ id: start + i + 1, name: `c${start + i}` }) as CustomerRow);
      const end = start + rows.length;
      calls.push({
        req,
        resolve: () => res({ rows, nextCursor: end < total ? `@${end}` : null, total: req.withTotal ? total : null }),
        reject: rej,
      });
    });
  return { calls, fetch };
}
const flush = () => new Promise((r) => setTimeout(r, 0));

describe('customer list page cache', () => {
  it('first asks for the total, then continues by cursor (one page ahead of the screen) and jumps by offset', async () => {
    const s = fakeServer(1_000_000);
    const c = new PageCache(s.fetch);
    c.want(0, 30);
    expect(s.calls).toHaveLength(1); // until the total is known, one request at a time
    expect(s.calls[0].req).toEqual({ limit: PAGE_SIZE, withTotal: true });
    s.calls[0].resolve();
    await flush();
    expect(c.total).toBe(1_000_000);
    expect(c.row(5)?.name).toBe('c5');
    // the page the list moves into is asked for before its rows reach the screen, by cursor
    expect(s.calls[1].req).toEqual({ limit: PAGE_SIZE, withTotal: false, cursor: '@100' });
    s.calls[1].resolve();
    await flush();
    expect(c.row(150)?.name).toBe('c150');
    expect(s.calls).toHaveLength(2);

    c.want(90, 130); // moving down: the next page ahead follows page 1 by cursor
    expect(s.calls[2].req).toEqual({ limit: PAGE_SIZE, withTotal: false, cursor: '@200' });
    s.calls[2].resolve();
    await flush();

    c.want(500_010, 500_040); // a scrollbar jump: by offset, and the page after it
    expect(s.calls[3].req).toEqual({ limit: PAGE_SIZE, withTotal: false, offset: 500_000 });
    expect(s.calls[4].req).toEqual({ limit: PAGE_SIZE, withTotal: false, offset: 500_100 });
    expect(c.row(500_010)).toBeUndefined(); // a skeleton until it arrives
    s.calls[3].resolve();
    await flush();
    expect(c.row(500_010)?.name).toBe('c500010');

    c.want(499_950, 500_020); // moving up now: first the page on screen, then the one above it is ahead
    expect(s.calls[5].req).toEqual({ limit: PAGE_SIZE, withTotal: false, offset: 499_900 });
    expect(s.calls).toHaveLength(6); // two in flight (500_100 and 499_900)
    s.calls[4].resolve();
    await flush();
    expect(s.calls[6].req).toEqual({ limit: PAGE_SIZE, withTotal: false, offset: 499_800 });
  });

  it('never sends requests for pages that scrolled away before their turn; at most two in flight', async () => {
    const s = fakeServer(1_000_000);
    const c = new PageCache(s.fetch);
    c.want(0, 10);
    s.calls[0].resolve();
    await flush();
    s.calls[1].resolve(); // page 1, asked for ahead
    await flush();
    c.want(10_000, 10_250); // pages 100..102 (+ 103 ahead)
    expect(s.calls).toHaveLength(4);
    c.want(900_000, 900_030); // dragged on before those answered
    s.calls[2].resolve();
    s.calls[3].resolve();
    await flush();
    const sent = s.calls.slice(4).map((x) => x.req.offset ?? x.req.cursor);
    expect(sent).toEqual([900_000, 900_100]); // where the list is now and the page ahead; never 100..103
  });

  it('drops answers of an old generation after refresh, keeping old rows visible until replaced', async () => {
    const s = fakeServer(500);
    const c = new PageCache(s.fetch);
    c.want(0, 10);
    s.calls[0].resolve();
    await flush();
    c.want(150, 160);
    const before = s.calls.length;
    c.refresh();
    s.calls[1].resolve(); // the old generation's page 1: ignored
    await flush();
    expect(c.isLoaded(150)).toBe(false);
    expect(c.row(3)?.name).toBe('c3'); // stale row still shown
    expect(c.isLoaded(3)).toBe(false);
    expect(s.calls).toHaveLength(before + 1);
    expect(s.calls[before].req.withTotal).toBe(true);
  });

  it('stops on an error and starts again on the next scroll', async () => {
    const s = fakeServer(500);
    const c = new PageCache(s.fetch);
    c.want(0, 10);
    s.calls[0].reject(new Error('boom'));
    await flush();
    expect(c.error?.message).toBe('boom');
    expect(s.calls).toHaveLength(1);
    c.want(0, 12);
    expect(c.error).toBeNull();
    expect(s.calls).toHaveLength(2);
  });
});

describe('capped totals', () => {
  it('grows a capped total as the user scrolls past it, and fixes it at the real end', async () => {
    const rows = (start: number, n: number) => Array.from({ length: n }, (_, i) => ({ id: start + i + 1, name: `c${start + i}` }) as CustomerRow);
    const answers: Record<string, { rows: CustomerRow[]; nextCursor: string | null; total: number | null; totalCapped?: boolean }> = {
      first: { rows: rows(0, 100), nextCursor: '@100', total: 200, totalCapped: true },
      '@100': { rows: rows(100, 100), nextCursor: '@200', total: null },
      '@200': { rows: rows(200, 40), nextCursor: null, total: null },
    };
    const c = new PageCache(async (req) => answers[req.cursor ?? 'first']);
    c.want(0, 10);
    await flush();
    // page 0 says "200+"; page 1, fetched ahead, ends at 200 with more to come: one more page to scroll into
    expect([c.total, c.capped]).toEqual([300, true]);
    c.want(150, 199); // page 2, ahead, reaches the real end: the count is exact now
    await flush();
    expect([c.total, c.capped]).toEqual([240, false]);
    expect(c.row(239)?.name).toBe('c239');
  });
});
