// The rows of an export as one SELECT (scope and filters applied in SQL, like the lists): customers reuse
// the list's targetSql (filter + search = "what the list shows"), deals reuse dealWhere.
import type { z } from 'zod';
import type { UserCallContext } from '../../ipc/context';
import { customerFilterSchema } from '../../contract/customers';
import { dealFilterSchema } from '../../contract/deals';
import { followUpFilterSchema } from '../../contract/followUps';
import type { exportRunInput } from '../../contract/export';
import { auditFilterSchema } from '../../contract/audit';
import { zodToAppError } from '../../ipc/dispatch';
import { ownerScope } from '../auth/scope';
import { targetSql } from '../customers/list';
import { dealWhere } from '../deals/list';
import { orderSql } from '../customers/sort';
import { AppError } from '../../ipc/errors';
import { SORTABLE_FIELD_TYPES } from '../../contract/fields';
import { fieldByKey } from '../fields/definitions';

type Input = z.output<typeof exportRunInput>;
export interface ExportQuery {
  sql: string;
  params: unknown[];
}

function parseFilter<S extends z.ZodType>(schema: S, v: unknown, ctx: UserCallContext): z.output<S> | undefined {
  if (v === undefined) return undefined;
  const r = schema.safeParse(v);
  if (!r.success) throw zodToAppError(r.error, ctx.locale);
  return r.data;
}

const idList = (column: string, ids: readonly number[]) => ({ sql: `${column} IN (SELECT value FROM json_each(?))`, params: [JSON.stringify(ids)] });

/**
 * The order of customers:list with `customSort` (fields/customerSort.ts): customers with a value by that
 * value, then id, in the chosen direction; then those without a value, in id order.
 */
function customOrderSql(sort: NonNullable<Input['customSort']>, ctx: UserCallContext): string {
  const field = fieldByKey(ctx.app.db, 'customer', sort.key);
  if (!field || !SORTABLE_FIELD_TYPES.includes(field.type)) {
    const msg = ctx.t('fields.errors.unknown', { key: sort.key });
    throw new AppError('INVALID_INPUT', msg, { fieldErrors: { customSort: msg } });
  }
  const d = sort.dir === 'asc' ? 'ASC' : 'DESC';
  // field.id is an integer from the database: safe to put in the text
  const key = `(SELECT v.value FROM customer_field_values v WHERE v.field_id = ${Number(field.id)} AND v.customer_id = c.id LIMIT 1)`;
  return `(${key} IS NULL), ${key} ${d}, CASE WHEN ${key} IS NULL THEN c.id END ASC, c.id ${d}`;
}

export function exportQuery(input: Input, select: string, ctx: UserCallContext): ExportQuery {
  const { user } = ctx;
  switch (input.entity) {
    case 'customers': {
      const from = 'FROM customers c LEFT JOIN users u ON u.id = c.owner_id';
      // the list's order (its sort key, then id, as customers:list pages it)
      const order = input.customSort ? customOrderSql(input.customSort, ctx) : input.sort ? orderSql(input.sort) : 'c.id';
      if (input.ids) {
        const scope = ownerScope(user, 'c.owner_id');
        const ids = idList('c.id', input.ids);
        return { sql: `SELECT ${select} ${from} WHERE c.deleted_at IS NULL AND ${scope.sql} AND ${ids.sql} ORDER BY ${order}`, params: [...scope.params, ...ids.params] };
      }
      const filter = parseFilter(customerFilterSchema, input.filter, ctx);
      const target = targetSql(ctx.app.db, user, filter, input.query, ctx.app.clock.now());
      if (!target) return { sql: `SELECT ${select} ${from} WHERE 0`, params: [] };
      return { sql: `SELECT ${select} ${from} WHERE ${target.sql} ORDER BY ${order}`, params: target.params };
    }
    case 'deals': {
      const from = `FROM deals d LEFT JOIN customers c ON c.id = d.customer_id LEFT JOIN stages s ON s.id = d.stage_id LEFT JOIN users u ON u.id = d.owner_id`;
      const w = dealWhere(user, parseFilter(dealFilterSchema, input.filter, ctx) ?? {}, input.query);
      if (input.ids) {
        const ids = idList('d.id', input.ids);
        w.sql.push(ids.sql);
        w.params.push(...ids.params);
      }
      return { sql: `SELECT ${select} ${from} WHERE ${w.sql.join(' AND ')} ORDER BY d.id`, params: w.params };
    }
    case 'followUps': {
      const f = parseFilter(followUpFilterSchema, input.filter, ctx) ?? {};
      const scope = ownerScope(user, 'c.owner_id');
      const where = ['fu.deleted_at IS NULL', 'c.deleted_at IS NULL', scope.sql];
      const params: unknown[] = [...scope.params];
      const add = (sql: string, ...p: unknown[]) => {
        where.push(sql);
        params.push(...p);
      };
      if (f.ownerIds?.length) add('fu.owner_id IN (SELECT value FROM json_each(?))', JSON.stringify(f.ownerIds));
      if (f.methods?.length) add('fu.method IN (SELECT value FROM json_each(?))', JSON.stringify(f.methods));
      if (f.from) add('fu.at >= ?', new Date(f.from).toISOString());
      if (f.to) add('fu.at < ?', new Date(f.to).toISOString());
      if (f.customerId) add('fu.customer_id = ?', f.customerId);
      if (f.dealId) add('fu.deal_id = ?', f.dealId);
      const q = (f.query ?? input.query)?.trim();
      if (q) {
        const like = `%${q.replace(/[\\%_]/g, (m) => '\\' + m)}%`;
        add("(fu.content LIKE ? ESCAPE '\\' OR fu.result LIKE ? ESCAPE '\\' OR c.name LIKE ? ESCAPE '\\')", like, like, like);
      }
      if (input.ids) add('fu.id IN (SELECT value FROM json_each(?))', JSON.stringify(input.ids));
      return {
        sql: `SELECT ${select} FROM follow_ups fu JOIN customers c ON c.id = fu.customer_id LEFT JOIN deals d ON d.id = fu.deal_id LEFT JOIN users u ON u.id = fu.owner_id WHERE ${where.join(' AND ')} ORDER BY fu.at DESC, fu.id DESC`,
        params,
      };
    }
    case 'audit': {
      const f = parseFilter(auditFilterSchema, input.filter, ctx) ?? {};
      const where = ['1=1'];
      const params: unknown[] = [];
      const add = (sql: string, ...p: unknown[]) => {
        where.push(sql);
        params.push(...p);
      };
      if (f.entity) add('a.entity = ?', f.entity);
      if (f.entityId) add('a.entity_id = ?', f.entityId);
      if (f.userId) add('a.user_id = ?', f.userId);
      if (f.action?.endsWith('.')) add("a.action LIKE ? ESCAPE '\\'", `${f.action.replace(/[\\%_]/g, (m) => '\\' + m)}%`);
      else if (f.action) add('a.action = ?', f.action);
      if (f.from) add('a.at >= ?', new Date(f.from).toISOString());
      if (f.to) add('a.at <= ?', new Date(f.to).toISOString());
      if (f.batchId) add('a.batch_id = ?', f.batchId);
      if (input.ids) add('a.id IN (SELECT value FROM json_each(?))', JSON.stringify(input.ids));
      return { sql: `SELECT ${select} FROM audit_log a WHERE ${where.join(' AND ')} ORDER BY a.id DESC`, params };
    }
  }
}
