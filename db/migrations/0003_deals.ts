// Frozen in time: this migration never imports application code. (deals, issue #6)
// Adds what closing/reopening and the pipeline views need on top of the core deal tables:
//  - an editable list of loss reasons (输单原因) referenced by closed-lost deals,
//  - deal columns: whether the probability was overridden, whether the amount is entered or the items' sum,
//    who closed it and with which loss reason,
//  - a per-(stage, owner) aggregate kept by triggers, so the kanban's column counts and totals never
//    COUNT over a million rows (the triggers also follow soft deletes and restores done by other modules),
//  - indexes for every sort the deal list offers (keyset pages at 1M deals) and for the board's columns.
import type { Migration } from './types';

export const m0003_deals: Migration = {
  version: 3,
  name: 'deals: loss reasons, close/override columns, per-stage totals, list and board indexes',
  up(db) {
    db.exec(`
      CREATE TABLE deal_loss_reasons (
        id          INTEGER PRIMARY KEY,
        name        TEXT NOT NULL,
        position    INTEGER NOT NULL,
        archived_at TEXT,
        created_at  TEXT NOT NULL,
        updated_at  TEXT NOT NULL,
        version     INTEGER NOT NULL DEFAULT 1
      ) STRICT;

      ALTER TABLE deals ADD COLUMN probability_overridden INTEGER NOT NULL DEFAULT 0 CHECK (probability_overridden IN (0,1));
      ALTER TABLE deals ADD COLUMN amount_source TEXT NOT NULL DEFAULT 'manual' CHECK (amount_source IN ('manual','items'));
      ALTER TABLE deals ADD COLUMN loss_reason_id INTEGER REFERENCES deal_loss_reasons(id);
      ALTER TABLE deals ADD COLUMN closed_by INTEGER REFERENCES users(id);

      -- owner_key = ifnull(owner_id, 0): a primary key column cannot usefully hold NULL
      CREATE TABLE deal_stage_totals (
        stage_id    INTEGER NOT NULL,
        owner_key   INTEGER NOT NULL,
        deal_count  INTEGER NOT NULL,
        amount_fen  INTEGER NOT NULL,
        PRIMARY KEY (stage_id, owner_key)
      ) STRICT, WITHOUT ROWID;

      INSERT INTO deal_stage_totals (stage_id, owner_key, deal_count, amount_fen)
        SELECT stage_id, ifnull(owner_id, 0), count(*), sum(amount_fen) FROM deals
        WHERE deleted_at IS NULL GROUP BY stage_id, ifnull(owner_id, 0);

      CREATE TRIGGER deal_totals_insert AFTER INSERT ON deals WHEN NEW.deleted_at IS NULL
      BEGIN
        INSERT INTO deal_stage_totals (stage_id, owner_key, deal_count, amount_fen)
          VALUES (NEW.stage_id, ifnull(NEW.owner_id, 0), 1, NEW.amount_fen)
          ON CONFLICT (stage_id, owner_key) DO UPDATE SET deal_count = deal_count + 1, amount_fen = amount_fen + excluded.amount_fen;
      END;

      CREATE TRIGGER deal_totals_delete AFTER DELETE ON deals WHEN OLD.deleted_at IS NULL
      BEGIN
        UPDATE deal_stage_totals SET deal_count = deal_count - 1, amount_fen = amount_fen - OLD.amount_fen
          WHERE stage_id = OLD.stage_id AND owner_key = ifnull(OLD.owner_id, 0);
      END;

      CREATE TRIGGER deal_totals_update_old AFTER UPDATE OF stage_id, owner_id, amount_fen, deleted_at ON deals
        WHEN OLD.deleted_at IS NULL
      BEGIN
        UPDATE deal_stage_totals SET deal_count = deal_count - 1, amount_fen = amount_fen - OLD.amount_fen
          WHERE stage_id = OLD.stage_id AND owner_key = ifnull(OLD.owner_id, 0);
      END;

      CREATE TRIGGER deal_totals_update_new AFTER UPDATE OF stage_id, owner_id, amount_fen, deleted_at ON deals
        WHEN NEW.deleted_at IS NULL
      BEGIN
        INSERT INTO deal_stage_totals (stage_id, owner_key, deal_count, amount_fen)
          VALUES (NEW.stage_id, ifnull(NEW.owner_id, 0), 1, NEW.amount_fen)
          ON CONFLICT (stage_id, owner_key) DO UPDATE SET deal_count = deal_count + 1, amount_fen = amount_fen + excluded.amount_fen;
      END;

      -- list sorts (keyset: sort value, id); nulls of the expected close date sort last ascending
      CREATE INDEX deals_amount ON deals(amount_fen, id) WHERE deleted_at IS NULL;
      CREATE INDEX deals_updated ON deals(updated_at, id) WHERE deleted_at IS NULL;
      CREATE INDEX deals_expected ON deals(ifnull(expected_close_date, '9999-12-31'), id) WHERE deleted_at IS NULL;
      CREATE INDEX deals_name ON deals(name, id) WHERE deleted_at IS NULL;
      CREATE INDEX deals_closed ON deals(closed_at) WHERE closed_at IS NOT NULL AND deleted_at IS NULL;
      -- kanban columns: newest activity first, for everyone and for one owner
      CREATE INDEX deals_board ON deals(stage_id, updated_at, id) WHERE deleted_at IS NULL;
      CREATE INDEX deals_owner_board ON deals(owner_id, stage_id, updated_at, id) WHERE deleted_at IS NULL;
      -- one stage filtered (the list's most common filter) with the amount / expected-close sorts
      CREATE INDEX deals_stage_amount ON deals(stage_id, amount_fen, id) WHERE deleted_at IS NULL;
      CREATE INDEX deals_stage_expected ON deals(stage_id, ifnull(expected_close_date, '9999-12-31'), id) WHERE deleted_at IS NULL;
      CREATE INDEX deals_owner_amount ON deals(owner_id, amount_fen, id) WHERE deleted_at IS NULL;
      CREATE INDEX deals_owner_updated ON deals(owner_id, updated_at, id) WHERE deleted_at IS NULL;
      CREATE INDEX deals_owner_expected ON deals(owner_id, ifnull(expected_close_date, '9999-12-31'), id) WHERE deleted_at IS NULL;
    `);

    const now = new Date().toISOString();
    const reason = db.prepare('INSERT INTO deal_loss_reasons (name, position, created_at, updated_at) VALUES (?, ?, ?, ?)');
    ['价格太高', '选择了竞争对手', '预算不足', '需求取消', '联系不上', '其他'].forEach((name, i) => reason.run(name, i + 1, now, now));

    // Deals created before this migration: a probability different from the stage default was typed in.
    db.exec(`
      UPDATE deals SET probability_overridden = 1
        WHERE probability <> (SELECT s.probability FROM stages s WHERE s.id = deals.stage_id);
    `);
  },
};
