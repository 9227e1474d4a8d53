// Seeds (or reuses) the benchmark database: the deterministic generator of db/seed with a fixed "now",
// plus the owner account. A bench-seed.json marker beside the database says what it holds, so
// `--data DIR` reuses a folder only when it matches the requested sizes.
import fs from 'node:fs';
import path from 'node:path';
import { databaseFileIn, openDatabaseFile } from '../../db/connection';
import { seedDatabase } from '../../db/seed/seed';
import { hashPassword } from '../../main/services/auth/password';
import { ensureBuiltinRoles, roleIdByKey } from '../../main/services/auth/roles';
import { recordAudit } from '../../main/services/audit/record';

export interface BenchSizes {
  customers: number;
  deals: number;
  followUps: number;
  users: number;
}
export const OWNER = { username: 'owner', password: 'owner-pass-1', displayName: '王老板' };
export const REP = { username: 'sales1', password: 'sales-pass-1' };
export const SEED = 'bench-1';
export const SEED_NOW = '2026-11-22T00:00:00.000Z';

interface Marker extends BenchSizes {
  seed: string;
  now: string;
  seedMs?: number;
  seedTimings?: Record<string, number>;
}

export function readMarker(dir: string): Marker | null {
  const f = path.join(dir, 'bench-seed.json');
  return fs.existsSync(f) && fs.existsSync(databaseFileIn(dir)) ? (JSON.parse(fs.readFileSync(f, 'utf8')) as Marker) : null;
}

export function matches(m: Marker | null, s: BenchSizes): boolean {
  return !!m && m.customers === s.customers && m.deals === s.deals && m.followUps === s.followUps && m.users === s.users && m.seed === SEED && m.now === SEED_NOW;
}

/** Seed DIR (must be empty or absent). Returns wall ms and the seed's own phase timings. */
export async function seedInto(dir: string, sizes: BenchSizes, log: (m: string) => void): Promise<{ ms: number; timings: Record<string, number> }> {
  fs.mkdirSync(dir, { recursive: true });
  const t0 = performance.now();
  const db = openDatabaseFile(databaseFileIn(dir));
  try {
    const nowIso = new Date().toISOString();
    ensureBuiltinRoles(db, nowIso);
    const hash = await hashPassword(OWNER.password);
    db.tx(() => {
      const id = Number(
        db.raw
          .prepare('INSERT INTO users (username, display_name, password_hash, role_id, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)')
          .run(OWNER.username, OWNER.displayName, hash, roleIdByKey(db, 'admin'), nowIso, nowIso).lastInsertRowid,
      );
      recordAudit(db, { at: nowIso, userId: id, userName: OWNER.displayName, action: 'auth.setup', entity: 'user', entityId: id, summary: 'owner account created by the benchmark' });
    });
    const r = await seedDatabase(db, { ...sizes, seed: SEED, now: new Date(SEED_NOW), userPassword: REP.password, log: (m) => log(`  seed ${m}`) });
    const ms = performance.now() - t0;
    const marker: Marker = { ...sizes, seed: SEED, now: SEED_NOW, seedMs: Math.round(ms), seedTimings: r.timingsMs };
    fs.writeFileSync(path.join(dir, 'bench-seed.json'), JSON.stringify(marker, null, 2));
    return { ms, timings: r.timingsMs };
  } finally {
    db.close();
  }
}
