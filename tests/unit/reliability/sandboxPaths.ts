// A path policy for fuzzing: relative paths land inside a sandbox folder (so fuzzed exports, backups and
// imports reach the real code without littering the checkout); anything resolving outside is refused
// like an ungranted path in the app. A chosen folder that disappears later is tested in filePaths.test.ts.
import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../../../main/ipc/errors';
import type { PathPolicy } from '../../../main/platform/types';

export class SandboxPaths implements PathPolicy {
  constructor(private readonly root: string) {}
  grant(): void {}
  check(_caller: string, p: string, mode: 'read' | 'write'): string {
    const abs = path.resolve(this.root, p);
    // a dialog never answers a name with a NUL byte or longer than the file system allows (255 bytes),
    // nor a save path in a folder that does not exist
    const grantable =
      !p.includes('\0') && abs.split(path.sep).every((c) => Buffer.byteLength(c) <= 255) && (mode === 'read' || fs.existsSync(path.dirname(abs)));
    if (!grantable || (abs !== this.root && !abs.startsWith(this.root + path.sep))) {
      throw new AppError('FORBIDDEN', 'This file was not chosen in a file dialog of this window, so it cannot be used.', { path: abs, mode });
    }
    return abs;
  }
}
