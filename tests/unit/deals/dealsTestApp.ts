// A test app with an admin, two sales reps and a manager logged in, and helpers that add customers
// and deals. Users and customers are inserted directly (their own modules are tested elsewhere), so
// these tests depend only on the deal channels.
import { makeTestApp, type TestApp } from '../../helpers/testApp';
import { hashPassword } from '../../../main/services/auth/password';
import { roleIdByKey } from '../../../main/services/auth/roles';
import type { ChannelInput, ChannelOutput } from '../../../main/contract';

type DealInput = Partial<ChannelInput<'deals:create'>> & { customerId: number };

export interface DealsTestApp extends TestApp {
  ids: { admin: number; rep1: number; rep2: number; manager: number };
  /** stage id by its shipped name (初步接触, 需求确认, 方案报价, 谈判签约, 赢单, 输单) */
  stage: Record<string, number>;
  addCustomer(name: string, ownerId?: number | null): number;
  deal(caller: string, input: DealInput): Promise<ChannelOutput<'deals:create'>>;
}

export async function makeDealsApp(): Promise<DealsTestApp> {
  const t = await makeTestApp();
  const admin = await t.setupAdmin();
  const db = t.app.context.db;
  const now = t.clock.now().toISOString();
  const addUser = async (username: string, role: 'sales' | 'manager' | 'admin', displayName: string) => {
    const hash = await hashPassword(`${username}-pass-1`);
    const id = Number(
      db
        .prepare('INSERT INTO users (username, display_name, password_hash, role_id, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)')
        .run(username, displayName, hash, roleIdByKey(db, role), now, now).lastInsertRowid,
    );
    await t.ok(username, 'auth:login', { username, password: `${username}-pass-1` });
    return id;
  };
  const rep1 = await addUser('rep1', 'sales', '李销售');
  const rep2 = await addUser('rep2', 'sales', '赵销售');
  const manager = await addUser('manager', 'manager', '钱经理');
  const stages = db.prepare('SELECT id, name FROM stages').all() as { id: number; name: string }[];
  const stage = Object.fromEntries(stages.map((s) => [s.name, s.id]));
  const addCustomer = (name: string, ownerId: number | null = admin.id) =>
    Number(
      db
        .prepare("INSERT INTO customers (name, owner_id, status, created_at, updated_at) VALUES (?, ?, 'following', ?, ?)")
        .run(name, ownerId, now, now).lastInsertRowid,
    );
  return Object.assign(t, {
    ids: { admin: admin.id, rep1, rep2, manager },
    stage,
    addCustomer,
    deal: (caller: string, input: DealInput) =>
      t.ok(caller, 'deals:create', { name: '测试商机', ...input }),
  });
}

/** Count audit rows (optionally of one action). */
export function auditCount(t: TestApp, action?: string): number {
  const db = t.app.context.db;
  return action
    ? (db.prepare('SELECT count(*) AS n FROM audit_log WHERE action = ?').get(action) as { n: number }).n
    : (db.prepare('SELECT count(*) AS n FROM audit_log').get() as { n: number }).n;
}
