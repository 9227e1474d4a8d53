import type { SessionUser } from '../contract/auth';

export interface Session {
  user: SessionUser;
  startedAt: string;
  lastSeenAt: number;
}

/**
 * Login sessions keyed by caller: a webContents id in Electron, a window token in the browser harness.
 * They live only in main's memory; the renderer never holds anything it could forge.
 */
export class SessionStore {
  private readonly sessions = new Map<string, Session>();

  get(caller: string): Session | null {
    return this.sessions.get(caller) ?? null;
  }
  set(caller: string, user: SessionUser, now: Date): Session {
    const s: Session = { user, startedAt: now.toISOString(), lastSeenAt: now.getTime() };
    this.sessions.set(caller, s);
    return s;
  }
  touch(caller: string, now: Date): void {
    const s = this.sessions.get(caller);
    if (s) s.lastSeenAt = now.getTime();
  }
  clear(caller: string): void {
    this.sessions.delete(caller);
  }
  /** Replace the user record (role or name changed) in every session of that user. */
  refreshUser(userId: number, next: SessionUser | null): void {
    for (const [caller, s] of this.sessions) {
      if (s.user.id !== userId) continue;
      if (next) s.user = next;
      else this.sessions.delete(caller);
    }
  }
  callersOf(userId: number): string[] {
    return [...this.sessions].filter(([, s]) => s.user.id === userId).map(([c]) => c);
  }
  clearAll(): void {
    this.sessions.clear();
  }
}
