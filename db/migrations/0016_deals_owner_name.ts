// Frozen in time: this migration never imports application code. Later changes go in new migrations.
//
// deals_owner_name (owner_id, name, id) on live deals: a rep's deal list sorted by name walked deals_name
// across every owner's deals, testing the owner of each (1M deals, 20 owners: 143–147 ms a page); the other
// sorts offered in the list already have an owner-first index (0003). Built once at upgrade.
// A database with planner statistics (sqlite_stat1: the seed analyzes) gets figures for the new index from
// deals_owner's (same first column): without them SQLite guessed ~10 deals per owner for the new index and
// took it for every sort of a rep's list — sorting all 55k of the rep's deals (155 ms) instead of reading
// deals_owner / deals_owner_updated in order (0.2 ms).
import type { Migration } from './types';

export const m0016_deals_owner_name: Migration = {
  version: 16,
  name: 'deal index by owner and name (a rep\'s deal list sorted by name)',
  up(db) {
    db.exec('CREATE INDEX IF NOT EXISTS deals_owner_name ON deals(owner_id, name, id) WHERE deleted_at IS NULL;');
    const hasStat1 = db.prepare("SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'sqlite_stat1'").get() !== undefined;
    const stat = hasStat1 ? (db.prepare("SELECT stat FROM sqlite_stat1 WHERE tbl = 'deals' AND idx = 'deals_owner'").pluck().get() as string | undefined) : undefined;
    if (stat) {
      // rows, deals per owner, then (owner, name) and (owner, name, id): a name is about unique within an owner
      const [rows, perOwner] = stat.split(' ');
      db.prepare("DELETE FROM sqlite_stat1 WHERE tbl = 'deals' AND idx = 'deals_owner_name'").run();
      db.prepare("INSERT INTO sqlite_stat1 (tbl, idx, stat) VALUES ('deals', 'deals_owner_name', ?)").run(`${rows} ${perOwner ?? '1'} 1 1`);
      db.exec('ANALYZE sqlite_schema'); // reload the statistics on this connection
    }
  },
};
