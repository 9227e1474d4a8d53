// Frozen in time: this migration never imports application code. Later changes go in new migrations.
//
// A text index on follow-ups (issue 11): the list's `query` is a LIKE substring of content, result, next step
// or the customer's name, and without an index a word found nowhere read all 5M follow-ups (the list read
// ≤ 10,000 a call and said how far it got). Two contentless FTS5 tables, rowid = follow-up id, over one
// document per follow-up — content, result, next step and the customer's name joined by char(31):
//  - follow_up_text (trigram, detail=none): queries of >= 3 characters, as an AND of the query's trigrams;
//  - follow_up_grams (ascii tokenizer over hex tokens, detail=none): every 1- and 2-character substring of
//    lower(document) as one token (generated in SQL, so a trigger can write them), for 1–2 character queries
//    (the same encoding as the deals' deal_name_grams, migration 0017).
// Both only narrow the candidates: the list re-checks each with the LIKE of today, so results are exactly
// LIKE's (a false positive — across two fields, or by the trigram tokenizer's Unicode case folding — is dropped by the re-check; a false
// negative cannot happen because every substring of a field of length 1–2 is a gram and of length >= 3
// contains its trigrams). Soft-deleted follow-ups stay in the index (the list filters on deleted_at), so a
// delete / restore of the recycle bin writes nothing here; a purge (hard delete) removes the row.
//
// Filling: 5M existing follow-ups take minutes to index, so this migration creates the tables empty and
// records the pending id range in follow_up_text_fill: rows with next_id <= id < end_id are not indexed yet.
// A worker (main/workers/followUpText.worker.ts) indexes them in ascending id order in short transactions,
// moving next_id forward in the same transaction. Every trigger skips a row in the pending range (its
// insert / delete would corrupt a contentless index: a delete of a rowid that was never inserted, or the
// worker inserting the row a second time), so the two writers never overlap. Until next_id >= end_id the list
// keeps its windowed LIKE walk.
import type { Migration } from './types';

/** the document of follow-up row `r` (NEW, OLD or a table alias); the app's fill uses the same (followUps/textIndex.ts) */
export const doc = (r: string) =>
  `${r}.content || char(31) || coalesce(${r}.result, '') || char(31) || coalesce(${r}.next_step, '') || char(31) || coalesce((SELECT cn.name FROM customers cn WHERE cn.id = ${r}.customer_id), '')`;
/**
 * its 1- and 2-character substrings of lower(doc) (ASCII folded, LIKE's own case rule), each as the hex of its
 * UTF-8 bytes: one token per gram whatever the characters are (punctuation, emoji, %), equal tokens = equal
 * strings. json_each over a run of zeros as long as the document numbers the positions (no length bound).
 */
export const grams = (r: string) =>
  `(SELECT group_concat(hex(substr(d.x, j.key + 1, 1)) || ' ' || hex(substr(d.x, j.key + 1, 2)), ' ')
      FROM (SELECT lower(${doc(r)}) AS x) d, json_each('[' || rtrim(replace(printf('%.*c', length(d.x), 'x'), 'x', '0,'), ',') || ']') j)`;
const indexed = (r: string) => `NOT EXISTS (SELECT 1 FROM follow_up_text_fill p WHERE ${r}.id >= p.next_id AND ${r}.id < p.end_id)`;

export const m0018_followup_text_index: Migration = {
  version: 18,
  name: 'follow-up text index (empty tables + triggers; old rows are filled by a worker)',
  up(db) {
    db.exec(`
      CREATE VIRTUAL TABLE follow_up_text USING fts5(t, tokenize = 'trigram', content = '', contentless_delete = 1, detail = 'none');
      CREATE VIRTUAL TABLE follow_up_grams USING fts5(g, tokenize = 'ascii', content = '', contentless_delete = 1, detail = 'none');
      CREATE TABLE follow_up_text_fill (
        id      INTEGER PRIMARY KEY CHECK (id = 1),
        next_id INTEGER NOT NULL,
        end_id  INTEGER NOT NULL
      ) STRICT;
      INSERT INTO follow_up_text_fill (id, next_id, end_id)
        VALUES (1, coalesce((SELECT min(id) FROM follow_ups), 0), coalesce((SELECT max(id) FROM follow_ups) + 1, 0));

      CREATE TRIGGER follow_up_text_ins AFTER INSERT ON follow_ups WHEN ${indexed('new')} BEGIN
        INSERT INTO follow_up_text (rowid, t) VALUES (new.id, ${doc('new')});
        INSERT INTO follow_up_grams (rowid, g) VALUES (new.id, ${grams('new')});
      END;
      CREATE TRIGGER follow_up_text_upd AFTER UPDATE OF content, result, next_step, customer_id ON follow_ups
      WHEN (old.content IS NOT new.content OR old.result IS NOT new.result OR old.next_step IS NOT new.next_step
            OR old.customer_id IS NOT new.customer_id) AND ${indexed('old')} BEGIN
        DELETE FROM follow_up_text WHERE rowid = old.id;
        DELETE FROM follow_up_grams WHERE rowid = old.id;
        INSERT INTO follow_up_text (rowid, t) VALUES (new.id, ${doc('new')});
        INSERT INTO follow_up_grams (rowid, g) VALUES (new.id, ${grams('new')});
      END;
      CREATE TRIGGER follow_up_text_del AFTER DELETE ON follow_ups WHEN ${indexed('old')} BEGIN
        DELETE FROM follow_up_text WHERE rowid = old.id;
        DELETE FROM follow_up_grams WHERE rowid = old.id;
      END;
      -- a renamed customer: its indexed follow-ups get the new name
      CREATE TRIGGER follow_up_text_customer_name AFTER UPDATE OF name ON customers WHEN old.name IS NOT new.name BEGIN
        DELETE FROM follow_up_text WHERE rowid IN (SELECT f.id FROM follow_ups f WHERE f.customer_id = new.id AND ${indexed('f')});
        DELETE FROM follow_up_grams WHERE rowid IN (SELECT f.id FROM follow_ups f WHERE f.customer_id = new.id AND ${indexed('f')});
        INSERT INTO follow_up_text (rowid, t) SELECT f.id, ${doc('f')} FROM follow_ups f WHERE f.customer_id = new.id AND ${indexed('f')};
        INSERT INTO follow_up_grams (rowid, g) SELECT f.id, ${grams('f')} FROM follow_ups f WHERE f.customer_id = new.id AND ${indexed('f')};
      END;
    `);
  },
};
