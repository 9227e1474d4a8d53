// What a commit does before it writes (worker side): take its rows — the preview's staged rows for the
// same file and request, else the file read and cleansed again (rowSource.ts) — decide whether it will
// write at all (if not, main takes no safety snapshot), and compute the per-row work that needs no
// database while main takes that snapshot.
import type { Db } from '../../../db/sql';
import { customerSearchFields, type SearchFields, type SearchSource } from '../customers/searchFields';
import { hasErrors, type CleanRow, type ImportValues } from './cleanse';
import { keysOf, type Keys } from './dedupe';
import { IMPORT_LIMITS } from './limits';
import { loadRows } from './rowSource';
import type { PreparedSheet } from './sheetRows';
import type { CommitHooks, CommitTask } from './commit';
import type { SearchFeed } from './searchFeed';
import type { SerializedChanges } from '../audit/record';

/** The commit's rows, read (or taken from the preview's staging file) before anything is written. */
export interface PreparedCommit {
  sheet: PreparedSheet;
  rows: CleanRow[];
  /** the rows came from the preview's staging file */
  reused: boolean;
  /** that staging file's key (when reused) */
  stageKey?: string;
  /** search fields computed by a helper thread (searchFeed.ts); rows it has none for are computed here */
  feed?: SearchFeed;
  /** per row (by index): its duplicate keys, and the search fields of a valid row (see precomputeRows) */
  keys?: Keys[];
  search?: (SearchFields | undefined)[];
}

export function prepareCommit(db: Db, task: CommitTask, hooks: CommitHooks = {}, limits = IMPORT_LIMITS): PreparedCommit {
  const r = loadRows(
    db,
    task,
    {
      actor: task.actor,
      locale: task.locale,
      today: task.now.slice(0, 10),
      stagedFrom: task.stagedFrom,
      onRow: (i, total) => {
        if (i % 5000 === 0) hooks.onProgress?.({ phase: 'read', done: i, total });
      },
    },
    limits,
  );
  return r;
}

/** Whether the commit writes anything at all (if not, no safety snapshot is needed). */
export function willWrite(p: PreparedCommit, task: Pick<CommitTask, 'allOrNothing'>): boolean {
  const bad = p.rows.reduce((n, r) => n + (hasErrors(r) ? 1 : 0), 0);
  return p.rows.length > bad && !(task.allOrNothing && bad > 0);
}

/**
 * The per-row work that needs no database: duplicate keys, and the search fields (pinyin, grams) of every
 * valid row — unless a helper thread computes those (p.feed). The worker does it while main takes the
 * safety snapshot.
 */
export function precomputeRows(p: PreparedCommit, cancelled: () => boolean = () => false): void {
  if (p.keys && (p.search || p.feed)) return;
  const keys: Keys[] = new Array(p.rows.length);
  const search: (SearchFields | undefined)[] | undefined = p.feed ? undefined : new Array(p.rows.length);
  for (let i = 0; i < p.rows.length; i++) {
    if (i % 2000 === 0 && cancelled()) return;
    const v = p.rows[i].values;
    keys[i] = keysOf(v);
    if (search && !hasErrors(p.rows[i]) && v.name) search[i] = customerSearchFields(searchSourceOf(v));
  }
  p.keys = keys;
  p.search = search;
}

/** Row i's audit changes of a create, serialized by the helper thread (after precomputedSearch(p, i)). */
export const precomputedAudit = (p: PreparedCommit, i: number): SerializedChanges | undefined => p.feed?.audit(i);

/** Row i's precomputed search fields, if any (from the helper thread or precomputeRows). */
export const precomputedSearch = (p: PreparedCommit, i: number): SearchFields | undefined => (p.search ? p.search[i] : p.feed?.get(i));

export const searchSourceOf = (v: ImportValues): SearchSource => ({
  name: v.name!,
  kind: v.kind ?? 'company',
  company: v.company ?? null,
  contactName: v.contactName ?? null,
  mobile: v.mobile ?? null,
  phone: v.phone ?? null,
  email: v.email ?? null,
});

