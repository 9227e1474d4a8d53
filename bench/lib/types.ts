// One measured figure of the benchmark (a row of docs/benchmarks.md and of the JSON result).
import type { Stats } from './measure';

export interface Figure {
  /** TARGETS.md row this figure belongs to */
  section: string;
  name: string;
  who?: 'admin' | 'rep';
  stats?: Stats;
  /** one-shot work (batch edit, export, backup): total wall time */
  totalMs?: number;
  rows?: number;
  rowsPerSec?: number;
  /** the same SQL replayed raw (or raw SheetJS / fs.copyFile), same run */
  raw?: { p50: number; p95: number } | { totalMs: number };
  ratio?: number;
  target?: string;
  /** true / false against the target; null when the row has no numeric target */
  meets?: boolean | null;
  note?: string;
}

export interface BenchContext {
  quick: boolean;
  runs: number;
  figures: Figure[];
  log: (m: string) => void;
}
