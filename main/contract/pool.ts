// The customer pool (公海): customers without an owner that reps claim, and the rule that returns
// customers nobody followed up for N days.
import { z } from 'zod';
import { channel, empty, id } from './define';
import { customerFilterSchema, customerListRowSchema, customerSortSchema } from './customers';

export const poolSettingsSchema = z.object({
  /** most customers one rep (a role with scope own) may claim within 24 hours; 0 = no limit */
  claimCapPerDay: z.number().int().min(0).max(100_000),
  /** the return rule: customers with no follow-up for `returnDays` days (and not won) go back to the pool */
  returnEnabled: z.boolean(),
  returnDays: z.number().int().min(1).max(3650),
  /** owners are warned this many days before their customers return (0 = no warning) */
  warnDays: z.number().int().min(0).max(365),
});
export type PoolSettings = z.infer<typeof poolSettingsSchema>;

export const DEFAULT_POOL_SETTINGS: PoolSettings = { claimCapPerDay: 50, returnEnabled: false, returnDays: 30, warnDays: 3 };

export const returnPreviewRowSchema = z.object({
  id: z.number().int(),
  name: z.string(),
  ownerId: z.number().int(),
  ownerName: z.string().nullable(),
  status: z.string(),
  lastFollowUpAt: z.string().nullable(),
  /** the latest of created, last follow-up and owner-since: idle days count from here */
  idleSince: z.string(),
  idleDays: z.number().int(),
});

export const poolContract = {
  'pool:list': channel({
    summary: 'A page of customers in the pool (no owner), with the same query and filters as customers:list.',
    input: z
      .object({
        query: z.string().max(100).optional(),
        filter: customerFilterSchema.omit({ ownerIds: true }).optional(),
        sort: customerSortSchema.optional(),
        cursor: z.string().max(500).nullable().optional(),
        limit: z.number().int().min(1).max(500).optional(),
      })
      .strict(),
    output: z.object({
      rows: z.array(customerListRowSchema),
      nextCursor: z.string().nullable(),
      total: z.number().int().nullable(),
      totalCapped: z.boolean().optional(),
      /** how many more the caller may claim today; null = no limit */
      claimsLeft: z.number().int().nullable(),
    }),
    access: 'session',
    permission: 'customers.view',
    mutates: false,
  }),
  'pool:claim': channel({
    summary:
      'Take customers from the pool as their owner. All or nothing: refused if any is no longer in the pool ' +
      'or the daily claim cap would be exceeded.',
    input: z.object({ ids: z.array(id).min(1).max(500) }).strict(),
    output: z.object({ claimed: z.number().int(), claimsLeft: z.number().int().nullable(), batchId: z.string() }),
    access: 'session',
    permission: 'pool.claim',
    mutates: true,
  }),
  'pool:release': channel({
    summary: 'Put customers back into the pool with a reason (scope own: only own customers).',
    input: z
      .object({ ids: z.array(id).min(1).max(10_000), reason: z.string().trim().min(1, { message: 'validation.required' }).max(500) })
      .strict(),
    output: z.object({ released: z.number().int(), batchId: z.string() }),
    access: 'session',
    permission: 'pool.release',
    mutates: true,
  }),
  'pool:settings': channel({
    summary: 'The pool rules: daily claim cap and the return rule.',
    input: empty,
    output: poolSettingsSchema,
    access: 'session',
    permission: null,
    mutates: false,
  }),
  'pool:updateSettings': channel({
    summary: 'Change the pool rules.',
    input: poolSettingsSchema.strict(),
    output: poolSettingsSchema,
    access: 'session',
    permission: 'settings.manage',
    mutates: true,
  }),
  'pool:returnPreview': channel({
    summary:
      'Dry run of the return rule: which customers would move to the pool at the next run, and who gets a warning. ' +
      'Optional settings preview rules before saving them.',
    input: z.object({ settings: poolSettingsSchema.partial().strict().optional(), limit: z.number().int().min(1).max(1000).optional() }).strict().optional(),
    output: z.object({
      enabled: z.boolean(),
      wouldReturn: z.array(returnPreviewRowSchema),
      wouldReturnTotal: z.number().int(),
      wouldWarnTotal: z.number().int(),
      lastRunAt: z.string().nullable(),
    }),
    access: 'session',
    permission: 'settings.manage',
    mutates: false,
  }),
};
