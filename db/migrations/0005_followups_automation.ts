// Frozen in time: this migration never imports application code. Later changes go in new migrations.
import type { Migration } from './types';

export const m0005_followups_automation: Migration = {
  version: 5,
  name: 'follow-ups, reminders (snooze, delivery, missed), automation rules and their runs',
  up(db) {
    db.exec(`
      -- Reminders: snoozing keeps the first due time; delivered_at says the reminder reached an open window
      -- of its user when it fired. Fired but never delivered = missed (shown at the next login).
      ALTER TABLE reminders ADD COLUMN original_due_at TEXT;
      ALTER TABLE reminders ADD COLUMN snooze_count INTEGER NOT NULL DEFAULT 0;
      ALTER TABLE reminders ADD COLUMN delivered_at TEXT;
      ALTER TABLE reminders ADD COLUMN missed_seen_at TEXT;
      ALTER TABLE reminders ADD COLUMN source TEXT NOT NULL DEFAULT 'manual'
        CHECK (source IN ('manual','followUp','automation'));
      ALTER TABLE reminders ADD COLUMN rule_id INTEGER;
      ALTER TABLE reminders ADD COLUMN cancelled_at TEXT;
      -- the scheduler's question every tick: pending reminders not fired yet, by due time
      CREATE INDEX reminders_unfired ON reminders(due_at) WHERE status = 'pending' AND fired_at IS NULL;
      CREATE INDEX reminders_missed ON reminders(user_id, fired_at) WHERE fired_at IS NOT NULL AND delivered_at IS NULL AND missed_seen_at IS NULL;
      CREATE INDEX reminders_follow_up ON reminders(follow_up_id) WHERE follow_up_id IS NOT NULL;
      CREATE INDEX reminders_customer ON reminders(customer_id, status) WHERE customer_id IS NOT NULL;

      -- follow-up list filters and the customer's next follow-up date
      CREATE INDEX follow_ups_method_at ON follow_ups(method, at) WHERE deleted_at IS NULL;
      CREATE INDEX follow_ups_next ON follow_ups(customer_id, next_at) WHERE deleted_at IS NULL AND next_at IS NOT NULL;
      -- the "no follow-up for N days" check over owned customers
      CREATE INDEX customers_silence ON customers(coalesce(last_follow_up_at, created_at))
        WHERE deleted_at IS NULL AND owner_id IS NOT NULL;

      CREATE INDEX notifications_user_id ON notifications(user_id, id);

      CREATE TABLE automation_rules (
        id             INTEGER PRIMARY KEY,
        name           TEXT NOT NULL,
        enabled        INTEGER NOT NULL DEFAULT 1 CHECK (enabled IN (0, 1)),
        trigger_type   TEXT NOT NULL,
        trigger_config TEXT NOT NULL DEFAULT '{}',   -- JSON, shape depends on trigger_type
        conditions     TEXT NOT NULL DEFAULT '[]',   -- JSON [{ field, op, value }]
        actions        TEXT NOT NULL DEFAULT '[]',   -- JSON [{ type, ... }]
        run_count      INTEGER NOT NULL DEFAULT 0,
        last_run_at    TEXT,
        created_at     TEXT NOT NULL,
        created_by     INTEGER REFERENCES users(id),
        updated_at     TEXT NOT NULL,
        updated_by     INTEGER REFERENCES users(id),
        version        INTEGER NOT NULL DEFAULT 1,
        deleted_at     TEXT,
        deleted_by     INTEGER REFERENCES users(id)
      ) STRICT;
      CREATE INDEX automation_rules_trigger ON automation_rules(trigger_type) WHERE deleted_at IS NULL AND enabled = 1;

      -- One row per rule run; dedupe_key makes time-based rules fire once per situation
      -- (e.g. once per customer per last-follow-up value for "no follow-up for N days").
      CREATE TABLE automation_runs (
        id           INTEGER PRIMARY KEY,
        rule_id      INTEGER NOT NULL REFERENCES automation_rules(id),
        at           TEXT NOT NULL,
        trigger_type TEXT NOT NULL,
        entity       TEXT,
        entity_id    INTEGER,
        dedupe_key   TEXT,
        outcome      TEXT NOT NULL CHECK (outcome IN ('done','skipped','loopBlocked','depthLimit')),
        detail       TEXT
      ) STRICT;
      CREATE UNIQUE INDEX automation_runs_dedupe ON automation_runs(rule_id, entity, entity_id, dedupe_key)
        WHERE dedupe_key IS NOT NULL;
      CREATE INDEX automation_runs_rule ON automation_runs(rule_id, id);
    `);
  },
};
