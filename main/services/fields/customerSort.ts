// customers:list with `customSort: { key, dir }` — a page of customers ordered by one custom field.
// The page is read along the values index (field_id, value, customer_id) joined to customers by primary
// key, so the cost is O(page) wherever the page is (keyset cursor), not a sort of 1M rows. Customers
// without a value come after all that have one (in id order), in both directions.
// Scope, filters and search are the same condition as the normal list (targetSql); totals come from the
// normal list's counting (the order does not change the count).
import type { UserCallContext } from '../../ipc/context';
import { AppError } from '../../ipc/errors';
import { SORTABLE_FIELD_TYPES } from '../../contract/fields';
import { listCustomers, targetSql, type ListInput } from '../customers/list';
import { CUSTOMER_COLUMNS, toListRows, type CustomerRow } from '../customers/rows';
import { customFieldFilterSql } from './customerFilter';
import { fieldByKey } from './definitions';
import { decodeCustomSortCursor, encodeCustomSortCursor, type CustomSort } from './customSortCursor';
import { narrowSortWalk } from './sortNarrow';

type Row = CustomerRow & { sort_key: string | number | null };

export function listByCustomField(ctx: UserCallContext, input: ListInput, sort: CustomSort) {
  const { db } = ctx.app;
  const now = ctx.app.clock.now();
  const badCursor = ctx.t('customers.errors.badCursor');
  const field = fieldByKey(db, 'customer', sort.key);
  if (!field || !SORTABLE_FIELD_TYPES.includes(field.type)) {
    const msg = ctx.t('fields.errors.unknown', { key: sort.key });
    throw new AppError('INVALID_INPUT', msg, { fieldErrors: { customSort: msg } });
  }
  const limit = input.limit ?? 100;
  const target = targetSql(db, ctx.user, input.filter, input.query, now);
  if (!target) return { rows: [], nextCursor: null, total: 0, totalCapped: false };
  const wantTotal = input.withTotal ?? !input.cursor;
  const counted = wantTotal ? listCustomers(db, ctx.user, { query: input.query, filter: input.filter, limit: 1, withTotal: true }, now, badCursor) : null;
  const totals = { total: counted?.total ?? null, totalCapped: counted?.totalCapped };

  const d = sort.dir === 'asc' ? 'ASC' : 'DESC';
  const gt = sort.dir === 'asc' ? '>' : '<';
  // a filter on the sorted field itself narrows the index walk to its options / range, and customers
  // without a value can never match it (a rare option no longer walks every value of the field)
  const ownCond = input.filter?.custom?.[sort.key];
  const own = narrowSortWalk(ownCond, ownCond !== undefined && ownCond !== null && customFieldFilterSql({ [sort.key]: ownCond }).length > 0);
  const withValue = (where: string, order: string, params: unknown[], n: number, offset = 0) =>
    db
      .prepare(
        `SELECT ${CUSTOMER_COLUMNS}, v.value AS sort_key
         FROM customer_field_values v INDEXED BY customer_field_values_value
         CROSS JOIN customers c ON c.id = v.customer_id LEFT JOIN users u ON u.id = c.owner_id
         WHERE v.field_id = ? AND ${own.sql} AND ${target.sql} AND ${where} ORDER BY ${order} LIMIT ? OFFSET ?`,
      )
      .all(field.id, ...own.params, ...target.params, ...params, n, offset) as Row[];
  const withoutValue = (afterId: number | null, n: number, offset = 0): Row[] =>
    own.filtered
      ? []
      : db
      .prepare(
        `SELECT ${CUSTOMER_COLUMNS}, NULL AS sort_key FROM customers c LEFT JOIN users u ON u.id = c.owner_id
         WHERE ${target.sql} AND NOT EXISTS (SELECT 1 FROM customer_field_values v WHERE v.field_id = ? AND v.customer_id = c.id)
           AND c.id > ? ORDER BY c.id LIMIT ? OFFSET ?`,
      )
      .all(...target.params, field.id, afterId ?? 0, n, offset) as Row[];

  const want = limit + 1;
  let rows: Row[];
  if (input.cursor) {
    const c = decodeCustomSortCursor(input.cursor, sort, badCursor);
    if (c.p === 'v') {
      // two index seeks (same value, later ids; then later values), like the built-in sorts
      rows = withValue('v.value = ? AND v.customer_id ' + gt + ' ?', `v.customer_id ${d}`, [c.k, c.i], want);
      if (rows.length < want) rows = rows.concat(withValue(`v.value ${gt} ?`, `v.value ${d}, v.customer_id ${d}`, [c.k], want - rows.length));
      if (rows.length < want) rows = rows.concat(withoutValue(null, want - rows.length));
    } else {
      rows = withoutValue(c.i, want);
    }
  } else {
    const offset = input.offset ?? 0;
    rows = withValue('1=1', `v.value ${d}, v.customer_id ${d}`, [], want, offset);
    if (rows.length < want) {
      const skipped = offset ? Math.max(0, offset - countWithValue()) : 0;
      rows = rows.concat(withoutValue(null, want - rows.length, skipped));
    }
  }
  function countWithValue(): number {
    return (
      db
        .prepare(`SELECT count(*) AS n FROM customer_field_values v CROSS JOIN customers c ON c.id = v.customer_id WHERE v.field_id = ? AND ${own.sql} AND ${target!.sql}`)
        .get(field!.id, ...own.params, ...target!.params) as { n: number }
    ).n;
  }

  const more = rows.length > limit;
  const page = more ? rows.slice(0, limit) : rows;
  const last = page[page.length - 1];
  return {
    rows: toListRows(db, page),
    nextCursor:
      more && last
        ? encodeCustomSortCursor(sort, last.sort_key, last.id)
        : null,
    ...totals,
  };
}
