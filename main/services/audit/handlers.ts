// The audit trail's channels; the rules live in the modules beside this one.
import type { HandlersOf } from '../../ipc/context';
import type { auditContract } from '../../contract/audit';
import { listAudit } from './list';
import { verifyAuditChainChunked } from './record';
import { exportAudit } from './export';
import { revertEntry, undoBatch } from './undo';

export const auditHandlers: HandlersOf<typeof auditContract> = {
  'audit:list': (input, ctx) => listAudit(ctx, input),
  'audit:verify': (_input, ctx) => verifyAuditChainChunked(ctx.app.db),
  'audit:export': (input, ctx) => exportAudit(ctx, input),
  'audit:revert': (input, ctx) => revertEntry(ctx, input),
  'audit:undoBatch': (input, ctx) => undoBatch(ctx, input),
};
