// Audit summaries of the backup domain, in the app's language when written (they are stored text: an entry keeps
// the language it was written in). Paths stay as they are; a problem the system reported stays as it gave it.
import type { TFunction } from 'i18next';
import type { BackupKind } from './catalog';

const K = 'audit.summaries.backup';

/** 'manual' / 'auto' / 'pinned' in words; a kind this version does not know stays as stored */
export function kindWords(t: TFunction, kind: string): string {
  return kind === 'manual' || kind === 'auto' || kind === 'pinned' ? t(`${K}.kind.${kind satisfies BackupKind}`) : kind;
}

/** Why a pinned snapshot was taken ('restore', 'import', 'migration 19→20'), in words; others as given. */
export function reasonWords(t: TFunction, reason: string): string {
  if (reason === 'restore' || reason === 'import') return t(`${K}.reason.${reason}`);
  const m = /^migration (\d+)→(\d+)$/.exec(reason);
  return m ? t(`${K}.reason.migration`, { from: m[1], to: m[2] }) : reason;
}

export function createdText(t: TFunction, e: { kind: string; reason: string | null; encrypted: boolean; path: string }): string {
  const notes = [...(e.reason ? [reasonWords(t, e.reason)] : []), ...(e.encrypted ? [t(`${K}.encrypted`)] : [])];
  const what = kindWords(t, e.kind);
  return notes.length ? t(`${K}.createdNote`, { what, note: notes.join(t(`${K}.noteSep`)), path: e.path }) : t(`${K}.created`, { what, path: e.path });
}

export function deletedText(t: TFunction, e: { kind: string; path: string; createdAt: string }): string {
  return t(`${K}.deleted`, { what: kindWords(t, e.kind), path: e.path, at: e.createdAt });
}

export function verifiedText(t: TFunction, path: string, level: 'full' | 'quick'): string {
  return t(`${K}.verified`, { path, level: t(`${K}.level.${level}`) });
}

export function restoredText(t: TFunction, r: { source: string; schema: number; migratedFrom: number | null; pinned: string }): string {
  const params = { source: r.source, schema: r.schema, from: r.migratedFrom, pinned: r.pinned };
  return r.migratedFrom ? t(`${K}.restoredMigrated`, params) : t(`${K}.restored`, params);
}

export const checkProblemsText = (t: TFunction, path: string, problem: string): string => t(`${K}.checkProblems`, { path, problem });
export const restoreCheckText = (t: TFunction, source: string, problem: string | null): string =>
  problem ? t(`${K}.restoreCheckFailed`, { source, problem }) : t(`${K}.restoreCheckOk`, { source });
export const autoFailedText = (t: TFunction, reason: string): string => t(`${K}.autoFailed`, { reason });
