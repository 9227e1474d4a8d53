// Purging many bin items writes in steps (one transaction each, ~50 ms, progress events in between): every
// item is checked before anything is written, each step takes its customers with their deals and follow-ups
// and writes their purge entries, one batch id and one entry naming the whole purge; an item that went with
// its customer in an earlier step counts as purged, one restored meanwhile stays. secure_delete stays on.
import { afterEach, expect, it } from 'vitest';
import { makeBinWorld, manyCustomers, sql, type BinWorld } from './binWorld';
import { verifyAuditChain } from '../../../main/services/audit/record';

let w: BinWorld;
afterEach(() => w.t.close());

const count = (q: string, ...p: unknown[]) => sql<{ n: number }>(w.t, q, ...p)[0].n;

it('recycleBin:purge of 1,500 customers (and a deal of one of them, and a deal of a live customer): several steps, one batch, all gone', async () => {
  w = await makeBinWorld();
  const ids = manyCustomers(w, 1500);
  const keep = manyCustomers(w, 1)[0];
  const ownDealOf = (c: number) => sql<{ id: number }>(w.t, 'SELECT id FROM deals WHERE customer_id = ?', c)[0].id;
  const liveDeal = ownDealOf(keep);
  await w.t.ok('admin', 'deals:delete', { ids: [liveDeal] } as never);
  await w.t.ok('admin', 'customers:delete', { ids });
  const lastDeal = ownDealOf(ids[1499]); // in the bin with its customer: purged by the customer's step first
  const keys = [...ids.map((i) => `customer:${i}`), `deal:${lastDeal}`, `deal:${liveDeal}`];

  const r = await w.t.ok('admin', 'recycleBin:purge', { ids: keys });
  expect(r.purged).toBe(1502);
  const steps = w.t.events.filter((e) => e.event === 'progress' && (e.payload as { task: string; jobId: string }).task === 'purge' && (e.payload as { jobId: string }).jobId === r.batchId);
  expect(steps.length).toBeGreaterThan(0); // more than one transaction
  expect(count('SELECT count(*) AS n FROM customers WHERE id IN (SELECT value FROM json_each(?))', JSON.stringify(ids))).toBe(0);
  expect(count('SELECT count(*) AS n FROM deals WHERE customer_id IN (SELECT value FROM json_each(?)) OR id = ?', JSON.stringify(ids), liveDeal)).toBe(0);
  expect(count('SELECT count(*) AS n FROM follow_ups WHERE customer_id IN (SELECT value FROM json_each(?))', JSON.stringify(ids))).toBe(0);
  expect(count('SELECT count(*) AS n FROM customers WHERE id = ? AND deleted_at IS NULL', keep)).toBe(1);
  expect(count("SELECT count(*) AS n FROM audit_log WHERE batch_id = ? AND action = 'customer.purge'", r.batchId)).toBe(1500);
  expect(count("SELECT count(*) AS n FROM audit_log WHERE batch_id = ? AND action = 'deal.purge'", r.batchId)).toBe(1501);
  expect(count("SELECT count(*) AS n FROM audit_log WHERE batch_id = ? AND action = 'recycleBin.purge' AND entity IS NULL", r.batchId)).toBe(1);
  // every earlier audit value of a purged customer is redacted, linked to that customer's purge entry
  expect(
    count(
      `SELECT count(*) AS n FROM audit_log a WHERE a.entity = 'customer' AND a.entity_id IN (SELECT value FROM json_each(?)) AND a.action = 'customer.delete'
         AND NOT EXISTS (SELECT 1 FROM audit_redactions x JOIN audit_log p ON p.id = x.purge_audit_id WHERE x.audit_id = a.id AND p.entity_id = a.entity_id AND p.action = 'customer.purge')`,
      JSON.stringify(ids),
    ),
  ).toBe(0);
  expect(w.t.app.context.db.raw.pragma('secure_delete', { simple: true })).toBe(1);
  expect(verifyAuditChain(w.t.app.context.db).ok).toBe(true);
  expect((await w.t.ok('admin', 'recycleBin:list', {})).rows).toEqual([]);
});

it('one item not in the bin: NOT_FOUND before anything is written', async () => {
  w = await makeBinWorld();
  const ids = manyCustomers(w, 300);
  await w.t.ok('admin', 'customers:delete', { ids: ids.slice(0, 299) });
  const auditBefore = count('SELECT count(*) AS n FROM audit_log');
  const e = await w.t.call('admin', 'recycleBin:purge', { ids: ids.map((i) => `customer:${i}`) });
  expect(e.ok ? null : e.error.code).toBe('NOT_FOUND');
  expect(count('SELECT count(*) AS n FROM customers WHERE id IN (SELECT value FROM json_each(?))', JSON.stringify(ids))).toBe(300);
  expect(count('SELECT count(*) AS n FROM audit_log')).toBe(auditBefore);
});
