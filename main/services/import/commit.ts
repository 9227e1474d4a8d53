// import:commit's heavy part (runs in the worker on its own connection): take the rows (the ones the
// preview staged for this file and request, else read + cleanse the file: prepareCommit), let main take
// the safety snapshot while the search fields are computed (workerTask.ts), then write
// the valid ones chunk by chunk — each chunk one short IMMEDIATE transaction holding its customers, tags,
// search rows and audit entries (so a crash never leaves half a chunk, and main's own writes get their
// turn between chunks) — or, all-or-nothing, everything in one transaction that is rolled back on any
// error or on cancel. Every entry carries the import's batch id; import:undo works from those entries.
import type { Db } from '../../../db/sql';
import { tFor, type Locale } from '../../i18n';
import { recordAudit, serializeChanges, type AuditEntry, type FieldChange } from '../audit/record';
import { versionMark } from '../customers/write';
import { duplicateSettings } from '../customers/duplicates';
import { loadCustomer } from '../customers/rows';
import { COL_KEYS, COLS, createChanges, createValue, type Col } from './createRow';
import { customerSearchFields, type SearchFields } from '../customers/searchFields';
import { customSearchOf, insertSearchEntries, reindexCustomers, touchesCustomSearch } from '../customers/searchIndex';
import { cellText, hasErrors, type CleanRow, type ImportValues } from './cleanse';
import { DbKeys, FileKeys, type DupMatch } from './dedupe';
import { IMPORT_LIMITS } from './limits';
import { customCreateValues } from './customCells';
import { planCustomValues, prepareCustomValues, readCustomValues, writeCustomValues } from '../fields/hooks';
import type { PreparedValue } from '../fields/values';
import type { ImportActor, SheetRequest } from './sheetRows';
import { precomputedAudit, precomputedSearch, precomputeRows, prepareCommit, searchSourceOf, type PreparedCommit } from './commitPrep';
import { canSetAsideInsertTriggers, InsertTriggersAside } from './rollups';
import { WorkClock } from './timings';

export type DuplicatePolicy = 'skip' | 'update' | 'create';

export interface CommitTask extends SheetRequest {
  op: 'commit';
  dbFile: string;
  nativeBinding?: string;
  actor: ImportActor;
  locale: Locale;
  /** ISO time of the import (the app clock) */
  now: string;
  batchId: string;
  fileName: string;
  sheet: string;
  headerRow: number;
  onDuplicate: DuplicatePolicy;
  allOrNothing: boolean;
  /** the preview's staging file for this file (used only if it still matches: staged.ts) */
  stagedFrom?: string;
  /** where the worker writes the error report, if any rows failed (reportStore.ts) */
  errorReportFile?: string;
  /**
   * main's checkpoint worker is running (main/app/walCheckpointer.ts): this connection leaves the
   * checkpoints to it (see limits.checkpointerWalPages)
   */
  walCheckpointer?: boolean;
}

export interface ErrorRow {
  row: number;
  column: number | null;
  header: string;
  reason: string;
  cells: string[];
}

export interface CommitResult {
  batchId: string;
  total: number;
  created: number;
  updated: number;
  skipped: number;
  failed: number;
  cancelled: boolean;
  /** all-or-nothing and something failed (or cancel): nothing was written */
  rolledBack: boolean;
  headers: string[];
  errors: ErrorRow[];
  /** the error report was written to the task's errorReportFile */
  reportStored?: boolean;
  /** ZG_IMPORT_TIMINGS=1: the writer's time by kind of work (timings.ts WorkClock) */
  timings?: string;
}

export interface CommitHooks {
  onProgress?(p: { phase: 'read' | 'write'; done: number; total: number }): void;
  cancelled?(): boolean;
  /** the safety snapshot's copy still holds WAL read-lock 0 (docs/backup-format.md): no checkpoint can backfill */
  pinHeld?(): boolean;
}

class Cancelled extends Error {}
class RollBack extends Error {}

const SEARCHED: readonly Col[] = ['name', 'kind', 'company', 'contactName', 'mobile', 'phone', 'email'];

