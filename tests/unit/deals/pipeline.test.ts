// The pipeline views and settings: list filters/sorts/pages, data scope, kanban counts and totals,
// stage editing with delete protection, loss reasons.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { auditCount, makeDealsApp, type DealsTestApp } from './dealsTestApp';

let t: DealsTestApp;
beforeEach(async () => {
  t = await makeDealsApp();
});
afterEach(() => t.close());

async function seedPipeline() {
  const c1 = t.addCustomer('甲公司');
  const c2 = t.addCustomer('乙公司', t.ids.rep1);
  const c3 = t.addCustomer('丙公司', t.ids.rep2);
  const specs: [string, number, number, string, string | null, string][] = [
    // caller, customer, amount, stage, expected close, name
    ['admin', c1, 500_00, '初步接触', '2026-12-05', 'A1'],
    ['admin', c1, 1500_00, '需求确认', '2026-12-20', 'A2'],
    ['rep1', c2, 3000_00, '需求确认', '2027-01-10', 'R1a'],
    ['rep1', c2, 800_00, '谈判签约', null, 'R1b'],
    ['rep2', c3, 12000_00, '方案报价', '2026-12-31', 'R2a'],
  ];
  const deals = [];
  for (const [caller, customerId, amountFen, stage, expectedCloseDate, name] of specs) {
    t.clock.advance(1000);
    deals.push(await t.deal(caller, { customerId, amountFen, stageId: t.stage[stage], expectedCloseDate, name }));
  }
  return { c1, c2, c3, deals };
}

describe('deals:list', () => {
  it('filters by stage, owner, amount range, expected close month, customer and status', async () => {
    const { c2, deals } = await seedPipeline();
    const names = async (filter: object) => (await t.ok('admin', 'deals:list', { filter, sort: { field: 'name', dir: 'asc' } })).rows.map((r) => r.name);
    expect(await names({ stageIds: [t.stage['需求确认']] })).toEqual(['A2', 'R1a']);
    expect(await names({ ownerIds: [t.ids.rep1] })).toEqual(['R1a', 'R1b']);
    expect(await names({ amountMinFen: 800_00, amountMaxFen: 3000_00 })).toEqual(['A2', 'R1a', 'R1b']);
    expect(await names({ expectedCloseMonth: '2026-12' })).toEqual(['A1', 'A2', 'R2a']);
    expect(await names({ customerId: c2 })).toEqual(['R1a', 'R1b']);
    await t.ok('admin', 'deals:close', { id: deals[0].id, version: deals[0].version, result: 'lost', reason: '其他' });
    expect(await names({ statuses: ['lost'] })).toEqual(['A1']);
    expect(await names({ statuses: ['open'], ownerIds: [t.ids.admin] })).toEqual(['A2']);
  });

  it('sorts by every offered field and pages with a cursor without gaps or repeats', async () => {
    await seedPipeline();
    const all = async (field: 'createdAt' | 'updatedAt' | 'amountFen' | 'expectedCloseDate' | 'name', dir: 'asc' | 'desc') => {
      const out: string[] = [];
      let cursor: string | null = null;
      do {
        const page: { rows: { name: string }[]; nextCursor: string | null } = await t.ok('admin', 'deals:list', { sort: { field, dir }, limit: 2, cursor });
        out.push(...page.rows.map((r) => r.name));
        cursor = page.nextCursor;
      } while (cursor);
      return out;
    };
    expect(await all('amountFen', 'desc')).toEqual(['R2a', 'R1a', 'A2', 'R1b', 'A1']);
    expect(await all('amountFen', 'asc')).toEqual(['A1', 'R1b', 'A2', 'R1a', 'R2a']);
    expect(await all('createdAt', 'desc')).toEqual(['R2a', 'R1b', 'R1a', 'A2', 'A1']);
    expect(await all('expectedCloseDate', 'asc')).toEqual(['A1', 'A2', 'R2a', 'R1a', 'R1b']); // no date last
    expect(await all('name', 'asc')).toEqual(['A1', 'A2', 'R1a', 'R1b', 'R2a']);
    expect(await all('updatedAt', 'desc')).toEqual(['R2a', 'R1b', 'R1a', 'A2', 'A1']);
    // a cursor from another sort, or not a cursor at all, is a field error on `cursor` in the user's language
    const first: { nextCursor: string | null } = await t.ok('admin', 'deals:list', { sort: { field: 'name', dir: 'asc' }, limit: 2 });
    for (const cursor of [first.nextCursor, 'not-a-cursor']) {
      const r = await t.call('admin', 'deals:list', { sort: { field: 'amountFen', dir: 'desc' }, limit: 2, cursor });
      expect(r.ok).toBe(false);
      if (r.ok) continue;
      expect(r.error.code).toBe('INVALID_INPUT');
      expect((r.error.details as { fieldErrors: Record<string, string> }).fieldErrors.cursor).toMatch(/[\u4e00-\u9fff]/);
    }
  });

  it('counts the total on request, from the aggregate or by COUNT, both agreeing', async () => {
    await seedPipeline();
    expect((await t.ok('admin', 'deals:list', { withTotal: true })).total).toBe(5);
    expect((await t.ok('admin', 'deals:list', { withTotal: true, filter: { stageIds: [t.stage['需求确认']] } })).total).toBe(2);
    expect((await t.ok('admin', 'deals:list', { withTotal: true, filter: { amountMinFen: 1000_00 } })).total).toBe(3);
    expect((await t.ok('admin', 'deals:list', {})).total).toBeNull();
  });

  it('counts filters the aggregate cannot answer only up to 10,000 and says so', async () => {
    const c = t.addCustomer('大客户');
    const db = t.app.context.db;
    const now = t.clock.now().toISOString();
    const ins = db.prepare('INSERT INTO deals (name, customer_id, amount_fen, stage_id, probability, owner_id, created_at, updated_at) VALUES (?, ?, ?, ?, 10, ?, ?, ?)');
    db.tx(() => {
      for (let i = 0; i < 10_050; i++) ins.run(`批量${i}`, c, 100 + i, t.stage['初步接触'], t.ids.admin, now, now);
    });
    const capped = await t.ok('admin', 'deals:list', { withTotal: true, filter: { amountMinFen: 100 } });
    expect(capped).toMatchObject({ total: 10_000, totalCapped: true });
    const exact = await t.ok('admin', 'deals:list', { withTotal: true, filter: { amountMinFen: 10_000 } });
    expect(exact).toMatchObject({ total: 150, totalCapped: false });
    const aggregate = await t.ok('admin', 'deals:list', { withTotal: true, filter: { stageIds: [t.stage['初步接触']] } });
    expect(aggregate).toMatchObject({ total: 10_050, totalCapped: false });
  });

  it('rejects a cursor made for another sort', async () => {
    await seedPipeline();
    const p = await t.ok('admin', 'deals:list', { sort: { field: 'amountFen', dir: 'desc' }, limit: 1 });
    const r = await t.call('admin', 'deals:list', { sort: { field: 'name', dir: 'desc' }, limit: 1, cursor: p.nextCursor });
    expect(!r.ok && r.error.code).toBe('INVALID_INPUT');
  });
});

