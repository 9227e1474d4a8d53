// recycleBin:restore of more than 2,000 items reads its plan (the items, their mobile/email clashes) in chunks
// with the event loop turning in between. The guarantees stay: one item not in the bin → NOT_FOUND and nothing
// written; a clash in a later chunk is found (ask → CONFLICT, skip → left in the bin); twins across chunks clash.
import { afterEach, expect, it } from 'vitest';
import { makeBinWorld, manyCustomers, sql, type BinWorld } from './binWorld';

let w: BinWorld;
afterEach(() => w.t.close());

const keys = (ids: number[]) => ids.map((id) => `customer:${id}`);

it('restore of 2,500: a missing item in the last chunk writes nothing; clashes in later chunks are found', async () => {
  w = await makeBinWorld();
  const db = w.t.app.context.db;
  const ids = manyCustomers(w, 2500);
  // a mobile shared by a customer of the third chunk and a live one; two customers of different chunks share an email
  db.prepare("UPDATE customers SET mobile = '13800138000' WHERE id = ?").run(ids[2300]);
  db.prepare("UPDATE customers SET email = 'twin@example.com' WHERE id IN (?, ?)").run(ids[10], ids[2400]);
  const del = await w.t.ok('admin', 'customers:delete', { ids });
  expect(del.deleted).toBe(2500);
  const live = db.prepare("INSERT INTO customers (name, mobile, owner_id, created_at, updated_at) VALUES ('在用客户', '13800138000', ?, '2026-01-01', '2026-01-01')").run(w.adminId);
  const audits = sql<{ n: number }>(w.t, 'SELECT count(*) AS n FROM audit_log')[0].n;

  // one key not in the bin (the live customer): nothing restored
  const missing = await w.t.call('admin', 'recycleBin:restore', { ids: [...keys(ids), `customer:${live.lastInsertRowid}`], onClash: 'restore' });
  expect(missing.ok).toBe(false);
  expect(!missing.ok && missing.error.code).toBe('NOT_FOUND');
  expect(!missing.ok && (missing.error.details as { missing: number }).missing).toBe(1);
  expect(sql<{ n: number }>(w.t, 'SELECT count(*) AS n FROM customers WHERE deleted_at IS NOT NULL')[0].n).toBe(2500);
  expect(sql<{ n: number }>(w.t, 'SELECT count(*) AS n FROM audit_log')[0].n).toBe(audits);

  // ask: the clash with the live customer (third chunk) and the twins (first and third chunk)
  const ask = await w.t.call('admin', 'recycleBin:restore', { ids: keys(ids), onClash: 'ask' });
  expect(!ask.ok && ask.error.code).toBe('CONFLICT');
  const clashes = (!ask.ok && (ask.error.details as { clashes: { key: string; field: string }[] }).clashes) || [];
  expect(clashes.map((c) => `${c.key}/${c.field}`).sort()).toEqual([`customer:${ids[2300]}/mobile`, `customer:${ids[2400]}/email`].sort());
  expect(sql<{ n: number }>(w.t, 'SELECT count(*) AS n FROM customers WHERE deleted_at IS NOT NULL')[0].n).toBe(2500);

  // skip: those two stay in the bin, the rest come back
  const skip = await w.t.ok('admin', 'recycleBin:restore', { ids: keys(ids), onClash: 'skip' });
  expect(skip.restored).toBe(2498);
  expect(skip.skipped.sort()).toEqual([`customer:${ids[2300]}`, `customer:${ids[2400]}`].sort());
  expect(sql<{ id: number }>(w.t, 'SELECT id FROM customers WHERE deleted_at IS NOT NULL ORDER BY id').map((r) => r.id)).toEqual([ids[2300], ids[2400]]);
});
