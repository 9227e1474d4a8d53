// A deal list page with a name search, answered from the name index (migration 0017, nameIndex.ts) instead of
// a LIKE over every deal in scope (1M deals: admin 7-10 ms, rep 43-50 ms, up to 1.2 s sorted by amount). The
// index holds exactly the live deals whose name contains the query (a rep's scope is part of the FTS query), so
// rows, order and totals equal the LIKE path's (tests/unit/deals/nameSearch.test.ts):
// - a rep's text of 3+ characters with at most `few` matches in the whole table: those ids, scope in SQL;
// - newest/oldest first, no other filter: the page is the FTS ids in rowid order (= the id sort);
// - at most `small` matches (any sort, any filter): the match ids are joined with deals and sorted there;
// - otherwise (a common text in another order, or under a filter): ids null — the LIKE walk over the sort
//   index reads the page (it finds one quickly exactly when matches are dense); the total without filters
//   still comes from the FTS count. Sorted by name this walk is the one slow case left (1M, "批量": 19 ms).
import type { Db } from '../../../db/sql';
import type { SessionUser } from '../../contract/auth';
import type { DealFilter } from '../../contract/deals';
import { nameMatch, type NameMatch } from './nameIndex';

/** small: match sets up to this size are read whole and sorted in SQL (a PK lookup each); few: see rareForRep. Tests change them. */
export const nameSearchTuning = { small: 5000, few: 1000 };

export interface IndexedPage {
  /** ids of up to limit + 1 rows in page order; null: the LIKE walk reads the page (the total may still be here) */
  ids: number[] | null;
  /** the total as the LIKE path defines it (capped count), when it is known without extra work */
  total?: { total: number; totalCapped: boolean };
}

export interface PagePlan {
  /** sort key expression (null = id order) and direction */
  keyExpr: string | null;
  dir: 'asc' | 'desc';
  limit: number;
  /** WHERE parts without the query, and the cursor parts separately */
  where: { sql: string[]; params: unknown[] };
  cursor: { sql: string[]; params: unknown[] } | null;
  /** cursor of an id-ordered list: the last id */
  cursorId: number | null;
  withTotal: boolean;
}

const hasFilter = (f: DealFilter) => Object.values(f).some((v) => v !== undefined && !(Array.isArray(v) && v.length === 0));

/** The page from the index, or ids: null when the LIKE walk should read it (see the header); null: no FTS query. */
export function indexedNamePage(db: Db, user: SessionUser, query: string, filter: DealFilter, cap: number, plan: PagePlan): IndexedPage | null {
  const rare = rareForRep(db, user, query, cap, plan);
  if (rare) return rare;
  const m = nameMatch(query, user.scope === 'all' ? null : user.id);
  if (!m) return null;
  const filtered = hasFilter(filter);
  let counted: number | undefined;
  const count = () => (counted ??= countMatches(db, m, cap + 1));
  const capped = (n: number) => ({ total: Math.min(n, cap), totalCapped: n > cap });

  if (!filtered && plan.keyExpr === null) {
    const op = plan.dir === 'desc' ? '<' : '>';
    const cur = plan.cursorId === null ? '' : `AND rowid ${op} ?`;
    const ids = db
      .prepare(`SELECT rowid FROM ${m.table} WHERE ${m.table} MATCH ? ${cur} ORDER BY rowid ${plan.dir.toUpperCase()} LIMIT ?`)
      .pluck()
      .all(m.match, ...(plan.cursorId === null ? [] : [plan.cursorId]), plan.limit + 1) as number[];
    return { ids, total: plan.withTotal ? capped(count()) : undefined };
  }
  const n = count();
  if (n > nameSearchTuning.small) return { ids: null, total: plan.withTotal && !filtered ? capped(n) : undefined };
  return fromIds(db, db.prepare(`SELECT rowid FROM ${m.table} WHERE ${m.table} MATCH ?`).pluck().all(m.match) as number[], filtered, cap, plan, n);
}

/**
 * A rep's phrase of 3+ characters: the rep's column (one marker per character) is ~1 ms whatever the text, but a
 * rare text is cheaper in the plain column (its trigrams have short lists): when the whole table has at most
 * `few` matches they are read and the scope is applied in SQL ("940979" at 1M: 3.6 → ~1 ms).
 */
function rareForRep(db: Db, user: SessionUser, query: string, cap: number, plan: PagePlan): IndexedPage | null {
  const all = user.scope === 'all' ? null : nameMatch(query, null);
  if (!all || all.table !== 'deal_name_tri') return null;
  const ids = db.prepare(`SELECT rowid FROM ${all.table} WHERE ${all.table} MATCH ? LIMIT ?`).pluck().all(all.match, nameSearchTuning.few + 1) as number[];
  return ids.length > nameSearchTuning.few ? null : fromIds(db, ids, true, cap, plan, null);
}

/** The page (and total) of a known match set: joined with deals (scope, filters, cursor in SQL) and sorted there. n: the set's size when nothing else narrows it. */
function fromIds(db: Db, matchIds: number[], narrowed: boolean, cap: number, plan: PagePlan, n: number | null): IndexedPage {
  const capped = (k: number) => ({ total: Math.min(k, cap), totalCapped: k > cap });
  const all = JSON.stringify(matchIds);
  const filtered = narrowed || n === null;
  const cond = [...plan.where.sql, ...(plan.cursor?.sql ?? [])];
  const order = plan.keyExpr ? `${plan.keyExpr} ${plan.dir.toUpperCase()}, d.id ${plan.dir.toUpperCase()}` : `d.id ${plan.dir.toUpperCase()}`;
  // CROSS JOIN: drive from the match ids (never walk a sort index probing them)
  const ids = db
    .prepare(`SELECT d.id FROM json_each(?) j CROSS JOIN deals d ON d.id = j.value WHERE ${cond.join(' AND ')} ORDER BY ${order} LIMIT ?`)
    .pluck()
    .all(all, ...plan.where.params, ...(plan.cursor?.params ?? []), plan.limit + 1) as number[];
  if (!plan.withTotal) return { ids };
  if (!filtered && n !== null) return { ids, total: capped(n) };
  const k = db.prepare(`SELECT count(*) FROM json_each(?) j CROSS JOIN deals d ON d.id = j.value WHERE ${plan.where.sql.join(' AND ')}`).pluck().get(all, ...plan.where.params) as number;
  return { ids, total: capped(k) };
}

function countMatches(db: Db, m: NameMatch, upTo: number): number {
  return db.prepare(`SELECT count(*) FROM (SELECT 1 FROM ${m.table} WHERE ${m.table} MATCH ? LIMIT ?)`).pluck().get(m.match, upTo) as number;
}
