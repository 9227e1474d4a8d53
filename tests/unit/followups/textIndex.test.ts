// The follow-up text index (migration 0018) against plain LIKE: the same rows in the same order, exact totals,
// for random texts (汉字, latin, digits, % _ quotes and backslashes) after creates, edits, deletes, restores,
// purges and customer renames / delete cascades — and the index itself equal to a fresh fill.
import { afterEach, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { openWorld, iso, DAY, type World } from '../reminders/support';
import { fillTextStep, textFillState } from '../../../main/services/followUps/textIndex';
import { TEXT_CANDIDATE_CAP } from '../../../main/services/followUps/queries';
import type { ChannelOutput } from '../../../main/contract';
import { indexContents as contentsOf, refill as refillDb } from './textIndexHelpers';

const indexContents = (w: World) => contentsOf(w.app.context.db.raw);
const refill = (w: World) => refillDb(w.app.context.db.raw);

let w: World;
afterEach(() => w?.close());

const ALPHABET = ['电', '话', '沟', '通', '客', '户', '报', '价', 'a', 'B', 'b', 'z', 'É', 'é', '1', '7', '%', '_', "'", '"', '\\', ' ', '龙', '井', '😀'];
const textArb = fc.array(fc.constantFrom(...ALPHABET), { minLength: 1, maxLength: 14 }).map((a) => a.join(''));

/** The rows LIKE finds for `user` (admin: every live customer; rep: their own and the pool's), newest first. */
function expected(w: World, query: string, repId: number | null, method?: string): number[] {
  const q = query.trim();
  const like = `%${q.replace(/[\\%_]/g, (m) => '\\' + m)}%`;
  return w
    .sql<{ id: number }>(
      `SELECT f.id FROM follow_ups f JOIN customers c ON c.id = f.customer_id
       WHERE f.deleted_at IS NULL AND c.deleted_at IS NULL ${repId ? 'AND (c.owner_id = ? OR c.owner_id IS NULL)' : ''} ${method ? 'AND f.method = ?' : ''}
         AND (f.content LIKE ? ESCAPE '\\' OR f.result LIKE ? ESCAPE '\\' OR f.next_step LIKE ? ESCAPE '\\' OR c.name LIKE ? ESCAPE '\\')
       ORDER BY f.at DESC, f.id DESC`,
      ...[...(repId ? [repId] : []), ...(method ? [method] : []), like, like, like, like],
    )
    .map((r) => r.id);
}

/** Every page of the list for a query (limit 4: cursors), its first total, and whether any page walked a window. */
async function listed(w: World, caller: string, query: string, method?: string) {
  const ids: number[] = [];
  let cursor: string | null = null;
  let total: number | null = null;
  let capped = false;
  let windowed = false;
  for (let i = 0; i < 500; i++) {
    const page: ChannelOutput<'followUps:list'> = await w.ok(caller, 'followUps:list', { filter: { query, ...(method ? { methods: [method] } : {}) }, limit: 4, cursor, withTotal: !cursor });
    if (!cursor) [total, capped] = [page.total, page.totalCapped];
    if (page.searchedTo) windowed = true;
    ids.push(...page.rows.map((r) => r.id));
    cursor = page.nextCursor;
    if (!cursor) break;
  }
  return { ids, total, capped, windowed };
}

type Op =
  | { k: 'create'; cust: number; content: string; result: string | null; next: string | null; method: string; ago: number }
  | { k: 'edit'; pick: number; content: string; result: string | null }
  | { k: 'delete'; pick: number }
  | { k: 'restore'; pick: number }
  | { k: 'purge'; pick: number }
  | { k: 'rename'; cust: number; name: string }
  | { k: 'custDelete'; cust: number }
  | { k: 'custRestore'; cust: number };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 6, arbitrary: fc.record({ k: fc.constant('create' as const), cust: fc.nat(3), content: textArb, result: fc.option(textArb), next: fc.option(textArb), method: fc.constantFrom('电话', '微信'), ago: fc.nat(50) }) },
  { weight: 2, arbitrary: fc.record({ k: fc.constant('edit' as const), pick: fc.nat(), content: textArb, result: fc.option(textArb) }) },
  { weight: 1, arbitrary: fc.record({ k: fc.constant('delete' as const), pick: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ k: fc.constant('restore' as const), pick: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ k: fc.constant('purge' as const), pick: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ k: fc.constant('rename' as const), cust: fc.nat(3), name: textArb }) },
  { weight: 1, arbitrary: fc.record({ k: fc.constant('custDelete' as const), cust: fc.nat(3) }) },
  { weight: 1, arbitrary: fc.record({ k: fc.constant('custRestore' as const), cust: fc.nat(3) }) },
);

