// A small company for permission tests: the owner (admin), a manager, two reps, customers owned by
// each rep and some in the pool, all made through the channels. insertCustomer (plain SQL) is for
// rows whose timestamps a test controls.
import { makeTestApp, type TestApp, type FakeClock } from '../../helpers/testApp';

export interface Company {
  t: TestApp;
  roles: { admin: number; manager: number; sales: number };
  users: { admin: number; manager: number; repA: number; repB: number };
  /** callers (windows) logged in as each user */
  callers: { admin: 'admin'; manager: string; repA: string; repB: string };
  customers: { a1: number; a2: number; b1: number; pool1: number; pool2: number };
}

export const PASSWORD = 'secret-pass-1';

export function insertCustomer(
  t: TestApp,
  c: { name: string; ownerId: number | null; status?: string; createdAt?: string; lastFollowUpAt?: string | null },
): number {
  const at = c.createdAt ?? t.clock.now().toISOString();
  return Number(
    t.app.context.db
      .prepare(
        'INSERT INTO customers (name, owner_id, status, created_at, updated_at, last_follow_up_at) VALUES (?, ?, ?, ?, ?, ?)',
      )
      .run(c.name, c.ownerId, c.status ?? 'potential', at, at, c.lastFollowUpAt ?? null).lastInsertRowid,
  );
}

export async function login(t: TestApp, caller: string, username: string, password = PASSWORD) {
  return (await t.ok(caller, 'auth:login', { username, password })).user;
}

export async function makeCompany(opts: { clock?: FakeClock } = {}): Promise<Company> {
  const t = await makeTestApp({ clock: opts.clock });
  const admin = await t.setupAdmin();
  const { roles } = await t.ok('admin', 'roles:list');
  const roleId = (key: string) => roles.find((r) => r.builtinKey === key)!.id;
  const mk = async (username: string, displayName: string, role: string) =>
    (await t.ok('admin', 'users:create', { username, displayName, password: PASSWORD, roleId: roleId(role) })).id;
  const manager = await mk('manager', '刘经理', 'manager');
  const repA = await mk('rep-a', '张三', 'sales');
  const repB = await mk('rep-b', '李四', 'sales');
  await login(t, 'manager', 'manager');
  await login(t, 'repA', 'rep-a');
  await login(t, 'repB', 'rep-b');
  // through the customers service, so its search index knows them
  const mkc = async (name: string, ownerId: number | null) => (await t.ok('admin', 'customers:create', { name, ownerId })).id;
  const customers = {
    a1: await mkc('甲一贸易', repA),
    a2: await mkc('甲二科技', repA),
    b1: await mkc('乙一商行', repB),
    pool1: await mkc('公海一号', null),
    pool2: await mkc('公海二号', null),
  };
  return {
    t,
    roles: { admin: roleId('admin'), manager: roleId('manager'), sales: roleId('sales') },
    users: { admin: admin.id, manager, repA, repB },
    callers: { admin: 'admin', manager: 'manager', repA: 'repA', repB: 'repB' },
    customers,
  };
}

export function ownerOf(t: TestApp, customerId: number): number | null {
  return (t.app.context.db.prepare('SELECT owner_id FROM customers WHERE id = ?').get(customerId) as { owner_id: number | null }).owner_id;
}

export function auditRows(t: TestApp, where: string, ...params: unknown[]) {
  return t.app.context.db.prepare(`SELECT * FROM audit_log WHERE ${where} ORDER BY id`).all(...params) as {
    id: number;
    action: string;
    entity: string | null;
    entity_id: number | null;
    batch_id: string | null;
    changes: string | null;
    summary: string | null;
    user_id: number | null;
  }[];
}
