// SQL conditions for `filter.custom` on deals and follow-ups (customers have customerFilter.ts, which
// this mirrors): each condition is an EXISTS probe of the values table's primary key
// (field_id, record_id, value), one B-tree seek per candidate row while a list page walks its sort index.
// The field id is an uncorrelated scalar subquery, so the SQL text depends only on the filter's shape.
//
// Filter shapes per key (as for customers):
//   [a, b]                 value IN (a, b)
//   { from?, to? }         range (number, money fen, date 'YYYY-MM-DD', datetime ISO)
//   { contains: 'x' }      text contains x
//   scalar                 value = scalar (true/false for yes/no fields)
// Values that SQLite cannot bind (objects, nested arrays) are ignored rather than sent to the driver,
// so a malformed filter narrows nothing instead of failing with INTERNAL.
import type { FieldEntity } from '../../contract/fields';
import { STORAGE } from './definitions';

export interface SqlPart {
  sql: string;
  params: unknown[];
}

const KEY = /^[a-z][a-z0-9_]{0,39}$/;

type Scalar = string | number;
function scalar(v: unknown): Scalar | undefined {
  if (typeof v === 'boolean') return Number(v);
  if (typeof v === 'number') return Number.isFinite(v) ? v : undefined;
  if (typeof v === 'string') return v;
  return undefined;
}

/** Conditions on `<alias>.id` (the record row) for an entity's custom filter. */
export function customFilterSqlFor(entity: Exclude<FieldEntity, 'customer'>, alias: string, custom: Record<string, unknown>): SqlPart[] {
  const s = STORAGE[entity];
  const fieldId = `(SELECT id FROM custom_fields WHERE entity = '${entity}' AND key = ?)`;
  const probe = (cond: string) => `EXISTS (SELECT 1 FROM ${s.values} v WHERE v.field_id = ${fieldId} AND v.${s.recordCol} = ${alias}.id AND ${cond})`;
  const parts: SqlPart[] = [];
  for (const [key, cond] of Object.entries(custom)) {
    if (!KEY.test(key) || cond === undefined || cond === null) continue;
    if (Array.isArray(cond)) {
      const list = cond.map(scalar).filter((x): x is Scalar => x !== undefined);
      if (!list.length) continue;
      parts.push({ sql: probe('v.value IN (SELECT value FROM json_each(?))'), params: [key, JSON.stringify(list)] });
    } else if (typeof cond === 'object') {
      const { from, to, contains } = cond as { from?: unknown; to?: unknown; contains?: unknown };
      if (typeof contains === 'string' && contains.trim()) {
        const esc = contains.trim().replace(/[\\%_]/g, (m) => `\\${m}`);
        parts.push({ sql: probe("v.value LIKE ? ESCAPE '\\'"), params: [key, `%${esc}%`] });
      }
      const lo = from === '' ? undefined : scalar(from);
      const hi = to === '' ? undefined : scalar(to);
      if (lo !== undefined) parts.push({ sql: probe('v.value >= ?'), params: [key, lo] });
      if (hi !== undefined) parts.push({ sql: probe('v.value <= ?'), params: [key, hi] });
    } else {
      const v = scalar(cond);
      if (v !== undefined) parts.push({ sql: probe('v.value = ?'), params: [key, v] });
    }
  }
  return parts;
}
