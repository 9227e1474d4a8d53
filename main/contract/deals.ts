// Deals (销售机会/商机), their stages (pipeline) and loss reasons. Amounts are integer fen.
// Closed deals (won/lost) are locked: every edit channel answers LOCKED until someone with
// 'deals.reopen' undoes the closing (撤销结单).
import { z } from 'zod';
import { channel, id, isoDate, isoDateTime, longText } from './define';
import { MAX_AMOUNT_FEN, MAX_DISCOUNT_BP, MAX_QUANTITY } from './dealMoney';

export const DEAL_STATUSES = ['open', 'won', 'lost'] as const;
export const STAGE_KINDS = ['open', 'won', 'lost'] as const;
export const AMOUNT_SOURCES = ['manual', 'items'] as const;
export const DEAL_SORT_FIELDS = ['createdAt', 'updatedAt', 'amountFen', 'expectedCloseDate', 'name'] as const;
export type DealSortField = (typeof DEAL_SORT_FIELDS)[number];

const fen = z.number().int().min(0).max(MAX_AMOUNT_FEN);
const probability = z.number().int().min(0).max(100);
const text = (max: number) => z.string().max(max).nullable().optional();
const dealName = z.string().max(200);

export const dealItemInputSchema = z
  .object({
    product: z.string().max(200),
    description: text(1000),
    quantity: z.number().int().min(0).max(MAX_QUANTITY),
    unitPriceFen: fen,
    /** discount in basis points: 1250 = 12.5% off */
    discountBp: z.number().int().min(0).max(MAX_DISCOUNT_BP).optional(),
  })
  .strict();

export const dealItemSchema = z.object({
  id: z.number().int(),
  position: z.number().int(),
  product: z.string(),
  description: z.string().nullable(),
  quantity: z.number().int(),
  unitPriceFen: z.number().int(),
  discountBp: z.number().int(),
  totalFen: z.number().int(),
});
export type DealItem = z.infer<typeof dealItemSchema>;

/** Writable fields (create and update). Stage moves and closing have their own channels. */
const dealFieldsSchema = z
  .object({
    name: dealName,
    customerId: id,
    /** entered amount; ignored when amountSource = 'items' (then the items' sum is stored) */
    amountFen: fen.optional(),
    amountSource: z.enum(AMOUNT_SOURCES).optional(),
    expectedCloseDate: isoDate.nullable().optional(),
    /** a number overrides the stage default; null goes back to following the stage */
    probability: probability.nullable().optional(),
    ownerId: id.nullable().optional(),
    source: text(100),
    contractTerms: longText.nullable().optional(),
    notes: longText.nullable().optional(),
    /** the full list of line items (replaces the stored list) */
    items: z.array(dealItemInputSchema).max(500).optional(),
    /** custom field values keyed by field key (see fields:* with entity 'deal') */
    custom: z.record(z.string().max(64), z.unknown()).optional(),
  })
  .strict();

export const dealSchema = z.object({
  id: z.number().int(),
  name: z.string(),
  customerId: z.number().int(),
  customerName: z.string().nullable(),
  amountFen: z.number().int(),
  currency: z.string(),
  amountSource: z.enum(AMOUNT_SOURCES),
  expectedCloseDate: z.string().nullable(),
  stageId: z.number().int(),
  stageName: z.string(),
  stageKind: z.enum(STAGE_KINDS),
  probability: z.number().int(),
  probabilityOverridden: z.boolean(),
  ownerId: z.number().int().nullable(),
  ownerName: z.string().nullable(),
  source: z.string().nullable(),
  contractTerms: z.string().nullable(),
  notes: z.string().nullable(),
  status: z.enum(DEAL_STATUSES),
  closedAt: z.string().nullable(),
  closedByName: z.string().nullable(),
  closeReason: z.string().nullable(),
  lossReasonId: z.number().int().nullable(),
  lossReasonName: z.string().nullable(),
  reopenStageId: z.number().int().nullable(),
  createdAt: z.string(),
  createdBy: z.number().int().nullable(),
  updatedAt: z.string(),
  updatedBy: z.number().int().nullable(),
  version: z.number().int(),
  /** custom field values (retired fields included; the UI shows the live ones) */
  custom: z.record(z.string(), z.unknown()),
});
export type Deal = z.infer<typeof dealSchema>;

export const dealListRowSchema = dealSchema.omit({ contractTerms: true, notes: true });
export type DealListRow = z.infer<typeof dealListRowSchema>;

export const dealFilterSchema = z
  .object({
    stageIds: z.array(id).max(100).optional(),
    /** null in the list = deals without an owner */
    ownerIds: z.array(id.nullable()).max(200).optional(),
    statuses: z.array(z.enum(DEAL_STATUSES)).max(3).optional(),
    amountMinFen: fen.optional(),
    amountMaxFen: fen.optional(),
    /** 'YYYY-MM': the expected close date falls in this month */
    expectedCloseMonth: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/).optional(),
    customerId: id.optional(),
    /** closed (won or lost) at or after / at or before these instants */
    closedFrom: isoDateTime.optional(),
    closedTo: isoDateTime.optional(),
    /** custom field filters: { key: [values] | { from?, to? } | { contains } | value } */
    custom: z.record(z.string().max(64), z.unknown()).optional(),
  })
  .strict();
