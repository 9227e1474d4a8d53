// 导出: customers (current filter + search, a selection, or all), deals, follow-ups and the audit log to
// .xlsx, .csv (UTF-8 with BOM) or .pdf (a simple table). Within the caller's data scope, permission-checked
// per entity, audited; no cell starts with = + - @ TAB CR LF unescaped.
import { z } from 'zod';
import { channel, id, isoDateTime } from './define';
import { customerFilterSchema, customerSortSchema } from './customers';
import { filePath } from './paths';

export const EXPORT_ENTITIES = ['customers', 'deals', 'followUps', 'audit'] as const;
export type ExportEntity = (typeof EXPORT_ENTITIES)[number];

export const exportRunInput = z
  .object({
    entity: z.enum(EXPORT_ENTITIES),
    /** customers: customerFilter; deals: deals filter; followUps: {from,to,ownerIds,methods,customerId}; audit: {entity,userId,action,from,to,batchId} */
    filter: z.record(z.string().max(40), z.unknown()).optional(),
    query: z.string().max(100).optional(),
    ids: z.array(id).max(1_000_000).optional(),
    /** customers: the list's sort, so the file has the rows in the order the list shows (default: id order) */
    sort: customerSortSchema.optional(),
    /** customers: the list's custom-field sort (customers:list `customSort`; wins over `sort`): rows with a value first */
    customSort: z.object({ key: z.string().max(64), dir: z.enum(['asc', 'desc']) }).strict().optional(),
    /** column keys (see export:columns); default: the entity's default columns */
    columns: z.array(z.string().max(48)).max(80).optional(), // 48: `custom.<field key ≤ 40>`
    format: z.enum(['xlsx', 'csv', 'pdf']),
    path: filePath(1000),
    /** chosen by the caller to match progress events {task:"export", jobId, done, total} */
    jobId: z.string().regex(/^[A-Za-z0-9-]{8,64}$/).optional(),
  })
  .strict();

export const exportContract = {
  'export:columns': channel({
    summary: 'The columns an entity can be exported with (key, label in the UI language, default on/off).',
    input: z.object({ entity: z.enum(EXPORT_ENTITIES) }).strict(),
    output: z.object({ columns: z.array(z.object({ key: z.string(), label: z.string(), default: z.boolean() })) }),
    access: 'session',
    permission: null,
    mutates: false,
  }),
  'export:run': channel({
    summary:
      'Write the chosen rows and columns to a file at a path from a save dialog (big exports in a worker with progress events). ' +
      'Needs customers.export / deals.export / followUps.export / audit.view for the entity; PDF is limited to the first 2,000 rows. Audited.',
    input: exportRunInput,
    output: z.object({ path: z.string(), rows: z.number().int(), bytes: z.number().int(), truncated: z.boolean() }),
    access: 'session',
    permission: null,
    mutates: true,
  }),
};

export { customerFilterSchema, isoDateTime };
