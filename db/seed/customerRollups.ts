// The seeded customers' share of the three customer report rollups (rpt_customers_daily,
// rpt_customers_monthly, rpt_attr_customers_daily), counted in JavaScript as the rows are generated and
// added to the tables at the end — what the suspended AFTER INSERT triggers would have added, row by row.
//
// Why not the from-scratch GROUP BY of rollups.ts: at 1M customers those scans cost ~11 s CPU (4M date()
// calls and a 4M-row sort for the attribute table, measured); with counting the whole derived phase of a
// 1M-customer seed takes 1.8 s CPU (was 24 s). The counting runs where the rows are generated (the seed
// worker, which waited on the writing thread anyway) and keys are numbers, not strings (string keys cost
// ~1 µs per customer per table on the writer).
// Rows that existed before the seed keep the counts their live triggers gave them; we only add. The result
// is checked against the from-scratch GROUP BY by tests/unit/db/seedBulkMode.test.ts (rollupDifferences).
import type { Db } from '../sql';
import { tzModOf } from '../../main/services/reports/rollups';
import { CUSTOMER_COLUMNS } from './customerChunk';
import { upsertRows } from './upsertRows';

/** Tables this module fills; the bulk-mode rebuild skips them when the counts are applied. */
export const CUSTOMER_ROLLUP_TABLES = ['rpt_customers_daily', 'rpt_customers_monthly', 'rpt_attr_customers_daily'] as const;

const col = (name: (typeof CUSTOMER_COLUMNS)[number]) => CUSTOMER_COLUMNS.indexOf(name);
const C_CREATED = col('created_at');
const C_OWNER = col('owner_id');
const C_STATUS = col('status');
const DIM_NAMES = ['p', 'i', 's', 'l'];
const DIM_COLS = [col('province'), col('industry'), col('source'), col('level')];
const DAY_MS = 86_400_000;
// key fields (numbers up to 2^44, exact in a double): day number since 1970 < 2^16 until 2149
const OWNERS = 65_536;
const VALUES = 1024;
const STATUSES = 8;
const MONTHS = 8192;

/** Everything the counter holds, as plain arrays (posted from the worker with structured clone). */
export interface RollupCounts {
  /** false: some field overflowed its key width; do not apply, rebuild by GROUP BY */
  exact: boolean;
  offsetMin: number;
  owners: (number | null)[];
  statuses: string[];
  values: string[];
  /** [key, count] pairs per table */
  daily: Float64Array;
  monthly: Float64Array;
  attr: Float64Array;
}

/** The report time zone offset when the counter can reproduce date(created_at, tz_mod), else null. */
export function rollupOffsetOf(db: Db): number | null {
  const meta = db.raw.prepare('SELECT tz_offset_min AS off, tz_mod AS mod FROM rpt_meta WHERE id = 1').get() as { off: number; mod: string } | undefined;
  return meta && meta.mod === tzModOf(meta.off) ? meta.off : null;
}

export class CustomerRollupCounter {
  private readonly offsetMs: number;
  private readonly ownerIdx = new Map<number | null, number>();
  private readonly statusIdx = new Map<string, number>();
  private readonly valueIdx = new Map<string, number>();
  private readonly daily = new Map<number, number>();
  private readonly monthly = new Map<number, number>();
  private readonly attr = new Map<number, number>();
  /** false once a field had more distinct values than its key width (then the caller rebuilds by GROUP BY) */
  exact = true;

  constructor(readonly offsetMin: number) {
    this.offsetMs = offsetMin * 60_000;
  }

  private intern<K>(m: Map<K, number>, v: K, limit: number): number {
    let i = m.get(v);
    if (i === undefined) {
      i = m.size;
      if (i >= limit) this.exact = false;
      m.set(v, i);
    }
    return i;
  }

