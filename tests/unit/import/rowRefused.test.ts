// A chunk is written without a savepoint per row (speed); when the database refuses one row, the chunk
// is rolled back and written again row by row, so that row fails alone and nothing of the first try
// stays behind (customers, search rows, audit entries, in-file duplicate keys).
import path from 'node:path';
import { expect, it } from 'vitest';
import type { TestApp } from '../../helpers/testApp';
import { useImportApp, writeXlsx } from './helpers';

let t: TestApp;
let dir: string;
useImportApp((w) => ({ t, dir } = w));

it('a row the database refuses fails alone; the rest of its chunk goes in once, indexed and audited', async () => {
  t.app.context.db.raw.exec("CREATE TRIGGER test_refuse BEFORE INSERT ON customers WHEN NEW.name = '拒绝公司' BEGIN SELECT RAISE(ABORT, 'refused by test'); END");
  const file = writeXlsx(path.join(dir, 'refuse.xlsx'), [
    ['客户名称', '手机号'],
    ['甲公司', '13800000001'],
    ['拒绝公司', '13800000002'],
    ['乙公司', '13800000003'],
    ['甲公司分部', '13800000001'], // same mobile as row 2: a duplicate within the file
  ]);
  const p = await t.ok('admin', 'import:preview', { path: file });
  const r = await t.ok('admin', 'import:commit', { path: file, sheet: p.sheet, headerRow: p.headerRow, mapping: p.mapping as never, unmapped: 'ignore', onDuplicate: 'skip', allOrNothing: false });
  expect(r).toMatchObject({ total: 4, created: 2, skipped: 1, failed: 1, rolledBack: false, errorReport: { rows: 1 } });
  const list = await t.ok('admin', 'customers:list', { sort: { field: 'createdAt', dir: 'asc' } });
  expect(list.rows.map((c) => c.name).sort()).toEqual(['乙公司', '甲公司'].sort());
  // searchable, each exactly once
  expect((await t.ok('admin', 'customers:list', { query: '13800000003' })).rows.map((c) => c.name)).toEqual(['乙公司']);
  const db = t.app.context.db;
  const indexed = db.prepare('SELECT count(*) AS n FROM customer_grams').get() as { n: number };
  expect(indexed.n).toBe(2);
  const audit = db.prepare('SELECT action FROM audit_log WHERE batch_id = ? ORDER BY id').all(r.batchId) as { action: string }[];
  expect(audit.map((a) => a.action)).toEqual(['customer.create', 'customer.create', 'import.commit']);
});
