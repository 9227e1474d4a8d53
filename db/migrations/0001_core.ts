// Frozen in time: this migration never imports application code. Later changes go in new migrations.
import type { Migration } from './types';

export const m0001_core: Migration = {
  version: 1,
  name: 'core tables: settings, roles, users, audit log, customers, deals, stages, follow-ups, reminders, notifications',
  up(db) {
    db.exec(`
      CREATE TABLE settings (
        key   TEXT PRIMARY KEY,
        value TEXT NOT NULL              -- JSON
      ) STRICT;

      CREATE TABLE roles (
        id          INTEGER PRIMARY KEY,
        builtin_key TEXT UNIQUE,         -- 'admin' | 'manager' | 'sales' for the shipped roles
        name        TEXT NOT NULL UNIQUE,
        permissions TEXT NOT NULL,       -- JSON array of permission names
        scope       TEXT NOT NULL CHECK (scope IN ('own','all')),
        created_at  TEXT NOT NULL,
        updated_at  TEXT NOT NULL,
        version     INTEGER NOT NULL DEFAULT 1
      ) STRICT;

      CREATE TABLE users (
        id             INTEGER PRIMARY KEY,
        username       TEXT NOT NULL UNIQUE COLLATE NOCASE,
        display_name   TEXT NOT NULL,
        password_hash  TEXT NOT NULL,
        role_id        INTEGER NOT NULL REFERENCES roles(id),
        disabled_at    TEXT,
        failed_logins  INTEGER NOT NULL DEFAULT 0,
        locked_until   TEXT,
        last_login_at  TEXT,
        created_at     TEXT NOT NULL,
        updated_at     TEXT NOT NULL,
        version        INTEGER NOT NULL DEFAULT 1
      ) STRICT;

      -- Append-only, hash-chained: hash = sha256(prev_hash || canonical JSON of the entry).
      CREATE TABLE audit_log (
        id         INTEGER PRIMARY KEY,
        at         TEXT NOT NULL,
        user_id    INTEGER,
        user_name  TEXT,
        action     TEXT NOT NULL,        -- e.g. customer.update, auth.login, auth.loginFailed
        entity     TEXT,                 -- customer | deal | followUp | user | role | settings | ...
        entity_id  INTEGER,
        batch_id   TEXT,
        changes    TEXT,                 -- JSON [{ field, old, new }]
        summary    TEXT,
        prev_hash  TEXT NOT NULL,
        hash       TEXT NOT NULL
      ) STRICT;
      CREATE INDEX audit_entity ON audit_log(entity, entity_id, id);
      CREATE INDEX audit_batch ON audit_log(batch_id) WHERE batch_id IS NOT NULL;
      CREATE INDEX audit_user ON audit_log(user_id, id);
      CREATE INDEX audit_action ON audit_log(action, id);
      CREATE INDEX audit_at ON audit_log(at);
      CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit_log
        BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
      CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit_log
        BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;

      CREATE TABLE customers (
        id                INTEGER PRIMARY KEY,
        name              TEXT NOT NULL,
        kind              TEXT NOT NULL DEFAULT 'company' CHECK (kind IN ('company','person')),
        contact_name      TEXT,
        gender            TEXT CHECK (gender IN ('male','female','other')),
        birthday          TEXT,
        mobile            TEXT,              -- canonical: 11 digits (mainland) or E.164 (+...)
        phone             TEXT,              -- landline, canonical e.g. 0571-88886666
        email             TEXT,              -- lower-case
        wechat            TEXT,
        province          TEXT,
        city              TEXT,
        address           TEXT,
        industry          TEXT,
        company           TEXT,
        position          TEXT,
        source            TEXT,
        level             TEXT CHECK (level IN ('A','B','C')),
        status            TEXT NOT NULL DEFAULT 'potential'
                            CHECK (status IN ('potential','following','won','lost')),
        owner_id          INTEGER REFERENCES users(id),   -- NULL = in the pool (公海)
        notes             TEXT,
        created_at        TEXT NOT NULL,
        created_by        INTEGER REFERENCES users(id),
        updated_at        TEXT NOT NULL,
        updated_by        INTEGER REFERENCES users(id),
        version           INTEGER NOT NULL DEFAULT 1,
        last_follow_up_at TEXT,
        next_follow_up_at TEXT,
        deleted_at        TEXT,
        deleted_by        INTEGER REFERENCES users(id),
        delete_batch_id   TEXT
      ) STRICT;
      CREATE INDEX customers_owner ON customers(owner_id, id) WHERE deleted_at IS NULL;
      CREATE INDEX customers_deleted ON customers(deleted_at) WHERE deleted_at IS NOT NULL;

      CREATE TABLE customer_tags (
        customer_id INTEGER NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
        tag         TEXT NOT NULL,
        PRIMARY KEY (customer_id, tag)
      ) STRICT, WITHOUT ROWID;
      CREATE INDEX customer_tags_tag ON customer_tags(tag, customer_id);

      CREATE TABLE stages (
        id          INTEGER PRIMARY KEY,
        name        TEXT NOT NULL,
        position    INTEGER NOT NULL,
        probability INTEGER NOT NULL CHECK (probability BETWEEN 0 AND 100),
        kind        TEXT NOT NULL CHECK (kind IN ('open','won','lost')),
        archived_at TEXT,
        created_at  TEXT NOT NULL,
        updated_at  TEXT NOT NULL,
        version     INTEGER NOT NULL DEFAULT 1
      ) STRICT;

      CREATE TABLE deals (
        id                  INTEGER PRIMARY KEY,
        name                TEXT NOT NULL,
        customer_id         INTEGER NOT NULL REFERENCES customers(id),
        amount_fen          INTEGER NOT NULL DEFAULT 0,
        currency            TEXT NOT NULL DEFAULT 'CNY',
        expected_close_date TEXT,
        stage_id            INTEGER NOT NULL REFERENCES stages(id),
        probability         INTEGER NOT NULL CHECK (probability BETWEEN 0 AND 100),
        owner_id            INTEGER REFERENCES users(id),
        source              TEXT,
        contract_terms      TEXT,
        notes               TEXT,
        status              TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open','won','lost')),
        closed_at           TEXT,
        close_reason        TEXT,
        reopen_stage_id     INTEGER REFERENCES stages(id),
        created_at          TEXT NOT NULL,
        created_by          INTEGER REFERENCES users(id),
        updated_at          TEXT NOT NULL,
        updated_by          INTEGER REFERENCES users(id),
        version             INTEGER NOT NULL DEFAULT 1,
        deleted_at          TEXT,
        deleted_by          INTEGER REFERENCES users(id),
        delete_batch_id     TEXT
      ) STRICT;
      CREATE INDEX deals_customer ON deals(customer_id, id);
      CREATE INDEX deals_stage ON deals(stage_id, id) WHERE deleted_at IS NULL;
      CREATE INDEX deals_owner ON deals(owner_id, id) WHERE deleted_at IS NULL;

      CREATE TABLE deal_items (
        id              INTEGER PRIMARY KEY,
        deal_id         INTEGER NOT NULL REFERENCES deals(id) ON DELETE CASCADE,
        position        INTEGER NOT NULL,
        product         TEXT NOT NULL,
        description     TEXT,
        quantity        INTEGER NOT NULL CHECK (quantity >= 0),
        unit_price_fen  INTEGER NOT NULL,
        discount_bp     INTEGER NOT NULL DEFAULT 0 CHECK (discount_bp BETWEEN 0 AND 10000), -- basis points
        total_fen       INTEGER NOT NULL
      ) STRICT;
      CREATE INDEX deal_items_deal ON deal_items(deal_id, position);

      CREATE TABLE deal_stage_history (
        id            INTEGER PRIMARY KEY,
        deal_id       INTEGER NOT NULL REFERENCES deals(id) ON DELETE CASCADE,
        from_stage_id INTEGER REFERENCES stages(id),
        to_stage_id   INTEGER NOT NULL REFERENCES stages(id),
        at            TEXT NOT NULL,
        user_id       INTEGER REFERENCES users(id)
      ) STRICT;
      CREATE INDEX deal_stage_history_deal ON deal_stage_history(deal_id, at);
      CREATE INDEX deal_stage_history_to ON deal_stage_history(to_stage_id, at);

      CREATE TABLE follow_ups (
        id              INTEGER PRIMARY KEY,
        customer_id     INTEGER NOT NULL REFERENCES customers(id),
        deal_id         INTEGER REFERENCES deals(id),
        owner_id        INTEGER REFERENCES users(id),
        at              TEXT NOT NULL,
        method          TEXT NOT NULL,
        content         TEXT NOT NULL,
        result          TEXT,
        next_step       TEXT,
        next_at         TEXT,
        created_at      TEXT NOT NULL,
        created_by      INTEGER REFERENCES users(id),
        updated_at      TEXT NOT NULL,
        updated_by      INTEGER REFERENCES users(id),
        version         INTEGER NOT NULL DEFAULT 1,
        deleted_at      TEXT,
        deleted_by      INTEGER REFERENCES users(id),
        delete_batch_id TEXT
      ) STRICT;
      CREATE INDEX follow_ups_customer ON follow_ups(customer_id, at);
      CREATE INDEX follow_ups_deal ON follow_ups(deal_id, at) WHERE deal_id IS NOT NULL;
      CREATE INDEX follow_ups_owner_at ON follow_ups(owner_id, at) WHERE deleted_at IS NULL;
      CREATE INDEX follow_ups_at ON follow_ups(at) WHERE deleted_at IS NULL;

      CREATE TABLE reminders (
        id            INTEGER PRIMARY KEY,
        user_id       INTEGER NOT NULL REFERENCES users(id),
        customer_id   INTEGER REFERENCES customers(id),
        deal_id       INTEGER REFERENCES deals(id),
        follow_up_id  INTEGER REFERENCES follow_ups(id),
        due_at        TEXT NOT NULL,
        content       TEXT NOT NULL,
        status        TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending','done','cancelled')),
        fired_at      TEXT,
        completed_at  TEXT,
        created_at    TEXT NOT NULL,
        created_by    INTEGER REFERENCES users(id),
        updated_at    TEXT NOT NULL,
        version       INTEGER NOT NULL DEFAULT 1
      ) STRICT;
      CREATE INDEX reminders_due ON reminders(status, due_at);
      CREATE INDEX reminders_user ON reminders(user_id, status, due_at);

      CREATE TABLE notifications (
        id         INTEGER PRIMARY KEY,
        user_id    INTEGER NOT NULL REFERENCES users(id),
        kind       TEXT NOT NULL,
        title      TEXT NOT NULL,
        body       TEXT,
        link       TEXT,
        created_at TEXT NOT NULL,
        read_at    TEXT
      ) STRICT;
      CREATE INDEX notifications_user ON notifications(user_id, read_at, id);
    `);

    const now = new Date().toISOString();
    const stage = db.prepare(
      'INSERT INTO stages (name, position, probability, kind, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)',
    );
    const stages: [string, number, 'open' | 'won' | 'lost'][] = [
      ['初步接触', 10, 'open'],
      ['需求确认', 30, 'open'],
      ['方案报价', 50, 'open'],
      ['谈判签约', 80, 'open'],
      ['赢单', 100, 'won'],
      ['输单', 0, 'lost'],
    ];
    stages.forEach(([name, p, kind], i) => stage.run(name, i + 1, p, kind, now, now));
  },
};
