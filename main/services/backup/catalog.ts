// The list of backups: each backup file has a sidecar `<file>.json` beside it with what we know about
// it (kind, time, checksum, counts). Sidecars live next to the files, not in the database, so the list
// survives a restore and moves with the folder. Backups written elsewhere (a path the user chose) are
// also remembered in <backup folder>/external.json.
import fs from 'node:fs';
import path from 'node:path';
import { readJson, removeQuietly, writeFileAtomic } from './fsutil';
import type { BackupCounts } from './checks';

export type BackupKind = 'manual' | 'auto' | 'pinned';

export interface BackupMeta {
  format: 'zhanggui-backup-meta';
  metaVersion: 1;
  file: string;
  kind: BackupKind;
  /** why a pinned snapshot was taken: 'migration 2→3', 'restore', 'import', ... */
  reason: string | null;
  createdAt: string;
  size: number;
  sha256: string;
  encrypted: boolean;
  /** the content check passed (quick_check after the backup, or backup:verify) */
  verified: boolean;
  verifiedAt: string | null;
  /** what that check was: 'quick' = quick_check, 'full' = integrity_check + foreign_key_check; null = not yet */
  checks?: 'quick' | 'full' | null;
  /** what the check after the backup found wrong (null/absent: nothing) */
  problem?: string | null;
  /** how the copy was made: the file's bytes in a pinned read (fast path) or SQLite's backup API */
  copyMethod?: 'file-copy' | 'backup-api';
  schemaVersion: number;
  appVersion: string;
  counts: BackupCounts;
  /** id of the newest audit row that records a data change in the snapshot (auto-backup change detection) */
  dataMark: number;
}

export interface BackupEntry extends BackupMeta {
  path: string;
}

export const sidecarOf = (file: string) => `${file}.json`;
const EXTERNAL = 'external.json';

export function readMeta(file: string): BackupMeta | null {
  const m = readJson<BackupMeta>(sidecarOf(file));
  return m && m.format === 'zhanggui-backup-meta' ? m : null;
}

export function writeMeta(file: string, meta: BackupMeta): void {
  writeFileAtomic(sidecarOf(file), JSON.stringify(meta, null, 2));
}

/** `zhanggui-20261122-140000-auto.db` (local time in the name is what a person looks for in a folder). */
export function backupFileName(at: Date, kind: BackupKind, encrypted: boolean): string {
  const p = (n: number) => String(n).padStart(2, '0');
  const stamp = `${at.getFullYear()}${p(at.getMonth() + 1)}${p(at.getDate())}-${p(at.getHours())}${p(at.getMinutes())}${p(at.getSeconds())}`;
  return `zhanggui-${stamp}-${kind}.${encrypted ? 'zgbak' : 'db'}`;
}

/** A name not taken yet in `dir` (two backups in the same second get -2, -3, ...). */
export function freeName(dir: string, name: string): string {
  const ext = path.extname(name);
  const base = name.slice(0, -ext.length);
  let candidate = name;
  for (let i = 2; fs.existsSync(path.join(dir, candidate)) || fs.existsSync(path.join(dir, `${candidate}.json`)); i++) {
    candidate = `${base}-${i}${ext}`;
  }
  return candidate;
}

function readExternal(folder: string): string[] {
  const list = readJson<string[]>(path.join(folder, EXTERNAL));
  return Array.isArray(list) ? list.filter((p) => typeof p === 'string') : [];
}

export function rememberExternal(folder: string, file: string): void {
  const list = readExternal(folder).filter((p) => p !== file);
  list.push(file);
  fs.mkdirSync(folder, { recursive: true });
  writeFileAtomic(path.join(folder, EXTERNAL), JSON.stringify(list, null, 2));
}

function forgetExternal(folder: string, file: string): void {
  const list = readExternal(folder);
  if (list.includes(file)) writeFileAtomic(path.join(folder, EXTERNAL), JSON.stringify(list.filter((p) => p !== file), null, 2));
}

/** Every backup we know of, newest first. Sidecars whose file is gone are skipped. */
export function listBackups(folder: string): BackupEntry[] {
  const out: BackupEntry[] = [];
  const seen = new Set<string>();
  const add = (file: string) => {
    if (seen.has(file) || !fs.existsSync(file)) return;
    const meta = readMeta(file);
    if (!meta) return;
    seen.add(file);
    out.push({ ...meta, path: file });
  };
  if (fs.existsSync(folder)) {
    for (const f of fs.readdirSync(folder)) {
      if (f.endsWith('.json') && f !== EXTERNAL && !f.startsWith('.')) add(path.join(folder, f.slice(0, -'.json'.length)));
    }
  }
  for (const p of readExternal(folder)) add(p);
  return out.sort((a, b) => b.createdAt.localeCompare(a.createdAt) || b.path.localeCompare(a.path));
}

/** Is this path one of the listed backups (delete only touches files we made)? */
export function findBackup(folder: string, file: string): BackupEntry | undefined {
  const abs = path.resolve(file);
  return listBackups(folder).find((b) => b.path === abs);
}

export function deleteBackup(folder: string, entry: BackupEntry): void {
  fs.rmSync(entry.path, { force: true });
  removeQuietly(sidecarOf(entry.path));
  forgetExternal(folder, entry.path);
}

/** Leftovers of a backup interrupted by a crash or quit: `.<name>.partial` files. */
export function removePartials(folder: string): void {
  if (!fs.existsSync(folder)) return;
  for (const f of fs.readdirSync(folder)) if (f.startsWith('.') && f.endsWith('.partial')) removeQuietly(path.join(folder, f));
}
