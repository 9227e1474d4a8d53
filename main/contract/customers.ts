import { z } from 'zod';
import { channel, id, isoDate, isoDateTime, longText, shortText } from './define';

export const CUSTOMER_LEVELS = ['A', 'B', 'C'] as const;
export const CUSTOMER_STATUSES = ['potential', 'following', 'won', 'lost'] as const;
export const CUSTOMER_KINDS = ['company', 'person'] as const;
export const GENDERS = ['male', 'female', 'other'] as const;

/** Columns the list can show and sort by (keys of CustomerRow). */
export const CUSTOMER_SORT_FIELDS = [
  'name',
  'createdAt',
  'updatedAt',
  'lastFollowUpAt',
  'nextFollowUpAt',
  'level',
  'status',
  'province',
  'industry',
  'ownerId',
] as const;

const text = (max = 200) => z.string().max(max).nullable().optional();

/** Writable customer fields. Service-level validation normalizes and checks formats (phone, email, birthday). */
export const customerFieldsSchema = z
  .object({
    name: z.string().max(200),
    kind: z.enum(CUSTOMER_KINDS).optional(),
    contactName: text(100),
    gender: z.enum(GENDERS).nullable().optional(),
    birthday: z.string().max(40).nullable().optional(),
    mobile: text(40),
    phone: text(40),
    email: text(200),
    wechat: text(100),
    province: text(50),
    city: text(50),
    address: text(500),
    industry: text(100),
    company: text(200),
    position: text(100),
    source: text(100),
    level: z.enum(CUSTOMER_LEVELS).nullable().optional(),
    status: z.enum(CUSTOMER_STATUSES).optional(),
    tags: z.array(shortText).max(50).optional(),
    /** null puts the customer in the pool (公海); omitted on create = the creating user */
    ownerId: id.nullable().optional(),
    notes: longText.nullable().optional(),
    /** custom field values keyed by field key (see fields:*) */
    custom: z.record(z.string().max(64), z.unknown()).optional(),
  })
  .strict();

export const customerSchema = z.object({
  id: z.number().int(),
  name: z.string(),
  kind: z.enum(CUSTOMER_KINDS),
  contactName: z.string().nullable(),
  gender: z.enum(GENDERS).nullable(),
  birthday: z.string().nullable(),
  mobile: z.string().nullable(),
  phone: z.string().nullable(),
  email: z.string().nullable(),
  wechat: z.string().nullable(),
  province: z.string().nullable(),
  city: z.string().nullable(),
  address: z.string().nullable(),
  industry: z.string().nullable(),
  company: z.string().nullable(),
  position: z.string().nullable(),
  source: z.string().nullable(),
  level: z.enum(CUSTOMER_LEVELS).nullable(),
  status: z.enum(CUSTOMER_STATUSES),
  tags: z.array(z.string()),
  ownerId: z.number().int().nullable(),
  ownerName: z.string().nullable(),
  notes: z.string().nullable(),
  createdAt: z.string(),
  createdBy: z.number().int().nullable(),
  updatedAt: z.string(),
  updatedBy: z.number().int().nullable(),
  version: z.number().int(),
  lastFollowUpAt: z.string().nullable(),
  nextFollowUpAt: z.string().nullable(),
  deletedAt: z.string().nullable(),
  custom: z.record(z.string(), z.unknown()),
});
export type Customer = z.infer<typeof customerSchema>;

export const customerFilterSchema = z
  .object({
    provinces: z.array(shortText).max(100).optional(),
    cities: z.array(shortText).max(500).optional(),
    industries: z.array(shortText).max(200).optional(),
    levels: z.array(z.enum(CUSTOMER_LEVELS)).optional(),
    statuses: z.array(z.enum(CUSTOMER_STATUSES)).optional(),
    sources: z.array(shortText).max(100).optional(),
    /** null in the list = customers in the pool */
    ownerIds: z.array(id.nullable()).max(200).optional(),
    tags: z.array(shortText).max(50).optional(),
    createdFrom: isoDateTime.optional(),
    createdTo: isoDateTime.optional(),
    lastFollowUpFrom: isoDateTime.optional(),
    lastFollowUpTo: isoDateTime.optional(),
    /** next planned follow-up in a range (e.g. overdue: nextFollowUpTo = now) */
    nextFollowUpFrom: isoDateTime.optional(),
    nextFollowUpTo: isoDateTime.optional(),
    /** customers whose last follow-up is older than N days (or who never had one) */
    noFollowUpDays: z.number().int().min(1).max(3650).optional(),
    /** custom field filters: { key: value | [values] | { from?, to? } } */
    custom: z.record(z.string().max(64), z.unknown()).optional(),
  })
  .strict();
export type CustomerFilter = z.infer<typeof customerFilterSchema>;

