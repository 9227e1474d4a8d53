// 数据导入: spreadsheet (.xlsx .xls .xlsb .xlsm .ods .et .csv in UTF-8 or GBK) -> customers, with header
// detection, column mapping, cleansing, duplicate handling, a worker-thread commit with progress and
// cancel, an error report and undo of a whole import. Paths must come from a file dialog of the window.
import { z } from 'zod';
import { channel, shortText } from './define';
import { filePath as filePathOf } from './paths';

export const IMPORT_FIELD_KEYS = [
  'name',
  'kind',
  'contactName',
  'gender',
  'birthday',
  'mobile',
  'phone',
  'email',
  'wechat',
  'province',
  'city',
  'address',
  'industry',
  'company',
  'position',
  'source',
  'level',
  'status',
  'tags',
  'owner',
  'notes',
] as const;
export type ImportFieldKey = (typeof IMPORT_FIELD_KEYS)[number];

const filePath = filePathOf(1000);
/** a built-in field, or a custom field as `custom.<key>` (issue 13) */
export const importTargetSchema = z.union([z.enum(IMPORT_FIELD_KEYS), z.string().regex(/^custom\.[a-z][a-z0-9_]{0,39}$/) as z.ZodType<`custom.${string}`>]);
export type ImportTarget = z.infer<typeof importTargetSchema>;
export const columnMappingSchema = z.object({ column: z.number().int().min(0).max(255), field: importTargetSchema.nullable() }).strict();
const mappingSchema = z.array(columnMappingSchema).max(256);
const unmappedSchema = z.enum(['ignore', 'notes']);
export const duplicatePolicySchema = z.enum(['skip', 'update', 'create']);

const issueSchema = z.object({
  column: z.number().int().nullable(),
  field: importTargetSchema.nullable(),
  level: z.enum(['error', 'warning']),
  code: z.string(),
  message: z.string(),
});
const previewRowSchema = z.object({
  row: z.number().int(),
  cells: z.array(z.string()),
  values: z.record(z.string(), z.unknown()),
  issues: z.array(issueSchema),
  duplicate: z
    .object({
      source: z.enum(['file', 'db']),
      by: z.enum(['mobile', 'email', 'name']),
      row: z.number().int().optional(),
      customerId: z.number().int().optional(),
      name: z.string().optional(),
      hidden: z.boolean().optional(),
    })
    .nullable(),
});
export type ImportPreviewRow = z.infer<typeof previewRowSchema>;

const savedMappingSchema = z.object({
  name: z.string(),
  columns: z.array(z.object({ header: z.string(), field: importTargetSchema.nullable() })),
  savedAt: z.string(),
});
export type SavedImportMapping = z.infer<typeof savedMappingSchema>;

const previewOutput = z.object({
  sheets: z.array(z.string()),
  sheet: z.string(),
  /** 1-based row of the header (title rows above it are skipped) */
  headerRow: z.number().int(),
  detectedHeaderRow: z.number().int(),
  headers: z.array(z.string()),
  /** the sheet's first rows as text (to choose the header row) */
  topRows: z.array(z.array(z.string())),
  mapping: mappingSchema,
  sample: z.array(previewRowSchema),
  /** rows with errors or duplicates beyond the sample */
  problems: z.array(previewRowSchema),
  stats: z.object({
    rows: z.number().int(),
    valid: z.number().int(),
    withErrors: z.number().int(),
    withWarnings: z.number().int(),
    duplicatesInFile: z.number().int(),
    duplicatesInDb: z.number().int(),
    duplicatesBy: z.object({ mobile: z.number().int(), email: z.number().int(), name: z.number().int() }),
  }),
  /** the rows read here are kept for import:commit of the same file and request (passed back as previewId) */
  previewId: z.string().optional(),
});
export type ImportPreview = z.infer<typeof previewOutput>;

const commitOutput = z.object({
  jobId: z.string(),
  batchId: z.string(),
  total: z.number().int(),
  created: z.number().int(),
  updated: z.number().int(),
  skipped: z.number().int(),
  failed: z.number().int(),
  cancelled: z.boolean(),
  /** all-or-nothing: something failed (or the user cancelled), so nothing was written */
  rolledBack: z.boolean(),
  /** rows that could not be imported, downloadable with import:errorReport */
  errorReport: z.object({ rows: z.number().int() }).nullable(),
  /**
   * the pinned safety snapshot of the data before the import (null: none was needed, nothing was to be
   * written). It is pinned before the first write and copied while the rows are written; `ok: false`
   * means the copy failed after the import began writing: `error` says so in the user's language.
   */
  snapshot: z.object({ ok: z.boolean(), path: z.string().nullable(), error: z.string().nullable() }).nullable(),
});
export type ImportCommitResult = z.infer<typeof commitOutput>;

