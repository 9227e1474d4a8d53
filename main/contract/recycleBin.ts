// 回收站: what soft deletes put aside, grouped by delete batch (a customer with the deals, follow-ups and
// reminders that went with it), restore (with clash handling) and purge (really gone from the file).
import { z } from 'zod';
import { channel } from './define';

export const BIN_ENTITIES = ['customer', 'deal', 'followUp'] as const;
export type BinEntity = (typeof BIN_ENTITIES)[number];

/** An item of the bin: '<entity>:<id>', e.g. 'customer:12' (ids of different tables may collide). */
export const binKey = z.string().regex(/^(customer|deal|followUp):[1-9][0-9]{0,15}$/);

const relatedSchema = z.object({
  key: z.string(),
  entity: z.enum([...BIN_ENTITIES, 'reminder']),
  id: z.number().int(),
  name: z.string(),
});

export const binItemSchema = z.object({
  /** '<entity>:<id>' — what restore / purge take */
  key: z.string(),
  entity: z.enum(BIN_ENTITIES),
  id: z.number().int(),
  name: z.string(),
  /** the customer a deal / follow-up belongs to */
  customerName: z.string().nullable(),
  deletedAt: z.string(),
  deletedBy: z.number().int().nullable(),
  deletedByName: z.string().nullable(),
  batchId: z.string().nullable(),
  /** whole days until the retention purge removes it; null = kept until purged by hand */
  daysLeft: z.number().int().nullable(),
  /** records deleted together with this one (same batch): a customer's deals, follow-ups, reminders */
  related: z.array(relatedSchema),
});
export type BinItem = z.infer<typeof binItemSchema>;

const clashSchema = z.object({
  key: z.string(),
  name: z.string(),
  /** 'custom': a value of a unique custom field is now held by another live record (or by another record of the same restore) */
  field: z.enum(['mobile', 'email', 'customer', 'custom']),
  value: z.string().nullable(),
  /** the live record it clashes with (visible: false = outside the caller's scope, no name shown) */
  otherId: z.number().int().nullable(),
  otherName: z.string().nullable(),
  /** field: 'custom': the field's key and label (caller's language) */
  fieldKey: z.string().optional(),
  fieldLabel: z.string().optional(),
  /** true = "restore anyway" cannot override it (a unique value would be duplicated); only skipping helps */
  blocking: z.boolean().optional(),
});
export type RestoreClash = z.infer<typeof clashSchema>;

export const recycleBinContract = {
  'recycleBin:list': channel({
    summary:
      'Deleted records in the caller\'s scope, newest first: type, name, deleted by/at, days left; a customer carries the records deleted with it.',
    input: z
      .object({
        entity: z.enum(BIN_ENTITIES).optional(),
        query: z.string().max(100).optional(),
        cursor: z.string().max(200).nullable().optional(),
        limit: z.number().int().min(1).max(200).optional(),
      })
      .strict()
      .optional(),
    output: z.object({
      rows: z.array(binItemSchema),
      nextCursor: z.string().nullable(),
      /** null = keep forever */
      retentionDays: z.number().int().nullable(),
    }),
    access: 'session',
    permission: 'recycleBin.restore',
    mutates: false,
  }),
  'recycleBin:restore': channel({
    summary:
      'Bring records back with the related records of their delete batch (many records: in short steps, above 200 in chunks in a writer thread; one batch id, progress events {task:"restore"}). A clash (the mobile/email now belongs to another live customer) ' +
      'answers CONFLICT with details.clashes unless onClash is "skip" (leave those in the bin) or "restore" (restore anyway). ' +
      'A value of a unique custom field now held by another live record is a blocking clash: "restore" answers CONFLICT for it too ' +
      '(nothing restored), only "skip" leaves those items in the bin and restores the rest.',
    input: z
      .object({
        ids: z.array(binKey).min(1).max(10_000),
        onClash: z.enum(['ask', 'skip', 'restore']).optional(),
      })
      .strict(),
    output: z.object({ restored: z.number().int(), skipped: z.array(z.string()), batchId: z.string().nullable() }),
    access: 'session',
    permission: 'recycleBin.restore',
    mutates: true,
  }),
  'recycleBin:purge': channel({
    summary:
      'Delete records for good (with everything that belongs to them): rows, search index, tags, reminders; the values in their audit ' +
      'entries are redacted; the file is scrubbed (secure_delete on every connection; FTS merges, and VACUUM for a small file, off the main thread). The purge itself is audited (ids and names). ' +
      'Every item is checked first (NOT_FOUND: nothing written); many items are purged in short steps, each whole (one batch id; progress events {task:"purge", jobId: batchId, done, total}).',
    input: z.object({ ids: z.array(binKey).min(1).max(10_000) }).strict(),
    output: z.object({ purged: z.number().int(), batchId: z.string().nullable() }),
    access: 'session',
    permission: 'recycleBin.purge',
    mutates: true,
  }),
  'recycleBin:settings': channel({
    summary: 'How long deleted records are kept before the app purges them (days; null = keep forever).',
    input: z.object({}).strict().optional(),
    output: z.object({ retentionDays: z.number().int().nullable() }),
    access: 'session',
    permission: null,
    mutates: false,
  }),
  'recycleBin:updateSettings': channel({
    summary: 'Set the retention (1–3650 days, or null to keep forever). Audited.',
    input: z.object({ retentionDays: z.number().int().min(1).max(3650).nullable() }).strict(),
    output: z.object({ retentionDays: z.number().int().nullable() }),
    access: 'session',
    permission: 'settings.manage',
    mutates: true,
  }),
};

export { clashSchema };
