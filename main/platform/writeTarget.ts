// A file the app is about to create (export, report PDF, backup) must be creatable: its folder has to exist
// and its name has to fit the file system. Checked up front so the user reads which part is wrong instead
// of a generic failure from deep inside SQLite, SheetJS or Chromium (which would write nothing anyway).
import fs from 'node:fs';
import path from 'node:path';
import type { TFunction } from 'i18next';
import { AppError } from '../ipc/errors';

// Most file systems: 255 bytes per name; Linux PATH_MAX 4096 bytes (Windows long paths are longer, but
// a name of a save dialog never comes near this)
const MAX_NAME_BYTES = 255;
const MAX_PATH_BYTES = 4096;

export function assertWritableTarget(abs: string, t: TFunction): void {
  if (Buffer.byteLength(path.basename(abs)) > MAX_NAME_BYTES || Buffer.byteLength(abs) >= MAX_PATH_BYTES) {
    const message = t('errors.saveNameTooLong');
    throw new AppError('INVALID_INPUT', message, { fieldErrors: { path: message } });
  }
  const folder = path.dirname(abs);
  if (!isDirectory(folder)) {
    const message = t('errors.saveFolderMissing', { folder });
    throw new AppError('INVALID_INPUT', message, { fieldErrors: { path: message } });
  }
}

function isDirectory(p: string): boolean {
  try {
    return fs.statSync(p).isDirectory();
  } catch {
    return false;
  }
}
