// Creating and editing open deals: fields, line items, stage moves, deletion. Each change and its
// audit row (field changes, including contract terms = the terms history) share one transaction.
import { emitDomainEvent } from '../automation/events';
import type { UserCallContext } from '../../ipc/context';
import type { ChannelOutput } from '../../contract';
import type { dealsContract } from '../../contract/deals';
import type { ParsedInputOf } from '../../contract/define';
import { AppError } from '../../ipc/errors';
import { actor } from '../audit/actor';
import { newBatchId, recordAudit, type FieldChange } from '../audit/record';
import { planCustomValues, prepareCustomValues, writeCustomValues } from '../fields/values';
import { firstStageOfKind, loadEditableDeal, selectDeal, toDeal, type DealRow } from './rows';
import { checkCustomer, checkOpenStage, checkOwner, cleanText, itemsForAudit, prepareItems, throwIfErrors, type FieldErrors, type ItemRow } from './validate';

type In<C extends keyof typeof dealsContract> = ParsedInputOf<(typeof dealsContract)[C]>;
type Out<C extends keyof typeof dealsContract> = ChannelOutput<C>;

function insertItems(ctx: UserCallContext, dealId: number, rows: ItemRow[]): void {
  const { db } = ctx.app;
  db.prepare('DELETE FROM deal_items WHERE deal_id = ?').run(dealId);
  const ins = db.prepare(
    'INSERT INTO deal_items (deal_id, position, product, description, quantity, unit_price_fen, discount_bp, total_fen) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
  );
  for (const r of rows) ins.run(dealId, r.position, r.product, r.description, r.quantity, r.unit_price_fen, r.discount_bp, r.total_fen);
}

export function storedItems(ctx: UserCallContext, dealId: number): ItemRow[] {
  return ctx.app.db
    .prepare('SELECT position, product, description, quantity, unit_price_fen, discount_bp, total_fen FROM deal_items WHERE deal_id = ? ORDER BY position, id')
    .all(dealId) as ItemRow[];
}

export function recordStageMove(ctx: UserCallContext, dealId: number, from: number | null, to: number, at: string): void {
  ctx.app.db
    .prepare('INSERT INTO deal_stage_history (deal_id, from_stage_id, to_stage_id, at, user_id) VALUES (?, ?, ?, ?, ?)')
    .run(dealId, from, to, at, ctx.user.id);
}

export function createDeal(input: In<'deals:create'>, ctx: UserCallContext): Out<'deals:create'> {
  const { db } = ctx.app;
  const { t, user } = ctx;
  const errors: FieldErrors = {};
  const name = cleanText(input.name);
  if (!name) errors.name = t('deals.errors.nameRequired');
  const ownerId = input.ownerId === undefined ? user.id : input.ownerId;
  return db.tx(() => {
    checkCustomer(db, user, input.customerId, t, errors);
    checkOwner(db, user, ownerId, undefined, t, errors);
    const stage = input.stageId ? checkOpenStage(db, input.stageId, t) : firstStageOfKind(db, 'open');
    if (!stage) throw new AppError('INVALID_INPUT', t('deals.errors.stageNotFound'));
    const items = prepareItems(input.items ?? [], t, errors);
    // custom fields (issue 13): defaults, required and types, reported with the built-in field errors
    const custom = prepareCustomValues(db, 'deal', input.custom, 'create', t);
    Object.assign(errors, custom.errors);
    throwIfErrors(errors, t);

    const amountSource = input.amountSource ?? 'manual';
    const amount = amountSource === 'items' ? items.totalFen : (input.amountFen ?? 0);
    const overridden = input.probability !== undefined && input.probability !== null;
    const now = ctx.app.clock.now().toISOString();
    const id = Number(
      db
        .prepare(
          `INSERT INTO deals (name, customer_id, amount_fen, amount_source, expected_close_date, stage_id, probability, probability_overridden,
             owner_id, source, contract_terms, notes, status, created_at, created_by, updated_at, updated_by)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'open', ?, ?, ?, ?)`,
        )
        .run(
          name,
          input.customerId,
          amount,
          amountSource,
          input.expectedCloseDate ?? null,
          stage.id,
          overridden ? input.probability : stage.probability,
          overridden ? 1 : 0,
          ownerId,
          cleanText(input.source) ?? null,
          cleanText(input.contractTerms) ?? null,
          cleanText(input.notes) ?? null,
          now,
          user.id,
          now,
          user.id,
        ).lastInsertRowid,
    );
    insertItems(ctx, id, items.rows);
    recordStageMove(ctx, id, null, stage.id, now);
    const customPlan = planCustomValues(db, 'deal', id, custom.prepared, {}, t);
    writeCustomValues(db, id, customPlan);
    const row = selectDeal(db, id)!;
    recordAudit(db, {
      ...actor(ctx),
      action: 'deal.create',
      entity: 'deal',
      entityId: id,
      changes: [...auditFields(row, items.rows), ...customPlan.changes],
      summary: `${row.name} (${row.customer_name ?? input.customerId})`,
    });
    return toDeal(row);
  });
}

