// Frozen in time: this migration never imports application code. (recycle bin + audit trail, issue #5)
//
// 1. Reminders get the same delete markers as customers/deals/follow-ups, so a customer's reminders go to
//    the recycle bin with it (delete_batch_id) and come back in the state they had (status_before_delete).
// 2. Partial indexes for the bin's questions ("what is deleted, by batch, oldest first") on deals and
//    follow-ups (customers already have customers_deleted).
// 3. Audit redaction (docs/decisions/audit-purge.md): the chain of an entry written from now on covers
//    changes_sha = sha256(changes) instead of the changes text itself, so a purge can replace the values
//    of the purged record's own entries by field names only, and the chain still verifies. A redaction
//    is allowed only for an entry listed in audit_redactions (which names the purge entry that did it),
//    only on `changes`, only to a JSON list without old/new values. Every other UPDATE or DELETE of
//    audit_log is still refused by the trigger.
import type { Migration } from './types';

export const m0007_recycle_bin_audit: Migration = {
  version: 7,
  name: 'recycle bin (reminder markers, bin indexes) and audit redaction after purge',
  up(db) {
    db.exec(`
      ALTER TABLE reminders ADD COLUMN deleted_at TEXT;
      ALTER TABLE reminders ADD COLUMN deleted_by INTEGER REFERENCES users(id);
      ALTER TABLE reminders ADD COLUMN delete_batch_id TEXT;
      ALTER TABLE reminders ADD COLUMN status_before_delete TEXT;
      CREATE INDEX reminders_delete_batch ON reminders(delete_batch_id) WHERE delete_batch_id IS NOT NULL;
      CREATE INDEX reminders_deal ON reminders(deal_id) WHERE deal_id IS NOT NULL;

      CREATE INDEX deals_deleted ON deals(deleted_at, id) WHERE deleted_at IS NOT NULL;
      CREATE INDEX follow_ups_deleted ON follow_ups(deleted_at, id) WHERE deleted_at IS NOT NULL;
      CREATE INDEX customers_delete_batch ON customers(delete_batch_id) WHERE delete_batch_id IS NOT NULL;
      CREATE INDEX deals_delete_batch ON deals(delete_batch_id, customer_id) WHERE delete_batch_id IS NOT NULL;
      CREATE INDEX follow_ups_delete_batch ON follow_ups(delete_batch_id, customer_id) WHERE delete_batch_id IS NOT NULL;

      ALTER TABLE audit_log ADD COLUMN changes_sha TEXT;

      CREATE TABLE audit_redactions (
        audit_id       INTEGER PRIMARY KEY REFERENCES audit_log(id),
        purge_audit_id INTEGER NOT NULL REFERENCES audit_log(id),
        at             TEXT NOT NULL
      ) STRICT;
      CREATE INDEX audit_redactions_purge ON audit_redactions(purge_audit_id);
      CREATE TRIGGER audit_redactions_no_update BEFORE UPDATE ON audit_redactions
        BEGIN SELECT RAISE(ABORT, 'audit_redactions is append-only'); END;
      CREATE TRIGGER audit_redactions_no_delete BEFORE DELETE ON audit_redactions
        BEGIN SELECT RAISE(ABORT, 'audit_redactions is append-only'); END;

      DROP TRIGGER audit_no_update;
      CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit_log
      WHEN NOT (
        old.changes_sha IS NOT NULL AND new.changes_sha IS old.changes_sha
        AND new.id IS old.id AND new.at IS old.at AND new.user_id IS old.user_id AND new.user_name IS old.user_name
        AND new.action IS old.action AND new.entity IS old.entity AND new.entity_id IS old.entity_id
        AND new.batch_id IS old.batch_id AND new.summary IS old.summary
        AND new.prev_hash IS old.prev_hash AND new.hash IS old.hash
        AND new.changes IS NOT NULL AND json_valid(new.changes) AND json_type(new.changes) = 'array'
        AND NOT EXISTS (SELECT 1 FROM json_each(new.changes) j
                        WHERE json_type(j.value, '$.old') IS NOT NULL OR json_type(j.value, '$.new') IS NOT NULL)
        AND EXISTS (SELECT 1 FROM audit_redactions r WHERE r.audit_id = old.id)
      )
      BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
    `);
  },
};
