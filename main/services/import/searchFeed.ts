// The search fields (pinyin, grams, sort and duplicate keys) of a commit's rows, and the serialized audit
// changes of the customers they create, computed by a helper thread while the commit's writer thread
// writes: the writer mostly runs statements, the per-row JavaScript work runs on the second core.
// (100k rows: computing the search fields in the writer before its first chunk took 1.7-2.2 s of the
// commit's wall time; the helper is ahead of the writer after its first batch.)
//
// The helper reads the same staging file the writer took its rows from (staged.ts) — reading it again
// costs the writer nothing, where posting 100k rows to the helper would — checks it is the same content
// (stage key and row count), and posts the fields in batches, in row order, through a MessagePort. The
// writer takes them synchronously (receiveMessageOnPort; Atomics.wait while the helper is behind), because
// its SQLite work is synchronous and its event loop does not turn during a commit.
// Nothing depends on the helper: a row whose fields did not arrive (helper failed, stalled, was refused
// the staging file) is computed by the writer itself with the same functions (customerSearchFields,
// createChanges + serializeChanges), so what is written is the same either way; only the time differs.
import os from 'node:os';
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';
import { customerSearchFields, type SearchFields } from '../customers/searchFields';
import { hasErrors, type CleanRow } from './cleanse';
import { serializeChanges, type SerializedChanges } from '../audit/record';
import { createChanges } from './createRow';
import { threadPart, timingsOn } from './timings';
import { lowerThreadPriority, threadTaskId } from '../../platform/threadClock';
import { searchSourceOf } from './commitPrep';
import { readStaged } from './staged';
import { workerScript } from '../../platform/workerScript';

/** What the helper thread is given (import.worker.ts starts helperMain when workerData has `searchFeed`). */
export interface SearchFeedJob {
  stagedFile: string;
  /** the importer (the owner of rows without one, in the create entries' changes) */
  actorId: number;
  port: MessagePort;
  /** [0] batches posted, [1] 1 = finished, 2 = gave up */
  state: SharedArrayBuffer;
  batch: number;
}

/** key + rows: the staging file the helper read; the writer uses a batch only if they match its own */
type Batch = { key: string; rows: number; start: number; count: number; packed: string };

// A batch travels as ONE string (rows separated by RS, a row's 11 values by US, null as NUL): the writer
// takes a string in one copy and splits it into cheap slices, where a structured clone of 500 objects
// cost it ~0.5 s per 100k rows. A value that itself contains a separator changes the counts, and the
// writer then drops that row (or the whole batch) and computes it itself — never a misread value.
const RS = '\u001e';
const US = '\u001f';
const NUL = '\u0000';
const PER_ROW = 11;

function packRow(f: SearchFields | undefined, a: SerializedChanges | null): string {
  if (!f || !a) return '';
  return [f.nameSort, f.nameKey ?? NUL, f.companyKey ?? NUL, f.fts.names, f.fts.py, f.fts.ini, f.fts.digits, f.fts.email, f.grams, a.json, a.sha].join(US);
}

function unpackRow(text: string): { f: SearchFields; a: SerializedChanges } | null {
  const v = text.split(US);
  if (v.length !== PER_ROW) return null;
  const orNull = (x: string) => (x === NUL ? null : x);
  return {
    f: { nameSort: v[0], nameKey: orNull(v[1]), companyKey: orNull(v[2]), fts: { names: v[3], py: v[4], ini: v[5], digits: v[6], email: v[7] }, grams: v[8] },
    a: { json: v[9], sha: v[10] },
  };
}

const POSTED = 0;
const STATUS = 1;
/** the row the writer computed itself last (-1: none): the helper skips ahead of it */
const WRITER_AT = 2;
/** rows the helper starts ahead of the writer when it skips (it is ~4× faster than the writer) */
const LEAD = 200;
const DONE = 1;
const FAILED = 2;

/** The search fields of one valid row (undefined for rows that write nothing). */
export function searchFieldsOfRow(r: CleanRow): SearchFields | undefined {
  return !hasErrors(r) && r.values.name ? customerSearchFields(searchSourceOf(r.values)) : undefined;
}

