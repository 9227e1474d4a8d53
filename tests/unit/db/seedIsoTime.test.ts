// The seed's timestamp formatter must write exactly what Date.toISOString writes.
import { describe, expect, it } from 'vitest';
import { isoSecond } from '../../../db/seed/isoTime';

const ref = (sec: number) => new Date(sec * 1000).toISOString();

describe('seed isoSecond', () => {
  it('equals toISOString for every second of the edge days and for random seconds over the years', () => {
    const edges = [0, 951_782_400 /* 2000-02-29 */, 1_704_067_200 /* 2024-01-01 */, 1_767_225_599, 253_402_214_400 /* 9999-12-31 */, -86_400, -62_167_219_200];
    for (const day of edges) for (let s = day; s < day + 86_400; s += 7) expect(isoSecond(s)).toBe(ref(s));
    let x = 12345;
    for (let i = 0; i < 200_000; i++) {
      x = (x * 1_103_515_245 + 12_345) % 2_147_483_648;
      const sec = Math.floor((x / 2_147_483_648) * 4_102_444_800) - 1_000_000_000; // 1938 .. 2099
      expect(isoSecond(sec)).toBe(ref(sec));
    }
  });

  it('falls back to toISOString outside four-digit years and for fractions', () => {
    for (const sec of [253_402_300_800, -62_167_219_201, 1.5, 1_700_000_000.25]) expect(isoSecond(sec)).toBe(ref(sec));
  });
});