export type DealFilter = z.infer<typeof dealFilterSchema>;

export const dealSortSchema = z.object({ field: z.enum(DEAL_SORT_FIELDS), dir: z.enum(['asc', 'desc']) }).strict();

export const stageSchema = z.object({
  id: z.number().int(),
  name: z.string(),
  position: z.number().int(),
  probability: z.number().int(),
  kind: z.enum(STAGE_KINDS),
  archived: z.boolean(),
  /** live deals in the stage (from the per-stage totals) */
  dealCount: z.number().int(),
  version: z.number().int(),
});
export type Stage = z.infer<typeof stageSchema>;

export const lossReasonSchema = z.object({ id: z.number().int(), name: z.string(), position: z.number().int() });

const stageHistorySchema = z.object({
  id: z.number().int(),
  fromStageId: z.number().int().nullable(),
  fromStageName: z.string().nullable(),
  toStageId: z.number().int(),
  toStageName: z.string(),
  at: z.string(),
  userName: z.string().nullable(),
  /** how long the deal stayed in toStage (ms); null for the stage it is still in */
  durationMs: z.number().int().nullable(),
});

const fieldChangeSchema = z.object({ field: z.string(), old: z.unknown(), new: z.unknown() });

const historyEntrySchema = z.object({
  id: z.number().int(),
  at: z.string(),
  userName: z.string().nullable(),
  action: z.string(),
  summary: z.string().nullable(),
  changes: z.array(fieldChangeSchema),
});

const termsChangeSchema = z.object({
  auditId: z.number().int(),
  at: z.string(),
  userName: z.string().nullable(),
  old: z.string().nullable(),
  new: z.string().nullable(),
});

const boardCardSchema = dealListRowSchema.pick({
  id: true,
  name: true,
  customerId: true,
  customerName: true,
  amountFen: true,
  expectedCloseDate: true,
  stageId: true,
  probability: true,
  ownerName: true,
  status: true,
  updatedAt: true,
  version: true,
  custom: true,
});
export type BoardCard = z.infer<typeof boardCardSchema>;

const boardColumnSchema = z.object({
  stageId: z.number().int(),
  name: z.string(),
  kind: z.enum(STAGE_KINDS),
  probability: z.number().int(),
  count: z.number().int(),
  totalFen: z.number().int(),
  cards: z.array(boardCardSchema),
  nextCursor: z.string().nullable(),
});
export type BoardColumn = z.infer<typeof boardColumnSchema>;

const dealOut = dealSchema;

