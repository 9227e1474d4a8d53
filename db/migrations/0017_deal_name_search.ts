// Frozen in time: this migration never imports application code. Later changes go in new migrations.
//
// Deal name search index (issue 11): the deal list's name search was a LIKE over every deal in scope
// (1M deals: admin 10.6 ms, rep 47 ms p95 a page + total). Two contentless FTS5 tables, rowid = deal id,
// holding exactly the live deals (deleted_at IS NULL), kept in step by triggers on deals, so every writer
// (service, closing, import, customer delete/restore/purge cascades, seed) is covered without code:
// - deal_name_tri (trigram, case-sensitive over lower(name)): a phrase of 3+ characters; lower() folds
//   ASCII only, exactly like LIKE's case rule, so a phrase match IS `name LIKE '%q%'` (no recheck).
// - deal_name_grams (ascii tokenizer, detail none): every 1- and 2-character substring of lower(name) as
//   the hex of its UTF-8 bytes (one token each: equal tokens = equal strings, separators included), for
//   queries of 1-2 characters.
// Both carry the owner (trigram: a column `r`, see triRepSql; grams: each token also as `<hex>o<id>`; 0 = pool),
// so a rep's search is one FTS query over the rep's entries only (the scope inside FTS).
// Existing deals: filled here when there are few; otherwise deal_name_fill.filled_below marks the ids
// not yet indexed (triggers skip them) and the app fills them in bounded steps, highest ids first
// (main/services/deals/nameIndex.ts); until filled_below = 0 the list searches with LIKE.
import type { Migration } from './types';

/**
 * Space-separated tokens of every 1- and 2-character substring g of lower(n): hex(g), and hex(g) || 'o' || owner
 * (a rep's search reads only the rep's matches: one doclist of ~1/20 the size, no AND with an owner list).
 */
export function gramsSql(n: string, owner: string): string {
  const tok = (len: number) => `hex(substr(lower(${n}), key + 1, ${len})) || ' ' || hex(substr(lower(${n}), key + 1, ${len})) || 'o' || ifnull(${owner}, 0)`;
  return `ifnull((SELECT group_concat(${tok(1)} || CASE WHEN key + 1 < length(${n}) THEN ' ' || ${tok(2)} ELSE '' END, ' ')
      FROM json_each('[' || rtrim(replace(printf('%.*c', length(${n}), 'x'), 'x', '0,'), ',') || ']')), '')`;
}
/** Owners with a marker character (U+F0000 + id, plane-15 private use); others' searches use LIKE. */
export const MARKED_OWNERS = 65_000;
/**
 * lower(n) with the owner's marker X around every character (X a X b X): a rep's phrase "X q1 X q2 X" lines up
 * only with the rep's names, and each of its trigrams lists only the rep's deals (~1/20 of a plain trigram's).
 */
export function triRepSql(n: string, owner: string): string {
  const x = `char(983040 + ifnull(${owner}, 0))`;
  // ordered by a subquery, not `group_concat(… ORDER BY key)`: that syntax needs SQLite 3.44, and a trigger the
  // stock sqlite3 shell (3.40 on Debian) cannot parse makes the whole file unreadable there (backups included)
  return `CASE WHEN ifnull(${owner}, 0) < ${MARKED_OWNERS} THEN ${x} || ifnull((SELECT group_concat(ch, '') FROM (SELECT substr(lower(${n}), key + 1, 1) || ${x} AS ch
      FROM json_each('[' || rtrim(replace(printf('%.*c', length(${n}), 'x'), 'x', '0,'), ',') || ']') ORDER BY key)), '') ELSE '' END`;
}

/**
 * Index the live deals with lo <= id < hi (both tables) — the migration's small fill, the app's steps
 * (main/services/deals/nameIndex.ts) and the seed write the index with this one statement pair.
 */
