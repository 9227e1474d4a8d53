// The seed's follow-up rows, written by the seed thread into the real database or, on a fresh seed, by the
// generator worker into the side database (sideFts.ts) together with the table's indexes; the seed then
// copies table and indexes in with one INSERT … SELECT, which SQLite runs as a raw b-tree transfer (no
// sort) into the empty table. Measured on 2M rows with 4 indexes: CREATE INDEX ×4 7.0 s, transfer of table
// and indexes 2.0 s. The rows depend only on the plan and the seed, so both ways write the same data.
import fs from 'node:fs';
import Database from 'better-sqlite3';
import { Prng } from './prng';
import { isoSecond as iso } from './isoTime';
import { FOLLOW_UP_CONTENT, FOLLOW_UP_METHODS, FOLLOW_UP_RESULTS } from './pools';

const CHUNK = 50_000;

export interface FollowUpPlan {
  seed: number | string;
  total: number;
  startSec: number;
  baseCustomerId: number;
  adminId: number | null;
  /** per follow-up: customer index within the run, seconds since startSec */
  fuCust: Int32Array;
  fuAt: Int32Array;
  /** per customer: index of its latest follow-up (-1 none), next follow-up (seconds, -1 none), owner (0 = pool) */
  lastFu: Int32Array;
  nextAt: Int32Array;
  owner: Int32Array;
}

/** Insert the follow-ups (ids continue the table's rowids) in transactions of CHUNK rows. */
export function writeFollowUps(raw: Database.Database, p: FollowUpPlan, onRow?: (c: number, ownerId: number | null, atSec: number) => void): void {
  const rF = new Prng(`${p.seed}/followup-content`);
  const insFu = raw.prepare(
    `INSERT INTO follow_ups (customer_id, owner_id, at, method, content, result, next_step, next_at, created_at, created_by, updated_at, updated_by)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  for (let start = 0; start < p.total; start += CHUNK) {
    const end = Math.min(p.total, start + CHUNK);
    raw.transaction(() => {
      for (let j = start; j < end; j++) {
        const c = p.fuCust[j];
        const method = rF.weighted(FOLLOW_UP_METHODS);
        const at = iso(p.startSec + p.fuAt[j]);
        const isLast = p.lastFu[c] === j && p.nextAt[c] >= 0;
        const ownerId = p.owner[c] || null;
        onRow?.(c, ownerId, p.fuAt[j]);
        insFu.run(
          p.baseCustomerId + c + 1,
          ownerId,
          at,
          method,
          rF.pick(FOLLOW_UP_CONTENT[method]),
          rF.weighted(FOLLOW_UP_RESULTS),
          isLast ? '按约定时间再次联系' : null,
          isLast ? iso(p.startSec + p.nextAt[c]) : null,
          at,
          ownerId ?? p.adminId,
          at,
          ownerId ?? p.adminId,
        );
      }
    })();
  }
}

/** A follow-ups build for the worker: the table's and its indexes' CREATE statements, read from the real database. */
export interface FollowUpJob {
  file: string;
  tableSql: string;
  indexSql: string[];
  plan: FollowUpPlan;
}

/** Build follow_ups with its indexes in the side database (runs in the generator worker). */
export function buildFollowUpsAside(job: FollowUpJob): void {
  if (!fs.existsSync(job.file)) throw new Error('side database missing');
  const db = new Database(job.file);
  try {
    db.pragma('journal_mode = OFF');
    db.pragma('synchronous = OFF');
    db.pragma('foreign_keys = OFF'); // customers, deals and users are not in the side file
    db.pragma('cache_size = -65536');
    db.pragma('temp_store = MEMORY');
    db.exec(job.tableSql);
    writeFollowUps(db, job.plan);
    for (const sql of job.indexSql) db.exec(sql);
  } finally {
    db.close();
  }
}

/**
 * Copy the side-built follow_ups (rows and index b-trees) into the empty real table, whose indexes are in
 * place and whose triggers are suspended: the conditions of SQLite's transfer optimization.
 */
export function copyFollowUpsIn(raw: Database.Database, file: string): void {
  raw.prepare('ATTACH DATABASE ? AS fuside').run(file);
  try {
    raw.transaction(() => raw.exec('INSERT INTO main.follow_ups SELECT * FROM fuside.follow_ups'))();
  } finally {
    raw.exec('DETACH DATABASE fuside');
  }
}