/** Helper thread side: compute and post every row's fields, batch by batch (each batch names its file). */
export function helperMain(job: SearchFeedJob): void {
  const state = new Int32Array(job.state);
  const finish = (status: number) => {
    Atomics.store(state, STATUS, status);
    Atomics.notify(state, POSTED);
    job.port.close();
  };
  // the helper is ahead of the writer by seconds: when the cores are busy it should be the one that waits
  lowerThreadPriority(5);
  try {
    const s = readStaged(job.stagedFile);
    if (!s) return finish(FAILED);
    for (let start = 0; start < s.rows.length; start += job.batch) {
      // the writer got ahead (this thread was slow to start, or starved of a core): no use computing rows
      // it has done itself — continue ahead of it
      const writerAt = Atomics.load(state, WRITER_AT);
      if (writerAt >= start) start = Math.min(s.rows.length, writerAt + LEAD);
      if (start >= s.rows.length) break;
      const end = Math.min(s.rows.length, start + job.batch);
      const packed: string[] = new Array(end - start);
      for (let i = start; i < end; i++) {
        const f = searchFieldsOfRow(s.rows[i]);
        // the create entry's changes, serialized as recordAudit would (used only if the row creates a customer)
        packed[i - start] = packRow(f, f ? serializeChanges(createChanges(s.rows[i].values, job.actorId)) : null);
      }
      job.port.postMessage({ key: s.key, rows: s.rows.length, start, count: end - start, packed: packed.join(RS) } satisfies Batch);
      Atomics.add(state, POSTED, 1);
      Atomics.notify(state, POSTED);
    }
    finish(DONE);
    if (timingsOn()) console.error(`[import helper] search fields of ${s.rows.length} rows${threadPart()}, nice ${os.getPriority(threadTaskId() ?? 0)}`);
  } catch {
    finish(FAILED);
  }
}

export interface SearchFeed {
  /**
   * The rows the writer took from the staging file, by its key and row count: the helper's batches are
   * used only if they came from that same content. Until this is called, get() returns nothing.
   */
  expect(key: string, rows: number): void;
  /** the row's fields; undefined when the helper has none for it (the caller computes them itself) */
  get(i: number): SearchFields | undefined;
  /** the row's create-entry changes, serialized (audit/record.ts serializeChanges); only after get(i) */
  audit(i: number): SerializedChanges | undefined;
  /** rows whose fields came from the helper (tests, logs) */
  readonly received: number;
  /** ms the writer spent waiting for the helper, and taking its batches (logs) */
  readonly waitMs: number;
  readonly takeMs: number;
  close(): void;
}

export interface FeedOptions {
  batch?: number;
  /** give up on the helper after this long without a new batch (the writer computes the rest itself) */
  stallMs?: number;
  /** how long the writer waits for a late batch before it computes rows itself (the first: firstMs) */
  patienceMs?: number;
  firstMs?: number;
  heapMb?: number;
  youngMb?: number;
}

/**
 * Start the helper on a staging file as soon as the commit starts (it reads the file while the writer
 * reads and checks it too); expect() then says which content the writer found valid.
 */
