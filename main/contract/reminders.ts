// Reminders (跟进提醒): a due time (UTC ISO; the renderer turns "in 3 days" / "tomorrow 9:00" into one),
// content and who is reminded. The scheduler in main fires each due reminder exactly once.
import { z } from 'zod';
import { channel, id, isoDateTime } from './define';

export const REMINDER_STATUSES = ['pending', 'done', 'cancelled'] as const;

export const reminderSchema = z.object({
  id: z.number().int(),
  userId: z.number().int(),
  userName: z.string().nullable(),
  customerId: z.number().int().nullable(),
  customerName: z.string().nullable(),
  dealId: z.number().int().nullable(),
  dealName: z.string().nullable(),
  followUpId: z.number().int().nullable(),
  dueAt: z.string(),
  originalDueAt: z.string().nullable(),
  snoozeCount: z.number().int(),
  content: z.string(),
  status: z.enum(REMINDER_STATUSES),
  source: z.enum(['manual', 'followUp', 'automation']),
  firedAt: z.string().nullable(),
  completedAt: z.string().nullable(),
  createdAt: z.string(),
  createdBy: z.number().int().nullable(),
  version: z.number().int(),
});
export type Reminder = z.infer<typeof reminderSchema>;

const content = z.string().trim().min(1, { message: 'validation.required' }).max(1000, { message: 'validation.tooLong' });

export const remindersContract = {
  'reminders:list': channel({
    summary:
      "Reminders of the caller (or, for roles with scope 'all', of userId), by due time. " +
      '`dueBefore` with status pending gives today\'s and overdue ones for the home page.',
    input: z
      .object({
        userId: id.optional(),
        status: z.enum(REMINDER_STATUSES).optional(),
        dueFrom: isoDateTime.optional(),
        dueBefore: isoDateTime.optional(),
        customerId: id.optional(),
        dealId: id.optional(),
        cursor: z.string().max(200).nullable().optional(),
        limit: z.number().int().min(1).max(500).optional(),
      })
      .strict()
      .optional(),
    output: z.object({ rows: z.array(reminderSchema), nextCursor: z.string().nullable() }),
    access: 'session',
    permission: null,
    mutates: false,
  }),
  'reminders:create': channel({
    summary: "Create a reminder. Reminding someone else needs a role with scope 'all' (a manager).",
    input: z
      .object({
        dueAt: isoDateTime,
        content,
        userId: id.optional(),
        customerId: id.nullable().optional(),
        dealId: id.nullable().optional(),
      })
      .strict(),
    output: reminderSchema,
    access: 'session',
    permission: null,
    mutates: true,
  }),
  'reminders:complete': channel({
    summary: 'Mark a reminder done (it stops showing as due; a follow-up reminder updates the customer\'s next date).',
    input: z.object({ id }).strict(),
    output: reminderSchema,
    access: 'session',
    permission: null,
    mutates: true,
  }),
  'reminders:snooze': channel({
    summary: 'Push a reminder back by some minutes (or to `until`); it fires again then.',
    input: z
      .object({ id, minutes: z.number().int().min(1).max(60 * 24 * 30).optional(), until: isoDateTime.optional() })
      .strict(),
    output: reminderSchema,
    access: 'session',
    permission: null,
    mutates: true,
  }),
  'reminders:reschedule': channel({
    summary: 'Give a reminder a new due time (and optionally new content); it fires again at the new time.',
    input: z.object({ id, dueAt: isoDateTime, content: content.optional() }).strict(),
    output: reminderSchema,
    access: 'session',
    permission: null,
    mutates: true,
  }),
  'reminders:cancel': channel({
    summary: 'Cancel a reminder (kept for the record, never fires).',
    input: z.object({ id }).strict(),
    output: reminderSchema,
    access: 'session',
    permission: null,
    mutates: true,
  }),
  'reminders:missed': channel({
    summary:
      'Reminders that fired while the caller had no open window (app closed or logged out): the "you missed N reminders" notice. ' +
      '`acknowledge` marks them seen so the notice does not repeat.',
    input: z.object({ acknowledge: z.boolean().optional() }).strict().optional(),
    output: z.object({ count: z.number().int(), rows: z.array(reminderSchema) }),
    access: 'session',
    permission: null,
    mutates: true,
  }),
};
