import type { CallContext } from '../../ipc/context';
import type { AuditEntry } from './record';

/** The who/when part of an audit entry for the current call. */
export function actor(ctx: CallContext): Pick<AuditEntry, 'at' | 'userId' | 'userName'> {
  return {
    at: ctx.app.clock.now().toISOString(),
    userId: ctx.user?.id ?? null,
    userName: ctx.user?.displayName ?? null,
  };
}
