// The seeded deals', stage entries' and follow-ups' share of the report rollups (0006 and the per-attribute
// 0009 tables), counted by the seed's thread as it generates those rows and added at the end — like
// customerRollups.ts does for customers. The from-scratch GROUP BYs cost ~8.6 s CPU at 100k customers /
// 100k deals / 300k follow-ups (rpt_attr_stage_daily alone 3.3 s, rpt_attr_followups_daily 2.1 s: every
// row joined to its customer, times four attributes, sorted). Measured on that seed: derived phase 10.9 -> 5.4 s
// CPU, the deal and follow-up phases +2.2 s for the counting; what is left is the upsert of the 1.6M rows.
// Exactness against the GROUP BY is checked by tests/unit/db/seedBulkMode.test.ts (rollupDifferences).
import type { Db } from '../sql';
import { upsertRows } from './upsertRows';
import { NumberMap } from './numberMap';

const DAY = 86_400;
const DIMS = ['p', 'i', 's', 'l'];
// A map key packs up to five small integers into one double (exact below 2^53): dim 2 bits, interned
// texts/ids 11 bits each, day numbers 16 bits (until 2149). Number keys: string keys cost ~1 µs per add.
const TEXTS = 2048;
const DAYS = 65_536;
const WIDTH: Record<string, number> = { dim: 4, value: TEXTS, status: TEXTS, owner_id: TEXTS, stage_id: TEXTS, day: DAYS };

/** One rollup table: sums of `values` per key (key fields are small integers, decoded in apply). */
class Sums {
  readonly slot = new NumberMap();
  readonly sums: number[] = [];
  constructor(
    readonly table: string,
    readonly keys: string[],
    readonly values: string[],
  ) {}
  add(key: number, v0: number, v1 = 0, v2 = 0, v3 = 0): void {
    let i = this.slot.get(key);
    if (i === -1) {
      i = this.sums.length;
      this.slot.set(key, i);
      for (let j = 0; j < this.values.length; j++) this.sums.push(0);
    }
    const s = this.sums;
    s[i] += v0;
    if (this.values.length > 1) {
      s[i + 1] += v1;
      if (this.values.length > 2) {
        s[i + 2] += v2;
        if (this.values.length > 3) s[i + 3] += v3;
      }
    }
  }
  /** key fields, most significant first */
  fields(key: number): number[] {
    const out = new Array<number>(this.keys.length);
    for (let i = this.keys.length - 1; i > 0; i--) {
      const w = WIDTH[this.keys[i]];
      out[i] = key % w;
      key = (key - out[i]) / w;
    }
    out[0] = key;
    return out;
  }
}

export class FactRollupCounter {
  exact = true;
  private readonly offsetSec: number;
  private readonly text: string[] = [];
  private readonly textIdx = new Map<string, number>();
  /** owner and stage ids -> their interned text's number, without making the text again for every row */
  private readonly numIdx = new Map<number, number>();
  /** per generated customer (index within the run): interned p/i/s/l values */
  private readonly attrs: Uint16Array;
  private readonly days = new Map<number, string>();
  private readonly t = {
    closed: new Sums('rpt_deals_closed_daily', ['day', 'owner_id', 'status'], ['n', 'amount_fen']),
    pipeline: new Sums('rpt_pipeline', ['stage_id', 'owner_id'], ['n', 'amount_fen', 'weighted_x100']),
    stage: new Sums('rpt_stage_daily', ['day', 'stage_id', 'owner_id'], ['entered_n', 'entered_amount', 'exited_n', 'dwell_sec']),
    followups: new Sums('rpt_followups_daily', ['day', 'owner_id'], ['n']),
    attrClosed: new Sums('rpt_attr_deals_closed_daily', ['dim', 'value', 'day', 'owner_id', 'status'], ['n', 'amount_fen']),
    attrPipeline: new Sums('rpt_attr_pipeline', ['dim', 'value', 'stage_id', 'owner_id'], ['n', 'amount_fen', 'weighted_x100']),
    attrStage: new Sums('rpt_attr_stage_daily', ['dim', 'value', 'day', 'stage_id', 'owner_id'], ['entered_n', 'entered_amount', 'exited_n', 'dwell_sec']),
    attrFollowups: new Sums('rpt_attr_followups_daily', ['dim', 'value', 'day', 'owner_id'], ['n']),
  };

  /** Tables this counter fills (the bulk-mode rebuild skips them when the counts are applied). */
  get tables(): string[] {
    return Object.values(this.t).map((s) => s.table);
  }

  constructor(
    offsetMin: number,
    customers: number,
    /** seconds of the run's time origin (the seed's startSec) */
    private readonly startSec: number,
  ) {
    this.offsetSec = offsetMin * 60;
    this.attrs = new Uint16Array(customers * 4);
  }