describe('data scope: a sales rep sees and edits only the deals it owns', () => {
  it('list, board, get and edits are limited to own deals; others look missing', async () => {
    const { deals } = await seedPipeline();
    const rep1List = await t.ok('rep1', 'deals:list', { withTotal: true });
    expect(rep1List.rows.map((r) => r.name).sort()).toEqual(['R1a', 'R1b']);
    expect(rep1List.total).toBe(2);
    // asking the board for someone else's deals still shows only the caller's
    const board = await t.ok('rep1', 'deals:board', { ownerId: t.ids.admin });
    expect(board.columns.reduce((s, c) => s + c.count, 0)).toBe(2);
    expect(board.columns.flatMap((c) => c.cards.map((x) => x.name)).sort()).toEqual(['R1a', 'R1b']);
    const other = deals[4]; // rep2's
    for (const r of [
      await t.call('rep1', 'deals:get', { id: other.id }),
      await t.call('rep1', 'deals:update', { id: other.id, version: other.version, patch: { name: 'x' } }),
      await t.call('rep1', 'deals:moveStage', { id: other.id, version: other.version, stageId: t.stage['谈判签约'] }),
      await t.call('rep1', 'deals:close', { id: other.id, version: other.version, result: 'lost', reason: '其他' }),
    ]) {
      expect(!r.ok && r.error.code).toBe('NOT_FOUND');
    }
    // the manager (scope all) sees everything
    expect((await t.ok('manager', 'deals:list', { withTotal: true })).total).toBe(5);
  });

  it('a rep cannot create deals for customers outside its scope or give deals to others', async () => {
    const foreign = t.addCustomer('别人的客户', t.ids.rep2);
    const r = await t.call('rep1', 'deals:create', { name: 'x', customerId: foreign });
    expect(!r.ok && r.error.details).toMatchObject({ fieldErrors: { customerId: expect.any(String) } });
    const pool = t.addCustomer('公海客户', null);
    await t.ok('rep1', 'deals:create', { name: '公海里的机会', customerId: pool });
    const give = await t.call('rep1', 'deals:create', { name: 'x', customerId: pool, ownerId: t.ids.rep2 });
    expect(!give.ok && give.error.code).toBe('FORBIDDEN');
  });
});