export const customerSortSchema = z
  .object({ field: z.enum(CUSTOMER_SORT_FIELDS), dir: z.enum(['asc', 'desc']) })
  .strict();

/** Which customers a bulk action targets: explicit ids, or everything matching a query + filter. */
export const customerTargetSchema = z
  .object({
    ids: z.array(id).max(1_000_000).optional(),
    filter: customerFilterSchema.optional(),
    query: z.string().max(100).optional(),
  })
  .strict();

export const customerListRowSchema = customerSchema.omit({ notes: true, custom: true }).extend({
  custom: z.record(z.string(), z.unknown()).optional(),
});

export const batchPatchSchema = z
  .object({
    level: z.enum(CUSTOMER_LEVELS).nullable().optional(),
    status: z.enum(CUSTOMER_STATUSES).optional(),
    industry: text(100),
    province: text(50),
    city: text(50),
    source: text(100),
    tagsAdd: z.array(shortText).max(50).optional(),
    tagsRemove: z.array(shortText).max(50).optional(),
    nextFollowUpAt: isoDateTime.nullable().optional(),
    custom: z.record(z.string().max(64), z.unknown()).optional(),
  })
  .strict();

const duplicateMatchSchema = z.object({
  id: z.number().int(),
  name: z.string(),
  mobile: z.string().nullable(),
  email: z.string().nullable(),
  company: z.string().nullable(),
  ownerId: z.number().int().nullable(),
  ownerName: z.string().nullable(),
  reasons: z.array(z.enum(['mobile', 'email', 'name', 'company', 'custom'])),
  /** labels of the unique custom fields this record shares (reason 'custom'; issue 13) */
  customFields: z.array(z.string()).optional(),
  /** false when the record is outside the caller's scope: only that it exists and who owns it is shown */
  visible: z.boolean(),
});

const dealSummarySchema = z.object({
  id: z.number().int(),
  name: z.string(),
  amountFen: z.number().int(),
  stageId: z.number().int(),
  stageName: z.string(),
  status: z.enum(['open', 'won', 'lost']),
  expectedCloseDate: z.string().nullable(),
  closedAt: z.string().nullable(),
  ownerName: z.string().nullable(),
});

const followUpSummarySchema = z.object({
  id: z.number().int(),
  at: z.string(),
  method: z.string(),
  content: z.string(),
  result: z.string().nullable(),
  nextStep: z.string().nullable(),
  nextAt: z.string().nullable(),
  ownerName: z.string().nullable(),
  dealId: z.number().int().nullable(),
  /** the follow-up's custom field values (issue 13), retired fields included; the UI shows live ones */
  custom: z.record(z.string(), z.unknown()),
});

const savedViewSchema = z.object({
  id: z.number().int(),
  name: z.string(),
  query: z.string().nullable(),
  filter: customerFilterSchema,
  columns: z.array(z.string()),
  sort: customerSortSchema.nullable(),
});

