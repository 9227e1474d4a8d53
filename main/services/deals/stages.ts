// Pipeline settings: the stage list (names, order, probability, open/won/lost) and the loss reasons.
// A removed stage is archived, never deleted (stage history keeps pointing at it); its deals — live or in
// the recycle bin — must first be moved to a kept stage of the same kind.
import type { ChannelOutput } from '../../contract';
import type { dealsContract, Stage } from '../../contract/deals';
import type { ParsedInputOf } from '../../contract/define';
import type { UserCallContext } from '../../ipc/context';
import type { Db } from '../../../db/sql';
import { AppError } from '../../ipc/errors';
import { actor } from '../audit/actor';
import { newBatchId, recordAudit, type FieldChange } from '../audit/record';
import { liveStages, type StageRow } from './rows';
import { inSteps, walSettle } from '../../platform/inSteps';

type In<C extends keyof typeof dealsContract> = ParsedInputOf<(typeof dealsContract)[C]>;

/** Step sizes for deals changed per row (the rollup triggers fire per deal, ~0.14 ms at 1M). */
const STEPS = { first: 100, aimMs: 50, min: 50, max: 20_000 };

export function listStages(db: Db, includeArchived = false): Stage[] {
  const counts = new Map(
    (db.prepare('SELECT stage_id, sum(deal_count) AS n FROM deal_stage_totals GROUP BY stage_id').all() as { stage_id: number; n: number }[]).map((r) => [
      r.stage_id,
      r.n,
    ]),
  );
  const rows = db
    .prepare(
      `SELECT id, name, position, probability, kind, archived_at, version FROM stages
       ${includeArchived ? '' : 'WHERE archived_at IS NULL'} ORDER BY archived_at IS NOT NULL, position, id`,
    )
    .all() as StageRow[];
  return rows.map((s) => ({
    id: s.id,
    name: s.name,
    position: s.position,
    probability: s.probability,
    kind: s.kind,
    archived: !!s.archived_at,
    dealCount: counts.get(s.id) ?? 0,
    version: s.version,
  }));
}

function fail(ctx: UserCallContext, field: string, message: string, extra: Record<string, unknown> = {}): never {
  throw new AppError('INVALID_INPUT', ctx.t('errors.invalidInput', { detail: message }), { fieldErrors: { [field]: message }, ...extra });
}

interface PlannedMove {
  fromId: number;
  fromName: string;
  toId: number;
  toName: string;
  toProbability: number;
}

/**
 * Move these deals (ids, still in `m.fromId`) to `m.toId` with their stage entries, inside the caller's
 * transaction, with one audit entry for the step. Returns how many moved. The report rollups follow through
 * their per-row triggers (~0.14 ms a deal at 1M): re-keying them set-based (db/rollupSuspend.ts) re-reads each
 * deal's whole history twice and cost 3× the CPU here (137k deals: 54 s of CPU).
 */
function moveDeals(db: Db, ctx: UserCallContext, m: PlannedMove, ids: readonly number[], batchId: string, who: ReturnType<typeof actor>, now: string): number {
  const list = JSON.stringify(ids);
  db.prepare(
    `INSERT INTO deal_stage_history (deal_id, from_stage_id, to_stage_id, at, user_id)
     SELECT id, stage_id, ?, ?, ? FROM deals WHERE id IN (SELECT value FROM json_each(?)) AND stage_id = ?`,
  ).run(m.toId, now, ctx.user.id, list, m.fromId);
  const moved = db
    .prepare(
      `UPDATE deals SET stage_id = ?, probability = CASE WHEN probability_overridden = 1 THEN probability ELSE ? END,
         updated_at = ?, updated_by = ?, version = version + 1 WHERE id IN (SELECT value FROM json_each(?)) AND stage_id = ?`,
    )
    .run(m.toId, m.toProbability, now, ctx.user.id, list, m.fromId).changes;
  if (moved) {
    recordAudit(db, {
      ...who,
      action: 'deal.moveStageBulk',
      entity: 'stage',
      entityId: m.fromId,
      batchId,
      summary: ctx.t('audit.summaries.stageRemoved', { moved, from: m.fromName, to: m.toName }),
      changes: [{ field: 'stageId', old: m.fromId, new: m.toId }],
    });
  }
  return moved;
}

