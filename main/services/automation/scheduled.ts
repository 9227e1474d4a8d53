// The time-based trigger "no follow-up for N days", run by the reminder scheduler's tick.
// A customer matches once per silence: the run is keyed by its last follow-up (or creation) time, so a new
// follow-up starts a new silence that may match again N days later.
import type { AppContext } from '../../ipc/context';
import { activeRules } from './rules';
import { emitDomainEvent } from './events';

const DAY_MS = 86_400_000;
/** customers handled per transaction (keeps each step short) and per check per rule (the next check continues) */
const PER_TX = 100;
const PER_CHECK = 1000;

export function runScheduledAutomations(app: AppContext): { matched: number } {
  const { db, clock } = app;
  let matched = 0;
  for (const rule of activeRules(db, 'customer.noFollowUp')) {
    if (rule.trigger.type !== 'customer.noFollowUp') continue;
    const cutoff = new Date(clock.now().getTime() - rule.trigger.days * DAY_MS).toISOString();
    const due = db
      .prepare(
        `SELECT c.id, coalesce(c.last_follow_up_at, c.created_at) AS since FROM customers c
         WHERE c.deleted_at IS NULL AND c.owner_id IS NOT NULL AND coalesce(c.last_follow_up_at, c.created_at) <= ?
           AND NOT EXISTS (SELECT 1 FROM automation_runs ar WHERE ar.rule_id = ? AND ar.entity = 'customer' AND ar.entity_id = c.id
                             AND ar.dedupe_key = coalesce(c.last_follow_up_at, c.created_at))
         ORDER BY coalesce(c.last_follow_up_at, c.created_at) LIMIT ?`,
      )
      .all(cutoff, rule.id, PER_CHECK) as { id: number; since: string }[];
    for (let i = 0; i < due.length; i += PER_TX) {
      db.tx(() => {
        for (const c of due.slice(i, i + PER_TX)) {
          emitDomainEvent({ app, user: null }, { type: 'customer.noFollowUp', customerId: c.id, since: c.since, ruleId: rule.id }, { dedupeKey: c.since });
        }
      });
    }
    matched += due.length;
  }
  return { matched };
}