async function apply(w: World, custs: number[], op: Op): Promise<void> {
  const live = () => w.sql<{ id: number; version: number }>('SELECT id, version FROM follow_ups WHERE deleted_at IS NULL ORDER BY id');
  const pickOf = <T>(list: T[], n: number) => (list.length ? list[n % list.length] : undefined);
  switch (op.k) {
    case 'create': {
      const c = custs[op.cust];
      if (w.sql('SELECT 1 FROM customers WHERE id = ? AND deleted_at IS NULL', c).length === 0) return;
      await w.ok('admin', 'followUps:create', { customerId: c, method: op.method, content: op.content.trim() || 'x', result: op.result, nextStep: op.next, at: iso(w.clock, -op.ago * DAY) });
      return;
    }
    case 'edit': {
      const f = pickOf(live(), op.pick);
      if (f) await w.call('admin', 'followUps:update', { id: f.id, version: f.version, patch: { content: op.content.trim() || 'y', result: op.result } });
      return;
    }
    case 'delete': {
      const f = pickOf(live(), op.pick);
      if (f) await w.ok('admin', 'followUps:delete', { ids: [f.id] });
      return;
    }
    case 'restore': {
      const gone = w.sql<{ id: number }>("SELECT id FROM follow_ups WHERE deleted_at IS NOT NULL AND delete_batch_id IS NOT NULL ORDER BY id");
      const f = pickOf(gone, op.pick);
      if (f) await w.call('admin', 'recycleBin:restore', { ids: [`followUp:${f.id}`], onClash: 'restore' });
      return;
    }
    case 'purge': {
      const gone = w.sql<{ id: number }>('SELECT id FROM follow_ups WHERE deleted_at IS NOT NULL ORDER BY id');
      const f = pickOf(gone, op.pick);
      if (f) await w.call('admin', 'recycleBin:purge', { ids: [`followUp:${f.id}`] });
      return;
    }
    case 'rename': {
      const c = w.sql<{ version: number }>('SELECT version FROM customers WHERE id = ? AND deleted_at IS NULL', custs[op.cust])[0];
      if (c) await w.call('admin', 'customers:update', { id: custs[op.cust], version: c.version, patch: { name: op.name.trim() || 'n' }, allowDuplicate: true });
      return;
    }
    case 'custDelete':
      if (w.sql('SELECT 1 FROM customers WHERE id = ? AND deleted_at IS NULL', custs[op.cust]).length) await w.ok('admin', 'customers:delete', { ids: [custs[op.cust]] });
      return;
    case 'custRestore':
      if (w.sql('SELECT 1 FROM customers WHERE id = ? AND deleted_at IS NOT NULL', custs[op.cust]).length) await w.call('admin', 'recycleBin:restore', { ids: [`customer:${custs[op.cust]}`], onClash: 'restore' });
      return;
  }
}

async function compareAll(w: World, repId: number, queries: string[]) {
  for (const q of queries) {
    if (!q.trim()) continue;
    for (const [caller, rep, method] of [['admin', null, undefined], ['rep', repId, undefined], ['admin', null, '电话']] as const) {
      const want = expected(w, q, rep, method);
      const got = await listed(w, caller, q, method);
      expect({ q, caller, method, ids: got.ids }).toEqual({ q, caller, method, ids: want });
      expect([got.total, got.capped, got.windowed]).toEqual([want.length, false, false]);
    }
  }
}

