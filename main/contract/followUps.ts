// Follow-ups (跟进记录): who talked to which customer, when, how, what came of it, and when to follow up next.
import { z } from 'zod';
import { channel, id, isoDateTime, longText } from './define';

export const DEFAULT_FOLLOW_UP_METHODS = ['电话', '微信', '邮件', '短信', '拜访', '活动', '其他'] as const;

export const followUpSchema = z.object({
  id: z.number().int(),
  customerId: z.number().int(),
  customerName: z.string(),
  dealId: z.number().int().nullable(),
  dealName: z.string().nullable(),
  ownerId: z.number().int().nullable(),
  ownerName: z.string().nullable(),
  at: z.string(),
  method: z.string(),
  content: z.string(),
  result: z.string().nullable(),
  nextStep: z.string().nullable(),
  nextAt: z.string().nullable(),
  /** the pending reminder created for nextAt, if any */
  reminderId: z.number().int().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  version: z.number().int(),
  /** custom field values (retired fields included; the UI shows the live ones) */
  custom: z.record(z.string(), z.unknown()),
});
export type FollowUp = z.infer<typeof followUpSchema>;

const methodText = z.string().trim().min(1, { message: 'validation.required' }).max(20, { message: 'validation.tooLong' });
const optionalText = (max: number) => z.string().max(max, { message: 'validation.tooLong' }).nullable().optional();

export const followUpFieldsSchema = z
  .object({
    customerId: id,
    dealId: id.nullable().optional(),
    /** when it happened; default now. Not in the future (plan the future with nextAt). */
    at: isoDateTime.optional(),
    method: methodText,
    content: z.string().trim().min(1, { message: 'validation.required' }).max(5000, { message: 'validation.tooLong' }),
    result: optionalText(2000),
    nextStep: optionalText(500),
    /** next follow-up time: creates (or moves) a reminder for the follow-up's owner */
    nextAt: isoDateTime.nullable().optional(),
    /** whose follow-up this is; default the caller. Another user only for roles with scope 'all'. */
    ownerId: id.optional(),
    /** custom field values keyed by field key (see fields:* with entity 'followUp') */
    custom: z.record(z.string().max(64), z.unknown()).optional(),
  })
  .strict();

export const followUpFilterSchema = z
  .object({
    ownerIds: z.array(id).max(200).optional(),
    methods: z.array(z.string().max(20)).max(50).optional(),
    from: isoDateTime.optional(),
    to: isoDateTime.optional(),
    customerId: id.optional(),
    dealId: id.optional(),
    /** substring of content, result or next step */
    query: z.string().max(100).optional(),
    /** custom field filters: { key: [values] | { from?, to? } | { contains } | value } */
    custom: z.record(z.string().max(64), z.unknown()).optional(),
  })
  .strict();
export type FollowUpFilter = z.infer<typeof followUpFilterSchema>;

export const followUpsContract = {
  'followUps:list': channel({
    summary:
      'Follow-ups in the caller\'s scope, newest first, filtered by owner, method, time range, customer, deal or text. ' +
      'Keyset pagination via cursor. `total` (with `withTotal`) is exact up to 1,000, else 1,000 + `totalCapped`. ' +
      'A text search answers over every follow-up from the text index (exact total) when the query has few candidates there; ' +
      'a query frequent in the index, a custom-field filter, or any text search before the index is filled (after an upgrade) reads at most ' +
      '10,000 follow-ups per call: `searchedTo` then says how far back it got, `nextCursor` goes on.',
    input: z
      .object({
        filter: followUpFilterSchema.optional(),
        cursor: z.string().max(200).nullable().optional(),
        limit: z.number().int().min(1).max(500).optional(),
        withTotal: z.boolean().optional(),
      })
      .strict()
      .optional(),
    output: z.object({
      rows: z.array(followUpSchema),
      nextCursor: z.string().nullable(),
      /** with `withTotal`: the number of matches, counted up to 1,000 */
      total: z.number().int().nullable(),
      /** more matches than `total` (the count stopped at its cap, or a text search has not looked further back yet) */
      totalCapped: z.boolean(),
      /**
       * a text search looks at a bounded number of follow-ups per call (no text index): when this call stopped
       * before the end, the time of the oldest follow-up it looked at; `nextCursor` continues from there
       */
      searchedTo: z.string().nullable(),
    }),
    access: 'session',
    permission: 'followUps.view',
    mutates: false,
  }),
  'followUps:create': channel({
    summary:
      "Record a follow-up. Updates the customer's last/next follow-up dates in the same transaction; " +
      'a next follow-up time creates a reminder for the owner.',
    input: followUpFieldsSchema,
    output: followUpSchema,
    access: 'session',
    permission: 'followUps.create',
    mutates: true,
  }),
  'followUps:update': channel({
    summary: 'Change a follow-up (stale `version` = CONFLICT). Moving nextAt moves its pending reminder.',
    input: z
      .object({ id, version: z.number().int().min(1), patch: followUpFieldsSchema.omit({ customerId: true }).partial().strict() })
      .strict(),
    output: followUpSchema,
    access: 'session',
    permission: 'followUps.edit',
    mutates: true,
  }),
  'followUps:delete': channel({
    summary: 'Move follow-ups to the recycle bin; their pending reminders are cancelled and customer dates recomputed.',
    input: z.object({ ids: z.array(id).min(1).max(1000) }).strict(),
    output: z.object({ deleted: z.number().int(), batchId: z.string() }),
    access: 'session',
    permission: 'followUps.delete',
    mutates: true,
  }),
  'followUps:methods': channel({
    summary: 'The follow-up methods offered in forms and filters (电话, 微信, 邮件, 短信, 拜访, 活动, 其他 by default).',
    input: z.object({}).strict().optional(),
    output: z.object({ methods: z.array(z.string()) }),
    access: 'session',
    permission: null,
    mutates: false,
  }),
  'followUps:setMethods': channel({
    summary: 'Replace the list of follow-up methods (existing follow-ups keep the method they were saved with).',
    input: z.object({ methods: z.array(methodText).min(1).max(30) }).strict(),
    output: z.object({ methods: z.array(z.string()) }),
    access: 'session',
    permission: 'settings.manage',
    mutates: true,
  }),
};

export { longText };
