// The customers domain's channels. Each handler is a thin call into a module named for what it does.
import type { HandlersOf } from '../../ipc/context';
import type { customersContract } from '../../contract/customers';
import { listCustomers } from './list';
import { listByCustomField } from '../fields/customerSort';
import { listRareCustomFilter } from '../fields/rareFilter';
import { getCustomerDetail } from './detail';
import { createCustomer, updateCustomer } from './write';
import { deletePreview, softDeleteCustomers } from './softDelete';
import { batchPreview, batchUpdate } from './batch';
import { findDuplicates } from './duplicates';
import { customerOptions } from './options';
import { deleteView, listViews, saveView } from './views';

export const customersHandlers: HandlersOf<typeof customersContract> = {
  'customers:list': (input, ctx) =>
    input.customSort // sorted by a custom field (issue 13): fields/customerSort.ts walks that field's value index
      ? listByCustomField(ctx, input, input.customSort)
      : // a custom filter matching few customers is read from the values index (fields/rareFilter.ts)
        (listRareCustomFilter(ctx, input) ?? listCustomers(ctx.app.db, ctx.user, input, ctx.app.clock.now(), () => ctx.t('customers.errors.badCursor'))),
  'customers:get': (input, ctx) => getCustomerDetail(ctx, input.id),
  'customers:create': (input, ctx) => createCustomer(ctx, input),
  'customers:update': (input, ctx) => updateCustomer(ctx, input),
  'customers:delete': (input, ctx) => softDeleteCustomers(ctx, input),
  'customers:deletePreview': (input, ctx) => deletePreview(ctx, input),
  'customers:batchPreview': (input, ctx) => batchPreview(ctx, input),
  'customers:batchUpdate': (input, ctx) => batchUpdate(ctx, input),
  'customers:findDuplicates': (input, ctx) => findDuplicates(ctx.app.db, ctx.user, input, ctx.locale),
  'customers:options': (_input, ctx) => customerOptions(ctx.app.db),
  'views:list': (_input, ctx) => listViews(ctx),
  'views:save': (input, ctx) => saveView(ctx, input),
  'views:delete': (input, ctx) => deleteView(ctx, input.id),
};