/**
 * Every deal in a stage, the recycle bin's included: the live ones through deals_stage (partial: live only), the
 * deleted through deals_deleted. One `WHERE stage_id = ?` scanned all deals (1M: ~260 ms on main).
 */
const dealsIn = (db: Db, stageId: number) =>
  db
    .prepare('SELECT id FROM deals WHERE stage_id = ? AND deleted_at IS NULL UNION ALL SELECT id FROM deals WHERE stage_id = ? AND deleted_at IS NOT NULL')
    .pluck()
    .all(stageId, stageId) as number[];

interface ProbabilityChange {
  stageId: number;
  name: string;
  old: number;
}

/**
 * The deals of a stage whose default probability changed, that follow the default (not overridden), take the
 * stage's current value — in steps like a removed stage's deals (one UPDATE of 137,000 deals at 1M was one
 * transaction of seconds on main: every row fires the report rollup triggers). Each step reads the stage's value
 * at that moment (a second change meanwhile wins) and writes an audit entry; not a user edit: no version bump.
 */
async function followStageProbability(ctx: UserCallContext, c: ProbabilityChange, batchId: string, who: ReturnType<typeof actor>): Promise<number> {
  const { db } = ctx.app;
  const target = () => db.prepare('SELECT probability FROM stages WHERE id = ?').pluck().get(c.stageId) as number;
  // all the stage's deals (read through the index; filtering on probability here meant a table read per deal), the
  // steps change those that follow the default
  const ids = dealsIn(db, c.stageId);
  let updated = 0;
  await inSteps(
    ids,
    (part) => {
      updated += db.tx(() => {
        const to = target();
        const n = db
          .prepare(
            `UPDATE deals SET probability = ? WHERE id IN (SELECT value FROM json_each(?)) AND stage_id = ? AND probability_overridden = 0 AND probability <> ?`,
          )
          .run(to, JSON.stringify(part), c.stageId, to).changes;
        if (n) {
          recordAudit(db, {
            ...who,
            action: 'deal.followStageProbability',
            entity: 'stage',
            entityId: c.stageId,
            batchId,
            summary: ctx.t('audit.summaries.defaultProbability', { count: n, stage: c.name }),
            changes: [{ field: 'probability', old: c.old, new: to }],
          });
        }
        return n;
      });
    },
    { ...STEPS, db, settle: walSettle(ctx.app), onStep: (done, total) => ctx.app.events.send(ctx.caller, 'progress', { task: 'stageProbability', jobId: batchId, done, total }) },
  );
  return updated;
}


/**
 * stages:update. Validated and written in one transaction — except the deals of a removed stage, which move in
 * steps afterwards (main/platform/inSteps.ts, progress events {task:"stageMove"}): 137,000 deals in one stage at
 * 1M took ~19 s in one transaction on main. The removed stage is archived once its deals have moved (a last
 * transaction also moves any deal that entered it meanwhile); until then it is still listed.
 */
