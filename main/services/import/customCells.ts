// Import cells for custom fields (issue 13): a mapped `custom.<key>` column's cell -> the value the
// fields module stores (fields/hooks importCellValue does the per-type validation), or a cell error.
// Sheets hold money in yuan (the form shows yuan; storage is integer fen) and multi-select options as
// one text joined with 、 , ， ; or ；. Date and date-time cells get the same date cleansing as the
// built-in dates (Excel serials, 2024年1月2日, 2024/1/2 ...: dates.ts).
import type { TFunction } from 'i18next';
import type { CustomField } from '../../contract/fields';
import { importCellValue, prepareCustomValues } from '../fields/hooks';
import type { PreparedValue } from '../fields/values';
import { activeFields, fieldLabel } from '../fields/definitions';
import type { Db } from '../../../db/sql';
import { cellText } from './cleanse';
import type { CellValue } from './readWorkbook';
import type { CustomTarget } from './fields';
import { parseDateTimeValue, parseDateValue } from './dates';

export const customTargetsOf = (fields: readonly CustomField[]): (CustomTarget & { field: CustomField })[] =>
  fields.map((f) => ({ key: `custom.${f.key}` as const, labels: [f.label.zh, f.label.en].filter(Boolean), field: f }));

function cellInput(field: CustomField, raw: CellValue, date1904: boolean): unknown {
  switch (field.type) {
    case 'date':
      return parseDateValue(raw, date1904) ?? cellText(raw);
    case 'datetime':
      return parseDateTimeValue(raw, date1904) ?? cellText(raw);
    case 'money': {
      const n = typeof raw === 'number' ? raw : Number(cellText(raw).replace(/[¥￥,，\s]/g, ''));
      return Number.isFinite(n) ? Math.round(n * 100 * 100) / 100 : cellText(raw);
    }
    case 'number':
      return typeof raw === 'number' ? raw : cellText(raw);
    case 'multiSelect':
      return cellText(raw)
        .split(/[、,，;；]/)
        .map((s) => s.trim())
        .filter(Boolean);
    case 'boolean':
      return typeof raw === 'boolean' ? raw : cellText(raw);
    default:
      return cellText(raw);
  }
}

/** `{ ok, value }` for the custom map, or `{ ok: false, message }` naming the field and the problem. */
export function customCell(field: CustomField, raw: CellValue, t: TFunction, locale: string, date1904 = false): { ok: true; value: unknown } | { ok: false; message: string } {
  const r = importCellValue(field, cellInput(field, raw, date1904));
  if (r.ok) return r;
  return { ok: false, message: `${fieldLabel(field, locale)}: ${t(r.error, { value: cellText(raw).slice(0, 40), name: '' })}` };
}

/** The live custom fields of customers as mapping targets and as the cleanse context. */
export function customImportContext(db: Db, locale: string) {
  const targets = customTargetsOf(activeFields(db, 'customer'));
  return { targets, cleanse: { fields: new Map(targets.map((x) => [x.key as string, x.field])), locale } };
}

/**
 * The custom values of a row that creates a customer: defaults fill absent fields and every required
 * live field must have a value, like customers:create. `{ ok: false, message }` names the field(s)
 * (the row fails alone); an update of an existing customer does not go through here.
 */
export function customCreateValues(
  db: Db,
  custom: Record<string, unknown> | undefined,
  t: TFunction,
  locale: string,
): { ok: true; prepared: PreparedValue[] } | { ok: false; message: string } {
  const { prepared, errors } = prepareCustomValues(db, 'customer', custom ?? {}, 'create', t);
  const keys = Object.keys(errors);
  if (!keys.length) return { ok: true, prepared };
  const fields = new Map(activeFields(db, 'customer').map((f) => [`custom.${f.key}`, f]));
  const message = keys
    .map((k) => {
      const f = fields.get(k);
      return `${f ? fieldLabel(f, locale) : k.slice('custom.'.length)}: ${errors[k]}`;
    })
    .join('; ');
  return { ok: false, message };
}
