// Custom fields (自定义字段) and form layouts (表单编辑器). Definitions need settings.manage; values
// travel on the records themselves (`custom: { <key>: value }`) under the entity's own permissions.
import { z } from 'zod';
import { channel, id } from './define';

export const FIELD_ENTITIES = ['customer', 'deal', 'followUp'] as const;
export type FieldEntity = (typeof FIELD_ENTITIES)[number];

export const FIELD_TYPES = [
  'text',
  'longText',
  'number',
  'money',
  'date',
  'datetime',
  'singleSelect',
  'multiSelect',
  'phone',
  'email',
  'url',
  'boolean',
] as const;
export type FieldType = (typeof FIELD_TYPES)[number];

/** Types a list can be sorted by (one value per record). */
export const SORTABLE_FIELD_TYPES: readonly FieldType[] = ['text', 'number', 'money', 'date', 'datetime', 'singleSelect', 'phone', 'email', 'url', 'boolean'];

const entity = z.enum(FIELD_ENTITIES);
const label = z
  .object({ zh: z.string().trim().min(1).max(60), en: z.string().trim().max(60).optional() })
  .strict();
/** Select options: the stored value is the option text itself (readable in filters, exports and reports). */
const options = z.array(z.string().trim().min(1).max(100)).max(200);
export const fieldKeySchema = z.string().regex(/^[a-z][a-z0-9_]{0,39}$/);

export const customFieldSchema = z.object({
  id: z.number().int(),
  entity,
  key: z.string(),
  label: z.object({ zh: z.string(), en: z.string() }),
  type: z.enum(FIELD_TYPES),
  options: z.array(z.string()),
  required: z.boolean(),
  unique: z.boolean(),
  default: z.unknown().nullable(),
  help: z.string().nullable(),
  position: z.number().int(),
  hidden: z.boolean(),
  retiredAt: z.string().nullable(),
});
export type CustomField = z.infer<typeof customFieldSchema>;

export const formSectionSchema = z
  .object({
    id: z.string().regex(/^[A-Za-z0-9_-]{1,40}$/),
    title: z.object({ zh: z.string().trim().min(1).max(60), en: z.string().trim().max(60).optional() }).strict(),
    /** custom field keys in display order */
    fields: z.array(z.string().max(64)).max(200),
  })
  .strict();
export const formLayoutSchema = z.object({ sections: z.array(formSectionSchema).min(1).max(30) }).strict();
export type FormLayout = z.infer<typeof formLayoutSchema>;

export const fieldsContract = {
  'fields:list': channel({
    summary: 'Custom field definitions of an entity, in display order (retired ones included, marked retiredAt).',
    input: z.object({ entity }).strict(),
    output: z.object({ fields: z.array(customFieldSchema) }),
    access: 'session',
    permission: null,
    mutates: false,
  }),
  'fields:create': channel({
    summary: 'Add a custom field. No table is rewritten: values live in a typed per-entity values table.',
    input: z
      .object({
        entity,
        label,
        type: z.enum(FIELD_TYPES),
        key: fieldKeySchema.optional(),
        options: options.optional(),
        required: z.boolean().optional(),
        unique: z.boolean().optional(),
        default: z.unknown().optional(),
        help: z.string().max(500).nullable().optional(),
        hidden: z.boolean().optional(),
      })
      .strict(),
    output: customFieldSchema,
    access: 'session',
    permission: 'settings.manage',
    mutates: true,
  }),
  'fields:update': channel({
    summary: 'Rename, edit options/help/default, toggle required/unique/hidden. Turning unique on fails with CONFLICT listing duplicates.',
    input: z
      .object({
        id,
        label: label.optional(),
        options: options.optional(),
        required: z.boolean().optional(),
        unique: z.boolean().optional(),
        default: z.unknown().optional(),
        help: z.string().max(500).nullable().optional(),
        hidden: z.boolean().optional(),
      })
      .strict(),
    output: customFieldSchema,
    access: 'session',
    permission: 'settings.manage',
    mutates: true,
  }),
  'fields:reorder': channel({
    summary: 'Set the display order of an entity\'s fields (ids in order).',
    input: z.object({ entity, ids: z.array(id).max(500) }).strict(),
    output: z.object({ fields: z.array(customFieldSchema) }),
    access: 'session',
    permission: 'settings.manage',
    mutates: true,
  }),
  'fields:retire': channel({
    summary: 'Hide a field everywhere; its values are kept and come back with fields:restore.',
    input: z.object({ id }).strict(),
    output: customFieldSchema,
    access: 'session',
    permission: 'settings.manage',
    mutates: true,
  }),
  'fields:restore': channel({
    summary: 'Bring a retired field back with its values.',
    input: z.object({ id }).strict(),
    output: customFieldSchema,
    access: 'session',
    permission: 'settings.manage',
    mutates: true,
  }),
  'fields:delete': channel({
    summary: 'Delete a field for good with all its values (audited). `confirmKey` must repeat the field key.',
    input: z.object({ id, confirmKey: z.string().max(64) }).strict(),
    output: z.object({ deleted: z.boolean(), values: z.number().int() }),
    access: 'session',
    permission: 'settings.manage',
    mutates: true,
  }),
  'forms:get': channel({
    summary: 'The form layout of an entity: sections and custom field order (fields not placed are appended to the last section).',
    input: z.object({ entity }).strict(),
    output: z.object({ entity, layout: formLayoutSchema }),
    access: 'session',
    permission: null,
    mutates: false,
  }),
  'forms:update': channel({
    summary: 'Save the form layout of an entity (sections and field order).',
    input: z.object({ entity, layout: formLayoutSchema }).strict(),
    output: z.object({ entity, layout: formLayoutSchema }),
    access: 'session',
    permission: 'settings.manage',
    mutates: true,
  }),
};
