// Reads an FTS5 index's structure record (the `%_data` row with id 10: levels and their segments), the
// format of fts5StructureDecode in SQLite's fts5_index.c. Tests use it to see whether a commit merged.
import type Database from 'better-sqlite3';

export interface FtsSegment { segid: number; pgnoFirst: number; pgnoLast: number }
export interface FtsLevel { nMerge: number; segments: FtsSegment[] }
export interface FtsStructure { writeCounter: number; levels: FtsLevel[] }

/** SQLite varint: 7 bits a byte, big-endian, the 9th byte carries 8 bits */
function varint(b: Buffer, at: number): [number, number] {
  let v = 0;
  for (let i = 0; i < 8; i++) {
    const c = b[at + i];
    v = v * 128 + (c & 0x7f);
    if (!(c & 0x80)) return [v, i + 1];
  }
  return [v * 256 + b[at + 8], 9];
}

export function readFtsStructure(db: Database.Database, table: string): FtsStructure {
  const row = db.prepare(`SELECT block FROM ${table}_data WHERE id = 10`).get() as { block: Buffer } | undefined;
  if (!row) return { writeCounter: 0, levels: [] };
  const b = row.block;
  let i = 4; // cookie
  const v2 = b[4] === 0xff && b[5] === 0 && b[6] === 0 && b[7] === 1;
  if (v2) i += 4;
  const next = () => {
    const [v, n] = varint(b, i);
    i += n;
    return v;
  };
  const nLevel = next();
  next(); // total segments
  const writeCounter = next();
  const levels: FtsLevel[] = [];
  for (let l = 0; l < nLevel; l++) {
    const nMerge = next();
    const nSeg = next();
    const segments: FtsSegment[] = [];
    for (let s = 0; s < nSeg; s++) {
      const seg = { segid: next(), pgnoFirst: next(), pgnoLast: next() };
      if (v2) for (let k = 0; k < 5; k++) next(); // origin1, origin2, tombstone pages, tombstone entries, entries
      segments.push(seg);
    }
    levels.push({ nMerge, segments });
  }
  return { writeCounter, levels };
}

/** segments per level, e.g. [3, 0, 1] */
export const shape = (s: FtsStructure) => s.levels.map((l) => l.segments.length);
export const segmentCount = (s: FtsStructure) => s.levels.reduce((n, l) => n + l.segments.length, 0);
