// The seed's deals: across the stages, with stage history and won/lost closing, in big transactions.
// Each deal belongs to a generated customer (owner, creation time from the plan's typed arrays); the rollups
// of deals and stage entries are counted as they are written (factRollups.ts).
import type { Db } from '../sql';
import { Prng } from './prng';
import { isoSecond as iso } from './isoTime';
import { DEAL_PRODUCTS, LOSS_REASONS, SOURCES } from './pools';
import type { FactRollupCounter } from './factRollups';
import { indexDealNames } from '../migrations/0017_deal_name_search';

const DAY = 86_400;
const CHUNK = 50_000;

export interface DealPlan {
  seed: number | string;
  deals: number;
  /** customers of this run, and the id before the first of them */
  customers: number;
  baseCustomerId: number;
  startSec: number;
  adminId: number | null;
  /** per customer: seconds since startSec; owner user id (0 = pool) */
  created: Int32Array;
  owner: Int32Array;
}

export function writeDeals(db: Db, p: DealPlan, facts: FactRollupCounter | null): void {
  const C = p.customers;
  const { created, owner, startSec, adminId, baseCustomerId } = p;
  const stages = db.raw.prepare('SELECT id, kind, probability FROM stages WHERE archived_at IS NULL ORDER BY position').all() as {
    id: number;
    kind: 'open' | 'won' | 'lost';
    probability: number;
  }[];
  const open = stages.filter((s) => s.kind === 'open');
  const won = stages.find((s) => s.kind === 'won');
  const lost = stages.find((s) => s.kind === 'lost');
  const rD = new Prng(`${p.seed}/deals`);
  const insDeal = db.raw.prepare(
    `INSERT INTO deals (name, customer_id, amount_fen, expected_close_date, stage_id, probability, owner_id, source, status, closed_at, close_reason,
       created_at, created_by, updated_at, updated_by)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const insHist = db.raw.prepare('INSERT INTO deal_stage_history (deal_id, from_stage_id, to_stage_id, at, user_id) VALUES (?, ?, ?, ?, ?)');
  if (!(C > 0 && open.length && won && lost)) return;
  const nameIndex = suspendNameIndex(db);
  for (let first = 0; first < p.deals; first += CHUNK) {
    const last = Math.min(p.deals, first + CHUNK);
    db.raw.transaction(() => {
      for (let i = first; i < last; i++) {
        const c = rD.int(0, C - 1);
        const ownerId = owner[c] || null;
        const start = created[c] + rD.int(0, Math.max(1, 730 * DAY - created[c] - DAY));
        let outcome: 'open' | 'won' | 'lost' = rD.weighted([
          ['open', 55],
          ['won', 28],
          ['lost', 17],
        ] as const);
        // a deal that would close after the data's end (now) is still open: a close clamped to now piled ~14 % of
        // all deals onto one instant (本月赢单 on the 1st of a month showed a month's worth)
        const closeAt = outcome === 'open' ? 0 : start + rD.int(3 * DAY, 150 * DAY);
        if (closeAt > 730 * DAY) outcome = 'open';
        const reach = outcome === 'open' ? rD.int(1, open.length) : outcome === 'won' ? open.length : rD.int(1, open.length);
        const path = open.slice(0, reach).map((s) => s.id);
        if (outcome === 'won') path.push(won.id);
        if (outcome === 'lost') path.push(lost.id);
        const steps = path.length;
        const end = outcome === 'open' ? start + rD.int(0, Math.min(120 * DAY, 730 * DAY - start)) : closeAt;
        const final = stages.find((s) => s.id === path[steps - 1])!;
        const amountYuan = Math.round(Math.exp(rD.next() * 5 + 7.5) / 100) * 100; // ~2k .. 270k yuan
        const closedAt = outcome === 'open' ? null : iso(startSec + end);
        facts?.deal(c, { ownerId, status: outcome, closedSec: outcome === 'open' ? null : end, amount: amountYuan * 100, stageId: final.id, probability: final.probability });
        const dealId = Number(
          insDeal.run(
            `${rD.pick(DEAL_PRODUCTS)}-${String(c + 1).padStart(6, '0')}`,
            baseCustomerId + c + 1,
            amountYuan * 100,
            iso(startSec + end + 30 * DAY).slice(0, 10),
            final.id,
            final.probability,
            ownerId,
            rD.weighted(SOURCES),
            outcome,
            closedAt,
            outcome === 'lost' ? rD.pick(LOSS_REASONS) : null,
            iso(startSec + start),
            ownerId ?? adminId,
            iso(startSec + end),
            ownerId ?? adminId,
          ).lastInsertRowid,
        );
        let prev: number | null = null;
        const entryAt = (k: number) => start + Math.floor(((end - start) * k) / Math.max(1, steps - 1));
        for (let k = 0; k < steps; k++) {
          const at = entryAt(k);
          insHist.run(dealId, prev, path[k], iso(startSec + at), ownerId ?? adminId);
          // entries of a deal are in time order (ties in id order): the next one ends this one's dwell
          facts?.stageEntry(c, ownerId, amountYuan * 100, path[k], at, k + 1 < steps ? entryAt(k + 1) : null);
          prev = path[k];
        }
      }
    })();
  }
  nameIndex.resume();
}

/**
 * The deal name index (migration 0017) of the seeded deals, set-based: its triggers skip while filled_below is
 * above every new id (per-row trigger inserts cost ~45 µs a deal, the set-based fill ~10 µs), then the new ids
 * are indexed with the migration's own expressions and the mark is put back.
 */
function suspendNameIndex(db: Db): { resume(): void } {
  const mark = db.raw.prepare('SELECT filled_below FROM deal_name_fill WHERE id = 1').pluck().get() as number | undefined;
  if (mark === undefined) return { resume() {} };
  const firstNew = (db.raw.prepare('SELECT ifnull(max(id), 0) + 1 FROM deals').pluck().get() as number) ?? 1;
  db.raw.prepare('UPDATE deal_name_fill SET filled_below = ? WHERE id = 1').run(Number.MAX_SAFE_INTEGER);
  return {
    resume() {
      db.raw.transaction(() => {
        indexDealNames(db.raw, firstNew, Number.MAX_SAFE_INTEGER);
        db.raw.prepare('UPDATE deal_name_fill SET filled_below = ? WHERE id = 1').run(mark);
      })();
    },
  };
}
