// A hash map from whole-number keys (0 <= key < 2^53) to small non-negative integers, in typed arrays.
// The seed's rollup counters look up millions of packed keys (beyond the small-integer range). In the seed
// process a Map<number, number> of them made the stage-entry counting cost as much as writing the deals
// (200k deals: deals phase 3.99 s on the seed thread, 1.87 s with the stage counting switched off), although
// the same counting takes ~1 µs in a small benchmark; with this map the phase took 2.49 s. Open addressing
// with linear probing, grown at half load; no heap object per key.
export class NumberMap {
  private keys: Float64Array;
  private vals: Int32Array;
  private mask: number;
  private shift: number;
  size = 0;

  constructor(capacityLog2 = 12) {
    this.keys = new Float64Array(1 << capacityLog2);
    this.vals = new Int32Array(1 << capacityLog2).fill(-1);
    this.mask = (1 << capacityLog2) - 1;
    this.shift = 32 - capacityLog2;
  }

  private slot(key: number): number {
    const lo = key >>> 0; // low 32 bits (exact for whole numbers below 2^53)
    const hi = (key - lo) / 4_294_967_296;
    return Math.imul(lo ^ Math.imul(hi, 0x9e3779b1), 0x85ebca6b) >>> this.shift;
  }

  /** the value of key, or -1 */
  get(key: number): number {
    const keys = this.keys;
    const vals = this.vals;
    for (let i = this.slot(key); ; i = (i + 1) & this.mask) {
      const v = vals[i];
      if (v === -1 || keys[i] === key) return v;
    }
  }

  /** value >= 0 */
  set(key: number, value: number): void {
    if ((this.size + 1) * 2 > this.keys.length) this.grow();
    const keys = this.keys;
    const vals = this.vals;
    for (let i = this.slot(key); ; i = (i + 1) & this.mask) {
      if (vals[i] === -1) {
        keys[i] = key;
        vals[i] = value;
        this.size++;
        return;
      }
      if (keys[i] === key) {
        vals[i] = value;
        return;
      }
    }
  }

  /** all keys in ascending order */
  sortedKeys(): Float64Array {
    const out = new Float64Array(this.size);
    let n = 0;
    for (let i = 0; i < this.vals.length; i++) if (this.vals[i] !== -1) out[n++] = this.keys[i];
    return out.sort(); // typed arrays sort numerically
  }

  private grow(): void {
    const keys = this.keys;
    const vals = this.vals;
    const bits = 32 - this.shift + 1;
    this.keys = new Float64Array(1 << bits);
    this.vals = new Int32Array(1 << bits).fill(-1);
    this.mask = (1 << bits) - 1;
    this.shift = 32 - bits;
    this.size = 0;
    for (let i = 0; i < vals.length; i++) if (vals[i] !== -1) this.set(keys[i], vals[i]);
  }
}
