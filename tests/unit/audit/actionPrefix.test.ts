// The audit list filtered by an action prefix ('customer.') reads one short arm per action, merged by id:
// the same rows, order and cursor pages as the plain range filter, with the other filters applied.
import { afterEach, beforeEach, expect, it } from 'vitest';
import { makeTestApp, type TestApp } from '../../helpers/testApp';
import { recordAudit, type AuditEntry } from '../../../main/services/audit/record';

let t: TestApp;
beforeEach(async () => {
  t = await makeTestApp();
  await t.setupAdmin();
});
afterEach(() => t.close());

it('matches the plain range query: interleaved actions, other filters, cursor pages, prefixes with no match', async () => {
  const db = t.app.context.db;
  const actions = ['customer.create', 'customer.update', 'customer.delete', 'customers.other', 'customer', 'deal.update', 'customer.update.extra'];
  const entries: AuditEntry[] = Array.from({ length: 700 }, (_, i) => ({
    at: new Date(Date.UTC(2026, 0, 1) + i * 60_000).toISOString(),
    userId: i % 3 === 0 ? 1 : null,
    userName: i % 3 === 0 ? '王老板' : null,
    action: actions[(i * 7 + (i >> 3)) % actions.length],
    entity: 'customer',
    entityId: (i % 40) + 1,
  }));
  db.tx(() => recordAudit(db, entries));
  const plain = (where: string, params: unknown[]) => (db.prepare(`SELECT id FROM audit_log WHERE ${where} ORDER BY id DESC`).pluck().all(...params) as number[]);
  const all = async (input: Record<string, unknown>, limit: number) => {
    const ids: number[] = [];
    let cursor: string | null = null;
    for (;;) {
      const page: { rows: { id: number }[]; nextCursor: string | null } = await t.ok('admin', 'audit:list', { ...input, limit, cursor });
      ids.push(...page.rows.map((r) => r.id));
      if (!page.nextCursor) return ids;
      cursor = page.nextCursor;
    }
  };
  const range = "action >= 'customer.' AND action < 'customer.\uffff'";
  expect(await all({ action: 'customer.' }, 37)).toEqual(plain(range, []));
  expect(await all({ action: 'customer.' }, 37)).toHaveLength(plain(range, []).length);
  expect(plain(range, []).length).toBeGreaterThan(300);
  expect(await all({ action: 'customer.', userId: 1 }, 25)).toEqual(plain(`${range} AND user_id = 1`, []));
  expect(await all({ action: 'customer.', entity: 'customer', entityId: 7 }, 5)).toEqual(plain(`${range} AND entity = 'customer' AND entity_id = 7`, []));
  expect(await all({ action: 'customer.', from: entries[500].at }, 50)).toEqual(plain(`${range} AND at >= ?`, [entries[500].at]));
  expect(await all({ action: 'nothing.' }, 10)).toEqual([]);
  // an exact action is not a prefix
  expect(await all({ action: 'customer.update' }, 50)).toEqual(plain("action = 'customer.update'", []));
});