describe('deals:board', () => {
  it('gives every live stage its count and ¥ total, kept right through moves, closes, edits and deletes', async () => {
    const { deals } = await seedPipeline();
    const col = async (name: string) => (await t.ok('admin', 'deals:board', {})).columns.find((c) => c.name === name)!;
    expect(await col('需求确认')).toMatchObject({ count: 2, totalFen: 4500_00 });
    const a2 = deals[1];
    const moved = await t.ok('admin', 'deals:moveStage', { id: a2.id, version: a2.version, stageId: t.stage['谈判签约'] });
    expect(await col('需求确认')).toMatchObject({ count: 1, totalFen: 3000_00 });
    expect(await col('谈判签约')).toMatchObject({ count: 2, totalFen: 2300_00 });
    expect((await col('谈判签约')).cards[0].name).toBe('A2'); // latest activity first
    await t.ok('admin', 'deals:close', { id: a2.id, version: moved.version, result: 'won', amount: 2000_00, closedAt: '2026-11-22' });
    expect(await col('谈判签约')).toMatchObject({ count: 1, totalFen: 800_00 });
    expect(await col('赢单')).toMatchObject({ count: 1, totalFen: 2000_00 });
    const r2a = deals[4];
    await t.ok('admin', 'deals:update', { id: r2a.id, version: r2a.version, patch: { amountFen: 100 } });
    expect(await col('方案报价')).toMatchObject({ count: 1, totalFen: 100 });
    await t.ok('admin', 'deals:delete', { ids: [deals[0].id] });
    expect(await col('初步接触')).toMatchObject({ count: 0, totalFen: 0 });
    // the aggregate equals a fresh count
    const fresh = t.app.context.db
      .prepare('SELECT stage_id, count(*) AS n, sum(amount_fen) AS fen FROM deals WHERE deleted_at IS NULL GROUP BY stage_id')
      .all() as { stage_id: number; n: number; fen: number }[];
    const board = await t.ok('admin', 'deals:board', {});
    for (const f of fresh) expect(board.columns.find((c) => c.stageId === f.stage_id)).toMatchObject({ count: f.n, totalFen: f.fen });
  });

  it('pages one column with its cursor', async () => {
    const c = t.addCustomer('大客户');
    for (let i = 0; i < 7; i++) {
      t.clock.advance(1000);
      await t.deal('admin', { customerId: c, name: `D${i}` });
    }
    const first = await t.ok('admin', 'deals:board', { limit: 3 });
    const col = first.columns.find((x) => x.stageId === t.stage['初步接触'])!;
    expect(col.cards.map((x) => x.name)).toEqual(['D6', 'D5', 'D4']);
    const seen = [...col.cards.map((x) => x.name)];
    let cursor = col.nextCursor;
    while (cursor) {
      const next = await t.ok('admin', 'deals:board', { limit: 3, stageId: col.stageId, cursor });
      seen.push(...next.columns[0].cards.map((x) => x.name));
      cursor = next.columns[0].nextCursor;
    }
    expect(seen).toEqual(['D6', 'D5', 'D4', 'D3', 'D2', 'D1', 'D0']);
    expect(col.count).toBe(7);
  });
});

