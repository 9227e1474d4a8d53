// The recycle bin's channels; the rules live in the modules beside this one.
import type { HandlersOf } from '../../ipc/context';
import type { recycleBinContract } from '../../contract/recycleBin';
import { actor } from '../audit/actor';
import { recordAudit } from '../audit/record';
import { setSetting } from '../settings/store';
import { listBin } from './list';
import { restoreFromBinInSteps } from './restore';
import { purgeFromBin } from './purge';
import { RETENTION_KEY, retentionDays } from './retention';
import { parseKeys } from './keys';

export const recycleBinHandlers: HandlersOf<typeof recycleBinContract> = {
  'recycleBin:list': (input, ctx) => listBin(ctx, input ?? {}),
  'recycleBin:restore': (input, ctx) => restoreFromBinInSteps(ctx, parseKeys(input.ids), input.onClash),
  'recycleBin:purge': (input, ctx) => purgeFromBin(ctx, parseKeys(input.ids)),
  'recycleBin:settings': (_input, ctx) => ({ retentionDays: retentionDays(ctx.app.db) }),
  'recycleBin:updateSettings': (input, ctx) => {
    const { db } = ctx.app;
    return db.tx(() => {
      const old = retentionDays(db);
      setSetting(db, RETENTION_KEY, input.retentionDays);
      recordAudit(db, {
        ...actor(ctx),
        action: 'settings.update',
        entity: 'settings',
        changes: [{ field: RETENTION_KEY, old, new: input.retentionDays }],
      });
      return { retentionDays: input.retentionDays };
    });
  },
};