export async function updateStages(input: In<'stages:update'>, ctx: UserCallContext): Promise<ChannelOutput<'stages:update'>> {
  const { db } = ctx.app;
  const { t } = ctx;
  const now = ctx.app.clock.now().toISOString();
  const batchId = newBatchId();
  const who = actor(ctx);
  const planned = db.tx(() => {
    const current = liveStages(db);
    const byId = new Map(current.map((s) => [s.id, s]));
    const wanted = input.stages.map((s, i) => ({ ...s, name: s.name.trim(), position: i + 1 }));
    const seen = new Set<string>();
    wanted.forEach((s, i) => {
      if (!s.name) fail(ctx, `stages.${i}.name`, t('deals.errors.stageNameRequired'));
      if (seen.has(s.name.toLowerCase())) fail(ctx, `stages.${i}.name`, t('deals.errors.stageNameDuplicate', { name: s.name }));
      seen.add(s.name.toLowerCase());
      if (s.id !== undefined && !byId.has(s.id)) fail(ctx, `stages.${i}.id`, t('deals.errors.stageNotFound'));
    });
    for (const kind of ['open', 'won', 'lost'] as const) {
      if (!wanted.some((s) => s.kind === kind)) fail(ctx, 'stages', t(`deals.errors.stageKindMissing.${kind}`));
    }
    const keptIds = new Set(wanted.flatMap((s) => (s.id === undefined ? [] : [s.id])));
    const removed = current.filter((s) => !keptIds.has(s.id));
    const moves = new Map((input.moveDealsTo ?? []).map((m) => [m.from, m.to]));

    // deals anywhere in a stage, the recycle bin included (they must land somewhere on restore): the live ones
    // through deals_stage, the deleted through deals_deleted (one count over both scanned every deal: 69 ms CPU at
    // 1M, 0.7 s on main under load, inside this transaction)
    const used = (id: number) =>
      db
        .prepare('SELECT (SELECT count(*) FROM deals WHERE stage_id = ? AND deleted_at IS NULL) + (SELECT count(*) FROM deals WHERE stage_id = ? AND deleted_at IS NOT NULL)')
        .pluck()
        .get(id, id) as number;
    for (const s of wanted) {
      const old = s.id !== undefined ? byId.get(s.id) : undefined;
      if (old && old.kind !== s.kind && used(old.id) > 0) {
        fail(ctx, `stages.${s.position - 1}.kind`, t('deals.errors.stageKindInUse', { name: old.name }));
      }
    }
    const plannedMoves: { from: StageRow; to: (typeof wanted)[number]; count: number }[] = [];
    for (const r of removed) {
      const count = used(r.id);
      if (!count) continue;
      const toId = moves.get(r.id);
      const target = wanted.find((w) => w.id !== undefined && w.id === toId);
      if (toId === undefined) {
        fail(ctx, `moveDealsTo.${r.id}`, t('deals.errors.stageInUse', { name: r.name, count }), { inUse: [{ id: r.id, name: r.name, count }] });
      }
      if (!target || target.kind !== r.kind) fail(ctx, `moveDealsTo.${r.id}`, t('deals.errors.moveTargetInvalid', { name: r.name }));
      plannedMoves.push({ from: r, to: target, count });
    }

    const audits: Parameters<typeof recordAudit>[1] = [];
    const probabilityChanges: ProbabilityChange[] = [];
    // positions are unique only by convention; write them all so the order is exactly the array order
    for (const s of wanted) {
      if (s.id === undefined) {
        const id = Number(
          db
            .prepare('INSERT INTO stages (name, position, probability, kind, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)')
            .run(s.name, s.position, s.probability, s.kind, now, now).lastInsertRowid,
        );
        audits.push({ ...who, action: 'stage.create', entity: 'stage', entityId: id, batchId, summary: s.name, changes: [{ field: 'name', old: null, new: s.name }] });
        continue;
      }
      const old = byId.get(s.id)!;
      const changes: FieldChange[] = (['name', 'position', 'probability', 'kind'] as const)
        .filter((f) => old[f] !== s[f])
        .map((f) => ({ field: f, old: old[f], new: s[f] }));
      if (!changes.length) continue;
      db.prepare('UPDATE stages SET name = ?, position = ?, probability = ?, kind = ?, updated_at = ?, version = version + 1 WHERE id = ?').run(
        s.name,
        s.position,
        s.probability,
        s.kind,
        now,
        s.id,
      );
      // deals that follow their stage's default probability follow its new value, in steps after this transaction
      if (old.probability !== s.probability) probabilityChanges.push({ stageId: s.id, name: s.name, old: old.probability });
      audits.push({ ...who, action: 'stage.update', entity: 'stage', entityId: s.id, batchId, summary: s.name, changes });
    }
    // a removed stage without deals goes now; one with deals once they have moved (below)
    const moving = new Set(plannedMoves.map((m) => m.from.id));
    for (const r of removed.filter((x) => !moving.has(x.id))) {
      db.prepare('UPDATE stages SET archived_at = ?, updated_at = ?, version = version + 1 WHERE id = ?').run(now, now, r.id);
      audits.push({ ...who, action: 'stage.remove', entity: 'stage', entityId: r.id, batchId, summary: r.name, changes: [{ field: 'archivedAt', old: null, new: now }] });
    }
    if (audits.length) recordAudit(db, audits);
    return {
      moves: plannedMoves.map((m): PlannedMove => ({ fromId: m.from.id, fromName: m.from.name, toId: m.to.id!, toName: m.to.name, toProbability: m.to.probability })),
      probabilityChanges,
    };
  });
  const plan = planned.moves;
  for (const c of planned.probabilityChanges) await followStageProbability(ctx, c, batchId, who);

  let movedDeals = 0;
  for (const m of plan) {
    const ids = dealsIn(db, m.fromId);
    await inSteps(
      ids,
      (part) => {
        movedDeals += db.tx(() => moveDeals(db, ctx, m, part, batchId, who, now));
      },
      { ...STEPS, db, settle: walSettle(ctx.app), onStep: (done, total) => ctx.app.events.send(ctx.caller, 'progress', { task: 'stageMove', jobId: batchId, done, total }) },
    );
  }
  if (plan.length) {
    db.tx(() => {
      const audits: Parameters<typeof recordAudit>[1] = [];
      for (const m of plan) {
        // a deal that entered the stage while the steps ran (another window) moves with the rest
        const late = dealsIn(db, m.fromId);
        if (late.length) movedDeals += moveDeals(db, ctx, m, late, batchId, who, now);
        db.prepare('UPDATE stages SET archived_at = ?, updated_at = ?, version = version + 1 WHERE id = ?').run(now, now, m.fromId);
        audits.push({ ...who, action: 'stage.remove', entity: 'stage', entityId: m.fromId, batchId, summary: m.fromName, changes: [{ field: 'archivedAt', old: null, new: now }] });
      }
      recordAudit(db, audits);
    });
  }
  return { stages: listStages(db), movedDeals };
}

