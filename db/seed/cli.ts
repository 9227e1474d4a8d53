// npm run seed -- --customers N --deals N --followups N --users N --seed S --data DIR [--now ISO]
// Creates (or opens) the database in DIR through the normal openDatabaseFile + migrations, makes the
// owner account 'owner' if there is none, and fills it with deterministic demo data.
import fs from 'node:fs';
import path from 'node:path';
import { databaseFileIn, openDatabaseFile } from '../connection';
import { seedDatabase } from './seed';
import { hashPassword } from '../../main/services/auth/password';
import { ensureBuiltinRoles, roleIdByKey } from '../../main/services/auth/roles';
import { recordAudit } from '../../main/services/audit/record';

const OWNER = { username: 'owner', password: 'owner-pass-1', displayName: '王老板' };

function parseArgs(argv: string[]) {
  const out: Record<string, string> = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (!a.startsWith('--')) continue;
    const [k, v] = a.includes('=') ? a.slice(2).split('=', 2) : [a.slice(2), argv[i + 1]?.startsWith('--') ? 'true' : argv[++i]];
    out[k] = v ?? 'true';
  }
  return out;
}

function num(v: string | undefined, fallback: number): number {
  if (v === undefined) return fallback;
  const n = Number(v.replace(/_/g, ''));
  if (!Number.isInteger(n) || n < 0) throw new Error(`not a whole number: ${v}`);
  return n;
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  if (args.help) {
    console.log('usage: npm run seed -- --customers N --deals N --followups N --users N --seed S --data DIR [--now 2026-11-22T00:00:00Z]');
    return;
  }
  const customers = num(args.customers, 1000);
  const opts = {
    customers,
    deals: num(args.deals, customers),
    followUps: num(args.followups, customers * 3),
    users: num(args.users, 20),
    seed: args.seed ?? '1',
    // midnight today by default (reproducible within a day); pass --now for fully fixed data
    now: args.now ? new Date(args.now) : new Date(new Date().toISOString().slice(0, 10) + 'T00:00:00.000Z'),
  };
  const dataDir = path.resolve(args.data ?? 'seed-data');
  fs.mkdirSync(dataDir, { recursive: true });
  const file = databaseFileIn(dataDir);
  console.log(`seeding ${file}: ${opts.customers} customers, ${opts.deals} deals, ${opts.followUps} follow-ups, ${opts.users} users, seed ${opts.seed}`);
  const started = performance.now();
  const db = openDatabaseFile(file);
  try {
    const nowIso = new Date().toISOString();
    ensureBuiltinRoles(db, nowIso);
    const hasUsers = (db.raw.prepare('SELECT count(*) AS n FROM users').get() as { n: number }).n > 0;
    if (!hasUsers) {
      const hash = await hashPassword(OWNER.password);
      db.tx(() => {
        const id = Number(
          db.raw
            .prepare('INSERT INTO users (username, display_name, password_hash, role_id, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)')
            .run(OWNER.username, OWNER.displayName, hash, roleIdByKey(db, 'admin'), nowIso, nowIso).lastInsertRowid,
        );
        recordAudit(db, { at: nowIso, userId: id, userName: OWNER.displayName, action: 'auth.setup', entity: 'user', entityId: id, summary: 'owner account created by the seed tool' });
      });
      console.log(`admin account: ${OWNER.username} / ${OWNER.password}`);
    }
    const result = await seedDatabase(db, { ...opts, log: (m) => console.log(`  ${m}`) });
    console.log(`users (password ${result.userPassword}): ${result.users.map((u) => `${u.username}(${u.role})`).join(', ')}`);
    console.log(`done in ${((performance.now() - started) / 1000).toFixed(1)} s; database ${(fs.statSync(file).size / 1e6).toFixed(0)} MB`);
  } finally {
    db.close();
  }
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
