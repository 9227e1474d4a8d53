// Reads an FTS5 index's segment count from its structure record (row 10 of `<table>_data`): a 4-byte cookie, an
// optional 4-byte V2 marker, then varints nLevel and nSegment (sqlite/ext/fts5/fts5_index.c, "structure record").
import type Database from 'better-sqlite3';

function varint(b: Buffer, at: number): [number, number] {
  let v = 0;
  for (let k = 0; k < 8; k++) {
    const c = b[at++];
    v = v * 128 + (c & 0x7f);
    if (!(c & 0x80)) return [v, at];
  }
  return [v * 256 + b[at], at + 1];
}

export function ftsSegmentCount(db: Database.Database, table: string): number {
  const b = db.prepare(`SELECT block FROM ${table}_data WHERE id = 10`).pluck().get() as Buffer | undefined;
  if (!b) return 0;
  let at = b.subarray(4, 8).equals(Buffer.from([0xff, 0, 0, 1])) ? 8 : 4;
  [, at] = varint(b, at); // levels
  return varint(b, at)[0];
}
