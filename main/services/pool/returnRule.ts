// The return rule (公海回收): customers nobody followed up for N days (and not won) go back to the pool;
// their owners are warned M days before, once per idle period. Runs in id-range chunks with a yield
// between them, so a million customers never block main's event loop for long.
import type { AppContext } from '../../ipc/context';
import type { PoolSettings } from '../../contract/pool';
import { newBatchId, recordAudit, type AuditEntry } from '../audit/record';
import { setSetting, getSetting } from '../settings/store';
import { tFor } from '../../i18n';
import { nameList, notifyUser, pushNotification } from '../notifications/notify';
import { getPoolSettings, POOL_LAST_RUN_KEY } from './settings';
import { nextStepSize } from '../../platform/inSteps';

const DAY = 86_400_000;
const CHUNK = 5000;
const MIN_CHUNK = 100;
/** aimed length of one step on main (read + write transaction) */
const STEP_MS = 25;

// Idle days count from the latest of: created, last follow-up, got its current owner (claim/transfer).
const IDLE_SINCE = "max(c.created_at, coalesce(c.last_follow_up_at, ''), coalesce(s.since, ''))";
const FROM = 'FROM customers c LEFT JOIN customer_owner_since s ON s.customer_id = c.id';
const LIVE_OWNED = "c.owner_id IS NOT NULL AND c.deleted_at IS NULL AND c.status <> 'won'";

export interface Candidate {
  id: number;
  name: string;
  owner_id: number;
  owner_name: string | null;
  status: string;
  last_follow_up_at: string | null;
  idle_since: string;
}

const yieldToLoop = () => new Promise<void>((r) => setImmediate(r));

function cutoffs(now: Date, s: PoolSettings) {
  const returnBefore = new Date(now.getTime() - s.returnDays * DAY).toISOString();
  const warnDays = Math.min(s.warnDays, s.returnDays - 1);
  const warnBefore = new Date(now.getTime() - (s.returnDays - warnDays) * DAY).toISOString();
  return { returnBefore, warnBefore, warnDays };
}

/**
 * Visit the customer table in id ranges; fn gets [from, to). A range is sized so that fn takes about
 * STEP_MS: reading 5,000 customers takes ≈ 5 ms, but a first run at 1M customers moves ≈ 2,300 of every
 * 5,000 (each an UPDATE of a row in ~25 indexes + its audit row: ≈ 150–200 ms in one transaction on main).
 */
async function inChunks(app: AppContext, fn: (from: number, to: number) => void): Promise<void> {
  const max = (app.db.prepare('SELECT coalesce(max(id), 0) AS m FROM customers').get() as { m: number }).m;
  // start small (the first pages come from disk) and at most double: a range that moves many costs far more
  let size = MIN_CHUNK * 5;
  let from = 1;
  while (from <= max) {
    const t = performance.now();
    fn(from, from + size);
    const ms = performance.now() - t;
    from += size;
    if (from > max) break;
    size = nextStepSize(size, ms, { aimMs: STEP_MS, min: MIN_CHUNK, max: CHUNK });
    await yieldToLoop();
  }
}

const selectReturning = (app: AppContext) =>
  app.db.prepare(
    `SELECT c.id, c.name, c.owner_id, u.display_name AS owner_name, c.status, c.last_follow_up_at, ${IDLE_SINCE} AS idle_since
     ${FROM} LEFT JOIN users u ON u.id = c.owner_id
     WHERE c.id >= ? AND c.id < ? AND ${LIVE_OWNED} AND ${IDLE_SINCE} < ? ORDER BY c.id`,
  );

const selectWarning = (app: AppContext) =>
  app.db.prepare(
    `SELECT c.id, c.name, c.owner_id, ${IDLE_SINCE} AS idle_since ${FROM}
     WHERE c.id >= ? AND c.id < ? AND ${LIVE_OWNED} AND ${IDLE_SINCE} < ? AND ${IDLE_SINCE} >= ?
       AND NOT EXISTS (SELECT 1 FROM pool_return_warnings w WHERE w.customer_id = c.id AND w.baseline = ${IDLE_SINCE})`,
  );

