// Workflow automation (自动化): rules "when <trigger>, if <conditions>, do <actions>", set up by an admin.
// Rules run inside the transaction of the change that triggered them (or of the scheduled check).
import { z } from 'zod';
import { channel, id } from './define';
import { CUSTOMER_LEVELS, CUSTOMER_STATUSES } from './customers';

export const TRIGGER_TYPES = [
  'deal.stageChanged',
  'deal.closed',
  'customer.created',
  'customer.ownerChanged',
  'customer.statusChanged',
  'customer.noFollowUp',
] as const;
export type TriggerType = (typeof TRIGGER_TYPES)[number];

export const triggerSchema = z.discriminatedUnion('type', [
  /** stageId null/absent = any stage */
  z.object({ type: z.literal('deal.stageChanged'), stageId: id.nullable().optional() }).strict(),
  z.object({ type: z.literal('deal.closed'), result: z.enum(['won', 'lost', 'any']) }).strict(),
  z.object({ type: z.literal('customer.created') }).strict(),
  z.object({ type: z.literal('customer.ownerChanged') }).strict(),
  z.object({ type: z.literal('customer.statusChanged'), status: z.enum(CUSTOMER_STATUSES).nullable().optional() }).strict(),
  /** scheduled check: owned customers whose last follow-up (or creation) is N days old; once per silence */
  z.object({ type: z.literal('customer.noFollowUp'), days: z.number().int().min(1).max(3650) }).strict(),
]);
export type Trigger = z.infer<typeof triggerSchema>;

export const CONDITION_FIELDS = [
  'customer.level',
  'customer.status',
  'customer.source',
  'customer.industry',
  'customer.province',
  'customer.tag',
  'deal.amountFen',
] as const;
export const CONDITION_OPS = ['eq', 'neq', 'in', 'gte', 'lte', 'has', 'notHas'] as const;

export const conditionSchema = z
  .object({
    field: z.enum(CONDITION_FIELDS),
    op: z.enum(CONDITION_OPS),
    value: z.union([z.string().max(200), z.number().int(), z.array(z.string().max(200)).max(100)]),
  })
  .strict();
export type Condition = z.infer<typeof conditionSchema>;

const message = z.string().trim().min(1, { message: 'validation.required' }).max(500, { message: 'validation.tooLong' });

export const actionSchema = z.discriminatedUnion('type', [
  /** a reminder for the record's owner, due N days after the trigger; {customer} {deal} {stage} are filled in */
  z.object({ type: z.literal('createReminder'), days: z.number().int().min(0).max(365), content: message }).strict(),
  z
    .object({
      type: z.literal('notify'),
      userIds: z.array(id).max(100).optional(),
      roleIds: z.array(id).max(50).optional(),
      owner: z.boolean().optional(),
      message,
    })
    .strict(),
  z.object({ type: z.literal('setCustomerStatus'), status: z.enum(CUSTOMER_STATUSES) }).strict(),
  z.object({ type: z.literal('setCustomerLevel'), level: z.enum(CUSTOMER_LEVELS) }).strict(),
  z.object({ type: z.literal('addTag'), tag: z.string().trim().min(1, { message: 'validation.required' }).max(50) }).strict(),
]);
export type AutomationAction = z.infer<typeof actionSchema>;

export const ruleFieldsSchema = z
  .object({
    name: z.string().trim().min(1, { message: 'validation.required' }).max(100, { message: 'validation.tooLong' }),
    enabled: z.boolean().optional(),
    trigger: triggerSchema,
    conditions: z.array(conditionSchema).max(20).optional(),
    actions: z.array(actionSchema).min(1).max(10),
  })
  .strict();

export const ruleSchema = z.object({
  id: z.number().int(),
  name: z.string(),
  enabled: z.boolean(),
  trigger: triggerSchema,
  conditions: z.array(conditionSchema),
  actions: z.array(actionSchema),
  runCount: z.number().int(),
  lastRunAt: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  version: z.number().int(),
});
export type AutomationRule = z.infer<typeof ruleSchema>;

export const automationsContract = {
  'automations:list': channel({
    summary: 'Every automation rule (admin).',
    input: z.object({}).strict().optional(),
    output: z.object({ rows: z.array(ruleSchema) }),
    access: 'session',
    permission: 'settings.manage',
    mutates: false,
  }),
  'automations:options': channel({
    summary: 'Choices for the rule editor: deal stages, active users, roles, tags in use.',
    input: z.object({}).strict().optional(),
    output: z.object({
      stages: z.array(z.object({ id: z.number().int(), name: z.string(), kind: z.enum(['open', 'won', 'lost']) })),
      users: z.array(z.object({ id: z.number().int(), displayName: z.string() })),
      roles: z.array(z.object({ id: z.number().int(), name: z.string() })),
      tags: z.array(z.string()),
    }),
    access: 'session',
    permission: 'settings.manage',
    mutates: false,
  }),
  'automations:create': channel({
    summary: 'Create a rule.',
    input: ruleFieldsSchema,
    output: ruleSchema,
    access: 'session',
    permission: 'settings.manage',
    mutates: true,
  }),
  'automations:update': channel({
    summary: 'Change a rule (stale `version` = CONFLICT).',
    input: z.object({ id, version: z.number().int().min(1), patch: ruleFieldsSchema.partial().strict() }).strict(),
    output: ruleSchema,
    access: 'session',
    permission: 'settings.manage',
    mutates: true,
  }),
  'automations:delete': channel({
    summary: 'Delete a rule (kept with deleted_at so past audit entries still name it).',
    input: z.object({ id }).strict(),
    output: z.object({ deleted: z.boolean() }),
    access: 'session',
    permission: 'settings.manage',
    mutates: true,
  }),
};
