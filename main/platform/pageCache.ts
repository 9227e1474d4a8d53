// Main's SQLite page cache (64 MiB, db/connection.ts) goes stale the moment a writer thread commits on its own
// connection (an import, a big transfer, a delete or restore of many records): main's next read sees the new
// file version and drops every cached page in one go, inside that read. Dropping touches each page, and pages
// that sat idle while the writer worked are slow to touch again on some machines: on the bench machine main's
// first read after a 100k-row import at 1M took 390–580 ms, all of it freeing ~16k cached pages
// (pcache1TruncateUnsafe, page faults in the kernel; perf, docs/benchmarks.md "Session 14").
//
// So when such a writer starts, main lets its cache go in small steps with the event loop turning between them
// (nothing of value is lost: the writer's first commit makes every cached page stale anyway), and the read
// after the writer has almost nothing left to drop. The cache limit is back at its configured size at the end;
// reads refill the cache as before.
import type { Db } from '../../db/sql';
import { nextTurn } from './inSteps';

/** Pages freed per step: at ~30 µs a page where idle memory is slow to touch, one step stays near 30 ms. */
export const PAGES_PER_STEP = 1000;

const running = new WeakMap<Db, Promise<void>>();

/** The cache limit in pages (the pragma's value is pages when positive, KiB when negative). */
function limitInPages(db: Db, cacheSize: number): number {
  if (cacheSize >= 0) return cacheSize;
  const pageSize = db.raw.pragma('page_size', { simple: true }) as number;
  return Math.ceil((-cacheSize * 1024) / pageSize);
}

/**
 * Release `db`'s page cache in steps of `pagesPerStep`, one event-loop turn apart, then restore the configured
 * limit. A call while a release of the same connection runs joins it. Never throws (a closed connection ends it).
 */
export function releasePageCache(db: Db, opts: { pagesPerStep?: number } = {}): Promise<void> {
  const busy = running.get(db);
  if (busy) return busy;
  const step = Math.max(1, opts.pagesPerStep ?? PAGES_PER_STEP);
  const release = (async () => {
    if (!db.raw.open) return;
    // read here, never while another release has it lowered (a second call joins the running one)
    const original = db.raw.pragma('cache_size', { simple: true }) as number;
    try {
      for (let pages = limitInPages(db, original) - step; pages > 0; pages -= step) {
        db.raw.pragma(`cache_size = ${pages}`);
        await nextTurn();
        if (!db.raw.open) return;
      }
      db.raw.pragma('cache_size = 1');
      await nextTurn();
    } finally {
      if (db.raw.open) db.raw.pragma(`cache_size = ${original}`);
    }
  })().catch(() => {});
  running.set(db, release);
  void release.finally(() => running.delete(db));
  return release;
}
