// Dashboard and report speed at scale (issue #10). Usage:
//   node dist/seed/cli.js --customers 1000000 --deals 1000000 --followups 5000000 --data /tmp/big --now 2026-11-22T00:00:00Z
//   npx tsx bench/reports.bench.ts /tmp/big [runs=20]
// Times every report channel through dispatch (zod + session + permission + service + SQLite) as the
// owner (scope all) and as a sales rep (scope own), for preset ranges (whole months: rollups only) and
// custom ranges (partial months: rollups + base-table edges), with and without a customer-attribute
// filter (base tables). For context it also times the from-scratch GROUP BY that the rollups replace.
import { performance } from 'node:perf_hooks';
import { createApp } from '../main/app/createApp';
import { harnessPlatform } from '../main/platform/harness';
import { FakeClock } from '../tests/helpers/testApp';

const dataDir = process.argv[2];
const RUNS = Number(process.argv[3] ?? 20);
if (!dataDir) throw new Error('usage: npx tsx bench/reports.bench.ts <seeded data dir> [runs]');
const quiet = { info() {}, warn() {}, error(m: string, e?: unknown) { console.error(m, e); } };

function stats(xs: number[]) {
  const s = [...xs].sort((a, b) => a - b);
  const q = (p: number) => s[Math.min(s.length - 1, Math.ceil(p * s.length) - 1)];
  return { median: q(0.5), p95: q(0.95) };
}

async function main() {
  const { platform } = harnessPlatform(dataDir, { send() {} });
  const app = createApp({ dataDir, platform, log: quiet, clock: new FakeClock(Date.parse('2026-11-22T06:00:00Z')) } as never);
  const db = app.context.db;
  const count = (t: string) => (db.prepare(`SELECT count(*) AS n FROM ${t}`).get() as { n: number }).n;
  console.log(`data: ${count('customers')} customers, ${count('deals')} deals, ${count('follow_ups')} follow-ups, ${count('deal_stage_history')} stage history rows, ${count('users')} users`);
  const call = async (caller: string, ch: string, input?: unknown) => {
    const r = await app.dispatch(caller, ch, input);
    if (!r.ok) throw new Error(`${ch}: ${JSON.stringify(r.error)}`);
    return r.value;
  };
  await call('owner', 'auth:login', { username: 'owner', password: 'owner-pass-1' });
  await call('rep', 'auth:login', { username: 'sales1', password: 'sales-pass-1' }).catch(() => console.log('(no sales1 user: rep rows skipped)'));

  const cases: [string, string, string, unknown][] = [];
  const MONTH = { from: '2026-11-01', to: '2026-11-30' };
  const YEAR = { from: '2026-01-01', to: '2026-12-31' };
  const CUSTOM = { from: '2024-03-17', to: '2026-11-21' }; // partial months at both ends, ~2.7 years
  // customer-attribute filters read the base tables: measured over one month (whole custom ranges take seconds)
  const FILTERED = { ...MONTH, filters: { provinces: ['浙江省', '广东省'] } };
  for (const who of ['owner', 'rep']) {
    cases.push([who, 'dashboard:summary', 'this month', undefined]);
    for (const [name, r] of [['本月', MONTH], ['今年', YEAR], ['custom', CUSTOM], ['本月+province filter', FILTERED]] as const) {
      cases.push([who, 'reports:salesPerformance', name, r]);
      cases.push([who, 'reports:customerAnalysis', name, r]);
      cases.push([who, 'reports:salesTrend', name, { ...r, groupBy: name === '本月' ? 'day' : 'week' }]);
      cases.push([who, 'reports:funnel', name, r]);
    }
  }
  console.log('| who | channel | range | median ms | p95 ms |');
  console.log('|---|---|---|---|---|');
  for (const [who, ch, name, input] of cases) {
    if (who === 'rep' && !app.context.sessions.get('rep')) continue;
    await call(who, ch, input); // warm the statement cache
    const times: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const t0 = performance.now();
      await call(who, ch, input);
      times.push(performance.now() - t0);
    }
    const s = stats(times);
    console.log(`| ${who} | ${ch} | ${name} | ${s.median.toFixed(1)} | ${s.p95.toFixed(1)} |`);
  }

  // what the rollups save: the same figures from the base tables
  const raw = [
    ['customers by province, whole data', "SELECT province, status, count(*) FROM customers WHERE deleted_at IS NULL GROUP BY 1, 2"],
    ['won deals by owner and day, whole data', "SELECT owner_id, date(closed_at, '+480 minutes'), sum(amount_fen) FROM deals WHERE deleted_at IS NULL AND status = 'won' GROUP BY 1, 2"],
    ['follow-ups by owner, whole data', 'SELECT owner_id, count(*) FROM follow_ups WHERE deleted_at IS NULL GROUP BY 1'],
  ];
  for (const [name, sql] of raw) {
    const st = db.raw.prepare(sql);
    const times: number[] = [];
    for (let i = 0; i < 3; i++) {
      const t0 = performance.now();
      st.all();
      times.push(performance.now() - t0);
    }
    console.log(`raw base-table GROUP BY (${name}): median ${stats(times).median.toFixed(0)} ms`);
  }
  await app.close();
}

void main();
