// Frozen in time: this migration never imports application code. Later changes go in new migrations.
import type { Migration } from './types';

export const m0004_pool: Migration = {
  version: 4,
  name: 'customer pool: claim log (per-rep daily cap), owner-since tracking and return-rule warnings',
  up(db) {
    db.exec(`
      -- One row per customer claimed from the pool; the daily cap counts a rep's rows of the last 24 h.
      CREATE TABLE pool_claims (
        id          INTEGER PRIMARY KEY,
        user_id     INTEGER NOT NULL REFERENCES users(id),
        customer_id INTEGER NOT NULL REFERENCES customers(id),
        at          TEXT NOT NULL
      ) STRICT;
      CREATE INDEX pool_claims_user_at ON pool_claims(user_id, at);

      -- When the current owner got the customer. The return rule counts idle days from the latest of
      -- created_at, last_follow_up_at and this, so a customer just claimed or transferred is not sent
      -- straight back. Kept by a trigger so every path that changes owner_id (edit, import, transfer,
      -- claim) is covered without each service remembering to write it.
      CREATE TABLE customer_owner_since (
        customer_id INTEGER PRIMARY KEY REFERENCES customers(id) ON DELETE CASCADE,
        since       TEXT NOT NULL
      ) STRICT;
      CREATE TRIGGER customers_owner_since AFTER UPDATE OF owner_id ON customers
        WHEN NEW.owner_id IS NOT OLD.owner_id
        BEGIN
          INSERT INTO customer_owner_since (customer_id, since) VALUES (NEW.id, NEW.updated_at)
            ON CONFLICT(customer_id) DO UPDATE SET since = excluded.since;
        END;

      -- "Your customer returns to the pool in M days" is sent once per idle period: the row remembers
      -- the idle baseline it was sent for; a new follow-up moves the baseline and re-arms the warning.
      CREATE TABLE pool_return_warnings (
        customer_id INTEGER PRIMARY KEY REFERENCES customers(id) ON DELETE CASCADE,
        baseline    TEXT NOT NULL,
        warned_at   TEXT NOT NULL
      ) STRICT;
    `);
  },
};
