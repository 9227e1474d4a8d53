// Frozen in time: this migration never imports application code. Later changes go in new migrations.
//
// FTS5 merges its segments inside the committing transaction by default (automerge = 4: the commit that
// crosses each 64 leaf pages written merges up to 64 × levels pages). For the app that commit is a user's
// request on the main thread: at 1M customers every 64th customer create took 36-52 ms instead of ~1.5.
// automerge is a persistent option of each index (its `%_config` row), so this turns it off for every FTS5
// table the app writes; main/app/ftsMerger.ts merges them from a worker in short, paced steps instead.
// crisismerge stays at FTS5's default (16 segments a level): the writer still merges a full level, which
// bounds the index if the worker is not running. Writes six config rows: instant at any size.
import type { Migration } from './types';

const TABLES = ['customer_fts', 'customer_grams', 'deal_name_tri', 'deal_name_grams', 'follow_up_text', 'follow_up_grams'];

export const m0020_fts_background_merge: Migration = {
  version: 20,
  name: 'FTS5 search indexes: no automatic merges in the writer (a worker merges)',
  up(db) {
    for (const t of TABLES) db.exec(`INSERT INTO ${t} (${t}, rank) VALUES ('automerge', 0)`);
  },
};
