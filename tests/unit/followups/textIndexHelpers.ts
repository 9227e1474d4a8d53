// Helpers of the follow-up text index tests: what the index holds, and a fresh fill to compare it with.
import type Database from 'better-sqlite3';
import { fillTextStep } from '../../../main/services/followUps/textIndex';

/** (term, rowid) of both index tables, sorted: what the index holds, comparable between two builds. */
export function indexContents(db: Database.Database): string[] {
  db.exec("CREATE VIRTUAL TABLE IF NOT EXISTS temp.fut_v USING fts5vocab(main, follow_up_text, 'instance')");
  db.exec("CREATE VIRTUAL TABLE IF NOT EXISTS temp.fug_v USING fts5vocab(main, follow_up_grams, 'instance')");
  const rows = db.prepare("SELECT 't' || term || '@' || doc AS k FROM temp.fut_v UNION ALL SELECT 'g' || term || '@' || doc FROM temp.fug_v").pluck().all() as string[];
  return rows.sort();
}

/** Empty both tables and fill them the way the worker does (all follow-ups pending). */
export function refill(db: Database.Database, span = 3): void {
  db.exec("INSERT INTO follow_up_text (follow_up_text) VALUES ('delete-all'); INSERT INTO follow_up_grams (follow_up_grams) VALUES ('delete-all');");
  db.exec('UPDATE follow_up_text_fill SET next_id = coalesce((SELECT min(id) FROM follow_ups), 0), end_id = coalesce((SELECT max(id) + 1 FROM follow_ups), 0)');
  while (!fillTextStep(db, span).complete);
}

