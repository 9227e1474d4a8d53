import type { HandlersOf } from '../../ipc/context';
import type { authContract } from '../../contract/auth';
import { AppError } from '../../ipc/errors';
import { recordAudit } from '../audit/record';
import { actor } from '../audit/actor';
import { hashPassword, verifyPassword } from './password';
import { lockSecondsAfter } from './lockout';
import { loadSessionUser, roleIdByKey } from './roles';

// A real scrypt hash of a random password: verifying against it when the user does not exist costs
// the same time as a real check, so timing does not tell which usernames exist.
let dummyHash: Promise<string> | null = null;
const getDummyHash = () => (dummyHash ??= hashPassword(`dummy-${Math.random()}`));

export const authHandlers: HandlersOf<typeof authContract> = {
  'auth:status': (_input, ctx) => {
    const row = ctx.app.db.prepare('SELECT count(*) AS n FROM users').get() as { n: number };
    return { needsSetup: row.n === 0, user: ctx.user };
  },

  'auth:setup': async (input, ctx) => {
    const { db } = ctx.app;
    const anyUser = () => (db.prepare('SELECT count(*) AS n FROM users').get() as { n: number }).n > 0;
    if (anyUser()) throw new AppError('CONFLICT', ctx.t('errors.setupDone'));
    const hash = await hashPassword(input.password);
    const now = ctx.app.clock.now().toISOString();
    const userId = db.tx(() => {
      // checked again inside the transaction: two windows may race through the first-run screen
      if (anyUser()) throw new AppError('CONFLICT', ctx.t('errors.setupDone'));
      const id = Number(
        db
          .prepare(
            'INSERT INTO users (username, display_name, password_hash, role_id, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)',
          )
          .run(input.username, input.displayName, hash, roleIdByKey(db, 'admin'), now, now).lastInsertRowid,
      );
      recordAudit(db, {
        at: now,
        userId: id,
        userName: input.displayName,
        action: 'auth.setup',
        entity: 'user',
        entityId: id,
        summary: ctx.t('audit.summaries.ownerCreated', { username: input.username }),
      });
      return id;
    });
    const user = loadSessionUser(db, userId)!;
    ctx.app.sessions.set(ctx.caller, user, ctx.app.clock.now());
    return { user };
  },

  'auth:login': async (input, ctx) => {
    const { db, clock } = ctx.app;
    const row = db
      .prepare('SELECT id, username, display_name, password_hash, disabled_at, failed_logins, locked_until FROM users WHERE username = ?')
      .get(input.username.trim()) as
      | { id: number; username: string; display_name: string; password_hash: string; disabled_at: string | null; failed_logins: number; locked_until: string | null }
      | undefined;
    const audit = (action: string, summary: string, userId: number | null = row?.id ?? null) =>
      db.tx(() =>
        recordAudit(db, {
          at: clock.now().toISOString(),
          userId,
          // an unknown user name is not recorded: people type their password into that field by mistake,
          // and the audit log is append-only
          userName: row?.display_name ?? null,
          action,
          entity: 'user',
          entityId: userId,
          summary,
        }),
      );

    if (!row) {
      await verifyPassword(input.password, await getDummyHash());
      audit('auth.loginFailed', ctx.t('audit.summaries.auth.unknownUser', { count: [...input.username].length }), null);
      throw new AppError('INVALID_INPUT', ctx.t('errors.badLogin'), { fieldErrors: { password: ctx.t('errors.badLogin') } });
    }
    const lockedFor = row.locked_until ? Math.ceil((Date.parse(row.locked_until) - clock.now().getTime()) / 1000) : 0;
    if (lockedFor > 0) {
      audit('auth.loginBlocked', ctx.t('audit.summaries.auth.loginBlocked', { seconds: lockedFor }));
      throw new AppError('LOCKED', ctx.t('errors.accountLocked', { seconds: lockedFor }), { retryAfterSeconds: lockedFor });
    }
    const good = await verifyPassword(input.password, row.password_hash);
    if (!good) {
      const failures = row.failed_logins + 1;
      const lockSeconds = lockSecondsAfter(failures);
      const now = clock.now();
      const lockedUntil = lockSeconds ? new Date(now.getTime() + lockSeconds * 1000).toISOString() : null;
      db.tx(() => {
        db.prepare('UPDATE users SET failed_logins = ?, locked_until = ? WHERE id = ?').run(failures, lockedUntil, row.id);
        recordAudit(db, {
          at: now.toISOString(),
          userId: row.id,
          userName: row.display_name,
          action: 'auth.loginFailed',
          entity: 'user',
          entityId: row.id,
          summary: ctx.t('audit.summaries.wrongPassword', { count: failures }),
        });
        if (lockSeconds) {
          recordAudit(db, {
            at: now.toISOString(),
            userId: row.id,
            userName: row.display_name,
            action: 'auth.lockout',
            entity: 'user',
            entityId: row.id,
            summary: ctx.t('audit.summaries.lockedOut', { count: failures, seconds: lockSeconds }),
          });
        }
      });
      if (lockSeconds) {
        throw new AppError('LOCKED', ctx.t('errors.accountLocked', { seconds: lockSeconds }), { retryAfterSeconds: lockSeconds });
      }
      throw new AppError('INVALID_INPUT', ctx.t('errors.badLogin'), { fieldErrors: { password: ctx.t('errors.badLogin') } });
    }
    if (row.disabled_at) {
      audit('auth.loginFailed', ctx.t('audit.summaries.auth.disabled'));
      throw new AppError('FORBIDDEN', ctx.t('errors.accountDisabled'));
    }
    const now = clock.now().toISOString();
    db.tx(() => {
      db.prepare('UPDATE users SET failed_logins = 0, locked_until = NULL, last_login_at = ? WHERE id = ?').run(now, row.id);
      recordAudit(db, { at: now, userId: row.id, userName: row.display_name, action: 'auth.login', entity: 'user', entityId: row.id });
    });
    const user = loadSessionUser(db, row.id)!;
    ctx.app.sessions.set(ctx.caller, user, clock.now());
    return { user };
  },

  'auth:logout': (_input, ctx) => {
    const { db } = ctx.app;
    db.tx(() => recordAudit(db, { ...actor(ctx), action: 'auth.logout', entity: 'user', entityId: ctx.user.id }));
    ctx.app.sessions.clear(ctx.caller);
    return { loggedOut: true };
  },

  'auth:changePassword': async (input, ctx) => {
    const { db } = ctx.app;
    const row = db.prepare('SELECT password_hash FROM users WHERE id = ?').get(ctx.user.id) as { password_hash: string };
    if (!(await verifyPassword(input.oldPassword, row.password_hash))) {
      throw new AppError('INVALID_INPUT', ctx.t('errors.wrongOldPassword'), { fieldErrors: { oldPassword: ctx.t('errors.wrongOldPassword') } });
    }
    const hash = await hashPassword(input.newPassword);
    db.tx(() => {
      db.prepare('UPDATE users SET password_hash = ?, updated_at = ?, version = version + 1 WHERE id = ?').run(
        hash,
        ctx.app.clock.now().toISOString(),
        ctx.user.id,
      );
      recordAudit(db, { ...actor(ctx), action: 'auth.changePassword', entity: 'user', entityId: ctx.user.id, summary: ctx.t('audit.summaries.auth.passwordChanged') });
    });
    return { changed: true };
  },
};
