// Business validation of deal input: texts, customer, owner, stage, line items. Each failure is a field
// error in the caller's language (INVALID_INPUT with details.fieldErrors keyed by the input field).
import type { TFunction } from 'i18next';
import type { SessionUser } from '../../contract/auth';
import { lineTotalFenBig, MAX_AMOUNT_FEN } from '../../contract/dealMoney';
import type { Db } from '../../../db/sql';
import { AppError, invalid } from '../../ipc/errors';
import { selectStage, type StageRow } from './rows';

export type FieldErrors = Record<string, string>;

export function throwIfErrors(errors: FieldErrors, t: TFunction): void {
  const first = Object.values(errors)[0];
  if (first) throw invalid(t('errors.invalidInput', { detail: first }), errors);
}

/** Trim; an empty string means "no value". */
export function cleanText(v: string | null | undefined): string | null | undefined {
  if (v === undefined) return undefined;
  if (v === null) return null;
  const s = v.trim();
  return s === '' ? null : s;
}

export interface ItemRow {
  position: number;
  product: string;
  description: string | null;
  quantity: number;
  unit_price_fen: number;
  discount_bp: number;
  total_fen: number;
}

export interface ItemInput {
  product: string;
  description?: string | null;
  quantity: number;
  unitPriceFen: number;
  discountBp?: number;
}

/** Line items with their rounded totals, and the sum (null when it would exceed the amount limit). */
export function prepareItems(items: readonly ItemInput[], t: TFunction, errors: FieldErrors): { rows: ItemRow[]; totalFen: number } {
  const rows: ItemRow[] = [];
  let sum = 0n;
  items.forEach((it, i) => {
    const product = cleanText(it.product);
    if (!product) errors[`items.${i}.product`] = t('deals.errors.productRequired');
    const total = lineTotalFenBig({ quantity: it.quantity, unitPriceFen: it.unitPriceFen, discountBp: it.discountBp ?? 0 });
    if (total > BigInt(MAX_AMOUNT_FEN)) errors[`items.${i}.unitPriceFen`] = t('deals.errors.amountTooLarge');
    sum += total;
    rows.push({
      position: i + 1,
      product: product ?? '',
      description: cleanText(it.description) ?? null,
      quantity: it.quantity,
      unit_price_fen: it.unitPriceFen,
      discount_bp: it.discountBp ?? 0,
      total_fen: total > BigInt(MAX_AMOUNT_FEN) ? 0 : Number(total),
    });
  });
  if (sum > BigInt(MAX_AMOUNT_FEN)) errors.items ??= t('deals.errors.amountTooLarge');
  return { rows, totalFen: sum > BigInt(MAX_AMOUNT_FEN) ? 0 : Number(sum) };
}

/** The customer must be live and inside the user's customer scope (own customers or the pool). */
export function checkCustomer(db: Db, user: SessionUser, customerId: number, t: TFunction, errors: FieldErrors): { id: number; name: string; status: string; version: number } | null {
  const c = db
    .prepare('SELECT id, name, status, owner_id, version, deleted_at FROM customers WHERE id = ?')
    .get(customerId) as { id: number; name: string; status: string; owner_id: number | null; version: number; deleted_at: string | null } | undefined;
  const visible = c && !c.deleted_at && (user.scope === 'all' || c.owner_id === user.id || c.owner_id === null);
  if (!visible) {
    errors.customerId = t('deals.errors.customerNotFound');
    return null;
  }
  return c;
}

/**
 * Owner rules: the owner must be an active user; giving a deal to someone else needs 'deals.transfer'
 * (a sales rep cannot hand deals around, and could not see them afterwards).
 */
export function checkOwner(db: Db, user: SessionUser, ownerId: number | null, currentOwner: number | null | undefined, t: TFunction, errors: FieldErrors): void {
  if (ownerId === currentOwner) return;
  if (ownerId !== user.id && !user.permissions.includes('deals.transfer')) {
    throw new AppError('FORBIDDEN', t('deals.errors.transferForbidden'), { permission: 'deals.transfer' });
  }
  if (ownerId === null) return;
  const u = db.prepare('SELECT id FROM users WHERE id = ? AND disabled_at IS NULL').get(ownerId);
  if (!u) errors.ownerId = t('deals.errors.ownerNotFound');
}

/** A live open stage (deals move between open stages; won/lost are reached by closing). */
export function checkOpenStage(db: Db, stageId: number, t: TFunction, field = 'stageId'): StageRow {
  const s = selectStage(db, stageId);
  if (!s || s.archived_at) throw invalid(t('errors.invalidInput', { detail: t('deals.errors.stageNotFound') }), { [field]: t('deals.errors.stageNotFound') });
  if (s.kind !== 'open') throw invalid(t('errors.invalidInput', { detail: t('deals.errors.stageNotOpen') }), { [field]: t('deals.errors.stageNotOpen') });
  return s;
}

/** The audit form of a list of items: compact, comparable. */
export function itemsForAudit(rows: readonly Pick<ItemRow, 'product' | 'quantity' | 'unit_price_fen' | 'discount_bp' | 'total_fen'>[]) {
  return rows.map((r) => ({ product: r.product, quantity: r.quantity, unitPriceFen: r.unit_price_fen, discountBp: r.discount_bp, totalFen: r.total_fen }));
}
