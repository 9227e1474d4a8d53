// Changing a stage's default probability: the deals that follow the default (not overridden) take the new
// value in steps (one transaction each, progress events {task:"stageProbability"} in between), each step
// audited under the stage update's batch. Overridden deals keep theirs; the rollups (weighted pipeline)
// equal a fresh GROUP BY afterwards.
import { afterEach, expect, it } from 'vitest';
import { makeDealsApp, type DealsTestApp } from './dealsTestApp';
import { rollupDifferences } from '../../../main/services/reports/rollups';

let t: DealsTestApp;
afterEach(() => t.close());

it('stages:update moves 1,500 deals to a stage’s new default probability in steps; overridden ones keep theirs', async () => {
  t = await makeDealsApp();
  const db = t.app.context.db;
  const stageId = t.stage['方案报价'];
  const oldProbability = db.prepare('SELECT probability FROM stages WHERE id = ?').pluck().get(stageId) as number;
  const customers = [t.addCustomer('甲'), t.addCustomer('乙', t.ids.rep1), t.addCustomer('丙', null)];
  const ids: number[] = [];
  for (let i = 0; i < 1500; i++) {
    // ten deals with a probability of their own; five in the recycle bin below (they follow the default as well)
    const own = i >= 100 && i < 110 ? { probability: 77 } : {};
    const d = await t.deal(i % 3 === 1 ? 'rep1' : 'admin', { customerId: customers[i % 3], stageId, amountFen: 1000 + i, ...own });
    ids.push(d.id);
  }
  await t.ok('admin', 'deals:delete', { ids: ids.slice(0, 5) });
  expect(db.prepare('SELECT count(*) FROM deals WHERE probability_overridden = 1 AND id IN (SELECT value FROM json_each(?))').pluck().get(JSON.stringify(ids))).toBe(10);
  const versions = db.prepare('SELECT sum(version) FROM deals WHERE id IN (SELECT value FROM json_each(?))').pluck().get(JSON.stringify(ids));
  const stages = (await t.ok('admin', 'stages:list')).stages.map((s) => ({
    id: s.id,
    name: s.name,
    probability: s.id === stageId ? 35 : s.probability,
    kind: s.kind,
  }));
  expect(oldProbability).not.toBe(35);

  t.events.length = 0;
  await t.ok('admin', 'stages:update', { stages });
  const steps = t.events.filter((e) => e.event === 'progress' && (e.payload as { task: string }).task === 'stageProbability');
  expect(steps.length).toBeGreaterThan(0); // more than one transaction
  const last = steps[steps.length - 1].payload as { done: number; total: number };
  expect(last.total).toBe(1500); // every deal of the stage is looked at; the steps change those that follow the default
  const probs = db.prepare('SELECT probability, count(*) AS n FROM deals WHERE id IN (SELECT value FROM json_each(?)) GROUP BY probability ORDER BY probability').all(JSON.stringify(ids));
  expect(probs).toEqual([
    { probability: 35, n: 1490 },
    { probability: 77, n: 10 },
  ]);
  // not a user edit: no version bump
  expect(db.prepare('SELECT sum(version) FROM deals WHERE id IN (SELECT value FROM json_each(?))').pluck().get(JSON.stringify(ids))).toBe(versions);
  // one batch: the stage's update entry and an entry per step whose counts add up
  const batch = db.prepare("SELECT batch_id FROM audit_log WHERE action = 'stage.update' AND entity_id = ? ORDER BY id DESC LIMIT 1").pluck().get(stageId) as string;
  const entries = db.prepare("SELECT summary, changes FROM audit_log WHERE batch_id = ? AND action = 'deal.followStageProbability' ORDER BY id").all(batch) as { summary: string; changes: string }[];
  expect(entries.length).toBe(steps.length + 1);
  expect(entries.reduce((n, e) => n + Number(/^(\d+) 个商机采用/.exec(e.summary)![1]), 0)).toBe(1490);
  expect(JSON.parse(entries[0].changes)).toEqual([{ field: 'probability', old: oldProbability, new: 35 }]);
  // the weighted pipeline follows (probability feeds rpt_pipeline.weighted_x100 through the per-row triggers)
  expect(rollupDifferences(db)).toEqual([]);
  const weighted = db.prepare('SELECT sum(weighted_x100) FROM rpt_pipeline WHERE stage_id = ?').pluck().get(stageId);
  const fresh = db.prepare('SELECT sum(amount_fen * probability) FROM deals WHERE stage_id = ? AND deleted_at IS NULL AND status = ?').pluck().get(stageId, 'open');
  expect(weighted).toBe(fresh);
});
