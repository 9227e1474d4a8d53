// Reading deals: the joined row, its API shape, scope and lock checks. Every deal channel loads through here,
// so "outside your scope" is NOT_FOUND and "closed" is LOCKED in exactly one place.
import type { TFunction } from 'i18next';
import type { SessionUser } from '../../contract/auth';
import type { Deal, DealListRow } from '../../contract/deals';
import type { Db } from '../../../db/sql';
import { AppError } from '../../ipc/errors';
import { readCustomValues } from '../fields/values';

export interface DealRow {
  id: number;
  name: string;
  customer_id: number;
  customer_name: string | null;
  amount_fen: number;
  currency: string;
  amount_source: 'manual' | 'items';
  expected_close_date: string | null;
  stage_id: number;
  stage_name: string;
  stage_kind: 'open' | 'won' | 'lost';
  probability: number;
  probability_overridden: number;
  owner_id: number | null;
  owner_name: string | null;
  source: string | null;
  contract_terms?: string | null;
  notes?: string | null;
  status: 'open' | 'won' | 'lost';
  closed_at: string | null;
  closed_by_name: string | null;
  close_reason: string | null;
  loss_reason_id: number | null;
  loss_reason_name: string | null;
  reopen_stage_id: number | null;
  created_at: string;
  created_by: number | null;
  updated_at: string;
  updated_by: number | null;
  version: number;
  deleted_at: string | null;
  /** custom field values (deals have no cache column: read from deal_field_values) */
  custom?: Record<string, unknown>;
}

/** Columns of a list row (no long texts); `d` = deals, joined names alongside. */
export const LIST_COLUMNS = `d.id, d.name, d.customer_id, c.name AS customer_name, d.amount_fen, d.currency, d.amount_source,
  d.expected_close_date, d.stage_id, s.name AS stage_name, s.kind AS stage_kind, d.probability, d.probability_overridden,
  d.owner_id, u.display_name AS owner_name, d.source, d.status, d.closed_at, cb.display_name AS closed_by_name,
  d.close_reason, d.loss_reason_id, lr.name AS loss_reason_name, d.reopen_stage_id, d.created_at, d.created_by,
  d.updated_at, d.updated_by, d.version, d.deleted_at`;

export const JOINS = `LEFT JOIN customers c ON c.id = d.customer_id
  LEFT JOIN stages s ON s.id = d.stage_id
  LEFT JOIN users u ON u.id = d.owner_id
  LEFT JOIN users cb ON cb.id = d.closed_by
  LEFT JOIN deal_loss_reasons lr ON lr.id = d.loss_reason_id`;

export function toListRow(r: DealRow): DealListRow {
  return {
    id: r.id,
    name: r.name,
    customerId: r.customer_id,
    customerName: r.customer_name,
    amountFen: r.amount_fen,
    currency: r.currency,
    amountSource: r.amount_source,
    expectedCloseDate: r.expected_close_date,
    stageId: r.stage_id,
    stageName: r.stage_name,
    stageKind: r.stage_kind,
    probability: r.probability,
    probabilityOverridden: r.probability_overridden === 1,
    ownerId: r.owner_id,
    ownerName: r.owner_name,
    source: r.source,
    status: r.status,
    closedAt: r.closed_at,
    closedByName: r.closed_by_name,
    closeReason: r.close_reason,
    lossReasonId: r.loss_reason_id,
    lossReasonName: r.loss_reason_name,
    reopenStageId: r.reopen_stage_id,
    createdAt: r.created_at,
    createdBy: r.created_by,
    updatedAt: r.updated_at,
    updatedBy: r.updated_by,
    version: r.version,
    custom: r.custom ?? {},
  };
}

export function toDeal(r: DealRow): Deal {
  return { ...toListRow(r), contractTerms: r.contract_terms ?? null, notes: r.notes ?? null };
}

/** Deals a user may see: scope 'all' sees every deal, scope 'own' only deals it owns (deals have no pool). */
export function dealScope(user: SessionUser, column = 'd.owner_id'): { sql: string; params: unknown[] } {
  return user.scope === 'all' ? { sql: '1=1', params: [] } : { sql: `${column} = ?`, params: [user.id] };
}

export function selectDeal(db: Db, id: number): DealRow | undefined {
  const row = db
    .prepare(`SELECT ${LIST_COLUMNS}, d.contract_terms, d.notes FROM deals d ${JOINS} WHERE d.id = ?`)
    .get(id) as DealRow | undefined;
  // custom values ride on the row, so every channel that returns a deal returns them (issue 13)
  if (row) row.custom = readCustomValues(db, 'deal', id);
  return row;
}

/** A live deal the user may see, or NOT_FOUND (records outside the scope look like missing ones). */
export function loadVisibleDeal(db: Db, user: SessionUser, t: TFunction, id: number): DealRow {
  const row = selectDeal(db, id);
  if (!row || row.deleted_at || (user.scope !== 'all' && row.owner_id !== user.id)) {
    throw new AppError('NOT_FOUND', t('deals.errors.notFound'), { id });
  }
  return row;
}

/** Closed deals refuse every edit until reopened; the sentence says how. */
export function assertNotLocked(row: DealRow, t: TFunction): void {
  if (row.status === 'open') return;
  throw new AppError('LOCKED', t('deals.errors.locked', { result: t(`deals.result.${row.status}`) }), {
    id: row.id,
    status: row.status,
    reopenPermission: 'deals.reopen',
  });
}

/** Stale version: CONFLICT with the current record so the UI can show what changed. */
export function assertVersion(row: DealRow, version: number, t: TFunction): void {
  if (row.version !== version) {
    throw new AppError('CONFLICT', t('deals.errors.conflict', { version: row.version }), { current: toDeal(row) });
  }
}

/** Load, check scope, lock and version: the preamble of every edit channel. */
export function loadEditableDeal(db: Db, user: SessionUser, t: TFunction, id: number, version?: number): DealRow {
  const row = loadVisibleDeal(db, user, t, id);
  assertNotLocked(row, t);
  if (version !== undefined) assertVersion(row, version, t);
  return row;
}

export interface StageRow {
  id: number;
  name: string;
  position: number;
  probability: number;
  kind: 'open' | 'won' | 'lost';
  archived_at: string | null;
  version: number;
}

export function selectStage(db: Db, id: number): StageRow | undefined {
  return db.prepare('SELECT id, name, position, probability, kind, archived_at, version FROM stages WHERE id = ?').get(id) as
    | StageRow
    | undefined;
}

export function liveStages(db: Db): StageRow[] {
  return db
    .prepare('SELECT id, name, position, probability, kind, archived_at, version FROM stages WHERE archived_at IS NULL ORDER BY position, id')
    .all() as StageRow[];
}

/** The first live stage of a kind (closing picks the first won / lost stage). */
export function firstStageOfKind(db: Db, kind: StageRow['kind']): StageRow | undefined {
  return liveStages(db).find((s) => s.kind === kind);
}