/** Dry run: who would move at the next run, and how many owners' customers would get a warning. */
export async function previewPoolReturn(app: AppContext, now: Date, settings: PoolSettings, limit = 200) {
  const { returnBefore, warnBefore } = cutoffs(now, settings);
  const rows: Candidate[] = [];
  let total = 0;
  let warn = 0;
  const sel = selectReturning(app);
  const selWarn = selectWarning(app);
  await inChunks(app, (from, to) => {
    const found = sel.all(from, to, returnBefore) as Candidate[];
    total += found.length;
    for (const r of found) if (rows.length < limit) rows.push(r);
    if (settings.warnDays > 0) warn += selWarn.all(from, to, warnBefore, returnBefore).length;
  });
  return { rows, total, warn, lastRunAt: getSetting<string | null>(app.db, POOL_LAST_RUN_KEY, null) };
}

export interface PoolReturnResult {
  ran: boolean;
  returned: number;
  warned: number;
  batchId: string | null;
}

/** Apply the rule at `now` (no-op while the rule is off). One audit batch for everything moved. */
export async function runPoolReturn(app: AppContext, now: Date): Promise<PoolReturnResult> {
  const settings = getPoolSettings(app.db);
  if (!settings.returnEnabled) return { ran: false, returned: 0, warned: 0, batchId: null };
  const { db } = app;
  const { returnBefore, warnBefore, warnDays } = cutoffs(now, settings);
  const at = now.toISOString();
  const batchId = newBatchId();
  const returnedByOwner = new Map<number, string[]>();
  const warnedByOwner = new Map<number, string[]>();
  // pushed, not spread: a first run at 1M customers returns tens of thousands per owner
  const add = (m: Map<number, string[]>, owner: number, name: string) => {
    const list = m.get(owner);
    if (list) list.push(name);
    else m.set(owner, [name]);
  };
  const sel = selectReturning(app);
  const selWarn = selectWarning(app);
  const setPool = db.prepare('UPDATE customers SET owner_id = NULL, updated_at = ?, updated_by = NULL, version = version + 1 WHERE id = ? AND owner_id = ?');
  const markWarned = db.prepare(
    'INSERT INTO pool_return_warnings (customer_id, baseline, warned_at) VALUES (?, ?, ?) ON CONFLICT(customer_id) DO UPDATE SET baseline = excluded.baseline, warned_at = excluded.warned_at',
  );
  let returned = 0;
  let warned = 0;
  await inChunks(app, (from, to) => {
    db.tx(() => {
      const moving = sel.all(from, to, returnBefore) as Candidate[];
      const entries: AuditEntry[] = [];
      for (const c of moving) {
        if (setPool.run(at, c.id, c.owner_id).changes === 0) continue;
        entries.push({
          at,
          userId: null,
          userName: null,
          action: 'pool.autoReturn',
          entity: 'customer',
          entityId: c.id,
          batchId,
          changes: [{ field: 'ownerId', old: c.owner_id, new: null }],
          summary: tFor(app.locale())('audit.summaries.poolReturn', { since: c.idle_since.slice(0, 10), days: settings.returnDays }),
        });
        add(returnedByOwner, c.owner_id, c.name);
        returned++;
      }
      recordAudit(db, entries);
      if (warnDays > 0) {
        for (const c of selWarn.all(from, to, warnBefore, returnBefore) as Candidate[]) {
          markWarned.run(c.id, c.idle_since, at);
          add(warnedByOwner, c.owner_id, c.name);
          warned++;
        }
      }
    });
  });
  // one notification per owner and kind, sent after the data changed
  const t = tFor(app.locale());
  const pushes: { userId: number; id: number; title: string }[] = [];
  db.tx(() => {
    for (const [userId, names] of returnedByOwner) {
      const title = t('perm.notify.returnedTitle', { count: names.length, days: settings.returnDays });
      pushes.push({ userId, title, id: notifyUser(db, { userId, kind: 'poolReturned', title, body: t('perm.notify.returnedBody', { names: nameList(names, names.length, t) }), link: '/pool' }, at) });
    }
    for (const [userId, names] of warnedByOwner) {
      const title = t('perm.notify.warnTitle', { count: names.length, days: warnDays });
      const body = t('perm.notify.warnBody', { names: nameList(names, names.length, t), returnDays: settings.returnDays });
      pushes.push({ userId, title, id: notifyUser(db, { userId, kind: 'poolWarning', title, body, link: '/customers' }, at) });
    }
    setSetting(db, POOL_LAST_RUN_KEY, at);
  });
  for (const p of pushes) pushNotification(app, p.userId, p.id, p.title);
  return { ran: true, returned, warned, batchId: returned ? batchId : null };
}