export const importContract = {
  'import:template': channel({
    summary: 'Write the import template 客户导入模板.xlsx (headers of every importable field, an example row) to a path chosen in a save dialog.',
    input: z.object({ path: filePath }).strict(),
    output: z.object({ path: z.string() }),
    access: 'session',
    permission: 'customers.import',
    mutates: false,
  }),
  'import:preview': channel({
    summary:
      'Read a spreadsheet (in a worker, with size/row/column/zip limits): sheets, the detected header row, the column mapping ' +
      '(auto, a saved one by name, or the given one), cleansed sample rows with per-cell errors and warnings, and counts of errors and duplicates.',
    input: z
      .object({
        path: filePath,
        sheet: shortText.optional(),
        headerRow: z.number().int().min(1).max(1000).optional(),
        mapping: mappingSchema.optional(),
        savedMapping: shortText.optional(),
        unmapped: unmappedSchema.optional(),
      })
      .strict(),
    output: previewOutput,
    access: 'session',
    permission: 'customers.import',
    mutates: false,
  }),
  'import:commit': channel({
    summary:
      'Import the rows (in a worker; progress events {task:"import", jobId, phase, done, total}); a pinned backup snapshot is pinned before the first write ' +
      'and copied while the rows are written (the result\'s `snapshot` says whether it completed). ' +
      'Duplicates (same mobile, email or name) are skipped, update the existing customer, or are created anyway. One audit batch.',
    input: z
      .object({
        path: filePath,
        sheet: shortText,
        headerRow: z.number().int().min(1).max(1000),
        mapping: mappingSchema,
        unmapped: unmappedSchema,
        onDuplicate: duplicatePolicySchema,
        allOrNothing: z.boolean(),
        /** chosen by the caller so it can cancel before the answer arrives */
        jobId: z.string().regex(/^[A-Za-z0-9-]{8,64}$/).optional(),
        /** the import:preview whose rows to reuse (used only while file and request are unchanged) */
        previewId: z.string().max(64).optional(),
      })
      .strict(),
    output: commitOutput,
    access: 'session',
    permission: 'customers.import',
    mutates: true,
  }),
  'import:cancel': channel({
    summary: 'Stop a running import. Chunks already written stay (undo them with import:undo); all-or-nothing imports write nothing.',
    input: z.object({ jobId: z.string().max(64) }).strict(),
    output: z.object({ cancelled: z.boolean() }),
    access: 'session',
    permission: 'customers.import',
    mutates: false,
  }),
  'import:errorReport': channel({
    summary: 'Write the rows an import could not take to .xlsx (row number, column, reason, then the original row) at a path from a save dialog.',
    input: z.object({ jobId: z.string().max(64), path: filePath }).strict(),
    output: z.object({ path: z.string(), rows: z.number().int() }),
    access: 'session',
    permission: 'customers.import',
    mutates: false,
  }),
  'import:mappings': channel({
    summary: 'Saved column mappings (header text -> field), newest first.',
    input: z.object({}).strict().optional(),
    output: z.object({ mappings: z.array(savedMappingSchema) }),
    access: 'session',
    permission: 'customers.import',
    mutates: false,
  }),
  'import:saveMapping': channel({
    summary: 'Save (or replace, same name) a column mapping for later imports.',
    input: z
      .object({
        name: z.string().trim().min(1).max(50),
        columns: z.array(z.object({ header: z.string().max(100), field: importTargetSchema.nullable() }).strict()).max(256),
      })
      .strict(),
    output: savedMappingSchema,
    access: 'session',
    permission: 'customers.import',
    mutates: true,
  }),
  'import:undo': channel({
    summary:
      'Undo a whole import as one new audited batch: customers it created go to the recycle bin, customers it updated get their previous ' +
      'values back (fields changed again since are left as they are and counted as conflicts). The created customers go to the bin in short steps.',
    input: z.object({ batchId: z.string().min(1).max(60) }).strict(),
    output: z.object({ batchId: z.string(), removed: z.number().int(), restored: z.number().int(), conflicts: z.number().int() }),
    access: 'session',
    permission: 'customers.import',
    mutates: true,
  }),
};
