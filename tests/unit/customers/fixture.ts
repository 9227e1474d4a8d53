// A test app with the owner (admin), a manager and two reps logged in on their own windows (callers).
// Users are created through users:create; customers through customers:create unless a test needs SQL.
import { makeTestApp, type FakeClock, type TestApp } from '../../helpers/testApp';
import type { ChannelInput } from '../../../main/contract';

export const PASSWORD = 'secret-pass-1';

export interface CustomersWorld {
  t: TestApp;
  users: { admin: number; manager: number; repA: number; repB: number };
}

export async function makeWorld(opts: { clock?: FakeClock } = {}): Promise<CustomersWorld> {
  const t = await makeTestApp({ clock: opts.clock });
  const admin = await t.setupAdmin();
  const { roles } = await t.ok('admin', 'roles:list');
  const roleId = (key: string) => roles.find((r) => r.builtinKey === key)!.id;
  const mk = async (username: string, displayName: string, role: string) => {
    const id = (await t.ok('admin', 'users:create', { username, displayName, password: PASSWORD, roleId: roleId(role) })).id;
    await t.ok(username, 'auth:login', { username, password: PASSWORD });
    return id;
  };
  const manager = await mk('manager', '刘经理', 'manager');
  const repA = await mk('repA', '张销售', 'sales');
  const repB = await mk('repB', '李销售', 'sales');
  return { t, users: { admin: admin.id, manager, repA, repB } };
}

/** Create through the channel as caller (default admin) and return the customer. */
export async function create(t: TestApp, fields: ChannelInput<'customers:create'>, caller = 'admin') {
  return t.ok(caller, 'customers:create', fields);
}

export async function listAll(t: TestApp, caller: string, input: ChannelInput<'customers:list'> = {}) {
  const out = [];
  let cursor: string | null = null;
  for (let i = 0; i < 1000; i++) {
    const page: Awaited<ReturnType<typeof t.ok<'customers:list'>>> = await t.ok(caller, 'customers:list', { ...input, cursor, limit: input.limit ?? 7 });
    out.push(...page.rows);
    cursor = page.nextCursor;
    if (!cursor) break;
  }
  return out;
}
