// deals:list with `customSort: { key, dir }` — a page of deals ordered by one custom field (issue 13),
// like customers' fields/customerSort.ts. The page is read along the values index (field_id, value,
// deal_id) joined to deals by primary key, so a page costs O(page) wherever it is (keyset cursor), not
// a sort of every deal. Deals without a value come after all that have one (in id order), both ways.
// Scope, filters and search are the same WHERE as the normal list (dealWhere).
import type { ChannelOutput } from '../../contract';
import type { ParsedInputOf } from '../../contract/define';
import type { dealsContract } from '../../contract/deals';
import { SORTABLE_FIELD_TYPES } from '../../contract/fields';
import type { UserCallContext } from '../../ipc/context';
import { AppError } from '../../ipc/errors';
import { fieldByKey } from '../fields/definitions';
import { customFilterSqlFor } from '../fields/recordFilter';
import { decodeCustomSortCursor, encodeCustomSortCursor, type CustomSort } from '../fields/customSortCursor';
import { narrowSortWalk } from '../fields/sortNarrow';
import { countDeals, dealWhere, withCustomValues } from './list';
import { JOINS, LIST_COLUMNS, toListRow, type DealRow } from './rows';

type Row = DealRow & { sort_key: string | number | null };

export function listDealsByCustomField(
  input: ParsedInputOf<(typeof dealsContract)['deals:list']>,
  sort: CustomSort,
  ctx: UserCallContext,
): ChannelOutput<'deals:list'> {
  const { db } = ctx.app;
  const field = fieldByKey(db, 'deal', sort.key);
  if (!field || field.retiredAt || !SORTABLE_FIELD_TYPES.includes(field.type)) {
    const msg = ctx.t('fields.errors.unknown', { key: sort.key });
    throw new AppError('INVALID_INPUT', msg, { fieldErrors: { customSort: msg } });
  }
  const limit = input.limit ?? 50;
  const where = dealWhere(ctx.user, input.filter, input.query);
  const cond = where.sql.join(' AND ');
  const d = sort.dir === 'asc' ? 'ASC' : 'DESC';
  const gt = sort.dir === 'asc' ? '>' : '<';
  // a filter on the sorted field itself narrows the index walk to its options / range (a rare option
  // would otherwise walk every value of the field), and deals without a value can never match it
  const ownCond = input.filter?.custom?.[sort.key];
  const own = narrowSortWalk(ownCond, ownCond !== undefined && ownCond !== null && customFilterSqlFor('deal', 'd', { [sort.key]: ownCond }).length > 0);

  const withValue = (extra: string, order: string, params: unknown[], n: number) =>
    db
      .prepare(
        `SELECT ${LIST_COLUMNS}, v.value AS sort_key
         FROM deal_field_values v INDEXED BY deal_field_values_value
         CROSS JOIN deals d ON d.id = v.deal_id ${JOINS}
         WHERE v.field_id = ? AND ${own.sql} AND ${cond} AND ${extra} ORDER BY ${order} LIMIT ?`,
      )
      .all(field.id, ...own.params, ...where.params, ...params, n) as Row[];
  const withoutValue = (afterId: number, n: number): Row[] =>
    own.filtered
      ? []
      : db
      .prepare(
        `SELECT ${LIST_COLUMNS}, NULL AS sort_key FROM deals d ${JOINS}
         WHERE ${cond} AND NOT EXISTS (SELECT 1 FROM deal_field_values v WHERE v.field_id = ? AND v.deal_id = d.id)
           AND d.id > ? ORDER BY d.id LIMIT ?`,
      )
      .all(...where.params, field.id, afterId, n) as Row[];

  const want = limit + 1;
  let rows: Row[];
  const c = input.cursor ? decodeCustomSortCursor(input.cursor, sort, ctx.t('deals.errors.badCursor')) : null;
  if (!c) {
    rows = withValue('1=1', `v.value ${d}, v.deal_id ${d}`, [], want);
    if (rows.length < want) rows = rows.concat(withoutValue(0, want - rows.length));
  } else if (c.p === 'v') {
    // two index seeks (same value, later ids; then later values), then the deals without a value
    rows = withValue(`v.value = ? AND v.deal_id ${gt} ?`, `v.deal_id ${d}`, [c.k, c.i], want);
    if (rows.length < want) rows = rows.concat(withValue(`v.value ${gt} ?`, `v.value ${d}, v.deal_id ${d}`, [c.k], want - rows.length));
    if (rows.length < want) rows = rows.concat(withoutValue(0, want - rows.length));
  } else {
    rows = withoutValue(c.i, want);
  }

  const more = rows.length > limit;
  const page = more ? rows.slice(0, limit) : rows;
  const last = page[page.length - 1];
  const totals = input.withTotal ? countDeals(db, ctx.user, input.filter ?? {}, input.query, where) : { total: null, totalCapped: false };
  return {
    rows: withCustomValues(db, page).map(toListRow),
    nextCursor: more && last ? encodeCustomSortCursor(sort, last.sort_key, last.id) : null,
    ...totals,
  };
}
