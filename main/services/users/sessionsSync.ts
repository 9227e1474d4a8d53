// Keep open sessions in step with account changes: a new role or name applies at once, a disabled
// account is logged out everywhere. Each affected window is told, so its UI reloads the session.
import type { AppContext } from '../../ipc/context';
import { loadSessionUser } from '../auth/roles';

/** Event pushed to a window whose session changed (payload: { loggedOut: boolean }). */
export const SESSION_EVENT = 'session';

/** Reload the user (role, permissions, name) into each of their sessions; a disabled user is logged out. */
export function syncUserSessions(app: AppContext, userId: number): void {
  const callers = app.sessions.callersOf(userId);
  const next = loadSessionUser(app.db, userId);
  app.sessions.refreshUser(userId, next);
  for (const caller of callers) app.events.send(caller, SESSION_EVENT, { loggedOut: !next });
}

/** Log the user out of every window but `except` (e.g. after a password reset). */
export function endUserSessions(app: AppContext, userId: number, opts: { except?: string } = {}): void {
  for (const caller of app.sessions.callersOf(userId)) {
    if (caller === opts.except) continue;
    app.sessions.clear(caller);
    app.events.send(caller, SESSION_EVENT, { loggedOut: true });
  }
}
