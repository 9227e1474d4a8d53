// Main's page cache is let go in steps when a writer thread starts (main/platform/pageCache.ts): the limit steps
// down with an event-loop turn between steps, ends at the configured size, concurrent calls share one release,
// and a connection closed meanwhile ends it quietly. Real SQLite file of a real app core.
import { afterEach, expect, it } from 'vitest';
import { PAGES_PER_STEP, releasePageCache } from '../../../main/platform/pageCache';
import { makeTestApp, type TestApp } from '../../helpers/testApp';

let t: TestApp | null = null;
afterEach(() => t?.close());

/** Every value of `cache_size` seen from a callback on each event-loop turn until `stop()`. */
function watchCacheSize(read: () => number) {
  const seen: number[] = [];
  let on = true;
  const tick = () => {
    if (!on) return;
    seen.push(read());
    setImmediate(tick);
  };
  setImmediate(tick);
  return { seen, stop: () => (on = false) };
}

it('steps the cache limit down one event-loop turn at a time, then restores the configured limit', async () => {
  t = await makeTestApp();
  const db = t.app.context.db;
  const configured = db.raw.pragma('cache_size', { simple: true }) as number;
  expect(configured).toBe(-65536); // db/connection.ts: 64 MiB
  // fill some of the cache first (the release frees what is there)
  db.raw.prepare('SELECT count(*) FROM sqlite_schema').get();
  const w = watchCacheSize(() => db.raw.pragma('cache_size', { simple: true }) as number);
  await releasePageCache(db, { pagesPerStep: 4096 });
  w.stop();
  // 64 MiB of 4 KiB pages = 16,384; every lowered limit was in force for at least one whole turn
  const lowered = [...new Set(w.seen.filter((v) => v > 0))];
  expect(lowered).toEqual([12288, 8192, 4096, 1]);
  expect(db.raw.pragma('cache_size', { simple: true })).toBe(configured);
  // and the connection reads as before
  expect(db.raw.prepare('SELECT count(*) AS n FROM users').get()).toEqual({ n: expect.any(Number) });
  expect(PAGES_PER_STEP).toBeGreaterThan(0);
});

it('a second call while a release runs joins it; the limit is restored once', async () => {
  t = await makeTestApp();
  const db = t.app.context.db;
  const a = releasePageCache(db, { pagesPerStep: 2048 });
  const b = releasePageCache(db);
  expect(b).toBe(a);
  await a;
  expect(db.raw.pragma('cache_size', { simple: true })).toBe(-65536);
  // a later release starts afresh and again ends at the configured size (not at a lowered value it saw)
  await releasePageCache(db, { pagesPerStep: 8192 });
  expect(db.raw.pragma('cache_size', { simple: true })).toBe(-65536);
});

it('a connection closed while the release runs ends it without an error', async () => {
  t = await makeTestApp();
  const db = t.app.context.db;
  const r = releasePageCache(db, { pagesPerStep: 1000 });
  await new Promise((resolve) => setImmediate(resolve));
  t.close();
  t = null;
  await expect(r).resolves.toBeUndefined();
});
