// 变更记录 / audit trail: read (filters, a record's history), verify the hash chain, export to xlsx,
// and real undo: revert one field change, undo a whole batch (batch edit, transfer, import, delete).
import { z } from 'zod';
import { channel, id, isoDateTime } from './define';
import { filePath } from './paths';

export const auditFilterSchema = z
  .object({
    entity: z.string().max(40).optional(),
    entityId: id.optional(),
    userId: id.optional(),
    /** exact action ('customer.update') or a prefix ending in '.' ('customer.') */
    action: z.string().max(60).optional(),
    from: isoDateTime.optional(),
    to: isoDateTime.optional(),
    /** a whole batch id, or its first 6+ characters (the short id a batch-edit result shows) */
    batchId: z.string().max(60).optional(),
  })
  .strict();
export type AuditFilter = z.infer<typeof auditFilterSchema>;

const changeSchema = z.object({
  field: z.string(),
  old: z.unknown(),
  new: z.unknown(),
  /** the values were removed by a purge (only the field name is left) */
  redacted: z.boolean().optional(),
});

export const auditEntrySchema = z.object({
  id: z.number().int(),
  at: z.string(),
  userId: z.number().int().nullable(),
  userName: z.string().nullable(),
  action: z.string(),
  entity: z.string().nullable(),
  entityId: z.number().int().nullable(),
  batchId: z.string().nullable(),
  changes: z.array(changeSchema).nullable(),
  summary: z.string().nullable(),
  /** a purge removed the values of this entry */
  redacted: z.boolean(),
  /** audit:revert can undo field changes of this entry */
  revertible: z.boolean(),
  /** audit:undoBatch can undo the batch this entry belongs to */
  batchUndoable: z.boolean(),
});
export type AuditEntryRow = z.infer<typeof auditEntrySchema>;

const revertConflictItem = z.object({
  auditId: z.number().int(),
  entity: z.string(),
  entityId: z.number().int(),
  name: z.string().nullable(),
  field: z.string(),
  expected: z.unknown(),
  current: z.unknown(),
});
export type RevertConflict = z.infer<typeof revertConflictItem>;

export const auditContract = {
  'audit:list': channel({
    summary:
      'Audit entries, newest first, by entity/record/user/action/date range/batch (whole id or its first 6+ characters). Needs audit.view — except one customer\'s own history ' +
      '(entity "customer" + entityId), which anyone who may see that customer (customers.view + scope) can read.',
    input: auditFilterSchema.extend({ cursor: z.string().max(40).nullable().optional(), limit: z.number().int().min(1).max(500).optional() }).strict(),
    output: z.object({ rows: z.array(auditEntrySchema), nextCursor: z.string().nullable() }),
    access: 'session',
    permission: null,
    mutates: false,
  }),
  'audit:verify': channel({
    summary: 'Walk the hash chain (in chunks, so the app stays responsive) and report the first broken entry.',
    input: z.object({}).strict().optional(),
    output: z.object({ ok: z.boolean(), checked: z.number().int(), brokenAt: z.number().int().optional(), redacted: z.number().int() }),
    access: 'session',
    permission: 'audit.view',
    mutates: false,
  }),
  'audit:export': channel({
    summary: 'Write the filtered audit entries to .xlsx (cells escaped against formula injection) at a path chosen in a save dialog. Audited.',
    input: auditFilterSchema.extend({ path: filePath(1000, 0).optional() }).strict(),
    output: z.object({ path: z.string().nullable(), rows: z.number().int() }),
    access: 'session',
    permission: 'audit.view',
    mutates: true,
  }),
  'audit:revert': channel({
    summary:
      'Put back the old value of the field changes of one audit entry (or only `field`), as a new audited change. When the value was changed ' +
      'again since, answers CONFLICT with details { current, conflicts } unless force.',
    input: z.object({ auditId: id, field: z.string().max(64).optional(), force: z.boolean().optional() }).strict(),
    output: z.object({ batchId: z.string(), reverted: z.number().int() }),
    access: 'session',
    permission: null,
    mutates: true,
  }),
  'audit:undoBatch': channel({
    summary:
      'Undo a whole batch (batch edit, transfer, import, delete), audited as a new batch: created rows go to the bin, ' +
      'changed fields and owners go back, deleted records come back. Everything that can refuse is checked before anything is written ' +
      '(rows changed since answer CONFLICT with details.conflicts unless force; restore clashes answer CONFLICT with details.clashes); ' +
      'deleted and created records are then written in short steps, or in chunks in a writer thread above 200 (progress events {task:"restore"|"delete", jobId: batchId}), field changes in one ' +
      'transaction, or in short steps when there are more than 500 (progress events {task:"undo", jobId: batchId}).',
    input: z.object({ batchId: z.string().min(1).max(60), force: z.boolean().optional() }).strict(),
    output: z.object({ batchId: z.string(), undone: z.number().int() }),
    access: 'session',
    permission: null,
    mutates: true,
  }),
};

export { revertConflictItem };