/** Field changes of a new deal as audit entries (old = null). */
function auditFields(row: DealRow, items: ItemRow[]): FieldChange[] {
  const fields: [string, unknown][] = [
    ['name', row.name],
    ['customerId', row.customer_id],
    ['amountFen', row.amount_fen],
    ['amountSource', row.amount_source],
    ['expectedCloseDate', row.expected_close_date],
    ['stageId', row.stage_id],
    ['probability', row.probability],
    ['ownerId', row.owner_id],
    ['source', row.source],
    ['contractTerms', row.contract_terms],
    ['notes', row.notes],
  ];
  const out = fields.filter(([, v]) => v !== null && v !== undefined).map(([field, v]) => ({ field, old: null, new: v }));
  if (items.length) out.push({ field: 'items', old: null, new: itemsForAudit(items) });
  return out;
}

const COLUMN: Record<string, string> = {
  name: 'name',
  customerId: 'customer_id',
  amountFen: 'amount_fen',
  amountSource: 'amount_source',
  expectedCloseDate: 'expected_close_date',
  probability: 'probability',
  probabilityOverridden: 'probability_overridden',
  ownerId: 'owner_id',
  source: 'source',
  contractTerms: 'contract_terms',
  notes: 'notes',
};

export function updateDeal(input: In<'deals:update'>, ctx: UserCallContext): Out<'deals:update'> {
  const { db } = ctx.app;
  const { t, user } = ctx;
  const p = input.patch;
  return db.tx(() => {
    const row = loadEditableDeal(db, user, t, input.id, input.version);
    const errors: FieldErrors = {};
    const next: Record<string, unknown> = {};
    if (p.name !== undefined) {
      const name = cleanText(p.name);
      if (!name) errors.name = t('deals.errors.nameRequired');
      next.name = name;
    }
    if (p.customerId !== undefined && p.customerId !== row.customer_id) {
      checkCustomer(db, user, p.customerId, t, errors);
      next.customerId = p.customerId;
    }
    if (p.ownerId !== undefined && p.ownerId !== row.owner_id) {
      checkOwner(db, user, p.ownerId, row.owner_id, t, errors);
      next.ownerId = p.ownerId;
    }
    for (const f of ['source', 'contractTerms', 'notes'] as const) if (p[f] !== undefined) next[f] = cleanText(p[f]) ?? null;
    if (p.expectedCloseDate !== undefined) next.expectedCloseDate = p.expectedCloseDate;
    if (p.probability !== undefined) {
      const stage = db.prepare('SELECT probability FROM stages WHERE id = ?').get(row.stage_id) as { probability: number };
      next.probability = p.probability ?? stage.probability;
      next.probabilityOverridden = p.probability === null ? 0 : 1;
    }
    const oldItems = storedItems(ctx, row.id);
    const items = p.items ? prepareItems(p.items, t, errors) : null;
    // custom fields: only the given keys are checked (old deals without a value stay editable)
    const custom = p.custom !== undefined ? prepareCustomValues(db, 'deal', p.custom, 'update', t) : null;
    if (custom) Object.assign(errors, custom.errors);
    throwIfErrors(errors, t);

    const source = p.amountSource ?? row.amount_source;
    if (p.amountSource !== undefined) next.amountSource = source;
    if (source === 'items') {
      next.amountFen = items ? items.totalFen : oldItems.reduce((s, r) => s + r.total_fen, 0);
    } else if (p.amountFen !== undefined) {
      next.amountFen = p.amountFen;
    }

    const current: Record<string, unknown> = {
      name: row.name,
      customerId: row.customer_id,
      amountFen: row.amount_fen,
      amountSource: row.amount_source,
      expectedCloseDate: row.expected_close_date,
      probability: row.probability,
      probabilityOverridden: row.probability_overridden,
      ownerId: row.owner_id,
      source: row.source,
      contractTerms: row.contract_terms ?? null,
      notes: row.notes ?? null,
    };
    const changes: FieldChange[] = Object.entries(next)
      .filter(([k, v]) => current[k] !== v)
      .map(([field, v]) => ({ field, old: current[field], new: v }));
    if (items) {
      const before = JSON.stringify(itemsForAudit(oldItems));
      const after = JSON.stringify(itemsForAudit(items.rows));
      if (before !== after || oldItems.some((o, i) => o.description !== items.rows[i]?.description)) {
        changes.push({ field: 'items', old: itemsForAudit(oldItems), new: itemsForAudit(items.rows) });
      }
    }
    // unique checks and `custom.<key>` audit changes against the values stored now
    const customPlan = custom ? planCustomValues(db, 'deal', row.id, custom.prepared, row.custom ?? {}, t) : null;
    if (customPlan) changes.push(...customPlan.changes);
    if (!changes.length) return toDeal(row);

    const now = ctx.app.clock.now().toISOString();
    const columnChanges = changes.filter((c) => c.field in COLUMN);
    const sets = columnChanges.map((c) => `${COLUMN[c.field]} = ?`);
    db.prepare(`UPDATE deals SET ${[...sets, 'updated_at = ?', 'updated_by = ?', 'version = version + 1'].join(', ')} WHERE id = ? AND version = ?`).run(
      ...columnChanges.map((c) => c.new),
      now,
      user.id,
      row.id,
      row.version,
    );
    if (items && changes.some((c) => c.field === 'items')) insertItems(ctx, row.id, items.rows);
    if (customPlan) writeCustomValues(db, row.id, customPlan);
    recordAudit(db, {
      ...actor(ctx),
      action: 'deal.update',
      entity: 'deal',
      entityId: row.id,
      changes: changes.filter((c) => c.field !== 'probabilityOverridden'),
      summary: row.name,
    });
    return toDeal(selectDeal(db, row.id)!);
  });
}

