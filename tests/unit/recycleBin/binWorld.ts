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
