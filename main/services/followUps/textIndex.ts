// The follow-up text index (migration 0018): which follow-ups may match a text query, and the fill of rows
// that existed before the index did.
//
// follow_up_text (trigram) and follow_up_grams (hex tokens of 1–2 character substrings) hold one document
// per follow-up: content, result, next step and the customer's name, joined by char(31). They only narrow the
// candidates — the list re-checks each candidate with its LIKE, so the rows are exactly LIKE's.
// The document SQL is the migration's (its triggers write the same documents the fill does;
// tests/unit/followups/textIndex.test.ts compares a worker-filled index with a trigger-written one).
import type Database from 'better-sqlite3';
import { doc, grams } from '../../../db/migrations/0018_followup_text_index';
import type { Db } from '../../../db/sql';
import { fts5String } from '../../../db/fts5';

export interface TextFillState {
  /** follow-ups with nextId <= id < endId are not in the index yet */
  nextId: number;
  endId: number;
  complete: boolean;
}

// read on every text search: prepared once per connection (preparing it cost ~8 µs a call)
const fillStateStmts = new WeakMap<Database.Database, Database.Statement>();
export function textFillState(raw: Database.Database): TextFillState {
  let stmt = fillStateStmts.get(raw);
  if (!stmt) fillStateStmts.set(raw, (stmt = raw.prepare('SELECT next_id AS nextId, end_id AS endId FROM follow_up_text_fill WHERE id = 1')));
  const r = stmt.get() as { nextId: number; endId: number } | undefined;
  if (!r) return { nextId: 0, endId: 0, complete: true };
  return { ...r, complete: r.nextId >= r.endId };
}

/** Index the next `span` ids of the pending range in one (immediate) transaction; returns the new state. */
export function fillTextStep(raw: Database.Database, span: number): TextFillState {
  return raw
    .transaction(() => {
      const s = textFillState(raw);
      if (s.complete) return s;
      const upper = Math.min(s.endId, s.nextId + span);
      raw.prepare(`INSERT INTO follow_up_text (rowid, t) SELECT f.id, ${doc('f')} FROM follow_ups f WHERE f.id >= ? AND f.id < ?`).run(s.nextId, upper);
      raw.prepare(`INSERT INTO follow_up_grams (rowid, g) SELECT f.id, ${grams('f')} FROM follow_ups f WHERE f.id >= ? AND f.id < ?`).run(s.nextId, upper);
      raw.prepare('UPDATE follow_up_text_fill SET next_id = ? WHERE id = 1').run(upper);
      return { nextId: upper, endId: s.endId, complete: upper >= s.endId };
    })
    .immediate();
}

/**
 * Index the follow-ups with id > afterId that the index should hold (outside the pending range) in one pass:
 * the seed's, written while the text triggers were off (db/seed/bulkMode.ts).
 */
export function indexFollowUpsAfter(raw: Database.Database, afterId: number): void {
  const cond = 'f.id > ? AND NOT EXISTS (SELECT 1 FROM follow_up_text_fill p WHERE f.id >= p.next_id AND f.id < p.end_id)';
  raw.transaction(() => {
    raw.prepare(`INSERT INTO follow_up_text (rowid, t) SELECT f.id, ${doc('f')} FROM follow_ups f WHERE ${cond}`).run(afterId);
    raw.prepare(`INSERT INTO follow_up_grams (rowid, g) SELECT f.id, ${grams('f')} FROM follow_ups f WHERE ${cond}`).run(afterId);
  })();
}

const quote = fts5String;
/** at most this many trigrams of a long query are looked at (a superset; the LIKE re-check decides) */
const MAX_TRIGRAMS = 12;
/** a trigram in at most this many follow-ups is rare: its rows alone are the candidates */
const RARE = 1_000;

/** The distinct trigrams of a query of >= 3 characters: first, last, then evenly spread. */
export function trigramsOf(query: string): string[] {
  const chars = [...query];
  const all = [...new Set(Array.from({ length: Math.max(0, chars.length - 2) }, (_, i) => chars.slice(i, i + 3).join('')))];
  if (all.length <= 2) return all;
  const picked = [all[0], all[all.length - 1]];
  const n = Math.min(MAX_TRIGRAMS, all.length);
  for (let k = 1; k < n - 1; k++) picked.push(all[Math.round((k * (all.length - 1)) / (n - 1))]);
  return [...new Set(picked)];
}

/** the gram token of a 1–2 character query: hex(lower()) computed by SQLite itself, exactly as the triggers do */
const gramToken = (db: Db, query: string) => quote(db.prepare('SELECT hex(lower(?))').pluck().get(query) as string);

export interface TextCandidates {
  /** candidate ids, ascending: every follow-up that may match is among them unless `dense` */
  ids: number[];
  /** more than the cap: `ids` holds the first cap + 1 only */
  dense: boolean;
}

/**
 * The follow-ups that may match `query`, from the index; null when the index cannot answer (not filled yet).
 * Why trigram by trigram: FTS5 answers an AND of a rare and a common trigram by reading the common one's
 * whole doclist (12 trigrams of a company name: 6–36 ms at 5M follow-ups); one rare trigram alone is 0.05 ms.
 * So each trigram is read up to RARE + 1 rows (0.05–0.3 ms) and the first rare one gives the candidates; when
 * every trigram is common, the AND of up to three of them, up to cap + 1 rows.
 */
export function textCandidates(db: Db, query: string, cap: number): TextCandidates | null {
  if (!textFillState(db.raw).complete) return null;
  const chars = [...query];
  if (chars.length === 0) return null;
  const read = (table: string, match: string, limit: number) =>
    db.prepare(`SELECT rowid FROM ${table} WHERE ${table} MATCH ? LIMIT ?`).pluck().all(match, limit) as number[];
  if (chars.length <= 2) {
    const ids = read('follow_up_grams', gramToken(db, query), cap + 1);
    return { ids, dense: ids.length > cap };
  }
  const tri = trigramsOf(query);
  for (const t of tri) {
    const ids = read('follow_up_text', quote(t), RARE + 1);
    if (ids.length <= RARE) return { ids, dense: false };
  }
  const few = tri.slice(0, 3);
  const ids = read('follow_up_text', few.map(quote).join(' AND '), cap + 1);
  return { ids, dense: ids.length > cap };
}
