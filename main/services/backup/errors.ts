// Why a backup operation failed, as a reason the handlers turn into a sentence in the user's language.
// Workers send the reason across the thread boundary, so it is plain data.
export type BackupFailure =
  | 'not-backup' // not a SQLite file, or another application's database
  | 'needs-passphrase' // encrypted and no passphrase given
  | 'bad-passphrase' // wrong passphrase or damaged/tampered encrypted file
  | 'damaged' // SQLite structure broken, or checksum in the sidecar does not match
  | 'newer-schema' // written by a newer app version
  | 'missing' // no such file
  | 'busy' // another backup/restore is running
  | 'no-space' // checked before a copy: the folder's disk has less free space than the copy needs
  | 'io'; // disk full, folder not writable, ...

export class BackupError extends Error {
  constructor(
    readonly reason: BackupFailure,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'BackupError';
  }
}

export function isBackupError(e: unknown): e is BackupError {
  return e instanceof BackupError;
}
