// Bulk benchmark data for the reports bench, generated inside SQLite (INSERT ... SELECT over a recursive
// counter), much faster than the row-by-row demo seed on a busy machine. Usage:
//   npx tsx bench/reportsData.ts <dataDir> [customers=1000000] [deals=1000000] [followUps=5000000]
// The report triggers are set aside during the bulk insert and the rollups rebuilt from scratch at the
// end (the same code the tests prove equal to the triggers). Other features' triggers are set aside too,
// so this database is for the reports bench only.
import fs from 'node:fs';
import { performance } from 'node:perf_hooks';
import { createApp } from '../main/app/createApp';
import { harnessPlatform } from '../main/platform/harness';
import { roleIdByKey } from '../main/services/auth/roles';
import { hashPassword } from '../main/services/auth/password';
import { rebuildRollups } from '../main/services/reports/rollups';

const [dataDir, C = '1000000', D = '1000000', F = '5000000'] = process.argv.slice(2);
const quiet = { info() {}, warn() {}, error(m: string, e?: unknown) { console.error(m, e); } };

async function main() {
  fs.mkdirSync(dataDir, { recursive: true });
  const { platform } = harnessPlatform(dataDir, { send() {} });
  const app = createApp({ dataDir, platform, log: quiet });
  const db = app.context.db;
  const raw = db.raw;
  const lap = (() => {
    let t = performance.now();
    return (what: string) => {
      const n = performance.now();
      console.log(`${what}: ${((n - t) / 1000).toFixed(1)} s`);
      t = n;
    };
  })();
  await app.dispatch('admin', 'auth:setup', { username: 'owner', password: 'owner-pass-1', displayName: '王老板' });
  const now = '2026-11-22T00:00:00.000Z';
  const hash = await hashPassword('sales-pass-1');
  const sales = roleIdByKey(db, 'sales');
  const u = raw.prepare('INSERT INTO users (username, display_name, password_hash, role_id, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)');
  for (let i = 1; i <= 19; i++) u.run(`sales${i}`, `销售${i}`, hash, sales, now, now);

  const triggers = raw.prepare("SELECT name, sql FROM sqlite_schema WHERE type = 'trigger' AND tbl_name IN ('customers', 'deals', 'deal_stage_history', 'follow_ups')").all() as { name: string; sql: string }[];
  for (const t of triggers) raw.exec(`DROP TRIGGER "${t.name}"`);
  raw.pragma('synchronous = OFF');
  const PROV = `'北京市','上海市','广东省','浙江省','江苏省','山东省','四川省','湖北省','福建省','河南省'`;
  const IND = `'制造业','零售','互联网','教育','医疗','金融','餐饮','物流'`;
  const SRC = `'官网','转介绍','展会','电话营销','线上广告','其他'`;
  // days back from 2026-11-22 over ~3 years; owner 1..20 (NULL for 5%)
  raw.exec(`
    WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ${Number(C)})
    INSERT INTO customers (id, name, owner_id, province, industry, source, level, status, created_at, updated_at, next_follow_up_at)
    SELECT i, '客户' || i, CASE WHEN i % 20 = 0 THEN NULL ELSE 1 + (i * 7) % 20 END,
      json_extract(json_array(${PROV}), '$[' || ((i * 13) % 10) || ']'),
      json_extract(json_array(${IND}), '$[' || ((i * 17) % 8) || ']'),
      json_extract(json_array(${SRC}), '$[' || ((i * 11) % 6) || ']'),
      json_extract(json_array('A','B','C'), '$[' || ((i * 3) % 3) || ']'),
      json_extract(json_array('potential','following','won','lost'), '$[' || ((i * 5) % 4) || ']'),
      strftime('%Y-%m-%dT%H:%M:%fZ', '${now}', '-' || ((i * 7919) % 1100) || ' days', '-' || ((i * 104729) % 86400) || ' seconds'),
      '${now}',
      CASE WHEN i % 3 = 0 THEN strftime('%Y-%m-%dT%H:%M:%fZ', '${now}', ((i % 60) - 30) || ' days') END
    FROM n;`);
  lap(`customers ${C}`);
  raw.exec(`
    WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ${Number(D)}),
    x AS (SELECT i, (i * 31) % 10 AS r, 1 + (i * 9973) % ${Number(C)} AS cust, (i * 6007) % 1100 AS age FROM n)
    INSERT INTO deals (id, name, customer_id, amount_fen, stage_id, probability, owner_id, status, closed_at, created_at, updated_at)
    SELECT i, '商机' || i, cust, 10000 + (i * 7727) % 5000000,
      CASE WHEN r < 6 THEN 1 + r % 4 WHEN r < 8 THEN 5 ELSE 6 END,
      CASE WHEN r < 6 THEN json_extract('[10,30,50,80]', '$[' || (r % 4) || ']') WHEN r < 8 THEN 100 ELSE 0 END,
      CASE WHEN i % 25 = 0 THEN NULL ELSE 1 + (i * 7) % 20 END,
      CASE WHEN r < 6 THEN 'open' WHEN r < 8 THEN 'won' ELSE 'lost' END,
      CASE WHEN r >= 6 THEN strftime('%Y-%m-%dT%H:%M:%fZ', '${now}', '-' || (age / 2) || ' days', '-' || ((i * 4099) % 86400) || ' seconds') END,
      strftime('%Y-%m-%dT%H:%M:%fZ', '${now}', '-' || age || ' days'), '${now}'
    FROM x;`);
  lap(`deals ${D}`);
  // history: each deal walks from 初步接触 up to its stage (closed deals: to 谈判签约, then 赢单/输单)
  raw.exec(`
    INSERT INTO deal_stage_history (deal_id, from_stage_id, to_stage_id, at)
    SELECT d.id, NULL, s.id, strftime('%Y-%m-%dT%H:%M:%fZ', d.created_at, '+' || ((s.position - 1) * (3 + d.id % 9)) || ' days')
    FROM deals d JOIN stages s ON s.kind = 'open' AND s.position <= CASE WHEN d.status = 'open' THEN (SELECT position FROM stages WHERE id = d.stage_id) ELSE 4 END
    ORDER BY d.id, s.position;
    INSERT INTO deal_stage_history (deal_id, from_stage_id, to_stage_id, at)
    SELECT id, 4, stage_id, closed_at FROM deals WHERE status <> 'open';`);
  lap(`stage history ${(raw.prepare('SELECT count(*) FROM deal_stage_history').pluck().get() as number)}`);
  raw.exec(`
    WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ${Number(F)})
    INSERT INTO follow_ups (customer_id, owner_id, at, method, content, created_at, updated_at)
    SELECT 1 + (i * 7717) % ${Number(C)}, 1 + (i * 13) % 20,
      strftime('%Y-%m-%dT%H:%M:%fZ', '${now}', '-' || ((i * 3001) % 1100) || ' days', '-' || ((i * 7) % 86400) || ' seconds'),
      'phone', '电话沟通', '${now}', '${now}'
    FROM n;`);
  lap(`follow-ups ${F}`);
  for (const t of triggers) raw.exec(t.sql);
  rebuildRollups(db);
  lap('rollups rebuilt');
  raw.exec('ANALYZE');
  raw.pragma('synchronous = FULL');
  raw.pragma('wal_checkpoint(TRUNCATE)');
  lap('analyze + checkpoint');
  await app.close();
}

void main();
