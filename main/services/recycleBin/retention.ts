// How long deleted records stay in the bin (default 90 days, null = keep forever), and the purge of
// expired ones that the app runs at start-up and daily (a DailyJob of main/app/scheduler.ts).
import type { AppContext } from '../../ipc/context';
import type { Db } from '../../../db/sql';
import { getSetting } from '../settings/store';
import { purgeRefsInSteps, scrubAfterPurge } from './purge';
import type { BinRef } from './keys';

export const RETENTION_KEY = 'recycleBin.retentionDays';
export const DEFAULT_RETENTION_DAYS = 90;
const DAY = 86_400_000;

export function retentionDays(db: Db): number | null {
  const v = getSetting<unknown>(db, RETENTION_KEY, DEFAULT_RETENTION_DAYS);
  return v === null ? null : typeof v === 'number' && Number.isInteger(v) && v > 0 ? v : DEFAULT_RETENTION_DAYS;
}

/** Whole days left before the retention purge (0 = goes at the next run); null when kept forever. */
export function daysLeft(deletedAt: string, days: number | null, now: Date): number | null {
  if (days === null) return null;
  return Math.max(0, Math.ceil((Date.parse(deletedAt) + days * DAY - now.getTime()) / DAY));
}

/** Top-level bin items deleted before the cut-off (children go with their customer). */
function expired(db: Db, cutoff: string): BinRef[] {
  const rows = db
    .prepare(
      `SELECT 'customer' AS entity, id FROM customers WHERE deleted_at IS NOT NULL AND deleted_at < ?
       UNION ALL SELECT 'deal', d.id FROM deals d JOIN customers c ON c.id = d.customer_id
         WHERE d.deleted_at IS NOT NULL AND d.deleted_at < ? AND c.deleted_at IS NULL
       UNION ALL SELECT 'followUp', f.id FROM follow_ups f JOIN customers c ON c.id = f.customer_id
         WHERE f.deleted_at IS NOT NULL AND f.deleted_at < ? AND c.deleted_at IS NULL`,
    )
    .all(cutoff, cutoff, cutoff) as BinRef[];
  return rows;
}

/** Purge what outlived the retention. Audited as the system (no user). Returns how many top-level items went. */
export async function purgeExpired(app: AppContext, now: Date): Promise<{ ran: boolean; purged: number }> {
  const days = retentionDays(app.db);
  if (days === null) return { ran: true, purged: 0 };
  const cutoff = new Date(now.getTime() - days * DAY).toISOString();
  const refs = expired(app.db, cutoff);
  if (!refs.length) return { ran: true, purged: 0 };
  const result = await purgeRefsInSteps(app, null, refs, 'recycleBin.retentionPurge', { at: now.toISOString(), userId: null, userName: null });
  await scrubAfterPurge(app);
  app.log.info('recycle bin retention purge', { purged: result.purged, days });
  return { ran: true, purged: result.purged };
}

export const recycleBinRetentionJob = {
  name: 'recycleBinRetention',
  run: async (app: AppContext, now: Date) => ({ ran: (await purgeExpired(app, now)).ran }),
};

/**
 * Run the retention purge once shortly after start-up (whatever the daily job's last run), so items that
 * expired while the app was closed go right away. Delayed a moment so opening the window is never slowed.
 */
export function startRetentionOnLaunch(app: AppContext, opts: { autoStart: boolean; delayMs?: number }): { stop(): void } {
  if (!opts.autoStart) return { stop() {} };
  const timer = setTimeout(() => {
    purgeExpired(app, app.clock.now()).catch((e: unknown) =>
      app.log.error('recycle bin retention purge at start-up failed', { error: e instanceof Error ? e.stack : String(e) }),
    );
  }, opts.delayMs ?? 3000);
  timer.unref?.();
  return { stop: () => clearTimeout(timer) };
}
