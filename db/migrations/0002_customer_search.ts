// Frozen in time: this migration never imports application code. Later changes go in new migrations.
//
// Customer search and list support:
//  - derived columns computed by the service at write time: name_sort (pinyin of the name, so 'name'
//    sorts like a Chinese user expects), name_key / company_key (normalized for the duplicate check),
//    custom (JSON values of custom fields);
//  - customer_fts: FTS5 trigram over names, pinyin, initials, phone digits and email (queries >= 3 chars);
//  - customer_grams: FTS5 unicode61 over generated 1- and 2-character tokens (queries of 1-2 chars),
//    both contentless (rowid = customer id) so they cost no copy of the text;
//  - one covering index per sort field (sort key, id, owner_id, deleted_at) on live rows: keyset pages,
//    offset jumps and the scope check on owner_id are answered from the index alone;
//  - customer_owner_counts and customer_option_counts kept exact by triggers, so the unfiltered total
//    and the industry/source/tag choices are O(users)/O(options) instead of a scan of 1M rows;
//  - saved_views per user.
import type { Migration } from './types';

export const m0002_customer_search: Migration = {
  version: 2,
  name: 'customer search tables, list indexes, option lookups, saved views',
  up(db) {
    db.exec(`
      ALTER TABLE customers ADD COLUMN name_sort TEXT NOT NULL DEFAULT '';
      ALTER TABLE customers ADD COLUMN name_key TEXT;
      ALTER TABLE customers ADD COLUMN company_key TEXT;
      ALTER TABLE customers ADD COLUMN custom TEXT;
      UPDATE customers SET name_sort = lower(name);

      CREATE VIRTUAL TABLE customer_fts USING fts5(
        names, py, ini, digits, email,
        tokenize = 'trigram', content = '', contentless_delete = 1
      );
      CREATE VIRTUAL TABLE customer_grams USING fts5(
        g,
        tokenize = 'unicode61', content = '', contentless_delete = 1, detail = 'none'
      );

      CREATE INDEX customers_sort_name ON customers(name_sort, id, owner_id, deleted_at) WHERE deleted_at IS NULL;
      CREATE INDEX customers_sort_created ON customers(created_at, id, owner_id, deleted_at) WHERE deleted_at IS NULL;
      CREATE INDEX customers_sort_updated ON customers(updated_at, id, owner_id, deleted_at) WHERE deleted_at IS NULL;
      CREATE INDEX customers_sort_last_fu ON customers(coalesce(last_follow_up_at, ''), id, owner_id, deleted_at) WHERE deleted_at IS NULL;
      CREATE INDEX customers_sort_next_fu ON customers(coalesce(next_follow_up_at, '~'), id, owner_id, deleted_at) WHERE deleted_at IS NULL;
      CREATE INDEX customers_sort_level ON customers(coalesce(level, '~'), id, owner_id, deleted_at) WHERE deleted_at IS NULL;
      CREATE INDEX customers_sort_status ON customers(status, id, owner_id, deleted_at) WHERE deleted_at IS NULL;
      CREATE INDEX customers_sort_province ON customers(coalesce(province, ''), id, owner_id, deleted_at) WHERE deleted_at IS NULL;
      CREATE INDEX customers_sort_industry ON customers(coalesce(industry, ''), id, owner_id, deleted_at) WHERE deleted_at IS NULL;
      CREATE INDEX customers_sort_owner ON customers(coalesce(owner_id, 0), id, deleted_at) WHERE deleted_at IS NULL;

      CREATE INDEX customers_mobile ON customers(mobile) WHERE deleted_at IS NULL AND mobile IS NOT NULL;
      CREATE INDEX customers_email ON customers(email) WHERE deleted_at IS NULL AND email IS NOT NULL;
      CREATE INDEX customers_name_key ON customers(name_key) WHERE deleted_at IS NULL AND name_key IS NOT NULL;
      CREATE INDEX customers_company_key ON customers(company_key) WHERE deleted_at IS NULL AND company_key IS NOT NULL;

      -- live customers per owner (owner_key 0 = the pool)
      CREATE TABLE customer_owner_counts (
        owner_key INTEGER PRIMARY KEY,
        n         INTEGER NOT NULL
      ) STRICT;
      INSERT INTO customer_owner_counts (owner_key, n)
        SELECT coalesce(owner_id, 0), count(*) FROM customers WHERE deleted_at IS NULL GROUP BY 1;

      -- values in use: kind 'industry' | 'source' | 'tag' (n = live customers using it)
      CREATE TABLE customer_option_counts (
        kind  TEXT NOT NULL,
        value TEXT NOT NULL,
        n     INTEGER NOT NULL,
        PRIMARY KEY (kind, value)
      ) STRICT, WITHOUT ROWID;
      INSERT INTO customer_option_counts (kind, value, n)
        SELECT 'industry', industry, count(*) FROM customers WHERE deleted_at IS NULL AND industry IS NOT NULL GROUP BY industry;
      INSERT INTO customer_option_counts (kind, value, n)
        SELECT 'source', source, count(*) FROM customers WHERE deleted_at IS NULL AND source IS NOT NULL GROUP BY source;
      INSERT INTO customer_option_counts (kind, value, n)
        SELECT 'tag', tag, count(*) FROM customer_tags GROUP BY tag;

      CREATE TRIGGER customers_counts_ins AFTER INSERT ON customers WHEN new.deleted_at IS NULL BEGIN
        INSERT INTO customer_owner_counts (owner_key, n) VALUES (coalesce(new.owner_id, 0), 1)
          ON CONFLICT(owner_key) DO UPDATE SET n = n + 1;
        INSERT INTO customer_option_counts (kind, value, n) SELECT 'industry', new.industry, 1 WHERE new.industry IS NOT NULL
          ON CONFLICT(kind, value) DO UPDATE SET n = n + 1;
        INSERT INTO customer_option_counts (kind, value, n) SELECT 'source', new.source, 1 WHERE new.source IS NOT NULL
          ON CONFLICT(kind, value) DO UPDATE SET n = n + 1;
      END;
      CREATE TRIGGER customers_counts_del AFTER DELETE ON customers WHEN old.deleted_at IS NULL BEGIN
        UPDATE customer_owner_counts SET n = n - 1 WHERE owner_key = coalesce(old.owner_id, 0);
        UPDATE customer_option_counts SET n = n - 1 WHERE kind = 'industry' AND value = old.industry;
        UPDATE customer_option_counts SET n = n - 1 WHERE kind = 'source' AND value = old.source;
      END;
      CREATE TRIGGER customers_counts_upd AFTER UPDATE OF owner_id, deleted_at, industry, source ON customers
      WHEN old.owner_id IS NOT new.owner_id OR old.deleted_at IS NOT new.deleted_at
        OR old.industry IS NOT new.industry OR old.source IS NOT new.source BEGIN
        UPDATE customer_owner_counts SET n = n - 1 WHERE old.deleted_at IS NULL AND owner_key = coalesce(old.owner_id, 0);
        UPDATE customer_option_counts SET n = n - 1 WHERE old.deleted_at IS NULL AND kind = 'industry' AND value = old.industry;
        UPDATE customer_option_counts SET n = n - 1 WHERE old.deleted_at IS NULL AND kind = 'source' AND value = old.source;
        INSERT INTO customer_owner_counts (owner_key, n) SELECT coalesce(new.owner_id, 0), 1 WHERE new.deleted_at IS NULL
          ON CONFLICT(owner_key) DO UPDATE SET n = n + 1;
        INSERT INTO customer_option_counts (kind, value, n) SELECT 'industry', new.industry, 1
          WHERE new.deleted_at IS NULL AND new.industry IS NOT NULL
          ON CONFLICT(kind, value) DO UPDATE SET n = n + 1;
        INSERT INTO customer_option_counts (kind, value, n) SELECT 'source', new.source, 1
          WHERE new.deleted_at IS NULL AND new.source IS NOT NULL
          ON CONFLICT(kind, value) DO UPDATE SET n = n + 1;
      END;
      CREATE TRIGGER customer_tags_counts_ins AFTER INSERT ON customer_tags BEGIN
        INSERT INTO customer_option_counts (kind, value, n) VALUES ('tag', new.tag, 1)
          ON CONFLICT(kind, value) DO UPDATE SET n = n + 1;
      END;
      CREATE TRIGGER customer_tags_counts_del AFTER DELETE ON customer_tags BEGIN
        UPDATE customer_option_counts SET n = n - 1 WHERE kind = 'tag' AND value = old.tag;
      END;

      CREATE TABLE saved_views (
        id         INTEGER PRIMARY KEY,
        user_id    INTEGER NOT NULL REFERENCES users(id),
        name       TEXT NOT NULL,
        query      TEXT,
        filter     TEXT NOT NULL,    -- JSON customerFilter
        columns    TEXT NOT NULL,    -- JSON string[]
        sort       TEXT,             -- JSON { field, dir } or NULL
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        UNIQUE (user_id, name)
      ) STRICT;
    `);
  },
};
