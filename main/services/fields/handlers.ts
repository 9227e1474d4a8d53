// The custom fields domain's channels (definitions and form layouts).
import type { HandlersOf } from '../../ipc/context';
import type { fieldsContract } from '../../contract/fields';
import { listFields } from './definitions';
import { createField, deleteField, reorderFields, setRetired, updateField } from './admin';
import { getLayout, updateLayout } from './forms';

export const fieldsHandlers: HandlersOf<typeof fieldsContract> = {
  'fields:list': (input, ctx) => ({ fields: listFields(ctx.app.db, input.entity) }),
  'fields:create': (input, ctx) => createField(ctx, input),
  'fields:update': (input, ctx) => updateField(ctx, input),
  'fields:reorder': (input, ctx) => reorderFields(ctx, input),
  'fields:retire': (input, ctx) => setRetired(ctx, input.id, true),
  'fields:restore': (input, ctx) => setRetired(ctx, input.id, false),
  'fields:delete': (input, ctx) => deleteField(ctx, input),
  'forms:get': (input, ctx) => ({ entity: input.entity, layout: getLayout(ctx.app.db, input.entity) }),
  'forms:update': (input, ctx) => updateLayout(ctx, input.entity, input.layout),
};
