// Quick handler-level timings of the customers service on a seeded database (not the benchmark of
// issue 11, which owns `npm run bench`): list pages at three depths, search by query kind, batch edit.
// Usage: npx tsx bench/customers-measure.ts <dataDir>   (seed it first with npm run seed)
import { createApp } from '../main/app/createApp';
import { harnessPlatform } from '../main/platform/harness';

const dataDir = process.argv[2];
if (!dataDir) throw new Error('usage: customers-measure.ts <dataDir>');
const { platform } = harnessPlatform(dataDir, { send: () => {} });
const app = createApp({ dataDir, platform, log: { info() {}, warn() {}, error: (m, e) => console.error(m, e) } });

async function call(channel: string, input: unknown) {
  const env = await app.dispatch('bench', channel, input);
  if (!env.ok) throw new Error(`${channel}: ${JSON.stringify(env.error)}`);
  return env.value as never;
}

async function time(label: string, runs: number, fn: () => Promise<unknown>) {
  const ms: number[] = [];
  await fn(); // warm the statement cache and the page cache
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await fn();
    ms.push(performance.now() - t);
  }
  ms.sort((a, b) => a - b);
  const p = (q: number) => ms[Math.min(ms.length - 1, Math.floor(q * ms.length))].toFixed(2);
  console.log(`${label.padEnd(48)} p50 ${p(0.5).padStart(8)} ms   p95 ${p(0.95).padStart(8)} ms`);
}

async function main() {
  await call('auth:login', { username: 'owner', password: 'owner-pass-1' });
  const first = (await call('customers:list', { limit: 1 })) as { total: number };
  console.log(`customers: ${first.total}`);
  for (const field of ['createdAt', 'name', 'lastFollowUpAt', 'level'] as const) {
    const sort = { field, dir: 'desc' as const };
    await time(`list 100 by ${field}: first page (+total)`, 30, () => call('customers:list', { sort, limit: 100 }));
    await time(`list 100 by ${field}: first page, withTotal false`, 30, () => call('customers:list', { sort, limit: 100, withTotal: false }));
    await time(`list 100 by ${field}: offset ${first.total >> 1}`, 10, () => call('customers:list', { sort, limit: 100, offset: first.total >> 1, withTotal: false }));
    await time(`list 100 by ${field}: last page (offset)`, 10, () => call('customers:list', { sort, limit: 100, offset: first.total - 100, withTotal: false }));
    const mid = (await call('customers:list', { sort, limit: 100, offset: first.total >> 1, withTotal: false })) as { nextCursor: string };
    await time(`list 100 by ${field}: next page by cursor (middle)`, 30, () => call('customers:list', { sort, limit: 100, cursor: mid.nextCursor, withTotal: false }));
  }
  await time('list 100 filtered province+level (+total)', 20, () => call('customers:list', { filter: { provinces: ['浙江省'], levels: ['A'] }, limit: 100 }));
  for (const q of ['张', '伟', '张伟', 'z', 'zw', 'zhangwei', 'zhang wei', '8', '80', '8000', '138 0013', 'qq.com', '杭州', '科技有限', 'hzhx', '张wei']) {
    await time(`search "${q}" (+capped total)`, 20, () => call('customers:list', { query: q, limit: 50 }));
    await time(`search "${q}" withTotal false`, 20, () => call('customers:list', { query: q, limit: 50, withTotal: false }));
  }
  const ids = ((await call('customers:list', { sort: { field: 'createdAt', dir: 'asc' }, limit: 500, withTotal: false })) as { rows: { id: number }[] }).rows.map((r) => r.id);
  const tenK = Array.from({ length: 10_000 }, (_, i) => ids[0] + i);
  await time('customers:get', 50, () => call('customers:get', { id: ids[7] }));
  for (const level of ['A', 'B'] as const) {
    const t = performance.now();
    const r = (await call('customers:batchUpdate', { ids: tenK, patch: { level, tagsAdd: [`批量${level}`] } })) as { updated: number };
    console.log(`batch edit of 10,000 ids (level ${level} + tag): ${(performance.now() - t).toFixed(0)} ms, updated ${r.updated}`);
  }
  await app.close();
}
main().catch((e) => {
  console.error(e);
  process.exit(1);
});
