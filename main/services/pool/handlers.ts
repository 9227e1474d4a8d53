import type { HandlersOf } from '../../ipc/context';
import type { poolContract } from '../../contract/pool';
import { recordAudit } from '../audit/record';
import { actor } from '../audit/actor';
import { setSetting } from '../settings/store';
import { listPool } from './listPool';
import { claimFromPool, releaseToPool } from './claimRelease';
import { getPoolSettings, POOL_SETTINGS_KEY } from './settings';
import { previewPoolReturn } from './returnRule';

export const poolHandlers: HandlersOf<typeof poolContract> = {
  'pool:list': (input, ctx) => listPool(ctx, input),
  'pool:claim': (input, ctx) => claimFromPool(ctx, input.ids),
  'pool:release': (input, ctx) => releaseToPool(ctx, input.ids, input.reason),
  'pool:settings': (_input, ctx) => getPoolSettings(ctx.app.db),

  'pool:updateSettings': (input, ctx) => {
    const { db } = ctx.app;
    const before = getPoolSettings(db);
    db.tx(() => {
      setSetting(db, POOL_SETTINGS_KEY, input);
      recordAudit(db, {
        ...actor(ctx),
        action: 'settings.update',
        entity: 'settings',
        changes: (Object.keys(input) as (keyof typeof input)[])
          .filter((k) => before[k] !== input[k])
          .map((k) => ({ field: `pool.${k}`, old: before[k], new: input[k] })),
        summary: ctx.t('audit.summaries.settings.pool'),
      });
    });
    return getPoolSettings(db);
  },

  'pool:returnPreview': async (input, ctx) => {
    const settings = { ...getPoolSettings(ctx.app.db), ...input?.settings };
    const p = await previewPoolReturn(ctx.app, ctx.app.clock.now(), settings, input?.limit ?? 200);
    return {
      enabled: settings.returnEnabled,
      wouldReturn: p.rows.map((r) => ({
        id: r.id,
        name: r.name,
        ownerId: r.owner_id,
        ownerName: r.owner_name,
        status: r.status,
        lastFollowUpAt: r.last_follow_up_at,
        idleSince: r.idle_since,
        idleDays: Math.floor((ctx.app.clock.now().getTime() - Date.parse(r.idle_since)) / 86_400_000),
      })),
      wouldReturnTotal: p.total,
      wouldWarnTotal: p.warn,
      lastRunAt: p.lastRunAt,
    };
  },
};
