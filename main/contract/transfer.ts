// Owner transfer (变更所属人 / 转移): one customer from its detail page or many from the list.
import { z } from 'zod';
import { channel, id } from './define';
import { customerFilterSchema } from './customers';

export const transferInputSchema = z
  .object({
    /** explicit customers, or every customer matching `filter` + `query` in the caller's scope */
    ids: z.array(id).min(1).max(1_000_000).optional(),
    filter: customerFilterSchema.optional(),
    query: z.string().max(100).optional(),
    toUserId: id,
    /** move the customers' open deals owned by the previous owner too (closed deals keep their owner) */
    withOpenDeals: z.boolean().optional(),
    /** move the previous owner's pending reminders on these customers too */
    withReminders: z.boolean().optional(),
    reason: z.string().trim().max(500).optional(),
  })
  .strict();
export type TransferInput = z.infer<typeof transferInputSchema>;

export const transferContract = {
  'customers:transfer': channel({
    summary:
      'Give customers a new owner (an active user): one audit batch (undoable by batch id), up to 200 customers in one transaction, more in chunks in a writer thread ' +
      '(each chunk whole; progress events {task:"transfer", jobId: batchId, done, total, alreadyOwned}: total counts the customers ' +
      'that move, alreadyOwned those of the selection that already belong to the new owner and stay as they are); ' +
      'optionally carries open deals and pending reminders; the new owner is notified. ' +
      'A role with scope own may transfer only its own customers.',
    input: transferInputSchema,
    output: z.object({
      /** customers whose owner changed (customers already owned by the target are not counted) */
      transferred: z.number().int(),
      /** customers of the selection that already belonged to the new owner: left unchanged (the dialog's count = transferred + alreadyOwned + skipped) */
      alreadyOwned: z.number().int(),
      /** customers another window deleted or moved while the steps ran: left alone */
      skipped: z.number().int(),
      deals: z.number().int(),
      reminders: z.number().int(),
      batchId: z.string(),
    }),
    access: 'session',
    permission: 'customers.transfer',
    mutates: true,
  }),
};
