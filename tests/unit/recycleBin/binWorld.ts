// A small world for recycle-bin tests: the owner (admin) and a customer with a deal, a follow-up and its
// reminder, all made through the channels.
import { makeTestApp, type FakeClock, type TestApp } from '../../helpers/testApp';

export interface BinWorld {
  t: TestApp;
  adminId: number;
}

export async function makeBinWorld(clock?: FakeClock): Promise<BinWorld> {
  const t = await makeTestApp({ clock });
  const admin = await t.setupAdmin();
  return { t, adminId: admin.id };
}

export async function customerWithRecords(t: TestApp, name: string, extra: Record<string, unknown> = {}) {
  const c = await t.ok('admin', 'customers:create', { name, mobile: '13912345678', email: `${name.length}x@example.cn`, tags: ['重点', '老客户'], notes: '备注', ...extra } as never);
  const deal = await t.ok('admin', 'deals:create', { name: `${name}的单子`, customerId: c.id, amountFen: 123456 });
  const fu = await t.ok('admin', 'followUps:create', {
    customerId: c.id,
    method: '电话',
    content: '聊了报价',
    nextAt: new Date(t.clock.now().getTime() + 3 * 86_400_000).toISOString(),
  });
  return { c, deal, fu };
}

export function sql<T = Record<string, unknown>>(t: TestApp, q: string, ...params: unknown[]): T[] {
  return t.app.context.db.raw.prepare(q).all(...params) as T[];
}

/** n live customers, each with a deal and a follow-up, written straight into the tables (fast); returns their ids. */
export function manyCustomers(w: BinWorld, n: number): number[] {
  const db = w.t.app.context.db;
  const at = w.t.clock.now().toISOString();
  const ins = db.raw.prepare('INSERT INTO customers (name, owner_id, created_at, updated_at) VALUES (?, ?, ?, ?)');
  const deal = db.raw.prepare("INSERT INTO deals (name, customer_id, stage_id, probability, owner_id, amount_fen, created_at, updated_at) VALUES ('单子', ?, (SELECT id FROM stages ORDER BY position LIMIT 1), 10, ?, 100, ?, ?)");
  const fu = db.raw.prepare("INSERT INTO follow_ups (customer_id, owner_id, at, method, content, created_at, updated_at) VALUES (?, ?, ?, '电话', '回访', ?, ?)");
  const ids: number[] = [];
  db.tx(() => {
    for (let i = 0; i < n; i++) {
      const id = Number(ins.run(`批量客户${i}`, w.adminId, at, at).lastInsertRowid);
      deal.run(id, w.adminId, at, at);
      fu.run(id, w.adminId, at, at, at);
      ids.push(id);
    }
  });
  return ids;
}
