// main/platform/inSteps.ts: steps sized on the median pace of the last five (a fast step grows the next at most
// ×1.5, a lone slow one halves it without setting the pace), every step but the last committed with synchronous = NORMAL and the last with the
// connection's own setting (FULL), which is restored after every step even when a step throws.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { inSteps, StepSizer } from '../../../main/platform/inSteps';
import { openDatabaseFile } from '../../../db/connection';
import type { Db } from '../../../db/sql';

let db: Db | null = null;
let dir = '';
afterEach(() => {
  db?.close();
  db = null;
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

it('StepSizer: growth at most ×1.5, a lone slow step halves the next without setting the pace, a slow machine shrinks to fit', () => {
  const s = new StepSizer({ first: 10, aimMs: 40, min: 5, max: 5000 });
  expect(s.size).toBe(10);
  expect(s.next(10, 1)).toBe(15); // very fast: capped growth, not ×40
  expect(s.next(15, 1.5)).toBe(23);
  expect(s.next(23, 300)).toBe(12); // one slow step (a merge, or the start of a slowdown): halved
  expect(s.next(12, 1.2)).toBe(18); // the median pace is still fast: it grows again
  // every step slow (10 ms an item): once most of the last five are slow, the size fits the aim
  let size = 18;
  for (let i = 0; i < 5; i++) size = s.next(size, size * 10);
  expect(size).toBe(5); // 40 ms / 10 ms = 4, never below min
  // back to 1 ms an item: grows ×1.5 a step and settles where a step takes aimMs
  for (let i = 0; i < 30; i++) size = s.next(size, size * 1);
  expect(size).toBe(40);
  const capped = new StepSizer({ first: 10, aimMs: 40, min: 5, max: 20 });
  expect(capped.next(10, 1)).toBe(15);
  expect(capped.next(15, 1)).toBe(20);
});

it('inSteps with db: steps but the last commit with synchronous = NORMAL, the last with FULL; restored after a throw', async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zg-insteps-'));
  db = openDatabaseFile(path.join(dir, 'x.db'));
  const d = db;
  d.raw.exec('CREATE TABLE t (v INTEGER)');
  const seen: { n: number; sync: number }[] = [];
  const items = Array.from({ length: 100 }, (_v, i) => i);
  const progress: number[] = [];
  await inSteps(
    items,
    (part) => {
      seen.push({ n: part.length, sync: d.raw.pragma('synchronous', { simple: true }) as number });
      d.tx(() => {
        for (const v of part) d.raw.prepare('INSERT INTO t (v) VALUES (?)').run(v);
      });
    },
    { first: 10, aimMs: 40, min: 5, max: 30, db: d, onStep: (done) => progress.push(done) },
  );
  expect(d.raw.prepare('SELECT count(*) FROM t').pluck().get()).toBe(100);
  expect(seen.length).toBeGreaterThan(2);
  expect(seen.slice(0, -1).every((s) => s.sync === 1)).toBe(true); // NORMAL
  expect(seen[seen.length - 1].sync).toBe(2); // FULL
  expect(d.raw.pragma('synchronous', { simple: true })).toBe(2);
  expect(progress[progress.length - 1]).toBe(100 - seen[seen.length - 1].n);
  // sizes: 10, then at most ×1.5 each, never above max
  expect(seen[0].n).toBe(10);
  for (let i = 1; i < seen.length; i++) expect(seen[i].n).toBeLessThanOrEqual(Math.min(30, Math.ceil(seen[i - 1].n * 1.5)));

  // a step that throws: the error reaches the caller and the connection is back to FULL
  await expect(
    inSteps(items, () => {
      throw new Error('boom');
    }, { first: 10, aimMs: 40, min: 5, db: d }),
  ).rejects.toThrow('boom');
  expect(d.raw.pragma('synchronous', { simple: true })).toBe(2);
});

it('inSteps awaits settle between steps (not before the first, not after the last) when settleEveryMs has passed', async () => {
  const log: string[] = [];
  await inSteps(
    Array.from({ length: 50 }, (_v, i) => i),
    (part) => log.push(`step ${part.length}`),
    {
      first: 10,
      aimMs: 40,
      min: 10,
      max: 10,
      settleEveryMs: 0,
      settle: async () => {
        log.push('settle');
      },
    },
  );
  expect(log).toEqual(['step 10', 'settle', 'step 10', 'settle', 'step 10', 'settle', 'step 10', 'settle', 'step 10']);
});