export function commitImport(db: Db, task: CommitTask, hooks: CommitHooks = {}, limits = IMPORT_LIMITS, prepared?: PreparedCommit): CommitResult {
  const t = tFor(task.locale);
  const p = prepared ?? prepareCommit(db, task, hooks, limits);
  const { sheet, rows } = p;
  const res: CommitResult = {
    batchId: task.batchId,
    total: rows.length,
    created: 0,
    updated: 0,
    skipped: 0,
    failed: 0,
    cancelled: false,
    rolledBack: false,
    headers: sheet.headers,
    errors: [],
  };
  const cellsOf = new Map<number, string[]>();
  const rowCells = (r: CleanRow, i: number) => {
    let c = cellsOf.get(r.row);
    if (!c) cellsOf.set(r.row, (c = sheet.headers.map((_, k) => cellText(sheet.data[i].cells[k] ?? null))));
    return c;
  };
  const fail = (r: CleanRow, i: number, column: number | null, reason: string) => {
    if (res.errors.length < limits.maxErrorRows) res.errors.push({ row: r.row, column, header: column === null ? '' : sheet.headers[column] ?? '', reason, cells: rowCells(r, i) });
  };
  // validation errors first: they decide all-or-nothing before anything is written
  rows.forEach((r, i) => {
    if (!hasErrors(r)) return;
    res.failed++;
    for (const x of r.issues) if (x.level === 'error') fail(r, i, x.column, x.message);
  });
  if (task.allOrNothing && res.failed > 0) {
    res.rolledBack = true;
    return res;
  }
  precomputeRows(p);
  const keyAt = p.keys!;

  const who = { at: task.now, userId: task.actor.id, userName: task.actor.displayName };
  const settings = duplicateSettings(db);
  const file = new FileKeys();
  const insert = db.prepare(
    `INSERT INTO customers (${COL_KEYS.map((k) => COLS[k]).join(', ')}, name_sort, name_key, company_key, created_at, created_by, updated_at, updated_by)
     VALUES (${COL_KEYS.map(() => '?').join(', ')}, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const addTag = db.prepare('INSERT OR IGNORE INTO customer_tags (customer_id, tag) VALUES (?, ?)');
  let audit: AuditEntry[] = [];
  // Search-index work of the chunk, done at its end: an INSERT into customers fires triggers, so SQLite
  // opens a statement savepoint for it, and FTS5 flushes its pending index data at every savepoint —
  // interleaving search rows with customer rows would make every row pay a flush.
  let newSearch: { id: number; f: SearchFields }[] = [];
  let reindex: number[] = [];
  // report rollups and counts of created rows: set-based at the end of each chunk, the customers INSERT
  // triggers dropped meanwhile inside the chunk's transaction (rollups.ts)
  const rollups = new InsertTriggersAside(db, limits.setBasedRollups !== false && canSetAsideInsertTriggers(db));
  const canSee = (owner: number | null) => task.actor.scope === 'all' || owner === null || owner === task.actor.id;

  const insertArgs: unknown[] = new Array(COL_KEYS.length + 7);
  /** customPrep: the row's custom values with defaults applied and required checked (customCreateValues) */
  const create = (v: ImportValues, i: number, customPrep: PreparedValue[]): number => {
    // one argument array for all rows (no per-row objects)
    for (let k = 0; k < COL_KEYS.length; k++) insertArgs[k] = createValue(v, COL_KEYS[k], task.actor.id);
    // the derived search columns go into the INSERT itself (no second UPDATE per row); computed ahead
    // (precomputeRows) unless the row's custom values add searchable text
    const cs = customPrep.length ? customSearchOf(db, Object.fromEntries(customPrep.map((p) => [p.field.key, p.value]))) : null;
    const f = cs ? customerSearchFields({ ...searchSourceOf(v), custom: cs }) : (precomputedSearch(p, i) ?? customerSearchFields(searchSourceOf(v)));
    const n = COL_KEYS.length;
    insertArgs[n] = f.nameSort;
    insertArgs[n + 1] = f.nameKey;
    insertArgs[n + 2] = f.companyKey;
    insertArgs[n + 3] = task.now;
    insertArgs[n + 4] = task.actor.id;
    insertArgs[n + 5] = task.now;
    insertArgs[n + 6] = task.actor.id;
    const id = Number(insert.run(insertArgs).lastInsertRowid);
    if (v.tags) for (const tag of v.tags) addTag.run(id, tag);
    newSearch.push({ id, f });
    // the audit changes: serialized ahead by the helper thread (same createChanges), unless custom values add some
    let serialized = customPrep.length ? undefined : precomputedAudit(p, i);
    if (!serialized) {
      const changes = createChanges(v, task.actor.id);
      // custom values with the record, in the same transaction (a unique clash throws: the row fails alone)
      if (customPrep.length) {
        const plan = planCustomValues(db, 'customer', id, customPrep, {}, t);
        writeCustomValues(db, id, plan);
        changes.push(...plan.changes);
      }
      serialized = serializeChanges(changes)!;
    }
    audit.push({ ...who, action: 'customer.create', entity: 'customer', entityId: id, batchId: task.batchId, serialized, summary: versionMark(1) });
    return id;
  };

  /** Put the row's non-empty values on an existing customer; tags are added, notes appended. */
  const update = (id: number, v: ImportValues): 'updated' | 'unchanged' | 'gone' => {
    const cur = loadCustomer(db, id);
    if (!cur || cur.deletedAt) return 'gone';
    const changes: FieldChange[] = [];
    const sets: Col[] = [];
    const next: Partial<Record<Col, unknown>> = {};
    for (const k of COL_KEYS) {
      let nv = (v as Record<string, unknown>)[k];
      if (nv === undefined || nv === null || k === 'kind') continue;
      if (k === 'ownerId' && !canSee(nv as number)) continue;
      if (k === 'notes' && cur.notes) nv = cur.notes.includes(nv as string) ? cur.notes : `${cur.notes}\n${nv as string}`;
      const old = (cur as unknown as Record<string, unknown>)[k] ?? null;
      if (old === nv) continue;
      sets.push(k);
      next[k] = nv;
      changes.push({ field: k, old, new: nv });
    }
    const addTags = (v.tags ?? []).filter((x) => !cur.tags.includes(x));
    if (addTags.length) changes.push({ field: 'tags', old: cur.tags, new: [...cur.tags, ...addTags] });
    // non-empty custom cells overwrite like the built-in ones (planned now, written after the UPDATE)
    const plan = v.custom ? planCustomValues(db, 'customer', id, prepareCustomValues(db, 'customer', v.custom, 'update', t).prepared, readCustomValues(db, 'customer', id), t) : null;
    if (plan) changes.push(...plan.changes);
    if (!changes.length) return 'unchanged';
    const r = db
      .prepare(
        `UPDATE customers SET ${[...sets.map((k) => `${COLS[k]} = ?`), 'version = version + 1', 'updated_at = ?', 'updated_by = ?'].join(', ')}
         WHERE id = ? AND version = ? AND deleted_at IS NULL`,
      )
      .run(...sets.map((k) => next[k]), task.now, task.actor.id, id, cur.version);
    if (r.changes !== 1) return 'gone';
    if (plan) writeCustomValues(db, id, plan);
    for (const tag of addTags) addTag.run(id, tag);
    if (sets.some((k) => SEARCHED.includes(k)) || touchesCustomSearch(plan)) reindex.push(id);
    audit.push({ ...who, action: 'customer.update', entity: 'customer', entityId: id, batchId: task.batchId, changes, summary: versionMark(cur.version + 1) });
    return 'updated';
  };

  const writeRow = (r: CleanRow, i: number, match: DupMatch | null) => {
    const keys = keyAt[i];
    const existingId = match ? (match.source === 'db' ? match.customer.id : match.customerId) : null;
    if (match && task.onDuplicate === 'skip') {
      res.skipped++;
      return;
    }
    if (match && task.onDuplicate === 'update' && existingId !== null) {
      if (match.source === 'db' && !canSee(match.customer.ownerId)) {
        res.failed++;
        fail(r, i, null, t('import.issues.duplicateHidden'));
        return;
      }
      const u = update(existingId, r.values);
      if (u === 'updated') res.updated++;
      else if (u === 'unchanged') res.skipped++;
      else {
        res.failed++;
        fail(r, i, null, t('import.issues.duplicateGone'));
      }
      file.add(keys, r.row, existingId);
      return;
    }
    if (match && ((settings.forbidMobile && match.by === 'mobile') || (settings.forbidEmail && match.by === 'email'))) {
      res.failed++;
      fail(r, i, null, t('import.issues.duplicateForbidden', { field: t(`import.fields.${match.by}`) }));
      return;
    }
    // a new customer: custom defaults apply and required custom fields must have a value (issue 13)
    const cv = customCreateValues(db, r.values.custom, t, task.locale);
    if (!cv.ok) {
      res.failed++;
      fail(r, i, null, cv.message);
      return;
    }
    const id = create(r.values, i, cv.prepared);
    res.created++;
    file.add(keys, r.row, id);
  };

  const valid = rows.map((r, i) => ({ r, i })).filter(({ r }) => !hasErrors(r));
  const clock = new WorkClock(); // ZG_IMPORT_TIMINGS=1 only
  const total = valid.length;
  let done = 0;
  /** rowSavepoints: each row in its own savepoint, so a row the database refuses fails alone */
  const runChunk = (part: typeof valid, rowSavepoints: boolean) => {
    clock.mark('begin');
    const dbKeys = DbKeys.load(
      db,
      part.map(({ i }) => keyAt[i]),
    );
    clock.mark('duplicate lookups');
    newSearch = [];
    reindex = [];
    file.mark();
    rollups.off();
    for (const { r, i } of part) {
      const keys = keyAt[i];
      const match = file.find(keys) ?? dbKeys.find(keys);
      if (!rowSavepoints) writeRow(r, i, match);
      else {
        const before = [newSearch.length, reindex.length, audit.length];
        try {
          db.raw.transaction(() => writeRow(r, i, match))();
        } catch (e) {
          // the row's savepoint rolled back: drop what it queued
          newSearch.length = before[0];
          reindex.length = before[1];
          audit.length = before[2];
          res.failed++;
          fail(r, i, null, t('import.issues.writeFailed', { reason: String((e as Error).message).slice(0, 120) }));
        }
      }
    }
    clock.mark('rows');
    rollups.applyCreated(newSearch.map((x) => x.id));
    rollups.on();
    clock.mark('rollups');
    for (const x of newSearch) insertSearchEntries(db, x.id, x.f);
    reindexCustomers(db, reindex);
    clock.mark('search rows');
    recordAudit(db, audit);
    audit = [];
    clock.mark('audit rows');
  };
  /**
   * One chunk, one transaction. Rows go in without savepoints (a savepoint per row costs a lot: FTS5
   * flushes its pending index data at every savepoint). If the database refuses a row, the whole chunk
   * rolls back and is written again with a savepoint per row, so that row fails alone.
   */
  const writeChunk = (part: typeof valid) => {
    const before = { created: res.created, updated: res.updated, skipped: res.skipped, failed: res.failed, errors: res.errors.length };
    try {
      clock.start();
      db.tx(() => runChunk(part, false));
      clock.mark(pages === 0 ? 'commit (log pinned)' : 'commit');
    } catch {
      Object.assign(res, { created: before.created, updated: before.updated, skipped: before.skipped, failed: before.failed });
      res.errors.length = before.errors;
      file.rollback();
      audit = [];
      rollups.reset();
      db.tx(() => runChunk(part, true));
    }
  };
  const header = (): AuditEntry => ({
    ...who,
    action: 'import.commit',
    entity: 'import',
    batchId: task.batchId,
    summary: JSON.stringify({ file: task.fileName, sheet: sheet.sheet, created: res.created, updated: res.updated, skipped: res.skipped, failed: res.failed, cancelled: res.cancelled }),
  });

  // Checkpoints: SQLite's automatic one runs in the COMMIT that crosses 1,000 WAL pages — here nearly every
  // chunk's (a chunk dirties ~1,000+ index pages), on this writer's thread, with two fsyncs each. When
  // main's checkpoint worker is running (PASSIVE checkpoints every 200 ms once the log passes 4 MiB, on the
  // other core, never blocking this writer), this connection leaves them to it and only checkpoints by
  // itself if the log still grows past checkpointerWalPages (the worker stalled, or cannot finish while
  // this writer keeps appending): the log stays bounded (a 100k-row import leaves a -wal file of ~80 MiB).
  // 100k rows: the writer's COMMIT time 2.0-2.2 s -> 0.7-1.0 s, its CPU -0.5 s.
  // While the safety snapshot's copy still pins the file (it runs alongside these writes), no checkpoint
  // can backfill anything, yet each COMMIT past the threshold would try: SQLite sorts every frame of the
  // log before it finds read-lock 0 taken (1M: the log reaches 200-450 MiB during the copy; 60 commits of
  // 1,600 rows with a 174 MiB log: COMMIT time 0.54-0.79 s with the tries, 0.34-0.48 s without). So the
  // automatic checkpoint is off until main says the copy ended (checkpoints() before each transaction).
  const ownPages = task.walCheckpointer ? limits.checkpointerWalPages : 1000;
  let pages = -1;
  const checkpoints = () => {
    const want = hooks.pinHeld?.() ? 0 : ownPages;
    if (want !== pages) db.raw.pragma(`wal_autocheckpoint = ${(pages = want)}`);
  };
  try {
    return writeRows();
  } finally {
    db.raw.pragma('wal_autocheckpoint = 1000');
  }

  function writeRows(): CommitResult {
    if (task.allOrNothing) {
      try {
        db.tx(() => {
          checkpoints();
          for (let s = 0; s < total; s += limits.chunkRows) {
            if (hooks.cancelled?.()) throw new Cancelled();
            runChunk(valid.slice(s, s + limits.chunkRows), false);
            done = Math.min(total, s + limits.chunkRows);
            hooks.onProgress?.({ phase: 'write', done, total });
          }
          if (res.failed > 0) throw new RollBack();
          if (res.created + res.updated > 0) recordAudit(db, header());
        });
      } catch (e) {
        if (!(e instanceof Cancelled) && !(e instanceof RollBack)) throw e;
        res.cancelled = e instanceof Cancelled;
        res.rolledBack = true;
        res.created = 0;
        res.updated = 0;
      }
      return res;
    }

    // Every transaction's COMMIT costs an FTS5 flush, WAL pages and an fsync (100 of them were a third of
    // a 100k-row commit), so a transaction takes as many rows as fit in about chunkBudgetMs at the pace of
    // the previous one (at least chunkRows, in steps of chunkStep): main's own writes still get their turn
    // that often.
    // Durability: a chunk's COMMIT does not wait for an fsync (synchronous = NORMAL; in WAL mode the database
    // stays consistent and a power cut loses at most the last chunks, as a crash in the middle of an import
    // loses the chunks not yet written). The header entry's transaction below is FULL: its fsync of the
    // write-ahead log covers every chunk before it, so when the import reports its result, all of it is on disk.
    // (100k rows: the 100 fsyncs were most of the COMMIT wall time.)
    const writeAll = () => {
      let size: number = limits.chunkRows;
      while (done < total) {
        if (hooks.cancelled?.()) {
          res.cancelled = true;
          break;
        }
        checkpoints();
        const started = performance.now();
        const part = valid.slice(done, done + size);
        writeChunk(part);
        done += part.length;
        hooks.onProgress?.({ phase: 'write', done, total });
        const msPerRow = (performance.now() - started) / part.length;
        const fits = Math.floor(limits.chunkBudgetMs / Math.max(msPerRow, 1e-3) / limits.chunkStep) * limits.chunkStep;
        size = Math.max(limits.chunkRows, Math.min(limits.maxChunkRows, fits));
      }
    };
    if (limits.relaxedChunkSync) db.raw.pragma('synchronous = NORMAL');
    try {
      writeAll();
    } finally {
      if (limits.relaxedChunkSync) db.raw.pragma('synchronous = FULL');
    }
    if (res.cancelled) res.skipped += total - done;
    checkpoints();
    clock.start();
    if (res.created + res.updated > 0) db.tx(() => recordAudit(db, header()));
    clock.mark('final transaction (fsync)');
    res.timings = clock.on ? clock.summary() : undefined;
    return res;
  }
}
