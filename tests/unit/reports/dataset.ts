// A small hand-made dataset for the report tests. Every expected number in the tests was worked out
// by hand from this file (the local time zone is UTC+8; the FakeClock says 2026-11-22 14:00 local).
import { makeTestApp, type TestApp } from '../../helpers/testApp';
import { hashPassword } from '../../../main/services/auth/password';
import { roleIdByKey } from '../../../main/services/auth/roles';

export const REP_A = { username: 'lilei', password: 'rep-pass-123', displayName: '李雷' };
export const REP_B = { username: 'hanmei', password: 'rep-pass-456', displayName: '韩梅' };
export const REP_C = { username: 'evil', password: 'rep-pass-789', displayName: '=cmd|1' };

export interface Dataset {
  t: TestApp;
  admin: number;
  a: number;
  b: number;
  c: number;
}

/** local "YYYY-MM-DD HH:MM" (UTC+8) -> stored ISO UTC */
export const L = (s: string) => new Date(`${s.replace(' ', 'T')}:00+08:00`).toISOString();

export async function makeDataset(): Promise<Dataset> {
  const t = await makeTestApp();
  const admin = (await t.setupAdmin()).id;
  const db = t.app.context.db;
  const now = t.clock.now().toISOString();
  const sales = roleIdByKey(db, 'sales');
  const addUser = async (u: typeof REP_A) =>
    Number(
      db
        .prepare('INSERT INTO users (username, display_name, password_hash, role_id, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)')
        .run(u.username, u.displayName, await hashPassword(u.password), sales, now, now).lastInsertRowid,
    );
  const a = await addUser(REP_A);
  const b = await addUser(REP_B);
  const c = await addUser(REP_C);
  await t.ok('repA', 'auth:login', { username: REP_A.username, password: REP_A.password });
  await t.ok('repB', 'auth:login', { username: REP_B.username, password: REP_B.password });

  const cust = db.prepare(
    `INSERT INTO customers (id, name, owner_id, province, industry, source, level, status, created_at, updated_at, next_follow_up_at, deleted_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const C = (id: number, owner: number | null, prov: string | null, ind: string | null, src: string | null, lvl: string | null, status: string, created: string, next: string | null, deleted: string | null = null) =>
    cust.run(id, `客户${id}`, owner, prov, ind, src, lvl, status, created, created, next, deleted);
  C(1, a, '浙江', '制造业', '官网', 'A', 'won', L('2026-11-02 10:00'), L('2026-11-20 08:00'));
  C(2, a, '浙江', '零售', '转介绍', 'B', 'potential', L('2026-11-15 09:00'), L('2026-11-25 08:00'));
  C(3, b, '广东', '制造业', '官网', 'A', 'following', L('2026-11-30 23:30'), L('2026-11-21 08:00'));
  C(4, b, '广东', '零售', '展会', 'C', 'won', L('2026-11-01 00:30'), null); // UTC still Oct 31
  C(5, a, '北京', '制造业', '官网', 'B', 'lost', L('2026-10-10 10:00'), null);
  C(6, null, '上海', null, null, null, 'potential', L('2026-11-05 10:00'), L('2026-11-01 08:00'));
  C(7, a, '浙江', '制造业', '官网', 'A', 'potential', L('2026-11-06 10:00'), L('2026-11-01 08:00'), L('2026-11-07 10:00'));
  C(8, b, '广东', '零售', '展会', 'C', 'potential', L('2026-10-31 23:00'), null);

  const deal = db.prepare(
    `INSERT INTO deals (id, name, customer_id, amount_fen, stage_id, probability, owner_id, status, closed_at, created_at, updated_at, deleted_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const D = (id: number, owner: number, customer: number, fen: number, stage: number, prob: number, status: string, closed: string | null, deleted: string | null = null) =>
    deal.run(id, `商机${id}`, customer, fen, stage, prob, owner, status, closed, L('2026-10-01 09:00'), L('2026-10-01 09:00'), deleted);
  D(1, a, 1, 100000, 5, 100, 'won', L('2026-11-10 10:00'));
  D(2, a, 1, 50000, 5, 100, 'won', L('2026-10-20 10:00'));
  D(3, b, 4, 200000, 5, 100, 'won', L('2026-11-01 00:30'));
  D(4, b, 3, 30000, 6, 0, 'lost', L('2026-11-12 12:00'));
  D(5, a, 2, 80000, 3, 50, 'open', null);
  D(6, b, 3, 120000, 4, 80, 'open', null);
  D(7, a, 5, 10000, 1, 10, 'open', null);
  D(8, a, 1, 999999, 5, 100, 'won', L('2026-11-11 10:00'), L('2026-11-12 10:00'));

  const hist = db.prepare('INSERT INTO deal_stage_history (deal_id, from_stage_id, to_stage_id, at) VALUES (?, ?, ?, ?)');
  const H = (deal: number, to: number, at: string) => hist.run(deal, null, to, L(at));
  H(1, 1, '2026-10-25 00:00');
  H(4, 1, '2026-11-01 12:00');
  H(6, 1, '2026-11-02 00:00');
  H(1, 4, '2026-11-02 00:00');
  H(5, 1, '2026-11-03 00:00');
  H(6, 2, '2026-11-04 00:00');
  H(5, 2, '2026-11-05 00:00');
  H(6, 3, '2026-11-07 00:00');
  H(5, 3, '2026-11-08 00:00');
  H(6, 4, '2026-11-09 00:00');
  H(1, 5, '2026-11-10 00:00');
  H(4, 6, '2026-11-12 12:00');

  const fu = db.prepare(
    `INSERT INTO follow_ups (customer_id, owner_id, at, method, content, created_at, updated_at, deleted_at) VALUES (?, ?, ?, 'phone', '电话', ?, ?, ?)`,
  );
  const F = (customer: number, owner: number, at: string, deleted: string | null = null) => fu.run(customer, owner, L(at), L(at), L(at), deleted);
  F(1, a, '2026-11-03 10:00');
  F(2, a, '2026-11-16 10:00');
  F(3, b, '2026-11-30 23:59');
  F(5, a, '2026-10-11 10:00');
  F(3, b, '2026-11-18 10:00', L('2026-11-19 10:00'));
  F(4, b, '2026-12-01 00:10'); // UTC Nov 30

  return { t, admin, a, b, c };
}

export const NOV = { from: '2026-11-01', to: '2026-11-30' };
export const EMPTY = { from: '2020-01-01', to: '2020-01-31' };
