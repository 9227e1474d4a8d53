// The time-based trigger "no follow-up for N days", run by the reminder scheduler's tick.
// A customer matches once per silence: the run is keyed by its last follow-up (or creation) time, so a new
// follow-up starts a new silence that may match again N days later.
//
// Why a remembered position: customers stay in the silence index after they matched (until their next
// follow-up), so "every silent customer without a run" re-read every match of every earlier check — at 1M
// customers, after a few hundred checks, one synchronous statement of seconds on main. Each check now reads a
// bounded number of index entries (SCAN per pass) in two passes, each from its own remembered position:
// - the frontier: silences that became N days old since the last check (the common case, found at once);
// - the sweep: entries behind the frontier, walked round and round, for customers that arrive there late —
//   claimed from the pool, restored from the recycle bin, a follow-up deleted, a condition that holds now.
import type { AppContext } from '../../ipc/context';
import type { Db } from '../../../db/sql';
import { silentAfter, type SilencePos, type SilentCustomer } from '../customers/silenceWalk';
import { getSetting, setSetting } from '../settings/store';
import { activeRules } from './rules';
import { emitDomainEvent } from './events';

const DAY_MS = 86_400_000;
/**
 * customers handled per transaction, and per check per rule: one check is one synchronous stretch on main
 * (≈ 0.2 ms per customer at 1M with one action: 1,000 blocked the event loop for 150–230 ms), so a check
 * takes at most 100 per rule (≈ 20–30 ms) and says `more`: the scheduler then comes back at once, after the
 * event loop has turned.
 */
const PER_TX = 100;
export const PER_CHECK = 100;
/** index entries read per pass per check (≈ 10 ms at 1M customers) */
export const SCAN_PER_PASS = 5000;

interface Cursor {
  days: number;
  frontier: SilencePos | null;
  sweep: SilencePos | null;
}
const cursorKey = (ruleId: number) => `automation.noFollowUp.cursor.${ruleId}`;

const ALREADY_RAN = `EXISTS (SELECT 1 FROM automation_runs ar WHERE ar.rule_id = ? AND ar.entity = 'customer' AND ar.entity_id = c.id
                            AND ar.dedupe_key = coalesce(c.last_follow_up_at, c.created_at))`;

/**
 * One pass from `from`: the customers to run for (at most `room`), and where the pass stopped — after the last
 * entry it looked at, or at the last customer taken when `room` ran out first (the rest is read next time).
 */
function pass(db: Db, ruleId: number, from: SilencePos | null, upTo: string, room: number, scan: number) {
  const step = silentAfter(db, from, upTo, scan, { inclusive: true, extra: ALREADY_RAN, extraParams: [ruleId] });
  const due: SilentCustomer[] = [];
  let next = step.next;
  for (const r of step.rows) {
    if (r.extra) continue;
    if (due.length === room) {
      next = { since: due[due.length - 1].since, id: due[due.length - 1].id };
      return { due, next, done: false };
    }
    due.push(r);
  }
  return { due, next, done: step.done };
}

export function runScheduledAutomations(app: AppContext, opts: { scan?: number } = {}): { matched: number; more: boolean } {
  const { db, clock } = app;
  const scan = opts.scan ?? SCAN_PER_PASS;
  let matched = 0;
  let more = false;
  for (const rule of activeRules(db, 'customer.noFollowUp')) {
    if (rule.trigger.type !== 'customer.noFollowUp') continue;
    const days = rule.trigger.days;
    const cutoff = new Date(clock.now().getTime() - days * DAY_MS).toISOString();
    const saved = getSetting<Cursor | null>(db, cursorKey(rule.id), null);
    const cursor: Cursor = saved && saved.days === days ? saved : { days, frontier: null, sweep: null };

    const front = pass(db, rule.id, cursor.frontier, cutoff, PER_CHECK, scan);
    const due = front.due;
    cursor.frontier = front.next;
    // the frontier has not reached the cutoff: customers are waiting (the sweep is background work)
    if (!front.done) more = true;
    if (due.length < PER_CHECK && cursor.frontier) {
      // behind the frontier (inclusive of its key: entries of that key after its id are due anyway)
      const sweep = pass(db, rule.id, cursor.sweep, cursor.frontier.since, PER_CHECK - due.length, scan);
      const seen = new Set(due.map((c) => c.id));
      due.push(...sweep.due.filter((c) => !seen.has(c.id)));
      cursor.sweep = sweep.done ? null : sweep.next;
    }

    // oldest silence first, as the user would expect from a list of "silent for N days"
    due.sort((a, b) => (a.since < b.since ? -1 : a.since > b.since ? 1 : a.id - b.id));
    for (let i = 0; i < due.length; i += PER_TX) {
      db.tx(() => {
        for (const c of due.slice(i, i + PER_TX)) {
          emitDomainEvent({ app, user: null }, { type: 'customer.noFollowUp', customerId: c.id, since: c.since, ruleId: rule.id }, { dedupeKey: c.since });
        }
      });
    }
    // after the work: a crash in between re-reads a little (the runs' dedupe key keeps it to once per silence)
    db.tx(() => setSetting(db, cursorKey(rule.id), cursor));
    matched += due.length;
  }
  return { matched, more };
}