  /** Count one live customer given as its INSERT parameters (CUSTOMER_COLUMNS order). */
  add(p: readonly unknown[]): void {
    // date(created_at, tz_mod) as a day number; its month as months since year 0
    const day = Math.floor((Date.parse(p[C_CREATED] as string) + this.offsetMs) / DAY_MS);
    const d = new Date(day * DAY_MS);
    const month = d.getUTCFullYear() * 12 + d.getUTCMonth() - 2000 * 12 + MONTHS / 2;
    if (!(day >= 0 && day < 65_536 && month >= 0 && month < MONTHS)) this.exact = false;
    const owner = this.intern(this.ownerIdx, (p[C_OWNER] as number | null) ?? null, OWNERS);
    const status = this.intern(this.statusIdx, p[C_STATUS] as string, STATUSES);
    bump(this.daily, (day * OWNERS + owner) * STATUSES + status);
    for (let dim = 0; dim < 4; dim++) {
      const value = this.intern(this.valueIdx, (p[DIM_COLS[dim]] as string | null) ?? '', VALUES);
      bump(this.monthly, (((dim * MONTHS + month) * OWNERS + owner) * VALUES + value) * STATUSES + status);
      bump(this.attr, ((dim * VALUES + value) * 65_536 + day) * OWNERS + owner);
    }
  }

  counts(): RollupCounts {
    const flat = (m: Map<number, number>) => {
      const a = new Float64Array(m.size * 2);
      let i = 0;
      for (const [k, n] of m) {
        a[i++] = k;
        a[i++] = n;
      }
      return a;
    };
    return {
      exact: this.exact,
      offsetMin: this.offsetMin,
      owners: [...this.ownerIdx.keys()],
      statuses: [...this.statusIdx.keys()],
      values: [...this.valueIdx.keys()],
      daily: flat(this.daily),
      monthly: flat(this.monthly),
      attr: flat(this.attr),
    };
  }
}

function bump(m: Map<number, number>, k: number): void {
  m.set(k, (m.get(k) ?? 0) + 1);
}

/** Add the counts to the tables (rows of the same key get the sum, like the triggers' upserts). */
export function applyRollupCounts(db: Db, c: RollupCounts): void {
  const days = new Map<number, string>();
  const dayText = (n: number) => {
    let s = days.get(n);
    if (s === undefined) days.set(n, (s = new Date(n * DAY_MS).toISOString().slice(0, 10)));
    return s;
  };
  const monthText = (m: number) => {
    const x = m - MONTHS / 2 + 2000 * 12;
    return `${String(Math.floor(x / 12)).padStart(4, '0')}-${String((x % 12) + 1).padStart(2, '0')}`;
  };
  const write = (table: string, keyCols: string[], pairs: Float64Array, row: (k: number, n: number) => (string | number)[]) => {
    const keys: number[] = [];
    for (let i = 0; i < pairs.length; i += 2) keys.push(i);
    // in key order (close to primary-key order): the inserts mostly append
    keys.sort((a, b) => pairs[a] - pairs[b]);
    upsertRows(db, table, keyCols, ['n'], keys.map((i) => row(pairs[i], pairs[i + 1])));
  };
  const split = (k: number, ...widths: number[]): number[] => {
    const out: number[] = [];
    for (let i = widths.length - 1; i >= 0; i--) {
      out.unshift(k % widths[i]);
      k = Math.floor(k / widths[i]);
    }
    out.unshift(k);
    return out;
  };
  db.tx(() => {
    write(
      'rpt_customers_daily',
      ['day', 'owner_id', 'status'],
      c.daily,
      (k, n) => {
        const [day, owner, status] = split(k, OWNERS, STATUSES);
        return [dayText(day), c.owners[owner] ?? 0, c.statuses[status], n];
      },
    );
    write(
      'rpt_customers_monthly',
      ['dim', 'month', 'owner_id', 'value', 'status'],
      c.monthly,
      (k, n) => {
        const [dim, month, owner, value, status] = split(k, MONTHS, OWNERS, VALUES, STATUSES);
        return [DIM_NAMES[dim], monthText(month), c.owners[owner] ?? 0, c.values[value], c.statuses[status], n];
      },
    );
    write(
      'rpt_attr_customers_daily',
      ['dim', 'value', 'day', 'owner_id'],
      c.attr,
      (k, n) => {
        const [dim, value, day, owner] = split(k, VALUES, 65_536, OWNERS);
        return [DIM_NAMES[dim], c.values[value], dayText(day), c.owners[owner] ?? 0, n];
      },
    );
  });
}
