// The report time zone change, as run by the worker thread (main/workers/reportsTimezone.worker.ts) on its own
// connection: recompute every rollup for the new day boundaries and swap them in, with the rpt_meta change and
// its audit row, in ONE transaction (reports are never half-rebuilt; a failure changes nothing).
//
// Why two phases: the from-scratch GROUP BYs take minutes at 1M customers / 5M follow-ups. Holding the write
// lock all that time would make every write of the app wait (busy_timeout) and fail. So the transaction starts
// as a reader (deferred): the new counters are computed into TEMP tables from its snapshot, and only then does it
// become a writer to copy them in. If another connection committed meanwhile, SQLite refuses the upgrade
// (SQLITE_BUSY_SNAPSHOT: the snapshot is stale, the copies would miss that write) and we start again; the last
// attempt takes the write lock from the start (BEGIN IMMEDIATE), which cannot be overtaken.
import Database from 'better-sqlite3';
import { applyPragmas } from '../../../db/connection';
import { Db } from '../../../db/sql';
import { recordAudit, type AuditEntry } from '../audit/record';
import { ROLLUPS, scratchFor, tzModOf } from './rollups';

export interface TimezoneTask {
  dbFile: string;
  nativeBinding?: string;
  offsetMin: number;
  /** the audit entry of the change (who/when from the caller); `changes` is filled in here */
  audit: Pick<AuditEntry, 'at' | 'userId' | 'userName'>;
  /** optimistic attempts before the one that locks from the start */
  attempts?: number;
}

export interface TimezoneProgress {
  phase: 'compute' | 'write';
  table: string;
  done: number;
  total: number;
}

export interface TimezoneResult {
  before: number;
  tzOffsetMinutes: number;
  attempts: number;
}

const isStale = (e: unknown) => /^SQLITE_BUSY/.test(String((e as { code?: unknown })?.code ?? ''));

/** One attempt; throws SQLITE_BUSY_SNAPSHOT (or SQLITE_BUSY) when another writer got in first. */
function attempt(db: Db, task: TimezoneTask, lockFirst: boolean, onProgress: (p: TimezoneProgress) => void): number {
  const raw = db.raw;
  const tables = Object.keys(ROLLUPS);
  const total = tables.length * 2;
  const mod = tzModOf(task.offsetMin);
  raw.exec(lockFirst ? 'BEGIN IMMEDIATE' : 'BEGIN');
  try {
    tables.forEach((t, i) => {
      raw.exec(`DROP TABLE IF EXISTS temp.new_${t}`);
      raw.exec(`CREATE TEMP TABLE new_${t} AS ${scratchFor(t, mod)}`);
      onProgress({ phase: 'compute', table: t, done: i + 1, total });
    });
    const before = (raw.prepare('SELECT tz_offset_min FROM rpt_meta WHERE id = 1').get() as { tz_offset_min: number } | undefined)?.tz_offset_min ?? 480;
    // the first write: here a deferred transaction becomes a writer (or learns its snapshot is stale)
    raw.prepare('UPDATE rpt_meta SET tz_offset_min = ?, tz_mod = ? WHERE id = 1').run(task.offsetMin, mod);
    tables.forEach((t, i) => {
      const cols = [...ROLLUPS[t].keys, ...ROLLUPS[t].values].join(', ');
      raw.exec(`DELETE FROM main.${t}`);
      raw.exec(`INSERT INTO main.${t} (${cols}) SELECT ${cols} FROM temp.new_${t}`);
      raw.exec(`DROP TABLE temp.new_${t}`);
      onProgress({ phase: 'write', table: t, done: tables.length + i + 1, total });
    });
    recordAudit(db, {
      ...task.audit,
      action: 'report.timezone',
      entity: 'report',
      changes: [{ field: 'tzOffsetMinutes', old: before, new: task.offsetMin }],
      summary: JSON.stringify({ tzOffsetMinutes: task.offsetMin }),
    });
    raw.exec('COMMIT');
    return before;
  } catch (e) {
    if (raw.inTransaction) raw.exec('ROLLBACK');
    for (const t of tables) raw.exec(`DROP TABLE IF EXISTS temp.new_${t}`);
    throw e;
  }
}

/** Change the report time zone on an open connection (the worker's; tests may call it directly). */
export function changeTimezone(db: Db, task: TimezoneTask, onProgress: (p: TimezoneProgress) => void = () => {}): TimezoneResult {
  const optimistic = task.attempts ?? 2;
  for (let n = 1; ; n++) {
    const lockFirst = n > optimistic;
    try {
      const before = attempt(db, task, lockFirst, onProgress);
      return { before, tzOffsetMinutes: task.offsetMin, attempts: n };
    } catch (e) {
      if (lockFirst || !isStale(e)) throw e;
    }
  }
}

/** The worker's whole job: open its own connection, change the time zone, close. */
export function runTimezoneTask(task: TimezoneTask, onProgress: (p: TimezoneProgress) => void): TimezoneResult {
  const raw = new Database(task.dbFile, { fileMustExist: true, nativeBinding: task.nativeBinding });
  try {
    applyPragmas(raw);
    // the TEMP copies hold every rollup row (hundreds of MB at 1M): on disk, not in memory
    raw.pragma('temp_store = FILE');
    return changeTimezone(new Db(raw), task, onProgress);
  } finally {
    raw.close();
  }
}