export const dealsContract = {
  'deals:list': channel({
    summary:
      "A page of deals in the caller's scope (own scope: deals the caller owns) with filters, a sort and a keyset cursor. " +
      '`total` is counted only when `withTotal` is true (exact for stage/status/owner filters, else up to 10,000 + `totalCapped`). ' +
      '`query` matches names containing it (ASCII letters case-insensitive) from a name index; right after an upgrade from ' +
      'schema < 17 with many deals the index is filled in the background and a search meanwhile scans (same results, slower).',
    input: z
      .object({
        query: z.string().max(100).optional(),
        filter: dealFilterSchema.optional(),
        sort: dealSortSchema.optional(),
        /** sort by a custom field instead of `sort` (deals without a value come last) */
        customSort: z.object({ key: z.string().max(64), dir: z.enum(['asc', 'desc']) }).strict().optional(),
        cursor: z.string().max(500).nullable().optional(),
        limit: z.number().int().min(1).max(500).optional(),
        withTotal: z.boolean().optional(),
      })
      .strict(),
    output: z.object({
      rows: z.array(dealListRowSchema),
      nextCursor: z.string().nullable(),
      total: z.number().int().nullable(),
      /** true when total is a lower bound (filters the per-stage totals cannot answer are counted up to 10,000) */
      totalCapped: z.boolean(),
    }),
    access: 'session',
    permission: 'deals.view',
    mutates: false,
  }),
  'deals:board': channel({
    summary:
      'Kanban data: per stage the live deal count, the total amount (fen) and the first `limit` cards (latest activity first). ' +
      'With `stageId` + `cursor`: the next cards of that one column.',
    input: z
      .object({
        ownerId: id.optional(),
        limit: z.number().int().min(1).max(200).optional(),
        stageId: id.optional(),
        cursor: z.string().max(500).nullable().optional(),
      })
      .strict()
      .optional(),
    output: z.object({ columns: z.array(boardColumnSchema) }),
    access: 'session',
    permission: 'deals.view',
    mutates: false,
  }),
  'deals:get': channel({
    summary: 'One deal with its line items, stage history (time in stage), contract-term history and change history.',
    input: z.object({ id }).strict(),
    output: z.object({
      deal: dealOut,
      items: z.array(dealItemSchema),
      stageHistory: z.array(stageHistorySchema),
      termsHistory: z.array(termsChangeSchema),
      history: z.array(historyEntrySchema),
      locked: z.boolean(),
    }),
    access: 'session',
    permission: 'deals.view',
    mutates: false,
  }),
  'deals:create': channel({
    summary: "Create a deal for a customer in an open stage (default: the first). Probability follows the stage unless given.",
    input: dealFieldsSchema.extend({ stageId: id.optional() }).strict(),
    output: dealOut,
    access: 'session',
    permission: 'deals.create',
    mutates: true,
  }),
  'deals:update': channel({
    summary: 'Change fields and line items of an open deal. Stale `version`: CONFLICT; closed deal: LOCKED.',
    input: z.object({ id, version: z.number().int().min(1), patch: dealFieldsSchema.partial().strict() }).strict(),
    output: dealOut,
    access: 'session',
    permission: 'deals.edit',
    mutates: true,
  }),
  'deals:moveStage': channel({
    summary: 'Move an open deal to another open stage; recorded in the stage history. Closing uses deals:close.',
    input: z.object({ id, version: z.number().int().min(1), stageId: id }).strict(),
    output: dealOut,
    access: 'session',
    permission: 'deals.edit',
    mutates: true,
  }),
  'deals:close': channel({
    summary:
      'Close a deal (结单). won: final amount (fen) and close date required, optionally mark the customer 已成交; ' +
      'lost: a loss reason (from the list, or text) required. The deal is then locked.',
    input: z
      .object({
        id,
        version: z.number().int().min(1),
        result: z.enum(['won', 'lost']),
        amount: fen.optional(),
        closedAt: z.union([isoDate, isoDateTime]).optional(),
        lossReasonId: id.optional(),
        reason: z.string().max(1000).optional(),
        setCustomerWon: z.boolean().optional(),
      })
      .strict(),
    output: dealOut,
    access: 'session',
    permission: 'deals.edit',
    mutates: true,
  }),
  'deals:reopen': channel({
    summary: 'Undo the closing of a deal (撤销结单) with a reason: it returns to the stage it was in before closing.',
    input: z.object({ id, reason: z.string().max(1000) }).strict(),
    output: dealOut,
    access: 'session',
    permission: 'deals.reopen',
    mutates: true,
  }),
  'deals:delete': channel({
    summary: 'Move open deals to the recycle bin (closed deals are locked).',
    input: z.object({ ids: z.array(id).min(1).max(1000) }).strict(),
    output: z.object({ deleted: z.number().int(), batchId: z.string() }),
    access: 'session',
    permission: 'deals.delete',
    mutates: true,
  }),
  'deals:options': channel({
    summary: 'Choices for deal forms and filters: stages, loss reasons, owners (active users).',
    input: z.object({}).strict().optional(),
    output: z.object({
      stages: z.array(stageSchema),
      lossReasons: z.array(lossReasonSchema),
      owners: z.array(z.object({ id: z.number().int(), displayName: z.string(), active: z.boolean() })),
    }),
    access: 'session',
    permission: 'deals.view',
    mutates: false,
  }),
  'stages:list': channel({
    summary: 'The pipeline stages in order (archived ones only with includeArchived) with their live deal counts.',
    input: z.object({ includeArchived: z.boolean().optional() }).strict().optional(),
    output: z.object({ stages: z.array(stageSchema) }),
    access: 'session',
    permission: 'deals.view',
    mutates: false,
  }),
  'stages:update': channel({
    summary:
      'Replace the stage list: names, order (array order), probability, kind. A stage left out is removed (archived); ' +
      'if deals use it, `moveDealsTo` must name a remaining stage of the same kind for them. Everything is checked and the stage list written in one ' +
      'transaction; the deals of a removed stage then move in short steps (progress events {task:"stageMove", jobId, done, total}, an audit entry per step) ' +
      'and the stage is archived after the last one. A new default probability reaches the deals that follow it (not overridden) the same way ' +
      '(progress events {task:"stageProbability"}, an audit entry per step).',
    input: z
      .object({
        stages: z
          .array(
            z
              .object({ id: id.optional(), name: z.string().max(50), probability, kind: z.enum(STAGE_KINDS) })
              .strict(),
          )
          .min(3)
          .max(30),
        /** removed stage id -> stage id (existing, kept) that receives its deals */
        moveDealsTo: z.array(z.object({ from: id, to: id }).strict()).max(30).optional(),
      })
      .strict(),
    output: z.object({ stages: z.array(stageSchema), movedDeals: z.number().int() }),
    access: 'session',
    permission: 'settings.manage',
    mutates: true,
  }),
  'lossReasons:list': channel({
    summary: 'The editable list of loss reasons (输单原因).',
    input: z.object({}).strict().optional(),
    output: z.object({ reasons: z.array(lossReasonSchema) }),
    access: 'session',
    permission: 'deals.view',
    mutates: false,
  }),
  'lossReasons:update': channel({
    summary: 'Replace the loss reason list (order = array order; a reason left out is archived, closed deals keep it).',
    input: z
      .object({ reasons: z.array(z.object({ id: id.optional(), name: z.string().max(50) }).strict()).min(1).max(50) })
      .strict(),
    output: z.object({ reasons: z.array(lossReasonSchema) }),
    access: 'session',
    permission: 'settings.manage',
    mutates: true,
  }),
};