export function startSearchFeed(stagedFile: string, actorId: number, o: FeedOptions = {}): SearchFeed {
  const { port1, port2 } = new MessageChannel();
  const stateBuf = new SharedArrayBuffer(12);
  const state = new Int32Array(stateBuf);
  Atomics.store(state, WRITER_AT, -1);
  const job: SearchFeedJob = { stagedFile, actorId, port: port2, state: stateBuf, batch: o.batch ?? 500 };
  const s = workerScript('import');
  let worker: Worker | null = new Worker(s.file, {
    eval: s.eval,
    workerData: { searchFeed: job },
    transferList: [port2],
    resourceLimits: { maxOldGenerationSizeMb: o.heapMb, maxYoungGenerationSizeMb: o.youngMb },
  });
  // an error in the helper only means the writer computes the fields itself
  worker.on('error', () => Atomics.store(state, STATUS, FAILED));
  worker.unref();
  // giving up only stops the per-row look at the port (the writer never waits once late; a failed helper
  // says so through STATUS): a helper starved of CPU for a few seconds is still worth its later batches
  const stallMs = o.stallMs ?? 30_000;
  const patienceMs = o.patienceMs ?? 20;
  const firstMs = o.firstMs ?? 250;
  // the stall clock starts when the writer first asks, not when the helper starts: since the safety
  // snapshot no longer holds the writer back (it used to wait 10-15 s at 1M, time in which the helper
  // computed every row), the writer asks ~1-3 s after the start, and a helper that was still reading the
  // staging file on a busy machine was given up on for good after 5 s (1M, load 8-10: 0 rows from it,
  // +2 s of writer CPU)
  let lastBatch = 0;
  let late = false;
  let want: { key: string; rows: number } | null = null;
  let got: (SearchFields | null | undefined)[] = [];
  let gotAudit: (SerializedChanges | null | undefined)[] = [];
  let upTo = 0; // rows [0, upTo) arrived
  let taken = 0; // batches taken off the port
  let gaveUp = false;
  let received = 0;
  let waitMs = 0;
  let takeMs = 0;
  const drain = (): boolean => {
    let any = false;
    const t0 = performance.now();
    for (let m = receiveMessageOnPort(port1); m; m = receiveMessageOnPort(port1)) {
      const b = m.message as Batch;
      if (b.key !== want!.key || b.rows !== want!.rows) {
        // the helper read other content than the writer: not used. (A staging file is written once under a
        // fresh preview id — staged.ts — so this is a safety net, not an expected case.)
        close();
        return false;
      }
      const rows = b.packed.split(RS);
      if (rows.length === b.count)
        for (let k = 0; k < rows.length; k++) {
          const r = rows[k] ? unpackRow(rows[k]) : null;
          if (r) {
            got[b.start + k] = r.f;
            gotAudit[b.start + k] = r.a;
          }
        }
      upTo = b.start + b.count;
      received += b.count;
      taken++;
      any = true;
    }
    takeMs += performance.now() - t0;
    return any;
  };
  const close = () => {
    gaveUp = true;
    port1.close();
    if (worker) void worker.terminate();
    worker = null;
  };
  return {
    expect(key, rows) {
      want = { key, rows };
      got = new Array(rows);
      gotAudit = new Array(rows);
    },
    get(i) {
      if (i < upTo) return got[i] ?? undefined;
      if (gaveUp || !want) return undefined;
      if (!lastBatch) lastBatch = performance.now();
      for (;;) {
        if (drain()) {
          lastBatch = performance.now();
          if (i < upTo) {
            late = false; // caught up with the writer again
            return got[i] ?? undefined;
          }
          continue;
        }
        if (gaveUp) return undefined;
        if (Atomics.load(state, STATUS) !== 0 && Atomics.load(state, POSTED) <= taken) {
          // finished or failed, and everything it posted is taken: nothing more will come
          close();
          return undefined;
        }
        if (performance.now() - lastBatch >= stallMs) {
          close();
          return undefined;
        }
        // behind: wait a little (the first batch longer: the helper reads the file first); once a wait
        // brought nothing, compute rows here until a batch covers them rather than sit idle, and tell the
        // helper where the writer is so that it continues ahead of it
        if (late) {
          Atomics.store(state, WRITER_AT, i);
          return undefined;
        }
        const t = performance.now();
        Atomics.wait(state, POSTED, taken, taken === 0 ? firstMs : patienceMs);
        waitMs += performance.now() - t;
        if (Atomics.load(state, POSTED) <= taken && Atomics.load(state, STATUS) === 0) late = true;
      }
    },
    audit(i) {
      return i < upTo ? (gotAudit[i] ?? undefined) : undefined;
    },
    get received() {
      return received;
    },
    get waitMs() {
      return waitMs;
    },
    get takeMs() {
      return takeMs;
    },
    close,
  };
}