export function moveDealStage(input: In<'deals:moveStage'>, ctx: UserCallContext): Out<'deals:moveStage'> {
  const { db } = ctx.app;
  const { t, user } = ctx;
  return db.tx(() => {
    const row = loadEditableDeal(db, user, t, input.id, input.version);
    const stage = checkOpenStage(db, input.stageId, t);
    if (stage.id === row.stage_id) return toDeal(row);
    const probability = row.probability_overridden ? row.probability : stage.probability;
    const now = ctx.app.clock.now().toISOString();
    db.prepare('UPDATE deals SET stage_id = ?, probability = ?, updated_at = ?, updated_by = ?, version = version + 1 WHERE id = ?').run(
      stage.id,
      probability,
      now,
      user.id,
      row.id,
    );
    recordStageMove(ctx, row.id, row.stage_id, stage.id, now);
    const changes: FieldChange[] = [{ field: 'stageId', old: row.stage_id, new: stage.id }];
    if (probability !== row.probability) changes.push({ field: 'probability', old: row.probability, new: probability });
    recordAudit(db, {
      ...actor(ctx),
      action: 'deal.moveStage',
      entity: 'deal',
      entityId: row.id,
      changes,
      summary: `${row.name}: ${row.stage_name} → ${stage.name}`,
    });
    emitDomainEvent(ctx, { type: 'deal.stageChanged', dealId: row.id, fromStageId: row.stage_id, toStageId: stage.id }); // automation (issue 7)
    return toDeal(selectDeal(db, row.id)!);
  });
}

export function deleteDeals(input: In<'deals:delete'>, ctx: UserCallContext): Out<'deals:delete'> {
  const { db } = ctx.app;
  const { t, user } = ctx;
  return db.tx(() => {
    const rows = [...new Set(input.ids)].map((id) => loadEditableDeal(db, user, t, id));
    const batchId = newBatchId();
    const now = ctx.app.clock.now().toISOString();
    const del = db.prepare('UPDATE deals SET deleted_at = ?, deleted_by = ?, delete_batch_id = ?, version = version + 1 WHERE id = ?');
    for (const r of rows) del.run(now, user.id, batchId, r.id);
    // the deal's live reminders go to the bin with it (cancelled, so they never fire from there);
    // restoring the deal brings them back in their earlier state (recycleBin/restore.ts)
    db.prepare(
      `UPDATE reminders SET status_before_delete = status, deleted_at = ?, deleted_by = ?, delete_batch_id = ?,
         status = CASE status WHEN 'pending' THEN 'cancelled' ELSE status END,
         cancelled_at = CASE status WHEN 'pending' THEN ? ELSE cancelled_at END
       WHERE delete_batch_id IS NULL AND deal_id IN (SELECT value FROM json_each(?))`,
    ).run(now, user.id, batchId, now, JSON.stringify(rows.map((r) => r.id)));
    recordAudit(
      db,
      rows.map((r) => ({
        ...actor(ctx),
        action: 'deal.delete',
        entity: 'deal',
        entityId: r.id,
        batchId,
        summary: `${r.name} (${r.customer_name ?? r.customer_id})`,
        changes: [{ field: 'deletedAt', old: null, new: now }],
      })),
    );
    return { deleted: rows.length, batchId };
  });
}
