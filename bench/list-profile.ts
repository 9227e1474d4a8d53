// Per-statement CPU of customers:list calls on a bench data folder (what a search or list call spends
// where). Usage: npx tsx bench/list-profile.ts <data dir> '[["admin","q",{}],["rep","",{"filter":{...}}]]'
// Each entry: caller (admin = owner, rep = sales1), query, extra list input. Runs on a COPY of a seed.
import { createApp } from '../main/app/createApp';
import { harnessPlatform } from '../main/platform/harness';
import { OWNER, REP } from './lib/seedData';
async function main() {
  const dataDir = process.argv[2];
  const { platform } = harnessPlatform(dataDir, { send() {} });
  const app = createApp({ dataDir, platform, log: { info() {}, warn() {}, error: (m, e) => console.error(m, e) }, scheduler: false });
  await app.dispatch('admin', 'auth:login', { username: OWNER.username, password: OWNER.password });
  await app.dispatch('rep', 'auth:login', { username: REP.username, password: REP.password });
  const db = app.context.db;
  const times = new Map<string, number>();
  const orig = db.prepare.bind(db);
  let on = false;
  db.prepare = (sql: string) => {
    const st = orig(sql);
    if (!on) return st;
    return new Proxy(st, { get(t, p) { const v = Reflect.get(t, p) as unknown; if (p === 'all' || p === 'get') return (...a: unknown[]) => { const c0 = process.cpuUsage(); const r = (v as (...x: unknown[]) => unknown).apply(t, a); const cu = process.cpuUsage(c0); const k = sql.slice(0, 90).replace(/\s+/g, " "); times.set(k, (times.get(k) ?? 0) + (cu.user + cu.system) / 1000); return r; }; if (p === 'pluck') return (x = true) => { t.pluck(x); return new Proxy(t, this); }; return typeof v === 'function' ? (v as (...x: unknown[]) => unknown).bind(t) : v; } });
  };
  for (const [who, q, extra] of JSON.parse(process.argv[3]) as [string, string, object][]) {
    const input = { query: q, limit: 100, withTotal: true, ...extra };
    for (let i = 0; i < 5; i++) await app.dispatch(who, 'customers:list', input);
    times.clear(); on = true;
    const N = 30; const c0 = process.cpuUsage(); const t0 = performance.now();
    let r: unknown;
    for (let i = 0; i < N; i++) r = await app.dispatch(who, 'customers:list', input);
    const c = process.cpuUsage(c0); on = false;
    const v = (r as { value: { total: number; totalCapped: boolean } }).value;
    console.log(`${who} ${JSON.stringify(input)}: wall ${((performance.now() - t0) / N).toFixed(2)} cpu ${((c.user + c.system) / 1000 / N).toFixed(2)} ms; total ${v.total}${v.totalCapped ? '+' : ''}`);
    for (const [s, ms] of times) console.log(`   ${(ms / N).toFixed(3)} ms  ${s}`);
  }
  await app.close();
}
void main();
