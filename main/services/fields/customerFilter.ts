// SQL conditions on `c` (customers) for `filter.custom` — called from customers/filters.ts.
// Each condition is an EXISTS probe of the values table's primary key (field_id, customer_id, value):
// while a list page walks a sort index, every candidate row costs one B-tree seek, never a scan of the
// field's values or a JSON parse of customers.custom. The field id is an uncorrelated scalar subquery
// (evaluated once per statement), so the SQL text depends only on the filter's shape, not on values.
//
// Filter shapes per key:
//   [a, b]                 value IN (a, b)          (select options, booleans, exact values)
//   { from?, to? }         range (number, money fen, date 'YYYY-MM-DD', datetime ISO)
//   { contains: 'x' }      text contains x
//   scalar                 value = scalar (true/false for yes/no fields; one option of a multi-select)
export interface SqlPart {
  sql: string;
  params: unknown[];
}

const KEY = /^[a-z][a-z0-9_]{0,39}$/;
const FIELD_ID = "(SELECT id FROM custom_fields WHERE entity = 'customer' AND key = ?)";
const probe = (cond: string) => `EXISTS (SELECT 1 FROM customer_field_values v WHERE v.field_id = ${FIELD_ID} AND v.customer_id = c.id AND ${cond})`;

const param = (v: unknown): unknown => (typeof v === 'boolean' ? Number(v) : v);

export function customFieldFilterSql(custom: Record<string, unknown>): SqlPart[] {
  const parts: SqlPart[] = [];
  for (const [key, cond] of Object.entries(custom)) {
    if (!KEY.test(key) || cond === undefined || cond === null) continue;
    if (Array.isArray(cond)) {
      if (!cond.length) continue;
      parts.push({ sql: probe('v.value IN (SELECT value FROM json_each(?))'), params: [key, JSON.stringify(cond.map(param))] });
    } else if (typeof cond === 'object') {
      const { from, to, contains } = cond as { from?: unknown; to?: unknown; contains?: unknown };
      if (typeof contains === 'string' && contains.trim()) {
        const esc = contains.trim().replace(/[\\%_]/g, (m) => `\\${m}`);
        parts.push({ sql: probe("v.value LIKE ? ESCAPE '\\'"), params: [key, `%${esc}%`] });
      }
      if (from !== undefined && from !== null && from !== '') parts.push({ sql: probe('v.value >= ?'), params: [key, param(from)] });
      if (to !== undefined && to !== null && to !== '') parts.push({ sql: probe('v.value <= ?'), params: [key, param(to)] });
    } else {
      parts.push({ sql: probe('v.value = ?'), params: [key, param(cond)] });
    }
  }
  return parts;
}
