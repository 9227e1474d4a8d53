// The deal name search index (migration 0017): FTS queries for a name search, and the bounded-step fill of
// deals that existed before the index (a 1M-deal database: ~10 s of work, never one long statement on main).
// The index holds exactly the live deals with `name LIKE '%q%'` semantics (ASCII case folding), so a match
// needs no recheck. The fill uses migration 0017's own expressions, so filled rows equal trigger-written ones.
import type { Db } from '../../../db/sql';
import type { AppContext } from '../../ipc/context';
import { indexDealNames, MARKED_OWNERS } from '../../../db/migrations/0017_deal_name_search';
import { nextStepSize } from '../../platform/inSteps';
import { fts5String } from '../../../db/fts5';

/** LIKE folds ASCII letters only; so does SQLite's lower() that built the index. */
const foldAscii = (s: string) => s.replace(/[A-Z]/g, (c) => c.toLowerCase());

export interface NameMatch {
  /** `SELECT rowid FROM …` source: the FTS table and its MATCH text, bound as one parameter */
  table: 'deal_name_tri' | 'deal_name_grams';
  match: string;
}

/** The FTS query for a name search (null: nothing FTS can answer, e.g. an empty query). ownerId limits to one owner's deals. */
export function nameMatch(query: string, ownerId: number | null): NameMatch | null {
  // NUL ends an FTS5 expression (db/fts5.ts): dropped here, so the marker phrase below never holds one
  const q = foldAscii(query).replace(/\0/g, '');
  const chars = [...q].length;
  if (chars === 0) return null;
  if (chars >= 3) {
    if (ownerId === null) return { table: 'deal_name_tri', match: `n : ${fts5String(q)}` };
    // the rep's column: the owner's marker around every character (migration 0017 triRepSql); a query holding
    // marker-range characters (U+F0000 and up) could line up differently, so it stays with LIKE
    if (ownerId >= MARKED_OWNERS || [...q].some((c) => c.codePointAt(0)! >= 0xf0000)) return null;
    const x = String.fromCodePoint(0xf0000 + ownerId);
    return { table: 'deal_name_tri', match: `r : "${x}${[...q].map((c) => (c === '"' ? '""' : c) + x).join('')}"` };
  }
  const hex = Buffer.from(q, 'utf8').toString('hex');
  return { table: 'deal_name_grams', match: ownerId === null ? `"${hex}"` : `"${hex}o${ownerId}"` };
}

/**
 * ready: every live deal is in the index (the list uses it only then); filling: deals below filled_below are not
 * yet; off: filled_below < 0 — the triggers keep the index but the list searches with LIKE (tests compare the two).
 */
export function nameIndexState(db: Db): 'ready' | 'filling' | 'off' {
  const fb = db.prepare('SELECT filled_below FROM deal_name_fill WHERE id = 1').pluck().get() as number | undefined;
  return fb === 0 ? 'ready' : fb !== undefined && fb > 0 ? 'filling' : 'off';
}

/** Index the deals with ids in [lo, filled_below) and move the mark down to lo, in one transaction. Returns the ids left. */
export function fillStep(db: Db, size: number): number {
  return db.tx(() => {
    const hi = (db.prepare('SELECT filled_below FROM deal_name_fill WHERE id = 1').pluck().get() as number | undefined) ?? 0;
    if (hi <= 0) return 0;
    const lo = Math.max(0, hi - size);
    indexDealNames(db, lo, hi);
    db.prepare('UPDATE deal_name_fill SET filled_below = ? WHERE id = 1').run(lo);
    return lo;
  });
}

const turn = () => new Promise<void>((r) => setImmediate(r));
const running = new WeakMap<AppContext, Promise<void>>();

/**
 * Start filling the index in the background unless it is complete or already being filled (called at start-up
 * and by a name search that finds the index incomplete, e.g. after a restore of an older backup). Each step
 * reads `app.db` afresh: a restore swaps the database of a running app. Resolves when the index is complete.
 */
export function ensureNameIndexFill(app: AppContext): Promise<void> {
  const current = running.get(app);
  if (current) return current;
  if (nameIndexState(app.db) !== 'filling') return Promise.resolve();
  let stopped = false;
  const p = (async () => {
    const t = performance.now();
    let size = 1000;
    for (;;) {
      await turn();
      if (stopped) return;
      const s = performance.now();
      let left: number;
      try {
        left = fillStep(app.db, size);
      } catch (e) {
        // a closed or swapped database: stop; the next search starts again if needed
        app.log.warn('deal name index fill stopped', { error: String(e) });
        return;
      }
      if (left <= 0) break;
      size = nextStepSize(size, performance.now() - s, { aimMs: 25, min: 200, max: 20_000 });
    }
    app.log.info('deal name index filled', { ms: Math.round(performance.now() - t) });
  })().finally(() => running.delete(app));
  running.set(app, p);
  stopFns.set(app, () => (stopped = true));
  return p;
}

const stopFns = new WeakMap<AppContext, () => void>();

/** Stop a running fill (app close); resolves when its loop has returned (at its next turn, before another step). */
export function stopNameIndexFill(app: AppContext): Promise<void> {
  stopFns.get(app)?.();
  return running.get(app) ?? Promise.resolve();
}
