// Backup and restore channels. Paths come from a file dialog of the calling window (or are entries of
// the backup list); a restore is two calls: backup:inspect stages and checks, backup:restore swaps.
import { z } from 'zod';
import { channel, empty } from './define';
import { filePath as filePathOf } from './paths';

const filePath = filePathOf(4096);
const passphrase = z.string().max(256).optional();

export const backupCountsSchema = z.object({
  customers: z.number().int(),
  deals: z.number().int(),
  followUps: z.number().int(),
  users: z.number().int(),
});

export const backupEntrySchema = z.object({
  path: z.string(),
  file: z.string(),
  kind: z.enum(['manual', 'auto', 'pinned']),
  reason: z.string().nullable(),
  createdAt: z.string(),
  size: z.number().int(),
  encrypted: z.boolean(),
  verified: z.boolean(),
  verifiedAt: z.string().nullable(),
  /** what the content check was ('quick' = quick_check per table + page census, 'full' = integrity_check + foreign keys); null = pending */
  checks: z.enum(['quick', 'full']).nullable().optional(),
  /** what the check after the backup found wrong */
  problem: z.string().nullable().optional(),
  schemaVersion: z.number().int(),
  appVersion: z.string(),
  counts: backupCountsSchema,
});

export const backupSettingsSchema = z.object({
  folder: z.string(),
  defaultFolder: z.string(),
  schedule: z.boolean(),
  keepHourly: z.number().int(),
  keepDaily: z.number().int(),
  keepWeekly: z.number().int(),
});

const keep = z.number().int().min(0).max(1000);

export const backupContract = {
  'backup:create': channel({
    summary:
      'Back up the live database now (online SQLite backup in a worker, verified, renamed into place). Without path: into the backup folder. With passphrase: an encrypted .zgbak. Progress events: progress {task:"backup"}.',
    input: z.object({ path: filePath.optional(), passphrase }).strict().optional(),
    output: backupEntrySchema,
    access: 'session',
    permission: 'backup.manage',
    mutates: true,
  }),
  'backup:list': channel({
    summary:
      'Backups in the backup folder (and manual ones saved elsewhere), newest first; the free space of the folder\'s disk (null where it cannot be read) and what a backup of the live database needs there now (its file and log + a margin): a copy that does not fit is refused before it starts.',
    input: empty,
    output: z.object({ folder: z.string(), backups: z.array(backupEntrySchema), freeBytes: z.number().nullable(), needBytes: z.number() }),
    access: 'session',
    permission: 'backup.manage',
    mutates: false,
  }),
  'backup:verify': channel({
    summary:
      'Check a backup file: checksum, decryption, application id, schema version and tables, and the quick check (quick_check of every ordinary table, FTS5 shadow tables included: pages, records, constraints; freelist; every page used once — not the own index check of the FTS5 tables); deep: the full integrity_check (every index against its table, the FTS5 check of each search table) + foreign_key_check instead. Returns its counts and what was checked.',
    input: z.object({ path: filePath, passphrase, deep: z.boolean().optional() }).strict(),
    output: z.object({
      schemaVersion: z.number().int(),
      counts: backupCountsSchema,
      encrypted: z.boolean(),
      checksum: z.boolean().nullable(),
      level: z.enum(['quick', 'full']),
      verifiedAt: z.string(),
    }),
    access: 'session',
    permission: 'backup.manage',
    mutates: true,
  }),
  'backup:delete': channel({
    summary: 'Delete a backup of the list (its file and its sidecar).',
    input: z.object({ path: filePath }).strict(),
    output: z.object({ deleted: z.boolean() }),
    access: 'session',
    permission: 'backup.manage',
    mutates: true,
  }),
  'backup:settings': channel({
    summary: 'Read (no input) or change (set) the backup folder, automatic backups on/off and how many hourly/daily/weekly backups are kept.',
    input: z
      .object({
        set: z
          .object({ folder: filePath.nullable().optional(), schedule: z.boolean().optional(), keepHourly: keep.optional(), keepDaily: keep.optional(), keepWeekly: keep.optional() })
          .strict()
          .optional(),
      })
      .strict()
      .optional(),
    output: backupSettingsSchema,
    access: 'session',
    permission: 'backup.manage',
    mutates: true,
  }),
  'backup:inspect': channel({
    summary:
      'First step of a restore: copy the backup to staging (hashing it), decrypt, check (checksum, header, application id, schema version and tables; quick_check or the full check when the file was not checked after its backup or has no checksum) and migrate an older schema there. The full integrity_check of the restored database runs in the background after the restore. Returns a summary and a stagingId for backup:restore. The live database is not touched.',
    input: z.object({ path: filePath, passphrase }).strict(),
    output: z.object({
      stagingId: z.string(),
      path: z.string(),
      createdAt: z.string(),
      size: z.number().int(),
      encrypted: z.boolean(),
      schemaVersion: z.number().int(),
      migratedFrom: z.number().int().nullable(),
      counts: backupCountsSchema,
      /** content check of the gate: 'checksum' = bytes identical to those checked after the backup; 'quick' = quick_check per table + page census; 'full' = integrity_check + foreign keys */
      checked: z.enum(['checksum', 'quick', 'full']),
    }),
    access: 'session',
    permission: 'backup.manage',
    mutates: false,
  }),
  'backup:restore': channel({
    summary:
      'Replace the live database with a backup: { stagingId } from backup:inspect, or { path, passphrase? } (checked the same way). The current data is pinned first; the swap is crash-safe; everyone is logged out and every window gets the event app:reloaded.',
    input: z.object({ stagingId: z.string().max(64).optional(), path: filePath.optional(), passphrase }).strict(),
    output: z.object({ restored: z.boolean(), pinned: z.string(), source: z.string() }),
    access: 'session',
    permission: 'backup.manage',
    mutates: true,
  }),
};