  /** a small integer for a value (strings, or owner/stage ids as text) */
  private id(v: string): number {
    let i = this.textIdx.get(v);
    if (i === undefined) {
      i = this.text.length;
      if (i >= TEXTS) this.exact = false;
      this.text.push(v);
      this.textIdx.set(v, i);
    }
    return i;
  }

  private num(n: number): number {
    let i = this.numIdx.get(n);
    if (i === undefined) this.numIdx.set(n, (i = this.id(String(n))));
    return i;
  }

  private day(sec: number): number {
    const d = Math.floor((this.startSec + sec + this.offsetSec) / DAY);
    if (d < 0 || d >= DAYS) this.exact = false;
    return d;
  }

  // keys in the table's key column order; widths as in WIDTH
  private k2(a: number, b: number): number {
    return a * TEXTS + b;
  }
  private k3(a: number, b: number, c: number): number {
    return (a * TEXTS + b) * TEXTS + c;
  }

  /** The report attributes of generated customer c (province, industry, source, level; null = ''). */
  customer(c: number, province: string | null, industry: string | null, source: string | null, level: string | null): void {
    const a = this.attrs;
    a[c * 4] = this.id(province ?? '');
    a[c * 4 + 1] = this.id(industry ?? '');
    a[c * 4 + 2] = this.id(source ?? '');
    a[c * 4 + 3] = this.id(level ?? '');
  }

  /** A live deal of customer c; times in seconds since startSec. */
  deal(c: number, d: { ownerId: number | null; status: string; closedSec: number | null; amount: number; stageId: number; probability: number }): void {
    const owner = this.num(d.ownerId ?? 0);
    const status = this.id(d.status);
    const stage = this.num(d.stageId);
    if ((d.status === 'won' || d.status === 'lost') && d.closedSec !== null) {
      const day = this.day(d.closedSec);
      this.t.closed.add(this.k3(day, owner, status), 1, d.amount);
      // (dim, value, day, owner, status): 2 + 11 + 16 + 11 + 11 bits
      for (let dim = 0; dim < 4; dim++) this.t.attrClosed.add((((dim * TEXTS + this.attrs[c * 4 + dim]) * DAYS + day) * TEXTS + owner) * TEXTS + status, 1, d.amount);
    }
    if (d.status === 'open') {
      const w = d.amount * d.probability;
      this.t.pipeline.add(this.k2(stage, owner), 1, d.amount, w);
      for (let dim = 0; dim < 4; dim++) this.t.attrPipeline.add(((dim * TEXTS + this.attrs[c * 4 + dim]) * TEXTS + stage) * TEXTS + owner, 1, d.amount, w);
    }
  }

  /** One stage entry of a live deal of customer c: entered at `at`, left at `nextAt` (null = still there). */
  stageEntry(c: number, ownerId: number | null, amount: number, stageId: number, at: number, nextAt: number | null): void {
    const owner = this.num(ownerId ?? 0);
    const stage = this.num(stageId);
    const day = this.day(at);
    const exited = nextAt === null ? 0 : 1;
    const dwell = nextAt === null ? 0 : nextAt - at;
    this.t.stage.add(this.k3(day, stage, owner), 1, amount, exited, dwell);
    for (let dim = 0; dim < 4; dim++) this.t.attrStage.add((((dim * TEXTS + this.attrs[c * 4 + dim]) * DAYS + day) * TEXTS + stage) * TEXTS + owner, 1, amount, exited, dwell);
  }

  followUp(c: number, ownerId: number | null, at: number): void {
    const owner = this.num(ownerId ?? 0);
    const day = this.day(at);
    this.t.followups.add(this.k2(day, owner), 1);
    for (let dim = 0; dim < 4; dim++) this.t.attrFollowups.add(((dim * TEXTS + this.attrs[c * 4 + dim]) * DAYS + day) * TEXTS + owner, 1);
  }

  /** Add the counts to the tables (same key: the sums are added, like the triggers' upserts). */
  apply(db: Db): void {
    const dayText = (n: number) => {
      let s = this.days.get(n);
      if (s === undefined) this.days.set(n, (s = new Date(n * DAY * 1000).toISOString().slice(0, 10)));
      return s;
    };
    const decode = (name: string, code: number): unknown => {
      if (name === 'dim') return DIMS[code];
      if (name === 'day') return dayText(code);
      if (name === 'owner_id' || name === 'stage_id') return Number(this.text[code]);
      return this.text[code]; // value, status
    };
    db.tx(() => {
      for (const s of Object.values(this.t)) {
        const rows: (string | number)[][] = [];
        // in key order, close to the primary key's: the upserts mostly append
        for (const key of s.slot.sortedKeys()) {
          const f = s.fields(key);
          const row: (string | number)[] = [];
          for (let i = 0; i < s.keys.length; i++) row.push(decode(s.keys[i], f[i]) as string | number);
          const at = s.slot.get(key);
          for (let j = 0; j < s.values.length; j++) row.push(s.sums[at + j]);
          rows.push(row);
        }
        upsertRows(db, s.table, s.keys, s.values, rows);
      }
    });
  }
}