export function listLossReasons(db: Db) {
  return db.prepare('SELECT id, name, position FROM deal_loss_reasons WHERE archived_at IS NULL ORDER BY position, id').all() as {
    id: number;
    name: string;
    position: number;
  }[];
}

export function updateLossReasons(input: In<'lossReasons:update'>, ctx: UserCallContext): ChannelOutput<'lossReasons:update'> {
  const { db } = ctx.app;
  const { t } = ctx;
  return db.tx(() => {
    const current = listLossReasons(db);
    const byId = new Map(current.map((r) => [r.id, r]));
    const seen = new Set<string>();
    const wanted = input.reasons.map((r, i) => {
      const name = r.name.trim();
      if (!name) fail(ctx, `reasons.${i}.name`, t('deals.errors.reasonNameRequired'));
      if (seen.has(name)) fail(ctx, `reasons.${i}.name`, t('deals.errors.reasonNameDuplicate', { name }));
      if (r.id !== undefined && !byId.has(r.id)) fail(ctx, `reasons.${i}.id`, t('deals.errors.lossReasonNotFound'));
      seen.add(name);
      return { id: r.id, name, position: i + 1 };
    });
    const now = ctx.app.clock.now().toISOString();
    const keep = new Set(wanted.map((w) => w.id));
    const changes: FieldChange[] = [];
    for (const w of wanted) {
      const old = w.id === undefined ? undefined : byId.get(w.id);
      if (!old) {
        db.prepare('INSERT INTO deal_loss_reasons (name, position, created_at, updated_at) VALUES (?, ?, ?, ?)').run(w.name, w.position, now, now);
        changes.push({ field: 'reason', old: null, new: w.name });
      } else if (old.name !== w.name || old.position !== w.position) {
        db.prepare('UPDATE deal_loss_reasons SET name = ?, position = ?, updated_at = ?, version = version + 1 WHERE id = ?').run(w.name, w.position, now, old.id);
        if (old.name !== w.name) changes.push({ field: 'reason', old: old.name, new: w.name });
      }
    }
    for (const r of current.filter((c) => !keep.has(c.id))) {
      db.prepare('UPDATE deal_loss_reasons SET archived_at = ?, updated_at = ? WHERE id = ?').run(now, now, r.id);
      changes.push({ field: 'reason', old: r.name, new: null });
    }
    if (changes.length || current.map((c) => c.id).join() !== wanted.map((w) => w.id).join()) {
      recordAudit(db, { ...actor(ctx), action: 'lossReasons.update', entity: 'settings', changes, summary: ctx.t('audit.summaries.deal.lossReasons') });
    }
    return { reasons: listLossReasons(db) };
  });
}
