// How the commit cuts its writes: a first transaction of chunkRows, then each holding as many rows as fit
// in chunkBudgetMs at the previous pace, in steps of chunkStep (at least chunkRows, at most maxChunkRows),
// so cancel still stops at a transaction edge.
import path from 'node:path';
import { expect, it } from 'vitest';
import type { TestApp } from '../../helpers/testApp';
import { useImportApp, writeXlsx } from './helpers';
import { commitImport, type CommitTask } from '../../../main/services/import/commit';
import { IMPORT_LIMITS } from '../../../main/services/import/limits';

let t: TestApp;
let dir: string;
useImportApp((w) => ({ t, dir } = w));

function task(n: number): CommitTask {
  const rows: unknown[][] = [['客户名称', '手机号']];
  for (let i = 0; i < n; i++) rows.push([`分块客户${i}`, `139${String(i).padStart(8, '0')}`]);
  const file = writeXlsx(path.join(dir, 'chunks.xlsx'), rows);
  return {
    op: 'commit',
    file,
    sheet: '客户',
    headerRow: 1,
    mapping: [
      { column: 0, field: 'name' },
      { column: 1, field: 'mobile' },
    ],
    unmapped: 'ignore',
    dbFile: t.app.context.dbFile,
    actor: { id: 1, displayName: '王老板', scope: 'all' },
    locale: 'zh-CN',
    now: '2026-01-05T08:00:00.000Z',
    batchId: 'chunk-test-batch',
    fileName: 'chunks.xlsx',
    onDuplicate: 'skip',
    allOrNothing: false,
  };
}

const writes = (run: (onProgress: (p: { phase: string; done: number }) => void) => void) => {
  const done: number[] = [];
  run((p) => p.phase === 'write' && done.push(p.done));
  return done;
};

it('grows transactions to maxChunkRows when chunks are quick, in whole chunks', () => {
  const limits = { ...IMPORT_LIMITS, chunkRows: 2, chunkBudgetMs: 60_000, maxChunkRows: 6 } as unknown as typeof IMPORT_LIMITS;
  const done = writes((onProgress) => expect(commitImport(t.app.context.db, task(20), { onProgress }, limits).created).toBe(20));
  expect(done).toEqual([2, 8, 14, 20]);
  // chunks commit with synchronous = NORMAL; the connection is FULL again afterwards (its last commit syncs all)
  expect(t.app.context.db.raw.pragma('synchronous', { simple: true })).toBe(2);
});

it('sizes transactions in steps of chunkStep, not only whole chunks', () => {
  const limits = { ...IMPORT_LIMITS, chunkRows: 2, chunkStep: 1, chunkBudgetMs: 60_000, maxChunkRows: 5 } as unknown as typeof IMPORT_LIMITS;
  const done = writes((onProgress) => expect(commitImport(t.app.context.db, task(20), { onProgress }, limits).created).toBe(20));
  expect(done).toEqual([2, 7, 12, 17, 20]);
});

it('keeps single chunks when one already takes the budget, and cancel stops at a chunk edge', () => {
  const limits = { ...IMPORT_LIMITS, chunkRows: 3, chunkBudgetMs: 0, maxChunkRows: 30 } as unknown as typeof IMPORT_LIMITS;
  const done = writes((onProgress) => expect(commitImport(t.app.context.db, task(10), { onProgress }, limits).created).toBe(10));
  expect(done).toEqual([3, 6, 9, 10]);
  let calls = 0;
  const r = commitImport(t.app.context.db, { ...task(10), batchId: 'chunk-test-2', onDuplicate: 'create' }, { cancelled: () => ++calls > 2 }, limits);
  expect(r).toMatchObject({ cancelled: true, created: 6, skipped: 4 });
});
