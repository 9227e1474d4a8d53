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

type In<C extends keyof typeof dealsContract> = ParsedInputOf<(typeof dealsContract)[C]>;

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

export function updateStages(input: In<'stages:update'>, ctx: UserCallContext): ChannelOutput<'stages:update'> {
  const { db } = ctx.app;
  const { t } = ctx;
  return db.tx(() => {
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

    // deals anywhere in a stage, the recycle bin included (they must land somewhere on restore)
    const used = (id: number) => (db.prepare('SELECT count(*) AS n FROM deals WHERE stage_id = ?').get(id) as { n: number }).n;
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

    const now = ctx.app.clock.now().toISOString();
    const batchId = newBatchId();
    const audits: Parameters<typeof recordAudit>[1] = [];
    const who = actor(ctx);
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
      if (old.probability !== s.probability) {
        // deals that follow their stage's default probability follow its new value (not a user edit: no version bump)
        db.prepare('UPDATE deals SET probability = ? WHERE stage_id = ? AND probability_overridden = 0').run(s.probability, s.id);
      }
      audits.push({ ...who, action: 'stage.update', entity: 'stage', entityId: s.id, batchId, summary: s.name, changes });
    }
    let movedDeals = 0;
    for (const m of plannedMoves) {
      const toId = m.to.id!;
      db.prepare(
        `INSERT INTO deal_stage_history (deal_id, from_stage_id, to_stage_id, at, user_id)
         SELECT id, stage_id, ?, ?, ? FROM deals WHERE stage_id = ?`,
      ).run(toId, now, ctx.user.id, m.from.id);
      movedDeals += db
        .prepare(
          `UPDATE deals SET stage_id = ?, probability = CASE WHEN probability_overridden = 1 THEN probability ELSE ? END,
             updated_at = ?, updated_by = ?, version = version + 1 WHERE stage_id = ?`,
        )
        .run(toId, m.to.probability, now, ctx.user.id, m.from.id).changes;
      audits.push({
        ...who,
        action: 'deal.moveStageBulk',
        entity: 'stage',
        entityId: m.from.id,
        batchId,
        summary: `moved ${m.count} deals from ${m.from.name} to ${m.to.name} (stage removed)`,
        changes: [{ field: 'stageId', old: m.from.id, new: toId }],
      });
    }
    for (const r of removed) {
      db.prepare('UPDATE stages SET archived_at = ?, updated_at = ?, version = version + 1 WHERE id = ?').run(now, now, r.id);
      audits.push({ ...who, action: 'stage.remove', entity: 'stage', entityId: r.id, batchId, summary: r.name, changes: [{ field: 'archivedAt', old: null, new: now }] });
    }
    if (!audits.length) return { stages: listStages(db), movedDeals: 0 };
    recordAudit(db, audits);
    return { stages: listStages(db), movedDeals };
  });
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
      recordAudit(db, { ...actor(ctx), action: 'lossReasons.update', entity: 'settings', changes, summary: 'loss reasons' });
    }
    return { reasons: listLossReasons(db) };
  });
}
