import type { Db } from '../../../db/sql';
import { DEFAULT_POOL_SETTINGS, type PoolSettings } from '../../contract/pool';
import { getSetting } from '../settings/store';

export const POOL_SETTINGS_KEY = 'pool';
export const POOL_LAST_RUN_KEY = 'pool.lastReturnRun';

export function getPoolSettings(db: Db): PoolSettings {
  return { ...DEFAULT_POOL_SETTINGS, ...getSetting<Partial<PoolSettings>>(db, POOL_SETTINGS_KEY, {}) };
}

/** Claims the user may still make in the rolling 24 hours before `now`; null = no cap for this user. */
export function claimsLeft(db: Db, user: { id: number; scope: 'own' | 'all' }, now: Date): number | null {
  const { claimCapPerDay } = getPoolSettings(db);
  // the cap limits reps; a role that sees everything assigns customers by transfer anyway
  if (user.scope === 'all' || claimCapPerDay === 0) return null;
  const since = new Date(now.getTime() - 86_400_000).toISOString();
  const used = (db.prepare('SELECT count(*) AS n FROM pool_claims WHERE user_id = ? AND at > ?').get(user.id, since) as { n: number }).n;
  return Math.max(0, claimCapPerDay - used);
}
