// Removing a stage that holds many deals moves them in steps (one transaction each, progress events in
// between), with their stage entries, audited per step under one batch; the stage is archived after the last
// deal moved. The report rollups, re-keyed set-based per step, equal a fresh GROUP BY afterwards.
import { afterEach, expect, it } from 'vitest';
import { makeDealsApp, type DealsTestApp } from './dealsTestApp';
import { rollupDifferences } from '../../../main/services/reports/rollups';

let t: DealsTestApp;
afterEach(() => t.close());

it('stages:update moves 1,500 deals of a removed stage in steps, then archives it; rollups stay exact', async () => {
  t = await makeDealsApp();
  const db = t.app.context.db;
  const from = t.stage['方案报价'];
  const to = t.stage['谈判签约'];
  const customers = [t.addCustomer('甲'), t.addCustomer('乙', t.ids.rep1), t.addCustomer('丙', null)];
  const ids: number[] = [];
  for (let i = 0; i < 1500; i++) {
    const d = await t.deal(i % 3 === 1 ? 'rep1' : 'admin', { customerId: customers[i % 3], stageId: from, amountFen: 1000 + i });
    ids.push(d.id);
  }
  await t.ok('admin', 'deals:delete', { ids: ids.slice(0, 5) }); // deals in the bin move too
  const before = (db.prepare('SELECT count(*) AS n FROM deal_stage_history').get() as { n: number }).n;
  const stages = (await t.ok('admin', 'stages:list')).stages.filter((s) => s.id !== from).map((s) => ({ id: s.id, name: s.name, probability: s.probability, kind: s.kind }));

  const out = await t.ok('admin', 'stages:update', { stages, moveDealsTo: [{ from, to }] });
  expect(out.movedDeals).toBe(1500);
  expect(out.stages.some((s) => s.id === from)).toBe(false);
  const steps = t.events.filter((e) => e.event === 'progress' && (e.payload as { task: string }).task === 'stageMove');
  expect(steps.length).toBeGreaterThan(0); // more than one transaction
  expect(db.prepare('SELECT count(*) FROM deals WHERE stage_id = ?').pluck().get(from)).toBe(0);
  expect(db.prepare('SELECT count(*) FROM deals WHERE stage_id = ? AND id IN (SELECT value FROM json_each(?))').pluck().get(to, JSON.stringify(ids))).toBe(1500);
  expect(db.prepare('SELECT archived_at IS NOT NULL FROM stages WHERE id = ?').pluck().get(from)).toBe(1);
  expect((db.prepare('SELECT count(*) AS n FROM deal_stage_history').get() as { n: number }).n).toBe(before + 1500);
  // one batch: an entry per step whose counts add up, and the stage's removal
  const batch = db.prepare("SELECT batch_id FROM audit_log WHERE action = 'stage.remove' AND entity_id = ?").pluck().get(from) as string;
  const moves = db.prepare("SELECT summary FROM audit_log WHERE batch_id = ? AND action = 'deal.moveStageBulk'").pluck().all(batch) as string[];
  expect(moves.length).toBe(steps.length + 1);
  expect(moves.reduce((n, s) => n + Number(/删除阶段：(\d+) 个商机/.exec(s)![1]), 0)).toBe(1500);
  expect(rollupDifferences(db)).toEqual([]);
  const totals = db.prepare('SELECT coalesce(sum(deal_count), 0) FROM deal_stage_totals WHERE stage_id = ?').pluck().get(from);
  expect(totals).toBe(0);
});
