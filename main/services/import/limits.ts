// Bounds that keep a hostile or oversized spreadsheet from freezing or exhausting the app. A file over a
// limit is rejected with a sentence that says which limit and what to do; nothing is written.
export const IMPORT_LIMITS = {
  /** bytes on disk */
  maxFileBytes: 64 * 1024 * 1024,
  /** sum of the uncompressed sizes of a zip container's entries (.xlsx/.ods) */
  maxUnzippedBytes: 512 * 1024 * 1024,
  /** entries in a zip container */
  maxZipEntries: 10_000,
  /** one entry may not inflate more than this many times its compressed size once it is big */
  maxZipRatio: 200,
  /** data rows of one import (Zoho: 30k per batch, Twenty 10k; we allow more) */
  maxRows: 200_000,
  /** columns that can hold data */
  maxCols: 256,
  /** rows looked at to find the header row */
  headerScanRows: 30,
  /** rows of sample shown in the preview, and of rows with problems shown there */
  previewSample: 50,
  previewProblems: 50,
  /** parse + cleanse time limits (the worker is stopped after this) */
  previewTimeoutMs: 60_000,
  commitTimeoutMs: 15 * 60_000,
  /** heap of the worker thread: a file that needs more is refused rather than taking the app down */
  workerHeapMb: 1536,
  /**
   * young generation of the worker: a commit allocates a few short-lived objects per row (audit changes,
   * statement arguments); a larger nursery halves its GC time (profile of a 20k-row commit: 0.7 -> 0.4 s)
   */
  workerYoungMb: 64,
  /**
   * rows written per chunk; when not all-or-nothing a transaction holds whole chunks, as many as take about
   * chunkBudgetMs at the pace of the previous one, at most maxChunkRows (short transactions keep main's
   * writes flowing; fewer COMMITs save FTS flushes and fsyncs: 60k rows, 1000 -> 4000 per transaction,
   * commit 20.6 -> 13.5 s wall on the loaded machine)
   */
  chunkRows: 1000,
  chunkBudgetMs: 250,
  maxChunkRows: 5000,
  /**
   * transactions after the first hold a multiple of this many rows (was whole chunks: at ~0.15 ms a row a
   * 1,000-row chunk took 150 ms and two did not fit, so every transaction held 1,000 rows; now ~1,600)
   */
  chunkStep: 100,
  /**
   * with main's checkpoint worker running, the import's connection checkpoints by itself only past this
   * many WAL pages (64 MiB; SQLite's default is 1,000): commit.ts
   */
  checkpointerWalPages: 16384,
  /**
   * report rollups and counts of created customers applied set-based once per chunk, with the customers
   * AFTER INSERT triggers dropped inside the chunk's transaction (rollups.ts); false keeps the per-row
   * triggers (tests compare both)
   */
  setBasedRollups: true as boolean,
  /**
   * chunk transactions commit with synchronous = NORMAL (no fsync per COMMIT; the final transaction, with the
   * import's header entry, is FULL and so makes every chunk before it durable): commit.ts
   */
  relaxedChunkSync: true as boolean,
  /**
   * a commit whose preview staged a file at least this big (≈ 10,000 rows of ten columns: 100k rows stage
   * ~37 MiB) has the rows' search fields and audit changes computed by a helper thread (searchFeed.ts);
   * below it a thread's start costs more than it saves
   */
  searchHelperMinBytes: 4 * 1024 * 1024,
  /** error rows kept for the error report */
  maxErrorRows: 100_000,
} as const;