export function indexDealNames(db: { prepare(sql: string): { run(...params: unknown[]): unknown } }, lo: number, hi: number): void {
  db.prepare(`INSERT INTO deal_name_tri (rowid, n, r) SELECT id, lower(name), ${triRepSql('name', 'owner_id')} FROM deals WHERE id >= ? AND id < ? AND deleted_at IS NULL`).run(lo, hi);
  db.prepare(`INSERT INTO deal_name_grams (rowid, g) SELECT id, ${gramsSql('name', 'owner_id')} FROM deals WHERE id >= ? AND id < ? AND deleted_at IS NULL`).run(lo, hi);
}

/** Fill synchronously up to this many deals (~10 µs each); above, the app fills in steps. */
const SYNC_FILL = 20_000;

export const m0017_deal_name_search: Migration = {
  version: 17,
  name: 'deal name search index (FTS5 trigram + 1-2 character grams, kept by triggers)',
  up(db) {
    const live = 'SELECT filled_below FROM deal_name_fill';
    db.exec(`
      CREATE VIRTUAL TABLE deal_name_tri USING fts5(n, r, tokenize = 'trigram case_sensitive 1', content = '', contentless_delete = 1);
      CREATE VIRTUAL TABLE deal_name_grams USING fts5(g, tokenize = 'ascii', content = '', contentless_delete = 1, detail = 'none');
      CREATE TABLE deal_name_fill (id INTEGER PRIMARY KEY CHECK (id = 1), filled_below INTEGER NOT NULL);

      CREATE TRIGGER deal_name_ins AFTER INSERT ON deals
        WHEN NEW.deleted_at IS NULL AND NEW.id >= (${live})
      BEGIN
        INSERT INTO deal_name_tri (rowid, n, r) VALUES (NEW.id, lower(NEW.name), ${triRepSql('NEW.name', 'NEW.owner_id')});
        INSERT INTO deal_name_grams (rowid, g) VALUES (NEW.id, ${gramsSql('NEW.name', 'NEW.owner_id')});
      END;
      CREATE TRIGGER deal_name_del AFTER DELETE ON deals
        WHEN OLD.deleted_at IS NULL AND OLD.id >= (${live})
      BEGIN
        DELETE FROM deal_name_tri WHERE rowid = OLD.id;
        DELETE FROM deal_name_grams WHERE rowid = OLD.id;
      END;
      CREATE TRIGGER deal_name_upd AFTER UPDATE OF name, owner_id, deleted_at ON deals
        WHEN OLD.id >= (${live}) AND (OLD.name IS NOT NEW.name OR OLD.owner_id IS NOT NEW.owner_id OR OLD.deleted_at IS NOT NEW.deleted_at)
      BEGIN
        DELETE FROM deal_name_tri WHERE rowid = OLD.id AND OLD.deleted_at IS NULL;
        DELETE FROM deal_name_grams WHERE rowid = OLD.id AND OLD.deleted_at IS NULL;
        INSERT INTO deal_name_tri (rowid, n, r) SELECT NEW.id, lower(NEW.name), ${triRepSql('NEW.name', 'NEW.owner_id')} WHERE NEW.deleted_at IS NULL;
        INSERT INTO deal_name_grams (rowid, g) SELECT NEW.id, ${gramsSql('NEW.name', 'NEW.owner_id')} WHERE NEW.deleted_at IS NULL;
      END;
    `);
    const count = (db.prepare('SELECT count(*) FROM (SELECT 1 FROM deals LIMIT ?)').pluck().get(SYNC_FILL + 1) as number) ?? 0;
    if (count <= SYNC_FILL) {
      indexDealNames(db, 0, Number.MAX_SAFE_INTEGER);
      db.exec('INSERT INTO deal_name_fill (id, filled_below) VALUES (1, 0)');
    } else {
      db.exec('INSERT INTO deal_name_fill (id, filled_below) SELECT 1, ifnull(max(id), 0) + 1 FROM deals');
    }
  },
};
