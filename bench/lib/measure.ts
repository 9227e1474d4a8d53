// Timing helpers for the benchmark: percentiles of wall and CPU time per call, and a recorder that
// captures every SQL statement a handler runs so the same statements can be replayed raw (better-sqlite3
// prepared statements, no dispatch/zod/session/JS mapping) as the baseline of the same run.
import type BetterSqlite3 from 'better-sqlite3';
import type { Db } from '../../db/sql';

export interface Stats {
  n: number;
  p50: number;
  p95: number;
  max: number;
  /** CPU time of this process per call (user + system): on a shared machine wall time includes waiting */
  cpuP50: number;
  cpuP95: number;
}

export function pct(xs: number[], q: number): number {
  if (!xs.length) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))];
}

/** `before` runs ahead of each timed call, untimed (e.g. a write that invalidates a cache). */
export async function timeIt(runs: number, fn: () => unknown, warm = 1, before?: () => unknown): Promise<Stats> {
  for (let i = 0; i < warm; i++) await fn();
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < runs; i++) {
    if (before) await before();
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    await fn();
    wall.push(performance.now() - t0);
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1000);
  }
  return { n: runs, p50: pct(wall, 0.5), p95: pct(wall, 0.95), max: Math.max(...wall), cpuP50: pct(cpu, 0.5), cpuP95: pct(cpu, 0.95) };
}

type Method = 'all' | 'get' | 'run' | 'iterate';
export interface Recorded {
  sql: string;
  method: Method;
  args: unknown[];
  /** the statement returned the first column only (stmt.pluck()): replayed the same way */
  pluck?: boolean;
}

/**
 * Wraps db.prepare so statements run during `capture()` are recorded (SQL text, method, parameters).
 * `replay()` runs the recorded statements again through raw better-sqlite3 prepared statements.
 */
export class SqlRecorder {
  private recording: Recorded[] | null = null;
  private readonly rawCache = new Map<string, BetterSqlite3.Statement>();

  constructor(private readonly db: Db) {
    const original = db.prepare.bind(db);
    // eslint-disable-next-line @typescript-eslint/no-this-alias
    const self = this;
    db.prepare = (sql: string) => {
      const stmt = original(sql);
      if (!self.recording) return stmt;
      return self.wrap(stmt, sql);
    };
  }

  private wrap(stmt: BetterSqlite3.Statement, sql: string): BetterSqlite3.Statement {
    const rec = () => this.recording;
    let plucked = false;
    return new Proxy(stmt, {
      get(target, prop, receiver) {
        const v = Reflect.get(target, prop, receiver) as unknown;
        if (prop === 'pluck') {
          return (on = true) => {
            plucked = on;
            target.pluck(on);
            return new Proxy(target, this);
          };
        }
        if (prop === 'all' || prop === 'get' || prop === 'run' || prop === 'iterate') {
          return (...args: unknown[]) => {
            rec()?.push({ sql, method: prop, args, pluck: plucked });
            return (v as (...a: unknown[]) => unknown).apply(target, args);
          };
        }
        return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
      },
    });
  }

  async capture<T>(fn: () => Promise<T>): Promise<{ value: T; statements: Recorded[] }> {
    this.recording = [];
    try {
      const value = await fn();
      return { value, statements: this.recording };
    } finally {
      this.recording = null;
    }
  }

  /** Run the statements again, raw. Read-only statements only (the bench never replays writes). */
  replay(statements: Recorded[]): void {
    for (const s of statements) {
      let st = this.rawCache.get(s.sql);
      if (!st) {
        st = this.db.raw.prepare(s.sql);
        this.rawCache.set(s.sql, st);
      }
      if (s.method !== 'run') st.pluck(!!s.pluck);
      if (s.method === 'iterate') for (const _ of st.iterate(...s.args)) void _;
      else if (s.method === 'all') st.all(...s.args);
      else if (s.method === 'get') st.get(...s.args);
    }
  }
}

export const fmt = (x: number | null | undefined, digits = 2) => (x === null || x === undefined || Number.isNaN(x) ? '—' : x.toFixed(digits));