describe('stages:update', () => {
  const current = async () => (await t.ok('admin', 'stages:list')).stages;
  const asInput = (s: { id: number; name: string; probability: number; kind: 'open' | 'won' | 'lost' }) => ({ id: s.id, name: s.name, probability: s.probability, kind: s.kind });

  it('renames, reorders, changes the probability (deals following the default follow) and adds stages, audited', async () => {
    const c = t.addCustomer('客户');
    const follows = await t.deal('admin', { customerId: c, stageId: t.stage['需求确认'] });
    const fixed = await t.deal('admin', { customerId: c, stageId: t.stage['需求确认'], probability: 33 });
    const s = await current();
    const input = s.map(asInput);
    input[1] = { ...input[1], name: '需求确认(已核实)', probability: 40 };
    [input[2], input[3]] = [input[3], input[2]];
    input.splice(4, 0, { name: '合同审批', probability: 90, kind: 'open' } as never);
    const n = auditCount(t);
    const out = await t.ok('admin', 'stages:update', { stages: input });
    expect(out.stages.map((x) => x.name)).toEqual(['初步接触', '需求确认(已核实)', '谈判签约', '方案报价', '合同审批', '赢单', '输单']);
    expect(auditCount(t)).toBeGreaterThan(n);
    expect((await t.ok('admin', 'deals:get', { id: follows.id })).deal.probability).toBe(40);
    expect((await t.ok('admin', 'deals:get', { id: fixed.id })).deal.probability).toBe(33);
  });

  it('a stage in use cannot be removed without moving its deals (recycle-bin deals included)', async () => {
    const c = t.addCustomer('客户');
    const d = await t.deal('admin', { customerId: c, stageId: t.stage['方案报价'] });
    const binned = await t.deal('admin', { customerId: c, stageId: t.stage['方案报价'] });
    await t.ok('admin', 'deals:delete', { ids: [binned.id] });
    const without = (await current()).filter((x) => x.name !== '方案报价').map(asInput);
    const refused = await t.call('admin', 'stages:update', { stages: without });
    expect(!refused.ok && refused.error.code).toBe('INVALID_INPUT');
    expect(!refused.ok && refused.error.message).toContain('2 个商机');
    const toWon = await t.call('admin', 'stages:update', { stages: without, moveDealsTo: [{ from: t.stage['方案报价'], to: t.stage['赢单'] }] });
    expect(!toWon.ok && toWon.error.code).toBe('INVALID_INPUT'); // an open deal cannot land in a won stage
    const ok = await t.ok('admin', 'stages:update', { stages: without, moveDealsTo: [{ from: t.stage['方案报价'], to: t.stage['谈判签约'] }] });
    expect(ok.movedDeals).toBe(2);
    const got = await t.ok('admin', 'deals:get', { id: d.id });
    expect(got.deal).toMatchObject({ stageId: t.stage['谈判签约'], probability: 80 });
    expect(got.stageHistory.at(-1)).toMatchObject({ fromStageName: '方案报价', toStageName: '谈判签约' });
    // archived, still named in history, not offered any more
    expect((await current()).map((x) => x.name)).not.toContain('方案报价');
    expect((await t.ok('admin', 'stages:list', { includeArchived: true })).stages.find((x) => x.name === '方案报价')?.archived).toBe(true);
  });

  it('an unused stage can be removed; a list without a won/lost/open stage is refused; kind of a used stage is fixed', async () => {
    const s = await current();
    const ok = await t.ok('admin', 'stages:update', { stages: s.filter((x) => x.name !== '需求确认').map(asInput) });
    expect(ok.stages).toHaveLength(5);
    const noLost = await t.call('admin', 'stages:update', { stages: ok.stages.filter((x) => x.kind !== 'lost').map(asInput) });
    expect(!noLost.ok && noLost.error.message).toContain('输单阶段');
    const c = t.addCustomer('客户');
    await t.deal('admin', { customerId: c });
    const flip = ok.stages.map(asInput).map((x) => (x.name === '初步接触' ? { ...x, kind: 'lost' as const } : x));
    const r = await t.call('admin', 'stages:update', { stages: flip });
    expect(!r.ok && r.error.message).toContain('不能改变');
  });

  it('needs settings.manage (a manager or a rep cannot edit stages)', async () => {
    const s = (await current()).map(asInput);
    for (const who of ['rep1', 'manager']) {
      const r = await t.call(who, 'stages:update', { stages: s });
      expect(!r.ok && r.error.code).toBe('FORBIDDEN');
    }
  });
});

describe('loss reasons', () => {
  it('are an editable list; a removed reason stays on the deals that used it', async () => {
    const { reasons } = await t.ok('admin', 'lossReasons:list');
    const c = t.addCustomer('客户');
    const d = await t.deal('admin', { customerId: c });
    await t.ok('admin', 'deals:close', { id: d.id, version: d.version, result: 'lost', lossReasonId: reasons[0].id });
    const next = await t.ok('admin', 'lossReasons:update', {
      reasons: [...reasons.slice(1).map((r) => ({ id: r.id, name: r.name })), { name: '交付周期太长' }],
    });
    expect(next.reasons.map((r) => r.name)).toContain('交付周期太长');
    expect(next.reasons.map((r) => r.name)).not.toContain(reasons[0].name);
    expect((await t.ok('admin', 'deals:get', { id: d.id })).deal.lossReasonName).toBe(reasons[0].name);
    const dup = await t.call('admin', 'lossReasons:update', { reasons: [{ name: 'a' }, { name: 'a' }] });
    expect(!dup.ok && dup.error.code).toBe('INVALID_INPUT');
  });
});
