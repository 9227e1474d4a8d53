// Backup settings live in a small JSON file in the data folder, not in the database: a restore
// replaces the database, and must not also change where backups go or how many are kept.
import fs from 'node:fs';
import path from 'node:path';
import { readJson, writeFileAtomic } from './fsutil';

export interface BackupSettings {
  /** absolute folder; null = <dataDir>/backups */
  folder: string | null;
  /** automatic backups on/off */
  schedule: boolean;
  keepHourly: number;
  keepDaily: number;
  keepWeekly: number;
}

export const DEFAULT_BACKUP_SETTINGS: BackupSettings = { folder: null, schedule: true, keepHourly: 24, keepDaily: 14, keepWeekly: 8 };
export const SETTINGS_FILE = 'backup-settings.json';

export function readBackupSettings(dataDir: string): BackupSettings {
  const stored = readJson<Partial<BackupSettings>>(path.join(dataDir, SETTINGS_FILE)) ?? {};
  const s = { ...DEFAULT_BACKUP_SETTINGS };
  if (typeof stored.folder === 'string' && path.isAbsolute(stored.folder)) s.folder = stored.folder;
  if (typeof stored.schedule === 'boolean') s.schedule = stored.schedule;
  for (const k of ['keepHourly', 'keepDaily', 'keepWeekly'] as const) {
    const v = stored[k];
    if (typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= 1000) s[k] = v;
  }
  return s;
}

export function writeBackupSettings(dataDir: string, s: BackupSettings): void {
  fs.mkdirSync(dataDir, { recursive: true });
  writeFileAtomic(path.join(dataDir, SETTINGS_FILE), JSON.stringify(s, null, 2));
}

export function defaultBackupFolder(dataDir: string): string {
  return path.join(dataDir, 'backups');
}

export function backupFolder(dataDir: string, s: BackupSettings = readBackupSettings(dataDir)): string {
  return s.folder ?? defaultBackupFolder(dataDir);
}

/** Private scratch space for decrypted copies and restores: inside the data folder, same file system as the db. */
export function stagingFolder(dataDir: string): string {
  return path.join(dataDir, 'staging');
}