describe('follow-up text index', () => {
  it('answers exactly as LIKE over every write path, and holds what a fresh fill holds', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(opArb, { minLength: 5, maxLength: 30 }), fc.array(textArb, { minLength: 3, maxLength: 6 }), async (ops, probes) => {
        w = await openWorld();
        try {
          const rep = w.user('rep', 'sales', '小李');
          const custs = [w.customer('龙井茶叶店', 1), w.customer('ACME 电话 1%', rep), w.customer("O'Brien_7", rep), w.customer('报价客户', null)];
          for (const op of ops) await apply(w, custs, op);
          expect(textFillState(w.app.context.db.raw).complete).toBe(true);
          // queries: substrings of what is there (1–10 characters) and the random probes
          const texts = w.sql<{ t: string }>("SELECT content || coalesce(result, '') AS t FROM follow_ups UNION ALL SELECT name FROM customers").map((r) => [...r.t]);
          const subs = texts.slice(0, 8).map((t, i) => t.slice(i % 3, (i % 3) + 1 + (i % 10)).join(''));
          await compareAll(w, rep, [...subs, ...probes, 'A', 'ab', '%', '_b', '\\']);
          const live = indexContents(w);
          refill(w);
          expect(indexContents(w)).toEqual(live);
        } finally {
          await w.close();
        }
      }),
      { numRuns: 12 },
    );
  }, 240_000);

  it('until the fill is complete the list walks in windows; writes meanwhile neither corrupt nor duplicate; the fill resumes', async () => {
    w = await openWorld();
    const rep = w.user('rep', 'sales', '小李');
    const c = w.customer('龙井茶叶店', rep);
    const ins = w.app.context.db.raw.prepare("INSERT INTO follow_ups (customer_id, owner_id, at, method, content, created_at, updated_at) VALUES (?, ?, ?, '电话', ?, ?, ?)");
    w.app.context.db.tx(() => {
      for (let i = 0; i < 40; i++) ins.run(c, rep, iso(w.clock, -i * DAY), i % 7 ? `例行回访${i}` : `寄了龙井样品${i}`, iso(w.clock, 0), iso(w.clock, 0));
    });
    const complete = indexContents(w);
    // as after an upgrade: the index empty, every follow-up pending; then part of it filled
    const db = w.app.context.db.raw;
    db.exec("INSERT INTO follow_up_text (follow_up_text) VALUES ('delete-all'); INSERT INTO follow_up_grams (follow_up_grams) VALUES ('delete-all');");
    db.exec('UPDATE follow_up_text_fill SET next_id = (SELECT min(id) FROM follow_ups), end_id = (SELECT max(id) + 1 FROM follow_ups)');
    fillTextStep(db, 15);
    expect(textFillState(db)).toMatchObject({ complete: false });
    // not complete: the windowed walk (the test's data fits one window: no searchedTo), same rows as LIKE
    const mid = await w.ok('admin', 'followUps:list', { filter: { query: '龙井' }, limit: 50, withTotal: true });
    expect(mid.rows.map((r) => r.id)).toEqual(expected(w, '龙井', null));
    // writes on filled and on pending rows while the fill is half way
    const ids = w.sql<{ id: number; version: number }>('SELECT id, version FROM follow_ups ORDER BY id');
    await w.ok('admin', 'followUps:update', { id: ids[2].id, version: ids[2].version, patch: { content: '改成碧螺春' } }); // filled
    await w.ok('admin', 'followUps:update', { id: ids[30].id, version: ids[30].version, patch: { content: '改成铁观音' } }); // pending
    await w.ok('admin', 'followUps:delete', { ids: [ids[3].id, ids[31].id] });
    await w.ok('admin', 'recycleBin:purge', { ids: [`followUp:${ids[3].id}`, `followUp:${ids[31].id}`] });
    await w.ok('admin', 'followUps:create', { customerId: c, method: '微信', content: '新的龙井订单' });
    const version = w.sql<{ version: number }>('SELECT version FROM customers WHERE id = ?', c)[0].version;
    await w.ok('admin', 'customers:update', { id: c, version, patch: { name: '西湖茶庄' } });
    // a restart starts the worker, which resumes at next_id and completes
    const dataDir = w.dataDir;
    const next = textFillState(db).nextId;
    await w.shutdown();
    w = await openWorld({ dataDir, admin: false });
    w.login('admin', 1);
    const { textFillOf } = await import('../../../main/services/followUps/textFill');
    const fill = textFillOf(w.app.context);
    expect(fill).toBeDefined();
    await fill!.done;
    expect(textFillState(w.app.context.db.raw)).toMatchObject({ complete: true });
    expect(next).toBeGreaterThan(ids[0].id);
    const filled = indexContents(w);
    refill(w);
    expect(indexContents(w)).toEqual(filled);
    expect(filled).not.toEqual(complete); // the writes changed it
    w.login('rep', rep);
    await compareAll(w, rep, ['龙井', '碧螺春', '铁观音', '西湖', '茶', '回访1', '例行回访3']);
  }, 60_000);

  it('a dense query (more candidates than the cap) walks newest first and still answers like LIKE', async () => {
    w = await openWorld();
    const c = w.customer('茶叶店', 1);
    const ins = w.app.context.db.raw.prepare("INSERT INTO follow_ups (customer_id, owner_id, at, method, content, created_at, updated_at) VALUES (?, 1, ?, '电话', ?, ?, ?)");
    const n = TEXT_CANDIDATE_CAP + 30;
    w.app.context.db.tx(() => {
      for (let i = 0; i < n; i++) ins.run(c, iso(w.clock, -i * 60_000), `例行回访${i}`, iso(w.clock, 0), iso(w.clock, 0));
    });
    const page = await w.ok('admin', 'followUps:list', { filter: { query: '回访' }, limit: 50, withTotal: true });
    expect(page.rows.map((r) => r.id)).toEqual(expected(w, '回访', null).slice(0, 50));
    expect([page.total, page.totalCapped, page.searchedTo]).toEqual([1000, true, null]);
    // rare among them: from the index, exact
    const rare = await w.ok('admin', 'followUps:list', { filter: { query: '回访9999' }, limit: 50, withTotal: true });
    expect(rare.rows.map((r) => r.id)).toEqual(expected(w, '回访9999', null));
    expect([rare.total, rare.totalCapped, rare.searchedTo]).toEqual([expected(w, '回访9999', null).length, false, null]);
  }, 60_000);
});
