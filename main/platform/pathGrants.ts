import path from 'node:path';
import { AppError } from '../ipc/errors';
import type { PathPolicy } from './types';

/** The app's policy: a path is usable only if this window's user picked it in a dialog. */
export class GrantedPaths implements PathPolicy {
  private readonly grants = new Map<string, Map<string, 'read' | 'write'>>();

  grant(caller: string, p: string, mode: 'read' | 'write'): void {
    const abs = path.resolve(p);
    let m = this.grants.get(caller);
    if (!m) this.grants.set(caller, (m = new Map()));
    // a write grant (save dialog) also allows reading back what was written
    if (m.get(abs) !== 'write') m.set(abs, mode);
  }

  check(caller: string, p: string, mode: 'read' | 'write'): string {
    const abs = path.resolve(p);
    const g = this.grants.get(caller)?.get(abs);
    if (!g || (mode === 'write' && g !== 'write')) {
      throw new AppError('FORBIDDEN', 'This file was not chosen in a file dialog of this window, so it cannot be used.', {
        path: abs,
        mode,
      });
    }
    return abs;
  }
}

/** The browser harness is a test tool: paths named by the test are treated as granted. */
export class TrustedPaths implements PathPolicy {
  grant(): void {}
  check(_caller: string, p: string): string {
    return path.resolve(p);
  }
}