export const customersContract = {
  'customers:list': channel({
    summary:
      'A page of customers in the caller\'s scope matching a search query (汉字 substring, pinyin, initials, phone digits, email) and filters. ' +
      'Keyset pagination via cursor; `offset` jumps to any position (used when the scrollbar is dragged).',
    input: z
      .object({
        query: z.string().max(100).optional(),
        filter: customerFilterSchema.optional(),
        sort: customerSortSchema.optional(),
        cursor: z.string().max(500).nullable().optional(),
        offset: z.number().int().min(0).max(100_000_000).optional(),
        limit: z.number().int().min(1).max(500).optional(),
        /** skip counting (when the caller already knows the total for this query) */
        withTotal: z.boolean().optional(),
        /** sort by a custom field instead of `sort` (issue 13): records without a value come last */
        customSort: z.object({ key: z.string().max(64), dir: z.enum(['asc', 'desc']) }).strict().optional(),
      })
      .strict(),
    output: z.object({
      rows: z.array(customerListRowSchema),
      nextCursor: z.string().nullable(),
      total: z.number().int().nullable(),
      /** true when `total` stopped counting at a cap (large search/filter results): show it as "10,000+" */
      totalCapped: z.boolean().optional(),
    }),
    access: 'session',
    permission: 'customers.view',
    mutates: false,
  }),
  'customers:get': channel({
    summary: 'One customer with its deals (交易记录) and its latest 50 follow-ups (联系历史).',
    input: z.object({ id }).strict(),
    output: z.object({
      customer: customerSchema,
      deals: z.array(dealSummarySchema),
      followUps: z.array(followUpSummarySchema),
    }),
    access: 'session',
    permission: 'customers.view',
    mutates: false,
  }),
  'customers:create': channel({
    summary: 'Create a customer. Values are validated and normalized (phone, email, full-width characters).',
    input: customerFieldsSchema.extend({ allowDuplicate: z.boolean().optional() }).strict(),
    output: customerSchema,
    access: 'session',
    permission: 'customers.create',
    mutates: true,
  }),
  'customers:update': channel({
    summary: 'Change fields of a customer. A stale `version` answers CONFLICT with the current record.',
    input: z
      .object({ id, version: z.number().int().min(1), patch: customerFieldsSchema.partial().strict(), allowDuplicate: z.boolean().optional() })
      .strict(),
    output: customerSchema,
    access: 'session',
    permission: 'customers.edit',
    mutates: true,
  }),
  'customers:delete': channel({
    summary:
      'Move customers (and their deals, follow-ups and reminders) to the recycle bin: ids, or everything matching filter + query. ' +
      'Many customers are written in short steps on main (up to 200) or in chunks in a writer thread (more), each whole (one batch id; progress events {task:"delete", jobId: batchId, done, total}).',
    input: customerTargetSchema,
    output: z.object({ deleted: z.number().int(), batchId: z.string() }),
    access: 'session',
    permission: 'customers.delete',
    mutates: true,
  }),
  'customers:deletePreview': channel({
    summary: 'What a delete would take with it: count, the first names, related deals, follow-ups and pending reminders.',
    input: customerTargetSchema,
    output: z.object({
      customers: z.number().int(),
      firstNames: z.array(z.string()),
      deals: z.number().int(),
      followUps: z.number().int(),
      reminders: z.number().int(),
    }),
    access: 'session',
    permission: 'customers.delete',
    mutates: false,
  }),
  'customers:batchPreview': channel({
    summary: 'How many customers a batch edit targets and how many would actually change.',
    input: customerTargetSchema.extend({ patch: batchPatchSchema }).strict(),
    output: z.object({ matched: z.number().int(), willChange: z.number().int() }),
    access: 'session',
    permission: 'customers.batchEdit',
    mutates: false,
  }),
  'customers:batchUpdate': channel({
    summary: 'Apply the same change to many customers in one transaction with one audit batch id.',
    input: customerTargetSchema.extend({ patch: batchPatchSchema }).strict(),
    output: z.object({ matched: z.number().int(), updated: z.number().int(), batchId: z.string() }),
    access: 'session',
    permission: 'customers.batchEdit',
    mutates: true,
  }),
  'customers:findDuplicates': channel({
    summary: 'Existing customers with the same mobile or email, or a very similar name/company (查重).',
    input: z
      .object({
        name: z.string().max(200).optional(),
        company: z.string().max(200).optional(),
        mobile: z.string().max(40).optional(),
        email: z.string().max(200).optional(),
        excludeId: id.optional(),
        /** custom values being entered: unique custom fields are checked too (field key -> value) */
        custom: z.record(z.string().max(64), z.unknown()).optional(),
      })
      .strict(),
    output: z.object({ matches: z.array(duplicateMatchSchema), blocking: z.array(z.enum(['mobile', 'email', 'custom'])) }),
    access: 'session',
    permission: 'customers.view',
    mutates: false,
  }),
  'customers:options': channel({
    summary: 'Choices for filters and forms: industries, sources, tags in use, regions, owners.',
    input: z.object({}).strict().optional(),
    output: z.object({
      industries: z.array(z.string()),
      sources: z.array(z.string()),
      tags: z.array(z.string()),
      provinces: z.array(z.object({ name: z.string(), cities: z.array(z.string()) })),
      owners: z.array(z.object({ id: z.number().int(), displayName: z.string(), active: z.boolean() })),
    }),
    access: 'session',
    permission: 'customers.view',
    mutates: false,
  }),
  'views:list': channel({
    summary: "The caller's saved customer list views (named filter + columns + sort).",
    input: z.object({}).strict().optional(),
    output: z.object({ views: z.array(savedViewSchema) }),
    access: 'session',
    permission: 'customers.view',
    mutates: false,
  }),
  'views:save': channel({
    summary: 'Create or replace (same name) a saved view for the caller.',
    input: z
      .object({
        name: z.string().trim().min(1).max(50),
        query: z.string().max(100).nullable().optional(),
        filter: customerFilterSchema,
        columns: z.array(z.string().max(64)).max(60),
        sort: customerSortSchema.nullable().optional(),
      })
      .strict(),
    output: savedViewSchema,
    access: 'session',
    permission: 'customers.view',
    mutates: true,
  }),
  'views:delete': channel({
    summary: "Delete one of the caller's saved views.",
    input: z.object({ id }).strict(),
    output: z.object({ deleted: z.boolean() }),
    access: 'session',
    permission: 'customers.view',
    mutates: true,
  }),
};

export { isoDate };
